/* session.c: the public session API: options, start, resume, the clock, inspection. */
#include "engine/run.h"
#include "expr/expr.h"

#include <stdlib.h>
#include <string.h>

enum {
    DEFAULT_MAX_STEPS = 1000,
    DEFAULT_MAX_DEPTH = 32,
    DEFAULT_EVAL_BUDGET = 100000,
    DEFAULT_MAX_INPUT = 65536,
};

void fl_session_options_init(fl_session_options *o)
{
    memset(o, 0, sizeof *o);
}

static char *dup_or_null(const char *s)
{
    return s ? fl_xstrdup(s) : NULL;
}

void fl_session_apply_limits(fl_session *s, const fl_session_options *o)
{
    s->max_steps = o && o->max_steps ? o->max_steps : DEFAULT_MAX_STEPS;
    s->max_depth = o && o->max_depth ? o->max_depth : DEFAULT_MAX_DEPTH;
    s->eval_budget = o && o->eval_budget ? o->eval_budget : DEFAULT_EVAL_BUDGET;
    s->max_input_bytes = o && o->max_input_bytes ? o->max_input_bytes : DEFAULT_MAX_INPUT;
    s->functions = o ? o->functions : NULL;
    s->events_mask = o && o->events ? o->events : FL_EVENT_ALL;
}

const fl_flow *fl_session_find_flow(const fl_container *c, const char *id)
{
    if (!c->n_flows) return NULL;
    if (!id) return &c->flows[0];
    const fl_flow *f = fl_find_flow_by_uuid(c, id);
    if (f) return f;
    for (size_t i = 0; i < c->n_flows; i++)
        if (c->flows[i].name && !strcmp(c->flows[i].name, id)) return &c->flows[i];
    return NULL;
}

int fl_session_new(const fl_container *c, const fl_session_options *o, fl_session **out,
                   fl_error *err)
{
    fl_session_options defaults;
    if (!o) {
        fl_session_options_init(&defaults);
        o = &defaults;
    }
    if (!c || !out) return fl_error_set(err, FL_EINVAL, "session: no container");
    const fl_flow *f = fl_session_find_flow(c, o->flow);
    if (!f)
        return fl_error_set(err, FL_ENOTFOUND, "no flow '%s' in the container",
                            o->flow ? o->flow : "(first)");
    const char *mode = o->mode ? o->mode : "RICH_MESSAGING";
    unsigned mode_bit = fl_mode_from_name(mode);
    if (!mode_bit) return fl_error_set(err, FL_EINVAL, "unknown mode '%s'", mode);
    if (o->contact && !json_is_object(o->contact))
        return fl_error_set(err, FL_EINVAL, "the contact must be a JSON object");
    if (o->vars && !json_is_object(o->vars))
        return fl_error_set(err, FL_EINVAL, "the variables must be a JSON object");
    if (o->webhook_mocks && !json_is_object(o->webhook_mocks) && !json_is_array(o->webhook_mocks))
        return fl_error_set(err, FL_EINVAL, "webhook mocks must be a JSON object or array");

    fl_session *s = fl_xcalloc(1, sizeof *s);
    s->c = c;
    s->flow_id = fl_xstrdup(f->uuid);
    s->language = dup_or_null(o->language);
    s->mode_name = fl_xstrdup(fl_mode_name(mode_bit));
    s->mode = mode_bit;
    s->to = dup_or_null(o->to);
    s->timeout_policy = o->timeout_policy;
    fl_session_apply_limits(s, o);
    s->vars = o->vars && json_object_size(o->vars) ? json_deep_copy(o->vars) : NULL;
    s->mocks = o->webhook_mocks ? json_deep_copy(o->webhook_mocks) : NULL;
    s->now = o->now_ms;
    s->seed = o->seed;
    s->deadline = -1;
    s->state = FL_SESSION_NEW;
    fl_context_init(s, o->contact);
    *out = s;
    return 0;
}

void fl_session_free(fl_session *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_runs; i++) fl_context_free_run(&s->runs[i]);
    free(s->runs);
    fl_context_drop_views(s);
    fl_context_free(s);
    json_decref(s->reply_body);
    json_decref(s->vars);
    json_decref(s->mocks);
    fl_event_log_free(&s->log);
    json_decref(s->render_warnings);
    json_decref(s->at);
    free(s->flow_id);
    free(s->language);
    free(s->mode_name);
    free(s->to);
    fl_buf_free(&s->scratch);
    fl_buf_free(&s->prompt_text);
    free(s);
}

