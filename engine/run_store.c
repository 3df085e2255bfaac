/* run_store.c: where a block's value goes (results, the rc3 flow alias, Turn's bare block name,
 * block.value) and the result event that reports it. */
#include "engine/run.h"

#include <string.h>

json_t *fl_run_text_json(fl_session *s, const char *text)
{
    if (!text) return json_null();
    /* The text of the reply being delivered is already a JSON string: share it. */
    if (s->reply_body && text == json_string_value(s->reply_body))
        return json_incref(s->reply_body);
    return json_string(text);
}

void fl_run_set_response(fl_session *s, const char *response)
{
    fl_context_set_block(s, NULL, fl_run_text_json(s, response));
}

void fl_run_store(fl_session *s, const fl_block *b, json_t *value, const char *response)
{
    json_t *resp = fl_run_text_json(s, response);
    fl_run_store_json(s, b, value, resp ? resp : json_string(""));
}

void fl_run_store_json(fl_session *s, const fl_block *b, json_t *value, json_t *resp)
{
    fl_run *r = fl_session_top(s);
    if (!value) value = json_null();
    if (!resp) resp = json_null();

    fl_context_set_block(s, json_incref(value), json_incref(resp));

    if (b->name && r) {
        s->record = fl_results_put(&r->results, b->name, json_incref(value), json_incref(resp),
                                   fl_iso_json(s, s->block_entered_at));
        if (!fl_context_block_name_reserved(s, b))
            json_object_setn_nocheck(s->ctx, b->name, s->record->name_len, value);
    }

    if (!fl_wants(s, FL_EVENT_RESULT)) {
        json_decref(value);
        json_decref(resp);
        return;
    }
    fl_ev *ev = fl_event_log_add(&s->log, FL_EV_RESULT, s->now);
    ev->block = b;
    ev->a = value; /* stolen: the context holds its own references */
    ev->b = resp;
}

void fl_run_answer(fl_session *s, const fl_block *b, json_t *value, const char *response,
                   fl_step *out)
{
    if (value) {
        fl_run_store(s, b, value, response);
        fl_run_leave_selected(s, b, out);
    } else {
        fl_run_store(s, b, response ? fl_run_text_json(s, response) : json_string(""), response);
        fl_run_leave_default(s, b, out);
    }
}
