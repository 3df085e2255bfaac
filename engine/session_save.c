/*
 * session_save.c: a session as JSON and back. Only what cannot be derived is written (the derived
 * parts of the context, run/results/flow/parent/date/channel, are rebuilt), so a waiting session
 * stays small; everything an event depends on is kept, so a restored session continues with
 * byte-identical events.
 */
#include "engine/run.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Saved in place of a bare block-name value that equals the run's result of the same name, so
 * the value is stored once; restore reads it back from the results. */
#define SAVED_AS_RESULT "\x01r"

#define SAVE_FORMAT 1

static const char *const derived[] = {"run", "results", "flow", "parent", "date", "channel", NULL};

static bool is_derived(const char *k)
{
    for (const char *const *d = derived; *d; d++)
        if (!strcmp(*d, k)) return true;
    return false;
}

static const char *state_name(fl_session_state st)
{
    return st == FL_SESSION_NEW ? "new" : st == FL_SESSION_WAITING ? "waiting" : "ended";
}

static const char *const end_names[] = {"", "completed", "expired", "failed"};

int fl_session_save(const fl_session *s, json_t **out, fl_error *err)
{
    if (!s || !out) return fl_error_set(err, FL_EINVAL, "save: missing argument");
    fl_context_settle(s);
    json_t *o = json_object();
    json_object_set_new(o, "floip_session", json_integer(SAVE_FORMAT));
    json_object_set_new(o, "container", json_string(s->c->uuid ? s->c->uuid : ""));
    json_object_set_new(o, "flow", json_string(s->flow_id));
    if (s->language) json_object_set_new(o, "language", json_string(s->language));
    json_object_set_new(o, "mode", json_string(s->mode_name));
    if (s->to) json_object_set_new(o, "to", json_string(s->to));
    if (s->timeout_policy == FL_TIMEOUT_DEFAULT_EXIT)
        json_object_set_new(o, "timeout_policy", json_string("default_exit"));
    json_object_set_new(o, "state", json_string(state_name(s->state)));
    if (s->end_reason) json_object_set_new(o, "end_reason", json_string(end_names[s->end_reason]));
    json_object_set_new(o, "now", json_integer(s->now));
    if (s->waiting) json_object_set_new(o, "waiting", json_true());
    if (s->deadline >= 0) json_object_set_new(o, "deadline", json_integer(s->deadline));
    json_object_set_new(o, "entered", json_integer(s->block_entered_at));
    char seed[24];
    snprintf(seed, sizeof seed, "%" PRIu64, s->seed);
    json_object_set_new(o, "seed", json_string(seed));
    json_object_set_new(o, "evals", json_integer((json_int_t)s->evals));
    json_object_set_new(o, "steps", json_integer((json_int_t)s->total_steps));
    if (s->vars) json_object_set(o, "vars", s->vars);
    if (s->mocks) json_object_set(o, "webhook_mocks", s->mocks);

    json_t *ctx = json_object();
    const char *k;
    json_t *v;
    json_t *root = fl_context_json(s); /* the derived keys in it are left out below */
    json_object_foreach(root, k, v)
    {
        if (is_derived(k)) continue;
        /* Turn's bare block-name values repeat results: keep them only when they differ. */
        const fl_result *rec =
            s->n_runs ? fl_results_find(&s->runs[s->n_runs - 1].results, k, strlen(k)) : NULL;
        if (rec && rec->value == v && !fl_context_reserved(s, k)) {
            json_object_set_new(ctx, k, json_string(SAVED_AS_RESULT));
            continue;
        }
        json_object_set(ctx, k, v);
    }
    json_decref(root);
    json_object_set_new(o, "context", ctx);

    json_t *runs = json_array();
    for (size_t i = 0; i < s->n_runs; i++) {
        const fl_run *r = &s->runs[i];
        json_t *jr = json_object();
        json_object_set_new(jr, "flow", json_string(r->flow->uuid));
        if (r->block) json_object_set_new(jr, "block", json_string(r->block->uuid));
        json_object_set_new(jr, "entered_at", json_integer(r->entered_at));
        json_object_set_new(jr, "results", fl_results_json(&r->results));
        if (r->child) json_object_set(jr, "child", r->child);
        json_array_append_new(runs, jr);
    }
    json_object_set_new(o, "runs", runs);
    *out = o;
    return 0;
}

static int bad(fl_error *err, const char *what)
{
    return fl_error_set(err, FL_EINVAL, "saved session: %s", what);
}

static const fl_block *find_block(const fl_flow *f, const char *uuid)
{
    for (size_t i = 0; i < f->n_blocks; i++)
        if (!strcmp(f->blocks[i].uuid, uuid)) return &f->blocks[i];
    return NULL;
}