int fl_session_start(fl_session *s, json_t **events, fl_error *err)
{
    if (!s) return fl_error_set(err, FL_EINVAL, "session: no session");
    if (s->state != FL_SESSION_NEW)
        return fl_error_set(err, FL_ESTATE, "the session has already started");
    const fl_flow *f = fl_session_find_flow(s->c, s->flow_id);
    fl_session_begin_call(s);
    s->cap_runs = 4;
    s->runs = fl_xcalloc(s->cap_runs, sizeof *s->runs);
    s->n_runs = 1;
    s->runs[0].flow = f;
    s->runs[0].entered_at = s->now;
    fl_context_push_run(s, &s->runs[0]);
    s->state = FL_SESSION_WAITING; /* running; settles below */
    fl_emit_flow(s, true, f, 0);
    s->pending = f->first_block;
    if (!s->pending) {
        fl_emit_error(s, NULL, "not_found", NULL, "flow '%s' has no blocks", f->uuid);
        fl_emit_flow(s, false, f, 0);
        fl_emit_run_ended(s, f, "failed");
        s->state = FL_SESSION_ENDED;
        s->end_reason = FL_END_FAILED;
    }
    fl_session_run_loop(s);
    return fl_session_end_call(s, events, err);
}

/* Bytes of a message as the host sent it, counted without serialising it. */
static size_t json_weight(const json_t *j, size_t limit, int depth)
{
    if (depth > 64) return limit + 1;
    switch (json_typeof(j)) {
    case JSON_STRING:
        return json_string_length(j) + 2;
    case JSON_OBJECT: {
        size_t n = 2;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            n += strlen(k) + 4 + json_weight(v, limit, depth + 1);
            if (n > limit) return n;
        }
        return n;
    }
    case JSON_ARRAY: {
        size_t n = 2;
        for (size_t i = 0; i < json_array_size(j); i++) {
            n += 1 + json_weight(json_array_get(j, i), limit, depth + 1);
            if (n > limit) return n;
        }
        return n;
    }
    default:
        return 8;
    }
}

/* Delivers message; owned is the session's own copy to keep in the context (stolen), or NULL when
 * message is the caller's and must be copied first. */
static int resume(fl_session *s, const json_t *message, json_t *owned, json_t **events,
                  fl_error *err)
{
    fl_input in;
    int rc = fl_input_parse(message, &in, err);
    if (rc == 0 && s->state == FL_SESSION_NEW)
        rc = fl_error_set(err, FL_ESTATE, "the session has not started");
    if (rc == 0 && s->state == FL_SESSION_ENDED && s->end_reason != FL_END_EXPIRED)
        rc = fl_error_set(err, FL_ESTATE, "the session has ended");
    if (rc < 0) {
        json_decref(owned);
        return rc;
    }
    fl_session_begin_call(s);
    if (s->state == FL_SESSION_ENDED) {
        /* After the deadline: reported, and the expired run stays ended. */
        json_t *ev = fl_event_new(s, "late_reply");
        json_object_set_new_nocheck(ev, "message", owned ? owned : json_deep_copy(message));
        fl_emit(s, ev);
        return fl_session_end_call(s, events, err);
    }
    const fl_block *b = fl_session_top(s)->block;
    size_t weight = json_weight(message, s->max_input_bytes, 0);
    if (weight > s->max_input_bytes) {
        json_decref(owned);
        fl_emit_error(s, b, "limit", "max_input_bytes",
                      "inbound message larger than %zu bytes; ignored", s->max_input_bytes);
        return fl_session_end_call(s, events, err);
    }
    json_t *copy = owned;
    if (!copy) {
        copy = json_deep_copy(message);
        fl_input_parse(copy, &in, err); /* point into the session's own copy */
    }
    json_decref(s->reply_body); /* this message replaces a text reply not built yet */
    s->reply_body = NULL;
    json_object_set_new_nocheck(s->root[FL_ROOT_EVENT], "message", copy);
    fl_session_deliver(s, &in);
    return fl_session_end_call(s, events, err);
}

int fl_session_resume(fl_session *s, const json_t *message, json_t **events, fl_error *err)
{
    if (!s) return fl_error_set(err, FL_EINVAL, "session: no session");
    return resume(s, message, NULL, events, err);
}

/* The Channel API text message {type: "text", text: {body}} (body stolen). */
json_t *fl_text_message(json_t *body)
{
    json_t *m = json_object(), *t = json_object();
    json_object_set_new_nocheck(m, "type", json_string_nocheck("text"));
    json_object_set_new_nocheck(t, "body", body);
    json_object_set_new_nocheck(m, "text", t);
    return m;
}

