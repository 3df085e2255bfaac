/* event_log.c: a call's events as records, written as JSON text on demand (see event_log.h). */
#include "engine/event_log.h"
#include "engine/json_write.h"

#include <stdlib.h>
#include <string.h>

static void release(fl_ev *e)
{
    json_decref(e->a);
    json_decref(e->b);
}

void fl_event_log_reset(fl_event_log *l)
{
    for (size_t i = 0; i < l->n; i++) release(&l->ev[i]);
    l->n = 0;
    l->n_res = 0;
    fl_buf_reset(&l->text);
    l->json_ready = false;
}

void fl_event_log_free(fl_event_log *l)
{
    fl_event_log_reset(l);
    free(l->ev);
    free(l->res);
    fl_buf_free(&l->text);
    fl_buf_free(&l->json);
    memset(l, 0, sizeof *l);
}

fl_ev *fl_event_log_add(fl_event_log *l, fl_ev_kind kind, int64_t at)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->ev = fl_xrealloc(l->ev, l->cap * sizeof *l->ev);
    }
    fl_ev *e = &l->ev[l->n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->at = at;
    l->json_ready = false;
    return e;
}

fl_span fl_event_log_text(fl_event_log *l, const char *s, size_t n)
{
    fl_span sp = {l->text.len, n};
    fl_buf_append(&l->text, s, n);
    return sp;
}

void fl_event_log_resource(fl_event_log *l, const fl_resource *r, const fl_resource_value *v,
                           const char *text, size_t len)
{
    if (l->n_res == l->cap_res) {
        l->cap_res = l->cap_res ? l->cap_res * 2 : 16;
        l->res = fl_xrealloc(l->res, l->cap_res * sizeof *l->res);
    }
    fl_span t = v ? fl_event_log_text(l, text, len) : (fl_span){0, 0};
    l->res[l->n_res++] = (fl_ev_resource){r, v, t};
}

/* ---- writing ---- */

static const char *const type_names[] = {
    [FL_EV_MESSAGE] = "message",
    [FL_EV_WAITING] = "waiting",
    [FL_EV_EXIT] = "exit",
    [FL_EV_RESULT] = "result",
    [FL_EV_CONTACT_PROPERTY] = "contact_property",
    [FL_EV_FLOW_ENTERED] = "flow_entered",
    [FL_EV_FLOW_EXITED] = "flow_exited",
    [FL_EV_RUN_ENDED] = "run_ended",
};

const char *fl_event_log_type(const fl_event_log *l, size_t i)
{
    const fl_ev *e = &l->ev[i];
    if (e->kind == FL_EV_BUILT) return json_string_value(json_object_get(e->a, "type"));
    return type_names[e->kind];
}

typedef struct writer {
    fl_jw w;
    const fl_event_log *l;
    int64_t iso_ms; /* the instant iso holds */
    char iso[48];
    bool iso_ok;
} writer;

static void put_time(writer *wr, int64_t ms)
{
    if (!wr->iso_ok || wr->iso_ms != ms) {
        fl_iso_ms(ms, wr->iso);
        wr->iso_ms = ms;
        wr->iso_ok = true;
    }
    fl_jw_string(&wr->w, wr->iso);
}

static void put_span(writer *wr, fl_span s)
{
    fl_jw_stringn(&wr->w, wr->l->text.data + s.off, s.len);
}

/* {"type", "at"}, then the flow and block members the kind carries, in docs/events.md order. */
static void head(writer *wr, const fl_ev *e)
{
    fl_jw *w = &wr->w;
    fl_jw_object(w);
    FL_JW_KEY(w, "type");
    fl_jw_string(w, type_names[e->kind]);
    FL_JW_KEY(w, "at");
    put_time(wr, e->at);
}

static void put_text(fl_jw *w, fl_json_text t)
{
    fl_jw_raw(w, t.text, t.len);
}

static void block_members(writer *wr, const fl_block *b)
{
    fl_jw *w = &wr->w;
    FL_JW_KEY(w, "flow");
    put_text(w, b->flow->uuid_json);
    FL_JW_KEY(w, "block");
    put_text(w, b->uuid_json);
    FL_JW_KEY(w, "block_name");
    put_text(w, b->name_json);
}

/* resources: each resource consulted, once, in first-seen order; evaluated_resources: the same
 * resources, each with the values picked for it and their text as sent. */
static void message_resources(writer *wr, const fl_ev *e)
{
    fl_jw *w = &wr->w;
    const fl_ev_resource *res = wr->l->res + e->res_first;
    FL_JW_KEY(w, "resources");
    if (!e->res_n) {
        fl_jw_null(w);
        FL_JW_KEY(w, "evaluated_resources");
        fl_jw_null(w);
        return;
    }
    fl_jw_array(w);
    for (size_t i = 0; i < e->res_n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = res[k].r == res[i].r;
        if (!seen) fl_jw_raw(w, res[i].r->json_text, res[i].r->json_text_len);
    }
    fl_jw_end(w);
    FL_JW_KEY(w, "evaluated_resources");
    fl_jw_array(w);
    for (size_t i = 0; i < e->res_n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = res[k].r == res[i].r;
        if (seen) continue;
        fl_jw_object(w);
        FL_JW_KEY(w, "uuid");
        fl_jw_string(w, res[i].r->uuid);
        FL_JW_KEY(w, "values");
        fl_jw_array(w);
        for (size_t k = i; k < e->res_n; k++) {
            const fl_ev_resource *x = &res[k];
            if (x->r != res[i].r || !x->v) continue;
            fl_jw_raw(w, x->v->eval_prefix, x->v->eval_prefix_len);
            fl_json_quote(w->out, wr->l->text.data + x->text.off, x->text.len);
            fl_buf_append(w->out, x->v->eval_suffix, x->v->eval_suffix_len);
        }
        fl_jw_end(w);
        fl_jw_end(w);
    }
    fl_jw_end(w);
}

