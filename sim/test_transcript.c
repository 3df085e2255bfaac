/*
 * test_transcript.c: *.transcript.json, a conversation written down as data. Each file is one
 * test; its steps run in order (send, press, message, wait) and every `expect` must hold after
 * the steps before it. A failure names the line of the expect key that did not hold.
 * --update rewrites the golden keys (text, buttons, block, state) from what the journey does.
 */
#include "sim/test.h"
#include "engine/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TRANSCRIPT_BYTES (16u << 20)
#define DEFAULT_NOW_MS       1735689600000LL /* 2025-01-01T00:00:00Z, as Lua tests */

/* ---- line numbers: jansson gives none for values, so the text is scanned once ------------- */

typedef struct key_line {
    size_t step;
    char key[64];
    int line;
} key_line;

typedef struct scan {
    const char *p, *end;
    int line;
    int *step_lines; /* line where each step starts */
    size_t n_steps;
    key_line *keys; /* line of each key of each step's expect */
    size_t n_keys;
} scan;

static void ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) {
        if (*s->p == '\n') s->line++;
        s->p++;
    }
}

/* Reads a string token; copies up to cap-1 bytes of its raw text into out (may be NULL). */
static bool str(scan *s, char *out, size_t cap)
{
    if (s->p >= s->end || *s->p != '"') return false;
    s->p++;
    size_t n = 0;
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\' && s->p + 1 < s->end) {
            if (out && n + 1 < cap) out[n++] = *s->p;
            s->p++;
        }
        if (*s->p == '\n') s->line++;
        if (out && n + 1 < cap) out[n++] = *s->p;
        s->p++;
    }
    if (out) out[n] = '\0';
    if (s->p < s->end) s->p++;
    return true;
}

static void skip_value(scan *s, int depth);

/* Walks an object; calls on_key for each key with the scan positioned at its value. */
typedef void (*key_fn)(scan *s, const char *key, int key_line, void *ud, int depth);

static void object(scan *s, key_fn on_key, void *ud, int depth)
{
    s->p++; /* { */
    for (;;) {
        ws(s);
        if (s->p >= s->end || *s->p == '}') break;
        char key[64];
        int line = s->line;
        if (!str(s, key, sizeof key)) break;
        ws(s);
        if (s->p < s->end && *s->p == ':') s->p++;
        ws(s);
        if (on_key)
            on_key(s, key, line, ud, depth);
        else
            skip_value(s, depth + 1);
        ws(s);
        if (s->p < s->end && *s->p == ',') s->p++;
    }
    if (s->p < s->end) s->p++;
}

static void skip_value(scan *s, int depth)
{
    ws(s);
    if (s->p >= s->end || depth > 200) return;
    if (*s->p == '{') {
        object(s, NULL, NULL, depth);
    } else if (*s->p == '[') {
        s->p++;
        for (;;) {
            ws(s);
            if (s->p >= s->end || *s->p == ']') break;
            skip_value(s, depth + 1);
            ws(s);
            if (s->p < s->end && *s->p == ',')
                s->p++;
            else
                break;
        }
        ws(s);
        if (s->p < s->end) s->p++;
    } else if (*s->p == '"') {
        str(s, NULL, 0);
    } else {
        while (s->p < s->end && !strchr(",]} \t\r\n", *s->p)) s->p++;
    }
}

static void record_key(scan *s, size_t step, const char *key, int line)
{
    s->keys = fl_xrealloc(s->keys, (s->n_keys + 1) * sizeof *s->keys);
    key_line *k = &s->keys[s->n_keys++];
    k->step = step;
    snprintf(k->key, sizeof k->key, "%s", key);
    k->line = line;
}

static void expect_key(scan *s, const char *key, int line, void *ud, int depth)
{
    record_key(s, *(size_t *)ud, key, line);
    skip_value(s, depth + 1);
}

