/* cmd_eval.c: `floip eval` -- evaluate one template or expression, or run a conformance case
 * file and compare every result with the expected one. */
#include "engine/util.h"
#include "sim/commands.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum { MODE_STRING, MODE_BLOCK, MODE_CHUNKS } eval_mode;

static void usage(FILE *out)
{
    fprintf(out, "usage: floip eval [--context JSON | --context-file FILE] [--now ISO]\n"
                 "                  [--block | --chunks] EXPRESSION\n"
                 "       floip eval --cases FILE [--now ISO]\n\n"
                 "  (default)       evaluate a template to one string (evaluate_as_string)\n"
                 "  --block         evaluate a bare expression to its value (evaluate_block)\n"
                 "  --chunks        evaluate a template to its chunk values (evaluate)\n"
                 "  --cases FILE    run a conformance case file; one JSON line per case, then a\n"
                 "                  summary line; exit 1 when a case fails\n"
                 "  --now ISO       the clock for now() and today() (default: the current time)\n"
                 "Results print as JSON; dates, datetimes and times are tagged\n"
                 "({\"$date\": ...}, {\"$datetime\": ...}, {\"$time\": ...}).\n");
}

/* ---- JSON output with shortest round-trip floats ---- */

static void print_real(double d, fl_buf *b)
{
    char tmp[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, d);
        if (strtod(tmp, NULL) == d) break;
    }
    fl_buf_puts(b, tmp);
    if (!strpbrk(tmp, ".eEni")) fl_buf_puts(b, ".0"); /* keep floats recognisable */
}

static void print_json(const json_t *j, fl_buf *b)
{
    switch (json_typeof(j)) {
    case JSON_REAL:
        print_real(json_real_value(j), b);
        break;
    case JSON_ARRAY: {
        fl_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(j); i++) {
            if (i) fl_buf_putc(b, ',');
            print_json(json_array_get(j, i), b);
        }
        fl_buf_putc(b, ']');
        break;
    }
    case JSON_OBJECT: {
        fl_buf_putc(b, '{');
        const char *k;
        json_t *v;
        bool first = true;
        json_object_foreach((json_t *)j, k, v)
        {
            if (!first) fl_buf_putc(b, ',');
            first = false;
            json_t *key = json_string(k);
            char *ks = json_dumps(key, JSON_ENCODE_ANY);
            fl_buf_puts(b, ks);
            free(ks);
            json_decref(key);
            fl_buf_putc(b, ':');
            print_json(v, b);
        }
        fl_buf_putc(b, '}');
        break;
    }
    default: {
        char *s = json_dumps(j, JSON_ENCODE_ANY);
        fl_buf_puts(b, s);
        free(s);
    }
    }
}

/* ---- evaluation ---- */

/* Evaluates src in mode; *result is a new reference on success. */
static int evaluate(const char *src, eval_mode mode, const json_t *ctx, int64_t now_ms,
                    json_t **result, fl_error *err)
{
    fl_expr *e;
    int rc = fl_expr_compile(src, strlen(src),
                             mode == MODE_BLOCK ? FL_EXPR_BLOCK : FL_EXPR_TEMPLATE, &e, err);
    if (rc) return rc;
    fl_eval_options opts = {.now_ms = now_ms};
    if (mode == MODE_STRING) {
        fl_buf b = FL_BUF_INIT;
        rc = fl_expr_evaluate_as_string(e, ctx, &opts, &b, err);
        if (!rc) *result = json_stringn(b.data ? b.data : "", b.len);
        fl_buf_free(&b);
    } else if (mode == MODE_BLOCK) {
        rc = fl_expr_evaluate_block(e, ctx, &opts, result, err);
    } else {
        rc = fl_expr_evaluate(e, ctx, &opts, result, err);
    }
    fl_expr_free(e);
    return rc;
}

static int64_t wall_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- case files ---- */

