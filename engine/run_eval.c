/* run_eval.c: evaluating compiled templates and tests against the session context, in place. */
#include "engine/run.h"
#include "expr/expr.h"

#include <string.h>

/* splitmix64: each evaluation gets its own seed, derived from the session seed and a counter
 * that is saved, so RAND() differs between evaluations yet replays identically. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

#define ROOT(name, value) ((fl_root){name, sizeof name - 1, value})

/* The objects the session keeps at the root's fixed names, read before the root itself: block
 * and contact, and the innermost run's results, flow alias and run object and its parent's
 * (host maps over the runs, engine/results.c). */
size_t fl_run_roots(const fl_session *s, fl_root roots[FL_RUN_ROOTS])
{
    size_t n = 0;
    roots[n++] = ROOT("block", fl_context_block_value(s));
    const fl_run *top = s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
    if (top && top->language) {
        roots[n++] = ROOT("flow", fl_host_map_value(&fl_flow_alias_map, top));
        roots[n++] = ROOT("results", fl_host_map_value(&fl_results_map, top));
    }
    roots[n++] = ROOT("contact", fl_object_value(s->contact));
    if (top && top->language) {
        roots[n++] = ROOT("run", fl_host_map_value(&fl_run_map, top));
        if (top->depth) roots[n++] = ROOT("parent", fl_host_map_value(&fl_run_map, top - 1));
    }
    return n;
}

void fl_run_eval_options(fl_session *s, fl_eval_options *o)
{
    memset(o, 0, sizeof *o);
    o->now_ms = s->now;
    o->seed = mix(s->seed + s->evals++);
    o->functions = s->functions;
    o->budget = s->eval_budget;
    /* The roots change only when a run begins or ends or contact or block is replaced. */
    if (!s->roots_valid) {
        s->env.roots = s->run_roots;
        s->env.n_roots = fl_run_roots(s, s->run_roots);
        s->env.context = fl_context_root(s);
        s->roots_valid = true;
    }
    s->env.cache = s->tests_cached ? &s->tests_cache : NULL;
}

static void report(fl_session *s, const fl_block *b, const fl_expr *e, const fl_error *err,
                   bool as_warning)
{
    const char *src = fl_expr_source(e);
    if (err->code == FL_ELIMIT) {
        fl_emit_error(s, b, "limit", "eval_budget", "expression evaluation budget exceeded in '%s'",
                      src ? src : "");
        return;
    }
    if (as_warning)
        fl_emit_warning(s, b, "eval", "'%s': %s", src ? src : "", err->message);
    else
        fl_emit_error(s, b, "eval", NULL, "'%s': %s", src ? src : "", err->message);
}

int fl_run_eval_string(fl_session *s, const fl_block *b, const fl_expr *e, fl_buf *out)
{
    fl_eval_options o;
    fl_error err;
    fl_run_eval_options(s, &o);
    size_t mark = out->len;
    int rc = fl_expr_evaluate_as_string_env(e, s->ctx, &o, &s->env, out, &err);
    if (rc < 0) {
        out->len = mark;
        if (out->data) out->data[mark] = '\0';
        report(s, b, e, &err, false);
    }
    return rc;
}

int fl_run_eval_value(fl_session *s, const fl_block *b, const fl_expr *e, json_t **out)
{
    fl_eval_options o;
    fl_error err;
    fl_run_eval_options(s, &o);
    int rc = fl_expr_evaluate_env(e, s->ctx, &o, &s->env, true, out, &err);
    if (rc < 0) report(s, b, e, &err, false);
    return rc;
}

void fl_run_tests_begin(fl_session *s)
{
    s->tests_cache.n = s->tests_cache.next = 0;
    s->tests_cached = true;
}

void fl_run_tests_end(fl_session *s)
{
    s->tests_cached = false;
}

bool fl_run_test(fl_session *s, const fl_block *b, const fl_expr *e)
{
    fl_eval_options o;
    fl_error err;
    bool v = false;
    fl_run_eval_options(s, &o);
    if (fl_expr_truthy_env(e, s->ctx, &o, &s->env, &v, &err) < 0) {
        report(s, b, e, &err, true);
        return false;
    }
    return v;
}

int fl_eval_text_or_value(const json_t *ctx, const fl_eval_options *o, const fl_eval_env *env,
                          const char *tpl, json_t **out, fl_error *err)
{
    fl_expr *e = NULL;
    int rc;
    /* A template that is one expression ("@contact.name", "@(1 + 2)") gives its value; one with
     * text around its expressions gives the text. */
    if (tpl[0] == '@' && tpl[1] != '@' &&
        fl_expr_compile(tpl + 1, strlen(tpl + 1), FL_EXPR_BLOCK, &e, NULL) == 0) {
        rc = fl_expr_evaluate_env(e, ctx, o, env, false, out, err);
        fl_expr_free(e);
        return rc;
    }
    rc = fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, err);
    if (rc < 0) return rc;
    fl_buf text = FL_BUF_INIT;
    rc = fl_expr_evaluate_as_string_env(e, ctx, o, env, &text, err);
    if (rc == 0) {
        *out = json_string(text.data ? text.data : "");
        if (!*out) *out = json_string("");
    }
    fl_buf_free(&text);
    fl_expr_free(e);
    return rc;
}
