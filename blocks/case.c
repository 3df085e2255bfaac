/* Core.Case: the first exit whose test is true, else the default; the exit's name is stored as
 * the block's value (Turn's runner stores a value for Case). */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    const fl_exit *e = fl_run_select_exit(s, b);
    if (e) fl_run_store(s, b, e->name ? json_string(e->name) : json_null(), NULL);
    out->next = e ? FL_NEXT_EXIT : FL_NEXT_FAIL;
    out->exit = e;
    return 0;
}

const fl_block_vtable fl_block_case = {enter, NULL, NULL};