int fl_session_resume_text(fl_session *s, const char *text, json_t **events, fl_error *err)
{
    if (!s) return fl_error_set(err, FL_EINVAL, "session: no session");
    if (!text) return fl_error_set(err, FL_EINVAL, "no text");
    size_t len = strlen(text);
    json_t *body = json_stringn(text, len);
    if (!body) return fl_error_set(err, FL_EINVAL, "the text is not valid UTF-8");
    /* A waiting session takes the text as it is and builds event.message only when something
     * reads it. The rest goes the general way: not started or ended, a reply near the size limit
     * (a text message weighs its length plus 36 bytes), a custom block (its callback gets the
     * message). */
    const fl_run *top = fl_session_top(s);
    if (s->state != FL_SESSION_WAITING || len + 64 > s->max_input_bytes || !top ||
        (top->block && top->block->custom)) {
        json_t *m = fl_text_message(body);
        return resume(s, m, m, events, err);
    }
    fl_session_begin_call(s);
    json_decref(s->reply_body);
    s->reply_body = body;
    fl_input in = {.type = "text", .text = json_string_value(body)};
    fl_session_deliver(s, &in);
    return fl_session_end_call(s, events, err);
}

int fl_session_advance_clock(fl_session *s, int64_t now_ms, json_t **events, fl_error *err)
{
    if (!s) return fl_error_set(err, FL_EINVAL, "session: no session");
    if (now_ms < s->now) return fl_error_set(err, FL_EINVAL, "the clock never goes backwards");
    fl_session_begin_call(s);
    while (s->state == FL_SESSION_WAITING && s->waiting && s->deadline >= 0 &&
           s->deadline <= now_ms) {
        s->now = s->deadline;
        fl_context_set_clock(s);
        fl_session_fire_timeout(s);
    }
    if (s->now != now_ms) {
        s->now = now_ms;
        fl_context_set_clock(s);
    }
    return fl_session_end_call(s, events, err);
}

fl_session_state fl_session_get_state(const fl_session *s)
{
    return s ? s->state : FL_SESSION_ENDED;
}

const char *fl_session_end_reason(const fl_session *s)
{
    static const char *const names[] = {NULL, "completed", "expired", "failed"};
    return s && s->state == FL_SESSION_ENDED ? names[s->end_reason] : NULL;
}

size_t fl_session_event_count(const fl_session *s)
{
    return s ? s->log.n : 0;
}

const char *fl_session_event_type(const fl_session *s, size_t i)
{
    return s && i < s->log.n ? fl_event_log_type(&s->log, i) : NULL;
}

const char *fl_session_event_turn(const fl_session *s, size_t i, size_t *len)
{
    if (!s || i >= s->log.n) return NULL;
    const fl_ev *e = &s->log.ev[i];
    if (e->kind != FL_EV_MESSAGE || !e->text.len) return NULL;
    if (len) *len = e->text.len;
    return s->log.text.data + e->text.off;
}

const char *fl_session_event_json(fl_session *s, size_t i, size_t *len)
{
    return s ? fl_event_log_event(&s->log, i, len) : NULL;
}

const char *fl_session_events_json(fl_session *s, size_t *len)
{
    if (!s) return NULL;
    return fl_event_log_write(&s->log, len);
}

int64_t fl_session_now(const fl_session *s)
{
    return s ? s->now : 0;
}

int64_t fl_session_deadline(const fl_session *s)
{
    return s && s->waiting ? s->deadline : -1;
}

size_t fl_session_steps(const fl_session *s)
{
    return s ? s->total_steps : 0;
}

const json_t *fl_session_context(const fl_session *s)
{
    if (!s) return NULL;
    /* Built when asked; the view is a cache, dropped by the next call. */
    fl_session *m = (fl_session *)s;
    if (!m->view) m->view = fl_context_json(m);
    return m->view;
}

const fl_block *fl_session_waiting_block(const fl_session *s)
{
    if (!s || !s->waiting || !s->n_runs) return NULL;
    return s->runs[s->n_runs - 1].block;
}

int fl_session_eval(const fl_session *cs, const char *tpl, json_t **out, fl_error *err)
{
    if (!cs || !tpl || !out) return fl_error_set(err, FL_EINVAL, "eval: missing argument");
    /* Inspection does not advance the session's evaluation counter. */
    fl_eval_options o = {
        .now_ms = cs->now, .seed = cs->seed, .functions = cs->functions, .budget = cs->eval_budget};
    fl_root roots[FL_RUN_ROOTS];
    fl_eval_env env = {
        .roots = roots, .n_roots = fl_run_roots(cs, roots), .context = fl_context_root(cs)};
    return fl_eval_text_or_value(cs->ctx, &o, &env, tpl, out, err);
}
