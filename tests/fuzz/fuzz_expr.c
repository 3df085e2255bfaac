/*
 * fuzz_expr.c: libFuzzer target for the expression parser and evaluator.
 * The first byte picks the kind (template or block) and the entry point; the rest is the
 * source. Every compiled expression is evaluated three ways against a context holding every
 * value type, with a small budget, and must neither crash nor leak.
 */
#include "engine/floip.h"

#include <stdint.h>
#include <string.h>

static json_t *context;

static const char context_json[] =
    "{\"contact\": {\"name\": \"Bob\", \"Age\": \"42\", \"birthday\": \"1990-05-12T10:00:00Z\","
    " \"groups\": [{\"uuid\": \"g1\", \"name\": \"A\"}], \"score\": 1.5, \"ok\": true,"
    " \"none\": null, \"when\": {\"$date\": \"2022-01-31\"}, \"at\": {\"$time\": \"10:30:00\"}},"
    " \"answer\": {\"__value__\": \"yes\", \"match\": \"y\"}, \"list\": [1, \"2\", \"three\","
    " [4], {\"k\": \"v\"}], \"num\": \"007\", \"date\": \"31-01-2022\", \"email\": \"a@b.co\","
    " \"nested\": {\"a\": {\"b\": {\"c\": \"deep\"}}}, \"text\": \"hi @contact.name\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!context) context = json_loads(context_json, 0, NULL);
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const char *src = (const char *)data + 1;
    size_t len = size - 1;
    fl_expr *e = NULL;
    fl_expr_kind kind = (mode & 1) ? FL_EXPR_BLOCK : FL_EXPR_TEMPLATE;
    if (fl_expr_compile(src, len, kind, &e, NULL)) return 0;
    fl_eval_options opts = {.now_ms = 1667692800000, .seed = 7, .budget = 5000};
    fl_buf buf = FL_BUF_INIT;
    json_t *out = NULL;
    fl_expr_evaluate_as_string(e, context, &opts, &buf, NULL);
    fl_expr_evaluate(e, context, &opts, &out, NULL);
    json_decref(out);
    out = NULL;
    fl_expr_evaluate_block(e, (mode & 2) ? NULL : context, &opts, &out, NULL);
    json_decref(out);
    fl_buf_free(&buf);
    fl_expr_free(e);
    return 0;
}
