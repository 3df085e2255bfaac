/* Core.RunFlow: runs config.flow_id as a child run; normal completion leaves by the first
 * non-default exit (or a true test), a failed or expired child by the default (error) exit. */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    if (!b->run_flow) {
        const char *id = json_string_value(fl_config_get(b, "flow_id"));
        fl_emit_error(s, b, "not_found", NULL, "Core.RunFlow: no flow %s in the container",
                      id ? id : "(flow_id missing)");
        fl_run_leave_default(s, b, out);
        return 0;
    }
    out->next = FL_NEXT_FLOW;
    out->flow = b->run_flow;
    return 0;
}

static int child_done(fl_session *s, const fl_block *b, bool ok, fl_step *out)
{
    const fl_exit *e = ok ? fl_run_success_exit(s, b) : fl_run_default_exit(s, b);
    out->next = e ? FL_NEXT_EXIT : FL_NEXT_FAIL;
    out->exit = e;
    return 0;
}

const fl_block_vtable fl_block_run_flow = {enter, NULL, child_done};
