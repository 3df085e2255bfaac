/* Core.Output: evaluates config.value and stores it (typed) as the block's result. */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    const fl_expr *e = fl_block_config_expr(b, "value");
    json_t *v = NULL;
    if (e) {
        if (fl_run_eval_value(s, b, e, &v) < 0) v = NULL;
    } else {
        const json_t *raw = fl_config_get(b, "value");
        v = raw ? json_deep_copy(raw) : NULL;
    }
    fl_run_store(s, b, v, NULL);
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_output = {enter, NULL, NULL};
