/* expr.h: internal expression entry points for the engine (not part of the public API). */
#ifndef FL_EXPR_EXPR_H
#define FL_EXPR_EXPR_H

#include "engine/floip.h"

/* Turn truthiness of e evaluated against ctx: only false and nil (missing variables included)
 * are falsy; a `__value__` map counts as its __value__. An evaluation error returns its code
 * (FL_EEVAL, or FL_ELIMIT for the budget) with err filled, and leaves *out untouched. */
int fl_expr_truthy(const fl_expr *e, const json_t *ctx, const fl_eval_options *o, bool *out,
                   fl_error *err);

/* When e is a template without expressions (plain text, `@@` escapes): appends its text to out
 * and returns true. Otherwise returns false and leaves out as it was. */
bool fl_expr_literal_text(const fl_expr *e, fl_buf *out);

#endif
