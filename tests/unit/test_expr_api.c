/* Expression API: compile errors with positions, limits, budget, custom functions, truthiness. */
#include "expr/expr.h"
#include "expr_test.h"

#include <strings.h>

Test(expr_api, parse_errors_have_line_and_column)
{
    fl_expr *e = NULL;
    fl_error err;
    const char *src = "1 +\n  (2";
    cr_assert_eq(fl_expr_compile(src, strlen(src), FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
    cr_expect_null(e);
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, 3);
    cr_expect(strstr(err.message, "Unable to parse block"), "%s", err.message);
    cr_assert_eq(fl_expr_compile("a b", 3, FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
    cr_expect_eq(err.column, 3);
    cr_assert_eq(fl_expr_compile("", 0, FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
    cr_expect_eq(fl_expr_compile("\t1", 2, FL_EXPR_BLOCK, &e, &err), FL_EPARSE, "tab is no space");
    cr_expect_eq(fl_expr_compile("2022-02-30", 10, FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
}

Test(expr_api, templates_never_fail_to_parse)
{
    const char *srcs[] = {"@(", "@(1 +", "@foo(", "@[1, ", "\"@", "@)", "@@@"};
    for (size_t i = 0; i < FL_ARRAY_LEN(srcs); i++) {
        fl_expr *e = NULL;
        cr_expect_eq(fl_expr_compile(srcs[i], strlen(srcs[i]), FL_EXPR_TEMPLATE, &e, NULL), 0, "%s",
                     srcs[i]);
        fl_expr_free(e);
    }
    expect_str(as_string("@foo(", "{\"foo\": \"x\"}"), "x(");
    expect_str(as_string("@@@", NULL), "@");
}

Test(expr_api, source_is_kept)
{
    fl_expr *e;
    cr_assert_eq(fl_expr_compile("@a!xyz", 3, FL_EXPR_TEMPLATE, &e, NULL), 0);
    cr_expect_str_eq(fl_expr_source(e), "@a!");
    fl_expr_free(e);
}

Test(expr_api, deep_nesting_and_huge_input_are_refused)
{
    size_t n = 5000;
    char *src = malloc(2 * n + 2);
    for (size_t i = 0; i < n; i++) src[i] = '(', src[n + 1 + i] = ')';
    src[n] = '1';
    src[2 * n + 1] = '\0';
    fl_expr *e = NULL;
    fl_error err;
    cr_expect_eq(fl_expr_compile(src, 2 * n + 1, FL_EXPR_BLOCK, &e, &err), FL_ELIMIT);
    free(src);

    /* a long left-associative chain */
    fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "1");
    for (int i = 0; i < 2000; i++) fl_buf_puts(&b, " + 1");
    cr_expect_eq(fl_expr_compile(b.data, b.len, FL_EXPR_BLOCK, &e, &err), FL_ELIMIT);
    fl_buf_free(&b);

    size_t big = (1u << 20) + 1;
    char *huge = malloc(big);
    memset(huge, 'a', big);
    cr_expect_eq(fl_expr_compile(huge, big, FL_EXPR_TEMPLATE, &e, &err), FL_ELIMIT);
    free(huge);
}

Test(expr_api, budget_is_an_error_not_a_crash)
{
    const char *src = "map(1..1000000, &(&1 * 2))";
    fl_expr *e;
    cr_assert_eq(fl_expr_compile(src, strlen(src), FL_EXPR_BLOCK, &e, NULL), 0);
    json_t *out = NULL;
    fl_error err;
    fl_eval_options o = {.budget = 1000};
    cr_expect_eq(fl_expr_evaluate_block(e, NULL, &o, &out, &err), FL_ELIMIT);
    cr_expect_null(out);
    cr_expect(strstr(err.message, "budget"), "%s", err.message);
    fl_expr_free(e);
}

Test(expr_api, failed_evaluation_appends_nothing)
{
    fl_expr *e;
    cr_assert_eq(fl_expr_compile("x @(1/0)", 8, FL_EXPR_TEMPLATE, &e, NULL), 0);
    fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "keep");
    fl_error err;
    cr_expect_eq(fl_expr_evaluate_as_string(e, NULL, NULL, &b, &err), FL_EEVAL);
    cr_expect_str_eq(b.data, "keep");
    fl_buf_free(&b);
    fl_expr_free(e);
}

static int add_one(void *ud, json_t *const *args, size_t argc, json_t **result, fl_error *err)
{
    int *calls = ud;
    (*calls)++;
    if (argc != 1 || !json_is_integer(args[0]))
        return fl_error_set(err, FL_EINVAL, "add_one wants one integer");
    *result = json_integer(json_integer_value(args[0]) + 1);
    return 0;
}

static int shout(void *ud, json_t *const *args, size_t argc, json_t **result, fl_error *err)
{
    *result = json_string("42");
    return 0;
}

Test(expr_api, custom_functions_come_first_and_may_fail)
{
    fl_functions *fns;
    int calls = 0;
    cr_assert_eq(fl_functions_new(&fns), 0);
    cr_assert_eq(fl_functions_add(fns, "Add_One", add_one, &calls), 0);
    cr_assert_eq(fl_functions_add(fns, "upper", shout, NULL), 0);
    cr_expect_eq(fl_functions_add(fns, "bad name", shout, NULL), FL_EINVAL);
    fl_eval_options o = {.functions = fns};

    const char *src = "@(ADD_ONE(41)) @upper(\"x\") @add_one(\"x\")";
    fl_expr *e;
    const char *first = "@(ADD_ONE(41)) @upper(\"x\")";
    cr_assert_eq(fl_expr_compile(first, strlen(first), FL_EXPR_TEMPLATE, &e, NULL), 0);
    fl_buf b = FL_BUF_INIT;
    cr_expect_eq(fl_expr_evaluate_as_string(e, NULL, &o, &b, NULL), 0);
    cr_expect_str_eq(b.data, "42 42");
    fl_expr_free(e);

    cr_assert_eq(fl_expr_compile(src, strlen(src), FL_EXPR_TEMPLATE, &e, NULL), 0);
    fl_error err;
    cr_expect_eq(fl_expr_evaluate_as_string(e, NULL, &o, &b, &err), FL_EEVAL);
    cr_expect(strstr(err.message, "add_one wants one integer"), "%s", err.message);
    cr_expect_eq(calls, 3);
    fl_buf_free(&b);
    fl_expr_free(e);
    fl_functions_free(fns);
}

static bool truthy(const char *src, fl_expr_kind kind, const char *ctx_json, int *rc)
{
    fl_expr *e;
    cr_assert_eq(fl_expr_compile(src, strlen(src), kind, &e, NULL), 0);
    json_t *ctx = ctx_of(ctx_json);
    bool b = false;
    *rc = fl_expr_truthy(e, ctx, NULL, &b, NULL);
    json_decref(ctx);
    fl_expr_free(e);
    return b;
}

Test(expr_api, truthiness)
{
    int rc;
    cr_expect(truthy("0", FL_EXPR_BLOCK, NULL, &rc) && rc == 0);
    cr_expect(truthy("\"\"", FL_EXPR_BLOCK, NULL, &rc));
    cr_expect(truthy("\"false\"", FL_EXPR_BLOCK, NULL, &rc), "a string is truthy");
    cr_expect(!truthy("missing", FL_EXPR_BLOCK, NULL, &rc) && rc == 0);
    cr_expect(!truthy("false", FL_EXPR_BLOCK, NULL, &rc));
    cr_expect(!truthy("m", FL_EXPR_BLOCK, "{\"m\": {\"__value__\": false}}", &rc));
    cr_expect(
        truthy("@contact.age > 18", FL_EXPR_TEMPLATE, "{\"contact\": {\"age\": \"20\"}}", &rc));
    truthy("1 / 0", FL_EXPR_BLOCK, NULL, &rc);
    cr_expect_eq(rc, FL_EEVAL);
}

Test(expr_api, evaluate_accepts_blocks_and_unwraps)
{
    expect_str(as_json("m", FL_EXPR_BLOCK, false, "{\"m\": {\"__value__\": 3}}"), "3");
    expect_str(as_json("m", FL_EXPR_BLOCK, true, "{\"m\": {\"__value__\": 3}}"),
               "{\"__value__\":3}");
}

/* fl_eval_options.bindings: top-level names read before the context, which stays unchanged. */
static char *with_bindings(const char *tpl, const json_t *ctx, const fl_binding *b, size_t n)
{
    fl_expr *e = NULL;
    cr_assert_eq(fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, NULL), 0);
    fl_eval_options o = {.bindings = b, .n_bindings = n};
    fl_buf out = FL_BUF_INIT;
    fl_error err;
    cr_assert_eq(fl_expr_evaluate_as_string(e, ctx, &o, &out, &err), 0, "%s", err.message);
    fl_expr_free(e);
    char *s = fl_xstrdup(out.data ? out.data : "");
    fl_buf_free(&out);
    return s;
}

Test(expr_api, bindings_shadow_top_level_names_only)
{
    json_t *ctx = json_pack("{s:{s:s}, s:{s:s}, s:s}", "contact", "name", "Ada", "block", "value",
                            "ctx", "contacts", "many");
    json_t *bound = json_pack("{s:s, s:s}", "name", "Bo", "block", "inner");
    fl_binding b[] = {{"contact", bound}, {"con", bound}};
    char *s = with_bindings("@contact.name @contacts @block.value @contact.block", ctx, b, 2);
    cr_expect_str_eq(s, "Bo many ctx inner", "only whole top-level names are bound");
    free(s);
    s = with_bindings("@contact.name", ctx, NULL, 0);
    cr_expect_str_eq(s, "Ada", "the context itself is unchanged");
    free(s);
    fl_binding unset[] = {{"contact", NULL}};
    s = with_bindings("@contact.name", ctx, unset, 1);
    cr_expect_str_eq(s, "Ada", "a binding without a value reads the context");
    free(s);
    fl_binding missing[] = {{"results", bound}};
    json_t *empty = json_object();
    s = with_bindings("@results.name @(upper(results.block))", empty, missing, 1);
    cr_expect_str_eq(s, "Bo INNER", "a name the context lacks");
    free(s);
    json_decref(empty);
    json_decref(bound);
    json_decref(ctx);
}

/* fl_expr_truthy_env with a cache: tests sharing lookups give the answers fresh evaluations give.
 */
Test(expr_api, cached_lookups_answer_as_fresh_ones)
{
    json_t *ctx = json_pack("{s:{s:s, s:i}, s:{s:s}, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
                            "s:i, s:i}}",
                            "block", "response", "yes", "count", 7, "other", "response", "no",
                            "many", "k0", 0, "k1", 1, "k2", 2, "k3", 3, "k4", 4, "k5", 5, "k6", 6,
                            "k7", 7, "k8", 8, "k9", 9);
    const struct {
        const char *src;
        bool want;
    } tests[] = {
        {"block.response = 'no'", false},
        {"block.response = 'yes'", true},
        {"other.response = 'yes'", false},
        {"other.response = 'no'", true},
        {"block.missing = 1", false},
        {"block.count >= 5", true},
        {"many.k0 = 0", true},
        {"many.k1 = 1", true},
        {"many.k2 = 2", true},
        {"many.k3 = 3", true},
        {"many.k4 = 4", true},
        {"many.k5 = 5", true},
        {"many.k6 = 6", true},
        {"many.k7 = 7", true},
        {"many.k8 = 8", true},
        {"many.k9 = 9", true},
        {"block.response = 'yes'", true},
        {"other.response = 'yes'", false},
        {"block.missing = 1", false},
        {"many.k0 = 0", true},
        {"block.count >= 8", false},
    };
    fl_lookup_cache cache = {.n = 0};
    fl_eval_env env = {.cache = &cache};
    for (size_t i = 0; i < FL_ARRAY_LEN(tests); i++) {
        fl_expr *e = NULL;
        const char *src = tests[i].src;
        cr_assert_eq(fl_expr_compile(src, strlen(src), FL_EXPR_BLOCK, &e, NULL), 0);
        bool fresh = !tests[i].want, cached = !tests[i].want;
        fl_error err;
        cr_assert_eq(fl_expr_truthy(e, ctx, NULL, &fresh, &err), 0, "%s", err.message);
        cr_assert_eq(fl_expr_truthy_env(e, ctx, NULL, &env, &cached, &err), 0, "%s", err.message);
        cr_expect_eq(fresh, tests[i].want, "%s", src);
        cr_expect_eq(cached, tests[i].want, "%s (cached)", src);
        fl_expr_free(e);
    }
    cr_expect_eq(cache.n, FL_ARRAY_LEN(cache.e), "the cache filled and kept its size");
    json_decref(ctx);
}

/* A host map of fixed entries (the engine's are over its run results). */
typedef struct {
    const char *keys[4];
    const json_t *values[4];
    size_t n;
} fixed_map;

static size_t fixed_size(const void *self)
{
    return ((const fixed_map *)self)->n;
}

static void fixed_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    const fixed_map *m = self;
    *key = m->keys[i];
    *out = fl_from_json(ev, m->values[i]);
}

static bool fixed_get(fl_eval *ev, const void *self, const char *key, size_t len, fl_value *out)
{
    const fixed_map *m = self;
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->keys[i]) == len && !strncasecmp(m->keys[i], key, len)) {
            fixed_at(ev, self, i, &key, out);
            return true;
        }
    return false;
}

static const fl_host_map fixed_class = {fixed_size, fixed_get, fixed_at};

/* A root bound to a host map reads as the same map would from the JSON context: properties,
 * capitals in stored keys, missing keys, rendering, equality, functions, JSON output. */
Test(expr_api, host_maps_read_as_json_maps)
{
    json_t *one = json_integer(1), *x = json_string("x"), *nested = json_pack("{s:s}", "k", "v");
    fixed_map m = {{"a", "Bee", "nested"}, {one, x, nested}, 3};
    json_t *ctx = json_pack("{s:{s:O, s:O, s:O}}", "m", "a", one, "Bee", x, "nested", nested);
    fl_root roots[] = {{"m", 1, fl_host_map_value(&fixed_class, &m)}};
    fl_eval_env env = {.roots = roots, .n_roots = 1};
    json_t *empty = json_object();
    const char *blocks[] = {"m",
                            "m.a",
                            "m.bee",
                            "m.BEE",
                            "m.nested.k",
                            "m.missing",
                            "m.a + 1",
                            "m = m",
                            "m.a = 1",
                            "delete(m, \"a\")",
                            "delete(m, \"bee\")",
                            "m[\"bee\"]"};
    for (size_t i = 0; i < FL_ARRAY_LEN(blocks); i++) {
        fl_expr *e = NULL;
        cr_assert_eq(fl_expr_compile(blocks[i], strlen(blocks[i]), FL_EXPR_BLOCK, &e, NULL), 0,
                     "%s", blocks[i]);
        json_t *host = NULL, *plain = NULL;
        fl_error err;
        cr_assert_eq(fl_expr_evaluate_env(e, empty, NULL, &env, false, &host, &err), 0, "%s: %s",
                     blocks[i], err.message);
        cr_assert_eq(fl_expr_evaluate_block(e, ctx, NULL, &plain, &err), 0, "%s", err.message);
        char *a = json_dumps(host, JSON_COMPACT | JSON_ENCODE_ANY);
        char *b = json_dumps(plain, JSON_COMPACT | JSON_ENCODE_ANY);
        cr_expect_str_eq(a, b, "%s", blocks[i]);
        free(a), free(b);
        json_decref(host), json_decref(plain);
        fl_expr_free(e);
    }
    const char *tpl = "@m / @m.missing / @m.bee";
    fl_expr *e = NULL;
    cr_assert_eq(fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, NULL), 0);
    fl_buf host = FL_BUF_INIT, plain = FL_BUF_INIT;
    cr_assert_eq(fl_expr_evaluate_as_string_env(e, empty, NULL, &env, &host, NULL), 0);
    cr_assert_eq(fl_expr_evaluate_as_string(e, ctx, NULL, &plain, NULL), 0);
    cr_expect_str_eq(host.data, "%{\"a\" => 1, \"bee\" => \"x\", \"nested\" => %{\"k\" => \"v\"}} "
                                "/ @missing / x");
    cr_expect_str_eq(host.data, plain.data);
    fl_buf_free(&host), fl_buf_free(&plain);
    fl_expr_free(e);
    json_decref(ctx), json_decref(empty), json_decref(one), json_decref(x), json_decref(nested);
}