int fl_session_restore(const fl_container *c, const json_t *saved, const fl_session_options *opts,
                       fl_session **out, fl_error *err)
{
    if (!c || !json_is_object(saved) || !out) return bad(err, "not a JSON object");
    if (json_integer_value(json_object_get(saved, "floip_session")) != SAVE_FORMAT)
        return bad(err, "unknown format");
    const char *cu = json_string_value(json_object_get(saved, "container"));
    if (!cu || strcmp(cu, c->uuid ? c->uuid : "")) return bad(err, "saved for another container");
    const json_t *ctx = json_object_get(saved, "context");
    const json_t *runs = json_object_get(saved, "runs");
    const char *st = json_string_value(json_object_get(saved, "state"));
    if (!json_is_object(ctx) || !json_is_array(runs) || !st) return bad(err, "fields missing");

    /* Check every reference before building anything. */
    size_t n = json_array_size(runs);
    for (size_t i = 0; i < n; i++) {
        const json_t *jr = json_array_get(runs, i);
        const fl_flow *f = fl_find_flow_by_uuid(c, json_string_value(json_object_get(jr, "flow")));
        if (!f) return bad(err, "a run's flow is not in the container");
        const char *bu = json_string_value(json_object_get(jr, "block"));
        if (bu && !find_block(f, bu)) return bad(err, "a run's block is not in its flow");
        if (!json_is_object(json_object_get(jr, "results"))) return bad(err, "results missing");
    }
    if (strcmp(st, "new") && !n) return bad(err, "no runs");

    fl_session_options o;
    fl_session_options_init(&o);
    if (opts) o = *opts;
    o.flow = json_string_value(json_object_get(saved, "flow"));
    o.language = json_string_value(json_object_get(saved, "language"));
    o.mode = json_string_value(json_object_get(saved, "mode"));
    o.to = json_string_value(json_object_get(saved, "to"));
    o.contact = json_object_get(ctx, "contact");
    o.vars = json_object_get(saved, "vars");
    o.webhook_mocks = json_object_get(saved, "webhook_mocks");
    o.now_ms = json_integer_value(json_object_get(saved, "now"));
    const char *seed = json_string_value(json_object_get(saved, "seed"));
    o.seed = seed ? strtoull(seed, NULL, 10) : 0;
    const char *pol = json_string_value(json_object_get(saved, "timeout_policy"));
    o.timeout_policy =
        pol && !strcmp(pol, "default_exit") ? FL_TIMEOUT_DEFAULT_EXIT : FL_TIMEOUT_TERMINATE;
    fl_session *s = NULL;
    int rc = fl_session_new(c, &o, &s, err);
    if (rc < 0) return rc;

    s->state = !strcmp(st, "waiting") ? FL_SESSION_WAITING
               : !strcmp(st, "ended") ? FL_SESSION_ENDED
                                      : FL_SESSION_NEW;
    const char *why = json_string_value(json_object_get(saved, "end_reason"));
    for (int i = 1; why && i < 4; i++)
        if (!strcmp(why, end_names[i])) s->end_reason = (fl_end_reason)i;
    s->waiting = json_is_true(json_object_get(saved, "waiting"));
    const json_t *dl = json_object_get(saved, "deadline");
    s->deadline = json_is_integer(dl) ? json_integer_value(dl) : -1;
    s->block_entered_at = json_integer_value(json_object_get(saved, "entered"));
    s->evals = (uint64_t)json_integer_value(json_object_get(saved, "evals"));
    s->total_steps = (size_t)json_integer_value(json_object_get(saved, "steps"));

    if (n) {
        s->cap_runs = n < 4 ? 4 : n;
        s->runs = fl_xcalloc(s->cap_runs, sizeof *s->runs);
        for (size_t i = 0; i < n; i++) {
            const json_t *jr = json_array_get(runs, i);
            fl_run *r = &s->runs[s->n_runs++];
            r->flow = fl_find_flow_by_uuid(c, json_string_value(json_object_get(jr, "flow")));
            const char *bu = json_string_value(json_object_get(jr, "block"));
            r->block = bu ? find_block(r->flow, bu) : NULL;
            r->entered_at = json_integer_value(json_object_get(jr, "entered_at"));
            fl_context_push_run(s, r);
            json_t *res = json_deep_copy(json_object_get(jr, "results"));
            const char *k;
            json_t *v;
            json_object_foreach(res, k, v) fl_results_restore(&r->results, k, v);
            json_decref(res);
            const json_t *child = json_object_get(jr, "child");
            if (child) r->child = json_deep_copy(child);
        }
    }

    /* The rest of the context, in its saved order (existing keys keep their place). */
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)ctx, k, v)
    {
        const char *sv = json_string_value(v);
        if (sv && !strcmp(sv, SAVED_AS_RESULT)) {
            const fl_result *rec = fl_results_find(&fl_session_top(s)->results, k, strlen(k));
            if (rec) fl_context_set(s, k, rec->value);
            continue;
        }
        if (!strcmp(k, "contact")) continue; /* already a copy, made by fl_session_new */
        json_t *copy = json_deep_copy(v);
        fl_context_set(s, k, copy);
        json_decref(copy);
    }
    s->contact_gen++;
    if (!json_is_object(s->block)) {
        json_t *block = json_object();
        fl_context_set(s, "block", block);
        json_decref(block);
    }
    *out = s;
    return 0;
}
