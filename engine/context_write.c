/*
 * context_write.c: the context as compact JSON text, written straight from the session's
 * structures. A host that only sends the context on (the simulation server, every turn) gets the
 * bytes fl_json_dump(fl_session_context()) would give without the JSON tree being built;
 * tests/unit/test_results.c compares the two.
 */
#include "engine/json_write.h"
#include "engine/run.h"

#include <string.h>

static void write_record(fl_jw *w, const fl_result *r)
{
    fl_jw_object(w);
    FL_JW_KEY(w, "__value__");
    fl_jw_json(w, r->value);
    FL_JW_KEY(w, "value");
    fl_jw_json(w, r->value);
    FL_JW_KEY(w, "response");
    fl_jw_json(w, r->response);
    FL_JW_KEY(w, "time");
    fl_jw_json(w, r->time);
    FL_JW_KEY(w, "exit");
    if (r->exit)
        fl_jw_json(w, r->exit);
    else
        fl_jw_null(w);
    fl_jw_end(w);
}

static void write_results(fl_jw *w, const fl_results *rs)
{
    fl_jw_object(w);
    for (size_t i = 0; i < rs->n; i++) {
        fl_jw_keyn(w, rs->items[i].name, rs->items[i].name_len);
        write_record(w, &rs->items[i]);
    }
    fl_jw_end(w);
}

static bool is_name(const fl_result *r, const char *name, size_t len)
{
    return r->name_len == len && !memcmp(r->name, name, len);
}

/* flow (rc3): language and mode, each replaced in place by a record of that name, then the
 * other records (fl_flow_alias_json). */
static void write_alias(fl_jw *w, const fl_session *s, const fl_run *r)
{
    fl_jw_object(w);
    const fl_result *lang = fl_results_find(&r->results, "language", 8);
    const fl_result *mode = fl_results_find(&r->results, "mode", 4);
    FL_JW_KEY(w, "language");
    if (lang)
        write_record(w, lang);
    else
        fl_jw_json(w, r->language_id);
    FL_JW_KEY(w, "mode");
    if (mode)
        write_record(w, mode);
    else
        fl_jw_json(w, fl_mode_json(s));
    for (size_t i = 0; i < r->results.n; i++) {
        const fl_result *rec = &r->results.items[i];
        if (is_name(rec, "language", 8) || is_name(rec, "mode", 4)) continue;
        fl_jw_keyn(w, rec->name, rec->name_len);
        write_record(w, rec);
    }
    fl_jw_end(w);
}

/* The run object (fl_run_json with its parent). */
static void write_run(fl_jw *w, const fl_session *s, const fl_run *r)
{
    fl_jw_object(w);
    FL_JW_KEY(w, "flow");
    fl_jw_json(w, r->flow->context);
    FL_JW_KEY(w, "language");
    fl_jw_json(w, r->language);
    FL_JW_KEY(w, "mode");
    fl_jw_json(w, fl_mode_json(s));
    FL_JW_KEY(w, "entered_at");
    fl_jw_json(w, r->entered_iso);
    FL_JW_KEY(w, "results");
    write_results(w, &r->results);
    if (r->depth) {
        FL_JW_KEY(w, "parent");
        write_run(w, s, &s->runs[r->depth - 1]);
    }
    if (r->child) {
        FL_JW_KEY(w, "child");
        fl_jw_json(w, r->child);
    }
    fl_jw_end(w);
}

/* The members of a JSON object, into the object being written. */
static void write_members(fl_jw *w, const json_t *o)
{
    const char *k;
    size_t klen;
    json_t *v;
    json_object_keylen_foreach((json_t *)o, k, klen, v)
    {
        fl_jw_keyn(w, k, klen);
        fl_jw_json(w, v);
    }
}

static void write_block(fl_jw *w, const fl_session *s)
{
    if (s->block_json) {
        fl_jw_json(w, s->block);
        return;
    }
    fl_jw_object(w);
    FL_JW_KEY(w, "value");
    fl_jw_json(w, s->block_value);
    FL_JW_KEY(w, "response");
    fl_jw_json(w, s->block_response);
    write_members(w, s->block);
    fl_jw_end(w);
}

void fl_context_write(const fl_session *s, fl_jw *w)
{
    fl_context_settle(s);
    const fl_run *top = s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
    if (top && !top->language) top = NULL;
    fl_jw_object(w);
    for (int i = 0; i < FL_ROOT_N; i++) {
        fl_jw_key(w, fl_context_root_name(i));
        if (i == FL_ROOT_BLOCK)
            write_block(w, s);
        else if (top && i == FL_ROOT_RUN)
            write_run(w, s, top);
        else if (top && i == FL_ROOT_RESULTS)
            write_results(w, &top->results);
        else if (top && i == FL_ROOT_FLOW)
            write_alias(w, s, top);
        else if (top && i == FL_ROOT_PARENT && top->depth)
            write_run(w, s, top - 1);
        else if (top && i == FL_ROOT_PARENT)
            fl_jw_null(w);
        else
            fl_jw_json(w, s->root[i]);
    }
    write_members(w, s->ctx);
    fl_jw_end(w);
}

int fl_session_context_write(const fl_session *s, fl_buf *out)
{
    if (!s || !out) return FL_EINVAL;
    fl_jw w;
    fl_jw_init(&w, out);
    fl_context_write(s, &w);
    return 0;
}
