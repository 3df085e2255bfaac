/* api.c: the public expression API (compile once, evaluate many times). */
#include "expr/ast.h"
#include "expr/eval.h"
#include "expr/expr.h"

#include <stdalign.h>
#include <string.h>

struct fl_expr {
    char *src;
    size_t len;
    fl_expr_kind kind;
    fl_arena arena; /* owns every node */
    fl_node *root;
};

/* Evaluations start with this much stack memory, so small ones never call malloc. */
#define SCRATCH_BYTES 4096

static void position_of(const char *src, size_t pos, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos && src[i]; i++) {
        if (src[i] == '\n')
            l++, c = 1;
        else if (((unsigned char)src[i] & 0xC0) != 0x80) /* count characters, not bytes */
            c++;
    }
    *line = l, *column = c;
}

int fl_expr_compile(const char *src, size_t len, fl_expr_kind kind, fl_expr **out, fl_error *err)
{
    if (!out || (!src && len) || (kind != FL_EXPR_TEMPLATE && kind != FL_EXPR_BLOCK))
        return fl_error_set(err, FL_EINVAL, "invalid arguments to fl_expr_compile");
    if (!src) src = "";
    if (len > FL_EXPR_MAX_SOURCE)
        return fl_error_set(err, FL_ELIMIT, "expression of %zu bytes exceeds the limit of %u", len,
                            FL_EXPR_MAX_SOURCE);
    fl_expr *e = fl_xcalloc(1, sizeof *e);
    e->src = fl_xstrndup(src, len);
    e->len = len;
    e->kind = kind;
    fl_arena_init(&e->arena, NULL, 0, 0);
    fl_parse_error perr;
    e->root = kind == FL_EXPR_TEMPLATE ? fl_parse_template(e->src, len, &e->arena, &perr)
                                       : fl_parse_block(e->src, len, &e->arena, &perr);
    if (!e->root) {
        int line, column;
        position_of(e->src, perr.pos, &line, &column);
        int code = perr.code ? perr.code : FL_EPARSE;
        fl_error_set(err, code, "%d:%d: %s", line, column, perr.message);
        if (err) err->line = line, err->column = column;
        fl_expr_free(e);
        return code;
    }
    *out = e;
    return FL_OK;
}

void fl_expr_free(fl_expr *e)
{
    if (!e) return;
    fl_arena_free(&e->arena);
    free(e->src);
    free(e);
}

const char *fl_expr_source(const fl_expr *e)
{
    return e ? e->src : NULL;
}

static int eval_failed(fl_eval *ev, const fl_value *v, fl_error *err)
{
    int code = ev->limit_hit ? FL_ELIMIT : FL_EEVAL;
    return fl_error_set(err, code, "%.*s", (int)v->len, v->u.s);
}

bool fl_expr_literal_text(const fl_expr *e, fl_buf *out)
{
    if (!e || e->kind != FL_EXPR_TEMPLATE) return false;
    const fl_node *root = e->root;
    if (root->kind == FL_N_TEXT) {
        fl_buf_append(out, root->value.u.s, root->value.len);
        return true;
    }
    if (root->kind != FL_N_TEMPLATE) return false;
    for (size_t i = 0; i < root->nkids; i++)
        if (root->kids[i]->kind != FL_N_TEXT) return false;
    for (size_t i = 0; i < root->nkids; i++)
        fl_buf_append(out, root->kids[i]->value.u.s, root->kids[i]->value.len);
    return true;
}

/* The value of e: a template's chunks (one chunk bare), a block's value. */
static fl_value eval_root(fl_eval *ev, const fl_expr *e)
{
    if (e->kind == FL_EXPR_TEMPLATE) return fl_eval_template(ev, e->root, &ev->context);
    return fl_eval_node(ev, e->root, &ev->context);
}

/* Sets up ev with the engine's additions. */
static void eval_begin(fl_eval *ev, const json_t *ctx, const fl_eval_options *o,
                       const fl_eval_env *env, void *scratch, size_t len)
{
    fl_eval_init(ev, ctx, o, scratch, len);
    if (!env) return;
    ev->roots = env->roots;
    ev->n_roots = env->roots ? env->n_roots : 0;
    ev->cache = env->cache;
    if (env->context.type == FL_MAP) ev->context = env->context;
}

int fl_expr_evaluate_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                         const fl_eval_env *env, bool unwrap, json_t **out, fl_error *err)
{
    if (!e || !out) return fl_error_set(err, FL_EINVAL, "invalid arguments");
    alignas(16) char scratch[SCRATCH_BYTES];
    fl_eval ev;
    eval_begin(&ev, ctx, o, env, scratch, sizeof scratch);
    fl_value v = eval_root(&ev, e);
    int rc = FL_OK;
    if (v.type == FL_ERROR) {
        rc = eval_failed(&ev, &v, err);
    } else {
        *out = fl_to_json(&ev, &v, unwrap);
    }
    fl_eval_done(&ev);
    return rc;
}

int fl_expr_evaluate(const fl_expr *e, const json_t *context, const fl_eval_options *opts,
                     json_t **out, fl_error *err)
{
    return fl_expr_evaluate_env(e, context, opts, NULL, true, out, err);
}

int fl_expr_evaluate_block(const fl_expr *e, const json_t *context, const fl_eval_options *opts,
                           json_t **out, fl_error *err)
{
    return fl_expr_evaluate_env(e, context, opts, NULL, false, out, err);
}

int fl_expr_evaluate_as_string_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                                   const fl_eval_env *env, fl_buf *out, fl_error *err)
{
    if (!e || !out) return fl_error_set(err, FL_EINVAL, "invalid arguments");
    alignas(16) char scratch[SCRATCH_BYTES];
    fl_eval ev;
    eval_begin(&ev, ctx, o, env, scratch, sizeof scratch);
    size_t start = out->len;
    fl_value r = fl_eval_template_text(&ev, e->root, &ev.context, out);
    int rc = FL_OK;
    if (r.type == FL_ERROR) {
        rc = eval_failed(&ev, &r, err);
        out->len = start; /* nothing is appended on failure */
        if (out->data) out->data[start] = '\0';
    }
    fl_eval_done(&ev);
    return rc;
}

int fl_expr_evaluate_as_string(const fl_expr *e, const json_t *context, const fl_eval_options *opts,
                               fl_buf *out, fl_error *err)
{
    return fl_expr_evaluate_as_string_env(e, context, opts, NULL, out, err);
}

int fl_expr_truthy(const fl_expr *e, const json_t *ctx, const fl_eval_options *o, bool *out,
                   fl_error *err)
{
    return fl_expr_truthy_env(e, ctx, o, NULL, out, err);
}

int fl_expr_truthy_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                       const fl_eval_env *env, bool *out, fl_error *err)
{
    if (!e || !out) return fl_error_set(err, FL_EINVAL, "invalid arguments");
    alignas(16) char scratch[SCRATCH_BYTES];
    fl_eval ev;
    eval_begin(&ev, ctx, o, env, scratch, sizeof scratch);
    fl_value v = eval_root(&ev, e);
    int rc = FL_OK;
    if (v.type == FL_ERROR) {
        rc = eval_failed(&ev, &v, err);
    } else {
        fl_value u = fl_unwrap(&ev, &v);
        *out = fl_truthy(&u);
    }
    fl_eval_done(&ev);
    return rc;
}