static void step_key(scan *s, const char *key, int line, void *ud, int depth)
{
    if (!strcmp(key, "expect") && s->p < s->end && *s->p == '{') {
        /* the expect line itself, for failures not tied to one key */
        record_key(s, *(size_t *)ud, "", line);
        object(s, expect_key, ud, depth + 1);
        return;
    }
    skip_value(s, depth + 1);
}

static void top_key(scan *s, const char *key, int line, void *ud, int depth)
{
    (void)line, (void)ud;
    if (strcmp(key, "steps") || s->p >= s->end || *s->p != '[') {
        skip_value(s, depth + 1);
        return;
    }
    s->p++;
    for (size_t i = 0;; i++) {
        ws(s);
        if (s->p >= s->end || *s->p == ']') break;
        s->step_lines = fl_xrealloc(s->step_lines, (s->n_steps + 1) * sizeof *s->step_lines);
        s->step_lines[s->n_steps++] = s->line;
        if (*s->p == '{')
            object(s, step_key, &i, depth + 2);
        else
            skip_value(s, depth + 2);
        ws(s);
        if (s->p < s->end && *s->p == ',') s->p++;
    }
    if (s->p < s->end) s->p++;
}

static void scan_lines(scan *s, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->p = text, s->end = text + len, s->line = 1;
    ws(s);
    if (s->p < s->end && *s->p == '{') object(s, top_key, NULL, 0);
}

static int line_of(const scan *s, size_t step, const char *key)
{
    for (size_t i = 0; i < s->n_keys; i++)
        if (s->keys[i].step == step && !strcmp(s->keys[i].key, key)) return s->keys[i].line;
    return step < s->n_steps ? s->step_lines[step] : 1;
}

/* ---- checking one expect ------------------------------------------------------------------- */

typedef struct tctx {
    const char *path;
    scan sc;
    fl_test_result *r;
    bool failed;
    bool update;
} tctx;

static char *dump(const json_t *j)
{
    return j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : fl_xstrdup("null");
}

static void failure(tctx *t, size_t step, const char *key, const json_t *expected,
                    const json_t *actual, const char *fmt, ...) FL_PRINTF(6, 7);

static void failure(tctx *t, size_t step, const char *key, const json_t *expected,
                    const json_t *actual, const char *fmt, ...)
{
    if (t->failed) return; /* the first failure is the one reported */
    t->failed = true;
    fl_buf where = FL_BUF_INIT, msg = FL_BUF_INIT;
    fl_buf_printf(&where, "%s:%d", t->path, line_of(&t->sc, step, key));
    va_list ap;
    va_start(ap, fmt);
    fl_buf_printf(&msg, "step %zu: ", step + 1);
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    fl_buf_puts(&msg, tmp);
    char *e = expected ? dump(expected) : NULL, *a = actual ? dump(actual) : NULL;
    fl_test_result_fail(t->r, where.data, msg.data, e, a);
    free(e), free(a);
    fl_buf_free(&where);
    fl_buf_free(&msg);
}

static bool regex_match(const char *pattern, const char *subject, char *err, size_t errcap)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR m[256];
        pcre2_get_error_message(code, m, sizeof m);
        snprintf(err, errcap, "bad pattern at offset %d: %s", (int)off, (const char *)m);
        return false;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    err[0] = '\0';
    return rc >= 0;
}

/* A contact property may be held as {value, __value__, ...}: compare its value then. */
static const json_t *unwrap(const json_t *have, const json_t *want)
{
    if (json_is_object(have) && !json_is_object(want)) {
        const json_t *v = json_object_get(have, "__value__");
        if (!v) v = json_object_get(have, "value");
        if (v) return v;
    }
    return have;
}

/* Each wanted item matches a later item of have (in order). */
static bool in_order(const json_t *want, const json_t *have, bool subset, size_t *missing)
{
    size_t j = 0;
    for (size_t i = 0; i < json_array_size(want); i++) {
        const json_t *w = json_array_get(want, i);
        bool found = false;
        for (; j < json_array_size(have) && !found; j++)
            found = subset ? fl_json_subset(w, json_array_get(have, j))
                           : fl_json_equal_loose(w, json_array_get(have, j));
        if (!found) {
            *missing = i;
            return false;
        }
    }
    return true;
}

