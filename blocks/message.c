/* MobilePrimitives.Message: sends its prompt and goes on (it does not wait). */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_run_prompt(s, b, false, false);
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_message = {enter, NULL, NULL};
