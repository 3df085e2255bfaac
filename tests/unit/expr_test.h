/* expr_test.h: helpers for the expression unit tests (header-only, static). */
#ifndef FL_EXPR_TEST_H
#define FL_EXPR_TEST_H

#include "engine/util.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* The context from JSON text (NULL text: no context). Caller decrefs. */
static inline json_t *ctx_of(const char *json)
{
    if (!json) return NULL;
    json_error_t e;
    json_t *c = json_loads(json, JSON_ALLOW_NUL, &e);
    cr_assert_not_null(c, "bad test context: %s", e.text);
    return c;
}

/* evaluate_as_string of a template; returns a malloc'd string or NULL on an evaluation error. */
static inline char *as_string(const char *tpl, const char *ctx_json)
{
    fl_expr *e;
    fl_error err;
    cr_assert_eq(fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, &err), 0, "compile %s: %s",
                 tpl, err.message);
    json_t *ctx = ctx_of(ctx_json);
    fl_buf b = FL_BUF_INIT;
    fl_eval_options o = {.now_ms = 1667692800000}; /* 2022-11-06T00:00:00Z */
    int rc = fl_expr_evaluate_as_string(e, ctx, &o, &b, &err);
    json_decref(ctx);
    fl_expr_free(e);
    if (rc) {
        fl_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : fl_xstrdup("");
}

/* A result as compact JSON text (sorted keys, floats as jansson prints them), NULL on error. */
static inline char *as_json(const char *src, fl_expr_kind kind, bool block_api,
                            const char *ctx_json)
{
    fl_expr *e;
    fl_error err;
    cr_assert_eq(fl_expr_compile(src, strlen(src), kind, &e, &err), 0, "compile %s: %s", src,
                 err.message);
    json_t *ctx = ctx_of(ctx_json);
    json_t *out = NULL;
    fl_eval_options o = {.now_ms = 1667692800000};
    int rc = block_api ? fl_expr_evaluate_block(e, ctx, &o, &out, &err)
                       : fl_expr_evaluate(e, ctx, &o, &out, &err);
    json_decref(ctx);
    fl_expr_free(e);
    if (rc) return NULL;
    char *s = json_dumps(out, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(out);
    return s;
}

/* evaluate_block of a bare expression as JSON text. */
static inline char *block(const char *src, const char *ctx_json)
{
    return as_json(src, FL_EXPR_BLOCK, true, ctx_json);
}

/* evaluate of a template as JSON text. */
static inline char *chunks(const char *tpl, const char *ctx_json)
{
    return as_json(tpl, FL_EXPR_TEMPLATE, false, ctx_json);
}

/* The error message of evaluating a block, or NULL when it succeeds. */
static inline char *block_error(const char *src, const char *ctx_json)
{
    fl_expr *e;
    fl_error err;
    cr_assert_eq(fl_expr_compile(src, strlen(src), FL_EXPR_BLOCK, &e, &err), 0, "compile %s: %s",
                 src, err.message);
    json_t *ctx = ctx_of(ctx_json);
    json_t *out = NULL;
    int rc = fl_expr_evaluate_block(e, ctx, NULL, &out, &err);
    json_decref(ctx);
    json_decref(out);
    fl_expr_free(e);
    return rc ? fl_xstrdup(err.message) : NULL;
}

#define expect_str(got_expr, want)                                                                 \
    do {                                                                                           \
        char *got_ = (got_expr);                                                                   \
        cr_expect(got_ && !strcmp(got_, (want)), "%s: got %s, want %s", #got_expr,                 \
                  got_ ? got_ : "(error)", (want));                                                \
        free(got_);                                                                                \
    } while (0)

/* Expects the block to fail to evaluate. */
#define expect_error(src, ctx)                                                                     \
    do {                                                                                           \
        char *m_ = block_error((src), (ctx));                                                      \
        cr_expect_not_null(m_, "%s should fail", (src));                                           \
        free(m_);                                                                                  \
    } while (0)

#endif
