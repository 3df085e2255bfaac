/* Core.Log: evaluates config.message (a resource or a template), emits a log event and keeps the
 * entry in the context's `log` object (timestamp -> message), then goes on. */
#include "engine/run.h"

#include <stdio.h>

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_buf_reset(&s->scratch);
    if (fl_run_config_text(s, b, "message", &s->scratch)) {
        const char *msg = s->scratch.data ? s->scratch.data : "";
        fl_emit_log(s, b, msg);
        json_t *log = json_object_get(s->ctx, "log");
        if (!json_is_object(log)) {
            log = json_object();
            json_object_set_new_nocheck(s->ctx, "log", log);
        }
        char key[64];
        fl_iso_ms(s->now, key);
        /* Two entries in the same millisecond both stay. */
        for (int n = 2; json_object_get(log, key); n++) {
            char base[48];
            fl_iso_ms(s->now, base);
            snprintf(key, sizeof key, "%s#%d", base, n);
        }
        json_t *v = json_string(msg);
        json_object_set_new(log, key, v ? v : json_string(""));
    }
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_log = {enter, NULL, NULL};