/* Replaces the clock tags of a case context ({"$now": ...}, {"$today": ...}). */
static json_t *resolve_clock(json_t *j, int64_t now_ms)
{
    if (json_is_object(j) && json_object_size(j) == 1) {
        const char *now_kind = json_string_value(json_object_get(j, "$now"));
        const char *today_kind = json_string_value(json_object_get(j, "$today"));
        char iso[48];
        fl_format_iso_ms(now_ms, iso);
        if (now_kind) return json_pack("{s:s}", "$datetime", iso);
        if (today_kind) {
            iso[10] = '\0';
            if (!strcmp(today_kind, "iso_string")) return json_string(iso);
            return json_pack("{s:s}", "$date", iso);
        }
    }
    if (json_is_object(j)) {
        json_t *o = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) json_object_set_new(o, k, resolve_clock(v, now_ms));
        return o;
    }
    if (json_is_array(j)) {
        json_t *a = json_array();
        for (size_t i = 0; i < json_array_size(j); i++)
            json_array_append_new(a, resolve_clock(json_array_get(j, i), now_ms));
        return a;
    }
    return json_incref(j);
}

static const char *tag_of(const json_t *j)
{
    static const char *const tags[] = {"$date", "$datetime", "$time"};
    if (!json_is_object(j) || json_object_size(j) != 1) return NULL;
    for (size_t i = 0; i < 3; i++)
        if (json_is_string(json_object_get(j, tags[i]))) return tags[i];
    return NULL;
}

/* Expected vs actual with the case file's rules: integer and float differ, datetimes compare
 * as instants whatever their sub-second digits. */
static bool same(const json_t *exp, const json_t *act)
{
    const char *tag = tag_of(exp);
    if (tag) {
        if (tag_of(act) != tag) return false;
        const char *a = json_string_value(json_object_get(exp, tag));
        const char *b = json_string_value(json_object_get(act, tag));
        if (!strcmp(tag, "$datetime")) {
            int64_t x, y;
            return !fl_parse_iso_ms(a, &x) && !fl_parse_iso_ms(b, &y) && x == y;
        }
        return !strcmp(a, b);
    }
    if (json_typeof(exp) != json_typeof(act)) return false;
    switch (json_typeof(exp)) {
    case JSON_INTEGER:
        return json_integer_value(exp) == json_integer_value(act);
    case JSON_REAL:
        return json_real_value(exp) == json_real_value(act);
    case JSON_STRING:
        return json_string_length(exp) == json_string_length(act) &&
               !memcmp(json_string_value(exp), json_string_value(act), json_string_length(exp));
    case JSON_ARRAY:
        if (json_array_size(exp) != json_array_size(act)) return false;
        for (size_t i = 0; i < json_array_size(exp); i++)
            if (!same(json_array_get(exp, i), json_array_get(act, i))) return false;
        return true;
    case JSON_OBJECT: {
        if (json_object_size(exp) != json_object_size(act)) return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)exp, k, v)
        {
            json_t *w = json_object_get(act, k);
            if (!w || !same(v, w)) return false;
        }
        return true;
    }
    default:
        return true; /* true, false, null: the types already matched */
    }
}

