/* Every standard function called with every kind of argument (nil, booleans, numbers, text,
 * dates, times, lists, maps, ranges, lambdas) at each arity it accepts: the result is a value or
 * an error value with a message (or a limit of the evaluation), never a crash (ASan/UBSan watch
 * the rest). */
#include "engine/floip.h"
#include "expr/builtins.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char *const samples[] = {
    "x", /* a missing variable: nil */
    "true",
    "0",
    "-7",
    "9223372036854775807",
    "2.5",
    "\"\"",
    "\"Hello World 42, cow-boy!\"",
    "\"15/01/2017 10:30\"",
    "\"ÉCOLE 🎉 e\xcc\x88\"",
    "date(2022, 2, 30)",
    "now()",
    "time(10, 30, 0)",
    "[1, \"a\", []]",
    "m",
    "1..3",
    "&(&1)",
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

static const char *const ctx_json = "{\"m\": {\"__value__\": \"v\", \"uuid\": \"u\", \"a\": [1]}}";

static void run_all(const fl_builtin *table, size_t max_combos)
{
    json_t *ctx = json_loads(ctx_json, 0, NULL);
    cr_assert_not_null(ctx);
    fl_eval_options o;
    memset(&o, 0, sizeof o);
    o.now_ms = 1646370367123LL;
    o.seed = 7;
    char src[1024];
    for (const fl_builtin *b = table; b->name; b++) {
        int lo = b->min_args, hi = b->max_args < 0 ? b->min_args + 2 : b->max_args;
        for (int argc = lo; argc <= hi; argc++) {
            size_t combos = 1;
            for (int k = 0; k < argc; k++) combos *= NSAMPLES;
            size_t step = combos > max_combos ? combos / max_combos + 1 : 1;
            for (size_t c = 0; c < combos; c += step) {
                size_t n = (size_t)snprintf(src, sizeof src, "%s(", b->name), rest = c;
                for (int k = 0; k < argc; k++) {
                    n += (size_t)snprintf(src + n, sizeof src - n, "%s%s", k ? ", " : "",
                                          samples[rest % NSAMPLES]);
                    rest /= NSAMPLES;
                }
                snprintf(src + n, sizeof src - n, ")");
                fl_expr *e = NULL;
                fl_error err;
                memset(&err, 0, sizeof err);
                int rc = fl_expr_compile(src, strlen(src), FL_EXPR_BLOCK, &e, &err);
                cr_assert_eq(rc, 0, "%s does not compile: %s", src, err.message);
                json_t *out = NULL;
                rc = fl_expr_evaluate_block(e, ctx, &o, &out, &err);
                if (rc == 0) {
                    cr_assert_not_null(out, "%s", src);
                    json_decref(out);
                } else {
                    /* An error value, or a limit of the evaluation (memory, steps). */
                    cr_assert(rc == FL_EEVAL || rc == FL_ELIMIT, "%s: unexpected code %d (%s)", src,
                              rc, err.message);
                    cr_assert(err.message[0] != '\0', "%s: error without a message", src);
                }
                fl_buf t = FL_BUF_INIT;
                rc = fl_expr_evaluate_as_string(e, ctx, &o, &t, &err);
                cr_assert(rc == 0 || rc == FL_EEVAL || rc == FL_ELIMIT, "%s: as string gave %d",
                          src, rc);
                fl_buf_free(&t);
                fl_expr_free(e);
            }
        }
    }
    json_decref(ctx);
}

Test(fn_robust, text_functions_take_any_argument)
{
    run_all(fl_builtins_text, 400);
}

Test(fn_robust, math_functions_take_any_argument)
{
    run_all(fl_builtins_math, 400);
}

Test(fn_robust, logic_functions_take_any_argument)
{
    run_all(fl_builtins_logic, 400);
}

Test(fn_robust, date_functions_take_any_argument)
{
    run_all(fl_builtins_date, 400);
}

Test(fn_robust, tests_take_any_argument)
{
    run_all(fl_builtins_tests, 400);
}

Test(fn_robust, list_functions_take_any_argument)
{
    run_all(fl_builtins_misc, 400);
}
