/*
 * cmd_render.c: `floip render`, the Channel API `turn` payload of one block, computed the way a
 * connector linking libfloip would (fl_render_turn); or, with --envelope, recomputed from a whole
 * webhook body and compared with the `turn` (and evaluated_resources) it carries.
 */
#include "engine/channel.h"
#include "engine/util.h"
#include "sim/commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static json_t *load_json(const char *path)
{
    json_error_t e;
    json_t *v = json_load_file(path, JSON_DECODE_ANY, &e);
    if (!v) fprintf(stderr, "floip render: %s:%d:%d: %s\n", path, e.line, e.column, e.text);
    return v;
}

static void print_json(FILE *f, const json_t *v)
{
    json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    fputc('\n', f);
}

static void print_warnings(const json_t *warnings)
{
    size_t i;
    const json_t *w;
    json_array_foreach(warnings, i, w)
    {
        const char *path = json_string_value(json_object_get(w, "path"));
        fprintf(stderr, "warning: %s%s%s: %s\n", json_string_value(json_object_get(w, "code")),
                path ? " at " : "", path ? path : "",
                json_string_value(json_object_get(w, "message")));
    }
}

/* Prints every difference between want (carried) and got (recomputed), by JSON pointer. */
static size_t diff(const json_t *want, const json_t *got, fl_buf *ptr, FILE *out)
{
    if (json_equal((json_t *)want, (json_t *)got)) return 0;
    size_t n = 0, mark = ptr->len;
    if (json_is_object(want) && json_is_object(got)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)want, k, v)
        {
            fl_pointer_push(ptr, k);
            json_t *g = json_object_get(got, k);
            if (!g) {
                fprintf(out, "- %s: ", ptr->data);
                json_dumpf(v, out, JSON_COMPACT | JSON_ENCODE_ANY);
                fputc('\n', out), n++;
            } else {
                n += diff(v, g, ptr, out);
            }
            ptr->len = mark, ptr->data[mark] = '\0';
        }
        json_object_foreach((json_t *)got, k, v)
        {
            if (json_object_get(want, k)) continue;
            fl_pointer_push(ptr, k);
            fprintf(out, "+ %s: ", ptr->data);
            json_dumpf(v, out, JSON_COMPACT | JSON_ENCODE_ANY);
            fputc('\n', out), n++;
            ptr->len = mark, ptr->data[mark] = '\0';
        }
        return n;
    }
    if (json_is_array(want) && json_is_array(got)) {
        size_t a = json_array_size(want), b = json_array_size(got);
        for (size_t i = 0; i < (a > b ? a : b); i++) {
            fl_pointer_push_index(ptr, i);
            if (i >= b) {
                fprintf(out, "- %s: ", ptr->data);
                json_dumpf(json_array_get(want, i), out, JSON_COMPACT | JSON_ENCODE_ANY);
                fputc('\n', out), n++;
            } else if (i >= a) {
                fprintf(out, "+ %s: ", ptr->data);
                json_dumpf(json_array_get(got, i), out, JSON_COMPACT | JSON_ENCODE_ANY);
                fputc('\n', out), n++;
            } else {
                n += diff(json_array_get(want, i), json_array_get(got, i), ptr, out);
            }
            ptr->len = mark, ptr->data[mark] = '\0';
        }
        return n;
    }
    fprintf(out, "- %s: ", ptr->len ? ptr->data : "/");
    json_dumpf(want, out, JSON_COMPACT | JSON_ENCODE_ANY);
    fprintf(out, "\n+ %s: ", ptr->len ? ptr->data : "/");
    json_dumpf(got, out, JSON_COMPACT | JSON_ENCODE_ANY);
    fputc('\n', out);
    return 1;
}

static size_t report(const char *what, const json_t *want, const json_t *got)
{
    fl_buf ptr = FL_BUF_INIT;
    fl_buf_puts(&ptr, "");
    if (json_equal((json_t *)want, (json_t *)got)) {
        printf("%s: identical\n", what);
        fl_buf_free(&ptr);
        return 0;
    }
    printf("%s: differs (- carried, + recomputed)\n", what);
    size_t n = diff(want, got, &ptr, stdout);
    fl_buf_free(&ptr);
    return n ? n : 1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: floip render --block B.json [--context C.json] [--resources R.json]\n"
            "                    [--lang L] [--mode M] [--now ISO] [--seed N] [--evaluated]\n"
            "       floip render --envelope WEBHOOK.json [--lang L] [--mode M] [--now ISO]\n"
            "  prints the Channel API `turn` payload (null when the block sends nothing);\n"
            "  warnings (WhatsApp limits broken) go to standard error.\n"
            "  --evaluated  print {turn, evaluated_resources, warnings} instead\n"
            "  --envelope   recompute turn and evaluated_resources from a webhook body and show\n"
            "               every difference; exits 0 when identical, 1 when not\n"
            "  --lang       language id (default: context.contact.language, else the first)\n"
            "  --mode       TEXT, SMS, USSD, IVR, RICH_MESSAGING (default), OFFLINE\n");
}

