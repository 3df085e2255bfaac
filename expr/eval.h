/* eval.h: the evaluator's state and entry points (internal to expr/). */
#ifndef FL_EXPR_EVAL_H
#define FL_EXPR_EVAL_H

#include "expr/arena.h"
#include "expr/ast.h"
#include "expr/value.h"

struct fl_functions;

#define FL_EVAL_DEFAULT_BUDGET 100000
#define FL_EVAL_MEMORY_LIMIT   (64u << 20) /* bytes of arena per evaluation */
#define FL_EVAL_MAX_DEPTH      256         /* nested evaluations (lambdas, string templates) */

struct fl_eval {
    fl_arena arena;
    fl_value context;     /* the context as a map value (JSON-backed) */
    const fl_root *roots; /* top-level names read first (fl_eval_env) */
    size_t n_roots;
    const fl_binding *bindings; /* top-level names read before the context */
    size_t n_bindings;
    const struct fl_functions *functions; /* custom functions or NULL */
    int64_t now_ms;
    uint64_t rng;
    size_t budget;            /* steps left */
    const fl_value *captures; /* &1.. of the innermost lambda call */
    size_t ncaptures;
    unsigned depth;
    bool limit_hit;                /* the budget or the memory limit stopped the evaluation */
    struct fl_kept_json *kept;     /* JSON results of custom functions, released at the end */
    struct fl_lookup_cache *cache; /* name lookups shared with other evaluations, or NULL */
};

/* Keeps a JSON reference (stolen) alive until fl_eval_done. */
bool fl_eval_keep_json(fl_eval *ev, json_t *j);

/* Sets up ev for one evaluation; scratch/scratch_len is an optional first arena buffer. */
void fl_eval_init(fl_eval *ev, const json_t *context, const fl_eval_options *opts, void *scratch,
                  size_t scratch_len);
void fl_eval_done(fl_eval *ev);

/* Evaluates an expression node against scope (the map variables are read from). */
fl_value fl_eval_node(fl_eval *ev, const fl_node *n, const fl_value *scope);
/* Evaluates a template's chunks. A single chunk's value is returned bare; several make a list. */
fl_value fl_eval_template(fl_eval *ev, const fl_node *tpl, const fl_value *scope);
/* Appends the evaluate_as_string text of a template (missing variables re-emitted). Returns an
 * FL_ERROR value on failure, FL_NIL otherwise. */
fl_value fl_eval_template_text(fl_eval *ev, const fl_node *tpl, const fl_value *scope, fl_buf *out);
/* Elixir `inspect` text of a value (maps, quoted strings, ~D/~U/~T sigils). */
void fl_inspect(fl_eval *ev, const fl_value *v, fl_buf *b);
/* "@path" text of a not-found value (from its first missing segment). */
void fl_notfound_path(const fl_value *nf, fl_buf *out);

/* Context reading (context.c; fl_from_json is in value.h). */
/* Lookup of a key whose lower-case form equals key (the library lower-cases context keys). */
const json_t *fl_json_lookup(const json_t *object, const char *key, size_t keylen);
/* The same for a key known to be lower case (a parsed name), which saves checking it. */
const json_t *fl_json_lookup_name(const json_t *object, const char *key, size_t keylen);

/* Tagged JSON of a value (json.c). unwrap: `__value__` maps replaced by their value (evaluate). */
json_t *fl_to_json(fl_eval *ev, const fl_value *v, bool unwrap);

#endif
