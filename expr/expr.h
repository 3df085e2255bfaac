/* expr.h: internal expression entry points for the engine (not part of the public API). */
#ifndef FL_EXPR_EXPR_H
#define FL_EXPR_EXPR_H

#include "engine/floip.h"
#include "expr/value.h"

/* Turn truthiness of e evaluated against ctx: only false and nil (missing variables included)
 * are falsy; a `__value__` map counts as its __value__. An evaluation error returns its code
 * (FL_EEVAL, or FL_ELIMIT for the budget) with err filled, and leaves *out untouched. */
int fl_expr_truthy(const fl_expr *e, const json_t *ctx, const fl_eval_options *o, bool *out,
                   fl_error *err);

/* Name lookups in the context remembered across evaluations while the context cannot change (a
 * block's exit tests, its choice tests): entries point into the context, so the owner empties it
 * (n = 0) before the context may change. Names longer than the key room are not remembered. */
typedef struct fl_lookup_cache {
    struct {
        const json_t *object;
        const json_t *value; /* NULL: the object has no such key */
        size_t len;
        char key[24];
    } e[8];
    unsigned n, next;
} fl_lookup_cache;

/* What the engine adds to an evaluation: roots, read before bindings and the context (its host
 * maps: a run's results, the rc3 flow alias, run objects), and a lookup cache. */
typedef struct fl_eval_env {
    const fl_root *roots;
    size_t n_roots;
    fl_lookup_cache *cache; /* NULL: none */
    fl_value context;       /* the root, read in place of the JSON context when an FL_MAP */
} fl_eval_env;

/* fl_expr_truthy, fl_expr_evaluate (unwrap) or fl_expr_evaluate_block (!unwrap) and
 * fl_expr_evaluate_as_string with an environment (env may be NULL). */
int fl_expr_truthy_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                       const fl_eval_env *env, bool *out, fl_error *err);
int fl_expr_evaluate_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                         const fl_eval_env *env, bool unwrap, json_t **out, fl_error *err);
int fl_expr_evaluate_as_string_env(const fl_expr *e, const json_t *ctx, const fl_eval_options *o,
                                   const fl_eval_env *env, fl_buf *out, fl_error *err);

/* When e is a template without expressions (plain text, `@@` escapes): appends its text to out
 * and returns true. Otherwise returns false and leaves out as it was. */
bool fl_expr_literal_text(const fl_expr *e, fl_buf *out);

#endif