int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {{"block", required_argument, NULL, 'b'},
                                         {"context", required_argument, NULL, 'c'},
                                         {"resources", required_argument, NULL, 'r'},
                                         {"envelope", required_argument, NULL, 'e'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"mode", required_argument, NULL, 'm'},
                                         {"now", required_argument, NULL, 'n'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"evaluated", no_argument, NULL, 'E'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *block_path = NULL, *ctx_path = NULL, *res_path = NULL, *env_path = NULL;
    const char *lang = NULL, *mode = NULL;
    bool evaluated = false;
    fl_eval_options eo = {0};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "b:c:r:e:l:m:n:s:Eh", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            block_path = optarg;
            break;
        case 'c':
            ctx_path = optarg;
            break;
        case 'r':
            res_path = optarg;
            break;
        case 'e':
            env_path = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'm':
            mode = optarg;
            break;
        case 'n':
            if (fl_parse_iso_ms(optarg, &eo.now_ms) < 0) {
                fprintf(stderr, "floip render: --now: not an ISO 8601 time: %s\n", optarg);
                return FL_EXIT_USAGE;
            }
            break;
        case 's':
            eo.seed = strtoull(optarg, NULL, 10);
            break;
        case 'E':
            evaluated = true;
            break;
        case 'h':
            usage();
            return FL_EXIT_OK;
        default:
            usage();
            return FL_EXIT_USAGE;
        }
    }
    if (optind != argc || (!block_path == !env_path) ||
        (env_path && (ctx_path || res_path || evaluated))) {
        usage();
        return FL_EXIT_USAGE;
    }

    if (mode && !fl_channel_mode(mode)) {
        fprintf(stderr, "floip render: --mode: unknown mode \"%s\"\n", mode);
        return FL_EXIT_USAGE;
    }
    json_t *env = NULL, *block = NULL, *ctx = NULL, *res = NULL;
    int code = FL_EXIT_FAIL;
    if (env_path) {
        if (!(env = load_json(env_path))) return FL_EXIT_FAIL;
        if (!json_is_object(env)) {
            fprintf(stderr, "floip render: %s: a webhook body is a JSON object\n", env_path);
            goto done;
        }
        block = json_incref(json_object_get(env, "block"));
        ctx = json_incref(json_object_get(env, "context"));
        res = json_incref(json_object_get(env, "resources"));
    } else {
        if (!(block = load_json(block_path))) goto done;
        if (ctx_path && !(ctx = load_json(ctx_path))) goto done;
        if (res_path && !(res = load_json(res_path))) goto done;
    }

    json_t *turn = NULL, *evres = NULL, *warnings = NULL;
    fl_error err;
    fl_error_clear(&err);
    int rc = fl_channel_render(block, ctx, res, lang, mode, &eo, &turn, &evres, &warnings, &err);
    if (rc < 0) {
        fl_buf m = FL_BUF_INIT;
        fl_error_format(&err, &m);
        fprintf(stderr, "floip render: %s\n", m.data ? m.data : fl_strerror(rc));
        fl_buf_free(&m);
        goto done;
    }
    print_warnings(warnings);
    if (!turn) turn = json_null();
    if (env) {
        size_t n =
            report("turn",
                   json_object_get(env, "turn") ? json_object_get(env, "turn") : json_null(), turn);
        const json_t *carried = json_object_get(env, "evaluated_resources");
        if (json_is_array(carried)) n += report("evaluated_resources", carried, evres);
        code = n ? FL_EXIT_FAIL : FL_EXIT_OK;
    } else if (evaluated) {
        json_t *all = json_pack("{s:O, s:O, s:O}", "turn", turn, "evaluated_resources", evres,
                                "warnings", warnings);
        print_json(stdout, all);
        json_decref(all);
        code = FL_EXIT_OK;
    } else {
        print_json(stdout, turn);
        code = FL_EXIT_OK;
    }
    json_decref(turn), json_decref(evres), json_decref(warnings);
done:
    json_decref(env), json_decref(block), json_decref(ctx), json_decref(res);
    return code;
}