static const char *type_of(const json_t *j)
{
    const char *tag = tag_of(j);
    if (tag) return tag + 1;
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "map";
    case JSON_ARRAY:
        return "list";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "float";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

/* Whether a case's result passes. */
static bool check_case(const json_t *c, const json_t *result, const fl_error *err, int rc)
{
    const char *type = json_string_value(json_object_get(c, "expected_type"));
    if (!type) return false;
    if (!strcmp(type, "error")) return rc != 0;
    if (rc) return false;
    if (json_is_true(json_object_get(c, "nondeterministic"))) return !strcmp(type_of(result), type);
    const json_t *exp = json_object_get(c, "expected_tagged");
    if (!exp) exp = json_object_get(c, "expected");
    json_t *wrapped = NULL;
    if (!strcmp(type, "date") || !strcmp(type, "datetime") || !strcmp(type, "time")) {
        if (json_is_string(exp)) {
            char tag[16];
            snprintf(tag, sizeof tag, "$%s", type);
            exp = wrapped = json_pack("{s:O}", tag, exp);
        }
    }
    bool ok = exp && same(exp, result);
    json_decref(wrapped);
    return ok;
}

static int run_cases(const char *path, int64_t now_ms)
{
    json_error_t jerr;
    json_t *cases = json_load_file(path, JSON_ALLOW_NUL, &jerr);
    if (!json_is_array(cases)) {
        fprintf(stderr, "floip eval: %s:%d:%d: %s\n", path, jerr.line, jerr.column,
                cases ? "expected an array of cases" : jerr.text);
        json_decref(cases);
        return FL_EXIT_FAIL;
    }
    size_t passed = 0, failed = 0;
    fl_buf line = FL_BUF_INIT;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const char *api = json_string_value(json_object_get(c, "api"));
        const char *src = json_string_value(json_object_get(c, "expression"));
        eval_mode mode = MODE_STRING;
        if (api && !strcmp(api, "evaluate_block"))
            mode = MODE_BLOCK;
        else if (api && !strcmp(api, "evaluate"))
            mode = MODE_CHUNKS;
        json_t *ctx = resolve_clock(json_object_get(c, "context"), now_ms);
        json_t *result = NULL;
        fl_error err;
        fl_error_clear(&err);
        int rc = src ? evaluate(src, mode, ctx, now_ms, &result, &err)
                     : fl_error_set(&err, FL_EINVAL, "case without an expression");
        bool ok = check_case(c, result, &err, rc);
        ok ? passed++ : failed++;

        fl_buf_reset(&line);
        fl_buf_puts(&line, "{\"id\":");
        print_json(json_object_get(c, "id") ? json_object_get(c, "id") : json_null(), &line);
        if (rc) {
            json_t *msg = json_string(err.message);
            fl_buf_puts(&line, ",\"error\":");
            print_json(msg ? msg : json_null(), &line);
            json_decref(msg);
        } else {
            fl_buf_puts(&line, ",\"value\":");
            print_json(result, &line);
        }
        if (!ok) fl_buf_puts(&line, ",\"pass\":false");
        fl_buf_puts(&line, "}\n");
        fputs(line.data, stdout);
        json_decref(result);
        json_decref(ctx);
    }
    printf("%zu passed, %zu failed\n", passed, failed);
    fl_buf_free(&line);
    json_decref(cases);
    return failed ? FL_EXIT_FAIL : FL_EXIT_OK;
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"context", required_argument, NULL, 'c'}, {"context-file", required_argument, NULL, 'f'},
        {"block", no_argument, NULL, 'b'},         {"chunks", no_argument, NULL, 'k'},
        {"cases", required_argument, NULL, 'C'},   {"now", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *context_text = NULL, *context_file = NULL, *cases = NULL, *now = NULL;
    eval_mode mode = MODE_STRING;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            context_text = optarg;
            break;
        case 'f':
            context_file = optarg;
            break;
        case 'b':
            mode = MODE_BLOCK;
            break;
        case 'k':
            mode = MODE_CHUNKS;
            break;
        case 'C':
            cases = optarg;
            break;
        case 'n':
            now = optarg;
            break;
        case 'h':
            usage(stdout);
            return FL_EXIT_OK;
        default:
            usage(stderr);
            return FL_EXIT_USAGE;
        }
    }
    int64_t now_ms = wall_clock_ms();
    if (now && fl_parse_iso_ms(now, &now_ms)) {
        fprintf(stderr, "floip eval: --now: not an ISO 8601 time: %s\n", now);
        return FL_EXIT_USAGE;
    }
    if (cases) {
        if (optind != argc) {
            usage(stderr);
            return FL_EXIT_USAGE;
        }
        return run_cases(cases, now_ms);
    }
    if (optind != argc - 1 || (context_text && context_file)) {
        usage(stderr);
        return FL_EXIT_USAGE;
    }
    json_t *ctx = NULL;
    json_error_t jerr;
    if (context_text) ctx = json_loads(context_text, JSON_ALLOW_NUL, &jerr);
    if (context_file) ctx = json_load_file(context_file, JSON_ALLOW_NUL, &jerr);
    if ((context_text || context_file) && !json_is_object(ctx)) {
        fprintf(stderr, "floip eval: context: %d:%d: %s\n", jerr.line, jerr.column,
                ctx ? "expected a JSON object" : jerr.text);
        json_decref(ctx);
        return FL_EXIT_USAGE;
    }
    json_t *result = NULL;
    fl_error err;
    fl_error_clear(&err);
    int rc = evaluate(argv[optind], mode, ctx, now_ms, &result, &err);
    json_decref(ctx);
    if (rc) {
        fprintf(stderr, "floip eval: %s\n", err.message);
        return FL_EXIT_FAIL;
    }
    fl_buf out = FL_BUF_INIT;
    print_json(result, &out);
    printf("%s\n", out.data);
    fl_buf_free(&out);
    json_decref(result);
    return FL_EXIT_OK;
}
