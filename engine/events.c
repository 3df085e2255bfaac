/* events.c: building the session events of docs/events.md, cheaply (one "at" string per instant,
 * shared by every event of that instant). */
#include "engine/run.h"

#include <stdarg.h>
#include <string.h>

static json_t *at_string(fl_session *s)
{
    if (!s->at || s->at_ms != s->now) {
        char iso[48];
        fl_format_iso_ms(s->now, iso);
        json_decref(s->at);
        s->at = json_string_nocheck(iso);
        s->at_ms = s->now;
    }
    return json_incref(s->at);
}

json_t *fl_event_new(fl_session *s, const char *type)
{
    json_t *ev = json_object();
    json_object_set_new_nocheck(ev, "type", json_string_nocheck(type));
    json_object_set_new_nocheck(ev, "at", at_string(s));
    return ev;
}

void fl_event_add_block(fl_session *s, json_t *ev, const fl_block *b, bool with_flow)
{
    (void)s;
    if (!b) return;
    if (with_flow) json_object_set_new_nocheck(ev, "flow", json_string_nocheck(b->flow->uuid));
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new_nocheck(ev, "block_name", b->name ? json_string_nocheck(b->name)
                                                          : json_null());
}

void fl_emit(fl_session *s, json_t *ev)
{
    if (s->events)
        json_array_append_new(s->events, ev);
    else
        json_decref(ev);
}

static void emit_problem(fl_session *s, const char *type, const fl_block *b, const char *code,
                         const char *limit, const char *fmt, va_list ap)
{
    json_t *ev = fl_event_new(s, type);
    fl_buf msg = FL_BUF_INIT;
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    fl_buf_reserve(&msg, (size_t)n + 1);
    vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
    msg.len = (size_t)n;
    json_object_set_new_nocheck(ev, "code", json_string_nocheck(code));
    json_object_set_new(ev, "message", json_string(msg.data));
    if (b) {
        json_object_set_new_nocheck(ev, "flow", json_string_nocheck(b->flow->uuid));
        json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
        if (b->name) json_object_set_new_nocheck(ev, "block_name", json_string_nocheck(b->name));
    }
    if (limit) json_object_set_new_nocheck(ev, "limit", json_string_nocheck(limit));
    fl_buf_free(&msg);
    fl_emit(s, ev);
}

void fl_emit_error(fl_session *s, const fl_block *b, const char *code, const char *limit,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit_problem(s, "error", b, code, limit, fmt, ap);
    va_end(ap);
}

void fl_emit_warning(fl_session *s, const fl_block *b, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit_problem(s, "warning", b, code, NULL, fmt, ap);
    va_end(ap);
}

void fl_emit_log(fl_session *s, const fl_block *b, const char *message)
{
    json_t *ev = fl_event_new(s, "log");
    json_object_set_new_nocheck(ev, "flow", json_string_nocheck(b->flow->uuid));
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new(ev, "message", json_string(message));
    fl_emit(s, ev);
}

void fl_emit_exit(fl_session *s, const fl_block *b, const fl_exit *e)
{
    json_t *ev = fl_event_new(s, "exit");
    fl_event_add_block(s, ev, b, true);
    json_object_set_new_nocheck(ev, "exit", e && e->uuid ? json_string_nocheck(e->uuid)
                                                         : json_null());
    json_object_set_new_nocheck(ev, "exit_name", e && e->name ? json_string(e->name)
                                                              : json_null());
    fl_emit(s, ev);
}

void fl_emit_flow(fl_session *s, const char *type, const fl_flow *f, size_t depth)
{
    json_t *ev = fl_event_new(s, type);
    json_object_set_new_nocheck(ev, "flow", json_string_nocheck(f->uuid));
    json_object_set_new_nocheck(ev, "flow_name", f->name ? json_string(f->name) : json_null());
    json_object_set_new_nocheck(ev, "depth", json_integer((json_int_t)depth));
    fl_emit(s, ev);
}

void fl_emit_run_ended(fl_session *s, const fl_flow *f, const char *reason)
{
    json_t *ev = fl_event_new(s, "run_ended");
    json_object_set_new_nocheck(ev, "flow", json_string_nocheck(f->uuid));
    json_object_set_new_nocheck(ev, "reason", json_string_nocheck(reason));
    fl_emit(s, ev);
}