static void rewrite_golden(fl_tsim *sim, json_t *expect)
{
    bool any = json_object_get(expect, "text") || json_object_get(expect, "buttons") ||
               json_object_get(expect, "block") || json_object_get(expect, "state");
    const char *block = fl_tsim_block(sim);
    if (!any || json_object_get(expect, "text"))
        json_object_set_new(expect, "text", json_string(sim->text ? sim->text : ""));
    if ((!any && json_array_size(sim->buttons)) || json_object_get(expect, "buttons"))
        json_object_set(expect, "buttons", sim->buttons ? sim->buttons : json_array());
    if ((!any && block) || json_object_get(expect, "block"))
        json_object_set_new(expect, "block", block ? json_string(block) : json_null());
    if (!any || json_object_get(expect, "state"))
        json_object_set_new(expect, "state", json_string(fl_tsim_state(sim)));
}

static void check_expect(tctx *t, fl_tsim *sim, size_t step, json_t *expect)
{
    if (!json_is_object(expect)) {
        failure(t, step, "", NULL, NULL, "expect must be an object");
        return;
    }
    if (t->update) rewrite_golden(sim, expect);
    const char *key;
    json_t *want;
    json_t *text = json_string(sim->text ? sim->text : "");
    json_object_foreach(expect, key, want)
    {
        if (!strcmp(key, "text")) {
            if (!fl_json_equal_loose(want, text)) failure(t, step, key, want, text, "text differs");
        } else if (!strcmp(key, "text_contains")) {
            json_t *list = json_is_array(want) ? json_incref(want) : json_pack("[O]", want);
            json_t *needle;
            size_t i;
            json_array_foreach(list, i, needle)
            {
                const char *n = json_string_value(needle);
                if (!n || !strstr(json_string_value(text), n)) {
                    failure(t, step, key, needle, text, "text does not contain the expected part");
                    break;
                }
            }
            json_decref(list);
        } else if (!strcmp(key, "text_matches")) {
            char err[300];
            const char *pat = json_string_value(want);
            if (!pat)
                failure(t, step, key, NULL, NULL, "text_matches must be a string");
            else if (!regex_match(pat, json_string_value(text), err, sizeof err))
                failure(t, step, key, want, text, "%s", err[0] ? err : "text does not match");
        } else if (!strcmp(key, "buttons")) {
            json_t *have = sim->buttons ? sim->buttons : json_array();
            if (!fl_json_equal_loose(want, have))
                failure(t, step, key, want, have, "buttons differ");
            if (!sim->buttons) json_decref(have);
        } else if (!strcmp(key, "block")) {
            const fl_block *b = sim->session ? fl_session_waiting_block(sim->session) : NULL;
            const char *w = json_string_value(want);
            bool ok = b ? w && (!strcmp(w, fl_block_name(b)) || !strcmp(w, fl_block_uuid(b)))
                        : json_is_null(want);
            if (!ok) {
                json_t *have = b ? json_string(fl_block_name(b)) : json_null();
                failure(t, step, key, want, have, "waiting at another block");
                json_decref(have);
            }
        } else if (!strcmp(key, "state")) {
            json_t *have = json_string(fl_tsim_state(sim));
            if (!fl_json_equal_loose(want, have))
                failure(t, step, key, want, have, "state differs");
            json_decref(have);
        } else if (!strcmp(key, "context") || !strcmp(key, "contact")) {
            const json_t *root = sim->session ? fl_session_context(sim->session) : NULL;
            if (!strcmp(key, "contact")) root = json_object_get(root, "contact");
            const char *path;
            json_t *v;
            json_object_foreach(want, path, v)
            {
                const json_t *have = unwrap(fl_tsim_path(root, path), v);
                if (!fl_json_equal_loose(v, have ? have : json_null())) {
                    failure(t, step, key, v, have ? have : json_null(), "%s.%s differs", key, path);
                    break;
                }
            }
        } else if (!strcmp(key, "log")) {
            json_t *logs = fl_tsim_logs(sim);
            size_t missing;
            if (!json_is_array(want) || !in_order(want, logs, false, &missing))
                failure(t, step, key, json_is_array(want) ? json_array_get(want, missing) : want,
                        logs, "log message not written (in this order)");
            json_decref(logs);
        } else if (!strcmp(key, "events")) {
            size_t missing;
            if (!json_is_array(want) || !in_order(want, sim->turn_events, true, &missing))
                failure(t, step, key, json_is_array(want) ? json_array_get(want, missing) : want,
                        sim->turn_events, "no such event in this turn (in this order)");
        } else {
            failure(t, step, key, NULL, NULL, "unknown expect key \"%s\"", key);
        }
    }
    json_decref(text);
}

