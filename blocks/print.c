/* ConsoleIO.Print: shows config.message (a resource or a template) to the contact as a message. */
#include "engine/run.h"

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_buf text = FL_BUF_INIT;
    if (fl_run_config_text(s, b, "message", &text))
        fl_run_send_text(s, b, text.data ? text.data : "", false);
    fl_buf_free(&text);
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_print = {enter, NULL, NULL};
