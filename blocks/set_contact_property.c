/* Core.SetContactProperty: its work is the generic set_contact_property the step loop applies
 * before every exit; the block itself only chooses the exit. */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_set_contact_property = {enter, NULL, NULL};
