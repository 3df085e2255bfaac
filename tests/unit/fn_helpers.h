/* fn_helpers.h: evaluate an expression through the public API and get its result as text, for
 * the standard-function tests. Included by tests/unit/test_fn_*.c only. */
#ifndef FL_TEST_FN_HELPERS_H
#define FL_TEST_FN_HELPERS_H

#include "engine/floip.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2022-03-04T05:06:07.123Z, a Friday */
#define FN_TEST_NOW_MS 1646370367123LL

static char fn_result[4096];

/* The evaluate_block result of expr against ctx (JSON text, may be NULL) as compact JSON with
 * sorted keys, or "ERROR" when the evaluation failed. */
static inline const char *blk(const char *expr, const char *ctx)
{
    fl_expr *e = NULL;
    fl_error err;
    memset(&err, 0, sizeof err);
    json_t *c = ctx ? json_loads(ctx, 0, NULL) : json_object();
    cr_assert_not_null(c, "bad context JSON: %s", ctx ? ctx : "(none)");
    if (fl_expr_compile(expr, strlen(expr), FL_EXPR_BLOCK, &e, &err) != 0) {
        json_decref(c);
        snprintf(fn_result, sizeof fn_result, "PARSE ERROR: %s", err.message);
        return fn_result;
    }
    fl_eval_options o;
    memset(&o, 0, sizeof o);
    o.now_ms = FN_TEST_NOW_MS;
    o.seed = 42;
    json_t *out = NULL;
    if (fl_expr_evaluate_block(e, c, &o, &out, &err) != 0) {
        snprintf(fn_result, sizeof fn_result, "ERROR");
    } else {
        char *s = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        snprintf(fn_result, sizeof fn_result, "%s", s ? s : "(unencodable)");
        free(s);
        json_decref(out);
    }
    fl_expr_free(e);
    json_decref(c);
    return fn_result;
}

/* The evaluate_as_string result of the template tpl against ctx, or "ERROR". */
static inline const char *str(const char *tpl, const char *ctx)
{
    fl_expr *e = NULL;
    fl_error err;
    memset(&err, 0, sizeof err);
    json_t *c = ctx ? json_loads(ctx, 0, NULL) : json_object();
    cr_assert_not_null(c, "bad context JSON: %s", ctx ? ctx : "(none)");
    if (fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, &err) != 0) {
        json_decref(c);
        snprintf(fn_result, sizeof fn_result, "PARSE ERROR: %s", err.message);
        return fn_result;
    }
    fl_eval_options o;
    memset(&o, 0, sizeof o);
    o.now_ms = FN_TEST_NOW_MS;
    o.seed = 42;
    fl_buf b = FL_BUF_INIT;
    if (fl_expr_evaluate_as_string(e, c, &o, &b, &err) != 0)
        snprintf(fn_result, sizeof fn_result, "ERROR");
    else
        snprintf(fn_result, sizeof fn_result, "%s", b.data ? b.data : "");
    fl_buf_free(&b);
    fl_expr_free(e);
    json_decref(c);
    return fn_result;
}

#define EXPECT_BLK(expr, ctx, want) cr_expect_str_eq(blk(expr, ctx), want, "%s", expr)
#define EXPECT_STR(tpl, ctx, want)  cr_expect_str_eq(str(tpl, ctx), want, "%s", tpl)

#endif
