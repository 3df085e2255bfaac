/* events.c: building the session events of docs/events.md, cheaply (one "at" string per instant,
 * shared by every event of that instant). */
#include "engine/run.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

/* ISO 8601 UTC with milliseconds, without gmtime/printf (this runs for every event). Days to
 * civil date: Howard Hinnant's algorithm. */
void fl_iso_ms(int64_t ms, char out[48])
{
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int milli = (int)(ms - secs * 1000);
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int sod = (int)(secs - days * 86400);
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {
        fl_format_iso_ms(ms, out);
        return;
    }
    int h = sod / 3600, mi = sod / 60 % 60, se = sod % 60;
    char *p = out;
    p[0] = (char)('0' + y / 1000), p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10), p[3] = (char)('0' + y % 10), p[4] = '-';
    p[5] = (char)('0' + m / 10), p[6] = (char)('0' + m % 10), p[7] = '-';
    p[8] = (char)('0' + d / 10), p[9] = (char)('0' + d % 10), p[10] = 'T';
    p[11] = (char)('0' + h / 10), p[12] = (char)('0' + h % 10), p[13] = ':';
    p[14] = (char)('0' + mi / 10), p[15] = (char)('0' + mi % 10), p[16] = ':';
    p[17] = (char)('0' + se / 10), p[18] = (char)('0' + se % 10), p[19] = '.';
    p[20] = (char)('0' + milli / 100), p[21] = (char)('0' + milli / 10 % 10);
    p[22] = (char)('0' + milli % 10), p[23] = 'Z', p[24] = '\0';
}

json_t *fl_iso_json(fl_session *s, int64_t ms)
{
    if (!s->at || s->at_ms != ms) {
        char iso[48];
        fl_iso_ms(ms, iso);
        json_decref(s->at);
        s->at = json_string_nocheck(iso);
        s->at_ms = ms;
    }
    return json_incref(s->at);
}

static json_t *at_string(fl_session *s)
{
    return fl_iso_json(s, s->now);
}

/* Strings every session uses in the events built as jansson objects (the rarer kinds; the
 * frequent ones are records, engine/event_log.c), made once and never freed: jansson leaves a value
 * whose refcount is (size_t)-1 alone, as it does for its own true/false/null. */
static const char *const constant_names[] = {
    "log", "group_membership", "timeout", "late_reply", "webhook", "warning", "error", "limit",
    NULL,
};
static json_t *constants[FL_ARRAY_LEN(constant_names)];
static pthread_once_t constants_once = PTHREAD_ONCE_INIT;

static void make_constants(void)
{
    for (size_t i = 0; constant_names[i]; i++) {
        constants[i] = json_string_nocheck(constant_names[i]);
        constants[i]->refcount = (size_t)-1;
    }
}

json_t *fl_const_string(const char *s)
{
    pthread_once(&constants_once, make_constants);
    for (size_t i = 0; constant_names[i]; i++)
        if (constant_names[i] == s || !strcmp(constant_names[i], s)) return constants[i];
    return json_string(s);
}

/* Per mode bit, the mode name as a JSON string and the context's `channel` object {mode}; never
 * freed or changed (as the constants above). */
enum { MODE_BITS = 16 };
static json_t *mode_strings[MODE_BITS], *channels[MODE_BITS];
static pthread_once_t modes_once = PTHREAD_ONCE_INIT;

static json_t *immortal(json_t *v)
{
    v->refcount = (size_t)-1;
    return v;
}

static void make_mode_values(void)
{
    for (unsigned i = 0; i < MODE_BITS; i++) {
        const char *name = fl_mode_name(1u << i);
        if (!name) continue;
        mode_strings[i] = immortal(json_string_nocheck(name));
        channels[i] = json_object();
        FL_JSON_SET(channels[i], "mode", mode_strings[i]);
        immortal(channels[i]);
    }
}

static int mode_index(const fl_session *s)
{
    pthread_once(&modes_once, make_mode_values);
    for (unsigned i = 0; i < MODE_BITS; i++)
        if (s->mode == 1u << i && mode_strings[i]) return (int)i;
    return -1;
}

json_t *fl_mode_json(const fl_session *s)
{
    int i = mode_index(s);
    return i >= 0 ? mode_strings[i] : json_string(s->mode_name);
}

json_t *fl_channel_json(const fl_session *s)
{
    int i = mode_index(s);
    if (i >= 0) return channels[i];
    json_t *channel = json_object();
    FL_JSON_SET_NEW(channel, "mode", json_string(s->mode_name));
    return channel;
}

/* The container's own JSON string for obj[key] when it holds exactly `value` (shared: the
 * container is immutable), else a new string. NULL value gives null. */
json_t *fl_shared_string(const json_t *obj, const char *key, const char *value)
{
    if (!value) return json_null();
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v) && !strcmp(json_string_value(v), value)) return json_incref(v);
    json_t *n = json_string(value);
    return n ? n : json_string("");
}

json_t *fl_event_new(fl_session *s, const char *type)
{
    json_t *ev = json_object();
    json_object_set_new_nocheck(ev, "type", fl_const_string(type));
    json_object_set_new_nocheck(ev, "at", at_string(s));
    return ev;
}

void fl_event_add_block(fl_session *s, json_t *ev, const fl_block *b, bool with_flow)
{
    (void)s;
    if (!b) return;
    if (with_flow)
        json_object_set_new_nocheck(ev, "flow",
                                    fl_shared_string(b->flow->json, "uuid", b->flow->uuid));
    json_object_set_new_nocheck(ev, "block", fl_shared_string(b->json, "uuid", b->uuid));
    json_object_set_new_nocheck(ev, "block_name", fl_shared_string(b->json, "name", b->name));
}

void fl_emit(fl_session *s, json_t *ev)
{
    fl_event_log_add(&s->log, FL_EV_BUILT, s->now)->a = ev;
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
    json_object_set_new_nocheck(ev, "code", fl_const_string(code));
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
    if (!fl_wants(s, FL_EVENT_LOG)) return;
    json_t *ev = fl_event_new(s, "log");
    json_object_set_new_nocheck(ev, "flow", json_string_nocheck(b->flow->uuid));
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new(ev, "message", json_string(message));
    fl_emit(s, ev);
}

void fl_emit_exit(fl_session *s, const fl_block *b, const fl_exit *e)
{
    if (!fl_wants(s, FL_EVENT_EXIT)) return;
    fl_ev *ev = fl_event_log_add(&s->log, FL_EV_EXIT, s->now);
    ev->block = b;
    ev->exit = e;
}

void fl_emit_flow(fl_session *s, bool entered, const fl_flow *f, size_t depth)
{
    if (!fl_wants(s, FL_EVENT_FLOW)) return;
    fl_ev *ev = fl_event_log_add(&s->log, entered ? FL_EV_FLOW_ENTERED : FL_EV_FLOW_EXITED, s->now);
    ev->flow = f;
    ev->num = (int64_t)depth;
}

void fl_emit_run_ended(fl_session *s, const fl_flow *f, const char *reason)
{
    if (!fl_wants(s, FL_EVENT_RUN_ENDED)) return;
    fl_ev *ev = fl_event_log_add(&s->log, FL_EV_RUN_ENDED, s->now);
    ev->flow = f;
    ev->reason = reason; /* a literal of the step loop */
}