/* ---- running a transcript ------------------------------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *test_name(const char *path, const json_t *doc)
{
    const char *name = json_string_value(json_object_get(doc, "name"));
    if (name) return fl_xstrdup(name);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base), suffix = strlen(".transcript.json");
    return fl_xstrndup(base, n > suffix ? n - suffix : n);
}

static void run_steps(tctx *t, fl_tsim *sim, json_t *steps)
{
    json_t *step;
    size_t i;
    fl_buf err = FL_BUF_INIT;
    json_array_foreach(steps, i, step)
    {
        if (t->failed && !t->update) break;
        if (!json_is_object(step)) {
            failure(t, i, "", NULL, NULL, "a step must be an object");
            continue;
        }
        const char *key;
        json_t *v;
        int rc = 0;
        fl_buf_reset(&err);
        json_object_foreach(step, key, v)
        {
            if (!strcmp(key, "send")) {
                if (!json_is_string(v))
                    rc = FL_EINVAL, fl_buf_puts(&err, "send takes a string");
                else
                    rc = fl_tsim_send(sim, json_string_value(v), &err);
            } else if (!strcmp(key, "press")) {
                json_t *s = json_is_integer(v) ? NULL : v;
                char num[32];
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
                rc = fl_tsim_press(sim, s ? json_string_value(s) ?: "" : num, &err);
            } else if (!strcmp(key, "message")) {
                rc = fl_tsim_message(sim, v, &err);
            } else if (!strcmp(key, "wait")) {
                rc = fl_tsim_wait(sim, json_string_value(v) ?: "", &err);
            } else if (!strcmp(key, "expect") || !strcmp(key, "comment")) {
                continue;
            } else {
                rc = FL_EINVAL;
                fl_buf_printf(&err, "unknown step \"%s\" (send, press, message, wait, expect)",
                              key);
            }
            if (rc) break;
        }
        if (rc) {
            failure(t, i, "", NULL, NULL, "%s", err.data ? err.data : "step failed");
            break;
        }
        json_t *expect = json_object_get(step, "expect");
        if (expect) check_expect(t, sim, i, expect);
    }
    fl_buf_free(&err);
}

static int write_back(const char *path, json_t *doc, fl_buf *err)
{
    char *text = json_dumps(doc, JSON_INDENT(2));
    FILE *f = text ? fopen(path, "w") : NULL;
    int rc = 0;
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) rc = FL_EIO;
    if (f && fclose(f)) rc = FL_EIO;
    if (rc) fl_buf_printf(err, "cannot write %s", path);
    free(text);
    return rc;
}

int fl_test_run_transcript(const char *path, fl_test_cache *cache, const fl_test_options *opt,
                           fl_test_file *out)
{
    double t0 = now_seconds();
    out->is_transcript = true;
    if (!out->coverage) out->coverage = json_object();
    char *text = NULL;
    size_t len = 0;
    fl_error e = {0};
    if (fl_read_file(path, MAX_TRANSCRIPT_BYTES, &text, &len, &e)) {
        out->error = fl_xstrdup(e.message);
        return FL_EIO;
    }
    json_error_t je;
    json_t *doc = json_loadb(text, len, 0, &je);
    fl_buf err = FL_BUF_INIT;
    if (!doc) {
        fl_buf_printf(&err, "%s:%d:%d: invalid JSON: %s", path, je.line, je.column, je.text);
    } else if (!json_is_string(json_object_get(doc, "flow"))) {
        fl_buf_printf(&err, "%s: \"flow\" (the journey file, relative to this one) is required",
                      path);
    } else if (!json_is_array(json_object_get(doc, "steps"))) {
        fl_buf_printf(&err, "%s: \"steps\" must be an array", path);
    }
    if (err.len) {
        out->error = fl_buf_steal(&err);
        json_decref(doc);
        free(text);
        return FL_EINVAL;
    }
    char *name = test_name(path, doc);
    if (!fl_test_filter_match(opt->filter, name)) {
        free(name);
        json_decref(doc);
        free(text);
        return 0;
    }
    tctx t = {.path = path, .update = opt->update};
    scan_lines(&t.sc, text, len);
    free(text);
    t.r = fl_test_file_add(out, name);
    free(name);

    char *dir = fl_test_dirname(path);
    char *flow_path = fl_test_join(dir, json_string_value(json_object_get(doc, "flow")));
    free(dir);
    char *load_err = NULL;
    const fl_container *c = fl_test_cache_get(cache, flow_path, &load_err);
    free(flow_path);
    fl_tsim sim;
    memset(&sim, 0, sizeof sim);
    if (!c) {
        fl_buf where = FL_BUF_INIT;
        fl_buf_printf(&where, "%s:1", path);
        fl_test_result_fail(t.r, where.data, load_err, NULL, NULL);
        fl_buf_free(&where);
        free(load_err);
    } else {
        fl_tsim_start st = {0};
        st.flow = json_string_value(json_object_get(doc, "flow_uuid"));
        st.contact = json_object_get(doc, "contact");
        st.vars = json_object_get(doc, "vars");
        st.webhook_mocks = json_object_get(doc, "webhooks");
        st.language = json_string_value(json_object_get(doc, "language"));
        if (!st.language) st.language = json_string_value(json_object_get(st.contact, "language"));
        st.mode = json_string_value(json_object_get(doc, "mode"));
        st.seed = (uint64_t)json_integer_value(json_object_get(doc, "seed"));
        st.now_ms = DEFAULT_NOW_MS;
        const char *now = json_string_value(json_object_get(doc, "now"));
        const char *policy =
            json_string_value(json_object_get(json_object_get(doc, "options"), "timeout_exit"));
        st.timeout_default_exit = policy && !strcmp(policy, "default");
        if (now && fl_parse_iso_ms(now, &st.now_ms)) {
            failure(&t, 0, "", NULL, NULL, "\"now\" is not an ISO 8601 time");
        } else if (fl_tsim_begin(&sim, c, &st, out->coverage, &err)) {
            fl_buf where = FL_BUF_INIT;
            fl_buf_printf(&where, "%s:1", path);
            fl_test_result_fail(t.r, where.data, err.data, NULL, NULL);
            fl_buf_free(&where);
        } else {
            run_steps(&t, &sim, json_object_get(doc, "steps"));
        }
        fl_tsim_end(&sim);
    }
    if (opt->update && c) {
        fl_buf_reset(&err);
        if (write_back(path, doc, &err) == 0)
            out->updated = true;
        else if (!t.failed)
            fl_test_result_fail(t.r, path, err.data, NULL, NULL);
    }
    fl_buf_free(&err);
    free(t.sc.step_lines);
    free(t.sc.keys);
    json_decref(doc);
    t.r->seconds = now_seconds() - t0;
    out->seconds = t.r->seconds;
    return 0;
}