static void message(writer *wr, const fl_ev *e)
{
    fl_jw *w = &wr->w;
    head(wr, e);
    block_members(wr, e->block);
    FL_JW_KEY(w, "envelope");
    fl_jw_object(w);
    FL_JW_KEY(w, "to");
    put_span(wr, e->to);
    FL_JW_KEY(w, "version");
    fl_jw_string(w, "0.0.1-alpha");
    FL_JW_KEY(w, "block");
    fl_jw_raw(w, e->block->json_text, e->block->json_text_len);
    FL_JW_KEY(w, "context");
    fl_jw_object(w);
    FL_JW_KEY(w, "contact");
    fl_jw_json(w, e->a);
    fl_jw_end(w);
    message_resources(wr, e);
    FL_JW_KEY(w, "turn");
    if (e->text.len)
        fl_jw_raw(w, wr->l->text.data + e->text.off, e->text.len);
    else
        fl_jw_null(w);
    FL_JW_KEY(w, "waiting_for_user_input");
    fl_jw_bool(w, e->waiting);
    fl_jw_end(w);
    fl_jw_end(w);
}

static void write_event(writer *wr, const fl_ev *e)
{
    fl_jw *w = &wr->w;
    switch (e->kind) {
    case FL_EV_BUILT:
        fl_jw_json(w, e->a);
        return;
    case FL_EV_MESSAGE:
        message(wr, e);
        return;
    case FL_EV_WAITING:
        head(wr, e);
        block_members(wr, e->block);
        FL_JW_KEY(w, "deadline");
        if (e->num >= 0)
            put_time(wr, e->num);
        else
            fl_jw_null(w);
        break;
    case FL_EV_EXIT:
        head(wr, e);
        block_members(wr, e->block);
        FL_JW_KEY(w, "exit");
        if (e->exit)
            put_text(w, e->exit->uuid_json);
        else
            fl_jw_null(w);
        FL_JW_KEY(w, "exit_name");
        if (e->exit)
            put_text(w, e->exit->name_json);
        else
            fl_jw_null(w);
        break;
    case FL_EV_RESULT:
        head(wr, e);
        block_members(wr, e->block);
        FL_JW_KEY(w, "value");
        fl_jw_json(w, e->a);
        FL_JW_KEY(w, "response");
        fl_jw_json(w, e->b);
        break;
    case FL_EV_CONTACT_PROPERTY:
        head(wr, e);
        FL_JW_KEY(w, "block");
        put_text(w, e->block->uuid_json);
        FL_JW_KEY(w, "key");
        put_span(wr, e->text);
        FL_JW_KEY(w, "value");
        fl_jw_json(w, e->a);
        break;
    case FL_EV_FLOW_ENTERED:
    case FL_EV_FLOW_EXITED:
        head(wr, e);
        FL_JW_KEY(w, "flow");
        put_text(w, e->flow->uuid_json);
        FL_JW_KEY(w, "flow_name");
        put_text(w, e->flow->name_json);
        FL_JW_KEY(w, "depth");
        fl_jw_int(w, e->num);
        break;
    case FL_EV_RUN_ENDED:
        head(wr, e);
        FL_JW_KEY(w, "flow");
        put_text(w, e->flow->uuid_json);
        FL_JW_KEY(w, "reason");
        fl_jw_string(w, e->reason);
        break;
    }
    fl_jw_end(w);
}

const char *fl_event_log_write(fl_event_log *l, size_t *len)
{
    if (!l->json_ready) {
        fl_buf_reset(&l->json);
        writer wr = {.l = l};
        fl_jw_init(&wr.w, &l->json);
        fl_jw_array(&wr.w);
        for (size_t i = 0; i < l->n; i++) {
            size_t at = l->json.len + (i ? 1 : 0); /* after the separating comma */
            write_event(&wr, &l->ev[i]);
            l->ev[i].json = (fl_span){at, l->json.len - at};
        }
        fl_jw_end(&wr.w);
        l->json_ready = true;
    }
    if (len) *len = l->json.len;
    return l->json.data;
}

const char *fl_event_log_event(fl_event_log *l, size_t i, size_t *len)
{
    if (i >= l->n) return NULL;
    fl_event_log_write(l, NULL);
    if (len) *len = l->ev[i].json.len;
    return l->json.data + l->ev[i].json.off;
}

json_t *fl_event_log_json(fl_event_log *l)
{
    size_t len;
    const char *text = fl_event_log_write(l, &len);
    json_error_t je;
    return json_loadb(text, len, JSON_ALLOW_NUL, &je);
}
