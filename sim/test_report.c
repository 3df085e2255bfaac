/* test_report.c: how `floip test` tells people and CI what happened: the human report (expected
 * and actual side by side), TAP 13 and JUnit XML. Expected/actual values arrive as JSON text. */
#include "sim/test.h"
#include "engine/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- results bookkeeping ------------------------------------------------------------------- */

fl_test_result *fl_test_file_add(fl_test_file *f, const char *name)
{
    if (f->n_results == f->cap_results) {
        f->cap_results = f->cap_results ? 2 * f->cap_results : 8;
        f->results = fl_xrealloc(f->results, f->cap_results * sizeof *f->results);
    }
    fl_test_result *r = &f->results[f->n_results++];
    memset(r, 0, sizeof *r);
    r->name = fl_xstrdup(name);
    return r;
}

static char *dup_or_null(const char *s)
{
    return s ? fl_xstrdup(s) : NULL;
}

void fl_test_result_fail(fl_test_result *r, const char *where, const char *message,
                         const char *expected, const char *actual)
{
    r->status = FL_TEST_FAIL;
    free(r->where), free(r->message), free(r->expected), free(r->actual);
    r->where = dup_or_null(where);
    r->message = fl_xstrdup(message ? message : "failed");
    r->expected = dup_or_null(expected);
    r->actual = dup_or_null(actual);
}

void fl_test_file_clear(fl_test_file *f)
{
    for (size_t i = 0; i < f->n_results; i++) {
        fl_test_result *r = &f->results[i];
        free(r->name), free(r->message), free(r->where), free(r->expected), free(r->actual);
        free(r->output);
    }
    free(f->results);
    free(f->path);
    free(f->error);
    json_decref(f->coverage);
    memset(f, 0, sizeof *f);
}

/* ---- the human report ---------------------------------------------------------------------- */

static const char *decode_string(const char *json_text, json_t **holder)
{
    *holder = json_text ? json_loads(json_text, JSON_DECODE_ANY, NULL) : NULL;
    return json_string_value(*holder);
}

static size_t width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

static const char *next_line(const char *s, size_t *len)
{
    if (!s) {
        *len = 0;
        return NULL;
    }
    const char *nl = strchr(s, '\n');
    *len = nl ? (size_t)(nl - s) : strlen(s);
    return nl ? nl + 1 : NULL;
}

/* Multi-line texts: two columns, a "!" between lines that differ. */
static void side_by_side(FILE *out, const char *indent, const char *exp, const char *act)
{
    size_t col = 8, len;
    for (const char *p = exp; p;) {
        const char *line = p;
        p = next_line(p, &len);
        size_t w = width(line, len);
        if (w > col) col = w;
    }
    if (col > 60) col = 60;
    fprintf(out, "%s%-*s | actual\n", indent, (int)col, "expected");
    const char *e = exp, *a = act;
    while (e || a) {
        size_t el = 0, al = 0;
        const char *eline = e, *aline = a;
        e = e ? next_line(e, &el) : NULL;
        a = a ? next_line(a, &al) : NULL;
        bool same = eline && aline && el == al && !memcmp(eline, aline, el);
        size_t w = eline ? width(eline, el) : 0;
        fprintf(out, "%s%.*s%*s %c %.*s\n", indent, (int)el, eline ? eline : "",
                (int)(w < col ? col - w : 0), "", same ? '|' : '!', (int)al, aline ? aline : "");
    }
}

static void print_values(FILE *out, const char *indent, const char *exp, const char *act)
{
    if (!exp && !act) return;
    json_t *he, *ha;
    const char *se = decode_string(exp, &he), *sa = decode_string(act, &ha);
    if (se && sa && (strchr(se, '\n') || strchr(sa, '\n'))) {
        side_by_side(out, indent, se, sa);
    } else {
        if (exp) fprintf(out, "%sexpected: %s\n", indent, exp);
        if (act) fprintf(out, "%sactual:   %s\n", indent, act);
    }
    json_decref(he);
    json_decref(ha);
}

static void print_output(FILE *out, const char *indent, const char *text)
{
    if (!text || !*text) return;
    fprintf(out, "%soutput:\n", indent);
    size_t len;
    for (const char *p = text; p;) {
        const char *line = p;
        p = next_line(p, &len);
        if (!p && !len) break;
        fprintf(out, "%s  %.*s\n", indent, (int)len, line);
    }
}

void fl_report_file_human(FILE *out, const fl_test_file *f, bool color)
{
    const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "";
    const char *dim = color ? "\033[33m" : "", *off = color ? "\033[0m" : "";
    if (f->error) {
        fprintf(out, "%s\n  %sERROR%s %s\n", f->path, red, off, f->error);
        return;
    }
    if (!f->n_results) return;
    fprintf(out, "%s%s\n", f->path, f->updated ? " (updated)" : "");
    for (size_t i = 0; i < f->n_results; i++) {
        const fl_test_result *r = &f->results[i];
        if (r->status == FL_TEST_PASS) {
            fprintf(out, "  %sok%s    %s\n", green, off, r->name);
        } else if (r->status == FL_TEST_SKIP) {
            fprintf(out, "  %sskip%s  %s\n", dim, off, r->name);
        } else {
            fprintf(out, "  %sFAIL%s  %s\n", red, off, r->name);
            fprintf(out, "        %s%s%s\n", r->where ? r->where : "", r->where ? ": " : "",
                    r->message ? r->message : "failed");
            print_values(out, "        ", r->expected, r->actual);
            print_output(out, "        ", r->output);
        }
    }
}

void fl_report_summary(FILE *out, const fl_test_totals *t)
{
    fprintf(out, "%zu passed, %zu failed", t->passed, t->failed);
    if (t->skipped) fprintf(out, ", %zu skipped", t->skipped);
    if (t->errors) fprintf(out, ", %zu error%s", t->errors, t->errors == 1 ? "" : "s");
    fputc('\n', out);
}

/* ---- TAP 13 -------------------------------------------------------------------------------- */

static void yaml_string(FILE *out, const char *key, const char *s)
{
    json_t *j = json_string(s);
    char *text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    fprintf(out, "  %s: %s\n", key, text ? text : "\"\"");
    free(text);
    json_decref(j);
}

static void tap_description(FILE *out, const char *path, const char *name)
{
    fprintf(out, " - ");
    for (const char *s = path; *s; s++) fputc(*s == '#' ? '_' : *s, out);
    fprintf(out, ": ");
    /* "#" starts a TAP directive, newlines end the line: neither may appear in a description. */
    for (const char *s = name; *s; s++) fputc(*s == '#' || *s == '\n' ? ' ' : *s, out);
}

void fl_report_file_tap(FILE *out, const fl_test_file *f, size_t *counter)
{
    if (f->error) {
        fprintf(out, "not ok %zu", ++*counter);
        tap_description(out, f->path, "(file)");
        fprintf(out, "\n  ---\n");
        yaml_string(out, "message", f->error);
        fprintf(out, "  severity: error\n  ...\n");
        return;
    }
    for (size_t i = 0; i < f->n_results; i++) {
        const fl_test_result *r = &f->results[i];
        fprintf(out, "%s %zu", r->status == FL_TEST_FAIL ? "not ok" : "ok", ++*counter);
        tap_description(out, f->path, r->name);
        if (r->status == FL_TEST_SKIP) fprintf(out, " # SKIP");
        fputc('\n', out);
        if (r->status != FL_TEST_FAIL) continue;
        fprintf(out, "  ---\n");
        yaml_string(out, "message", r->message ? r->message : "failed");
        if (r->where) yaml_string(out, "at", r->where);
        /* expected/actual are JSON text, and JSON is YAML. */
        if (r->expected) fprintf(out, "  expected: %s\n", r->expected);
        if (r->actual) fprintf(out, "  actual: %s\n", r->actual);
        if (r->output && *r->output) yaml_string(out, "output", r->output);
        fprintf(out, "  ...\n");
    }
}

void fl_report_tap_end(FILE *out, size_t counter, const fl_test_totals *t)
{
    fprintf(out, "1..%zu\n# ", counter);
    fl_report_summary(out, t);
}

/* ---- JUnit XML ----------------------------------------------------------------------------- */

void fl_xml_escape(fl_buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            fl_buf_puts(out, "&amp;");
            break;
        case '<':
            fl_buf_puts(out, "&lt;");
            break;
        case '>':
            fl_buf_puts(out, "&gt;");
            break;
        case '"':
            fl_buf_puts(out, "&quot;");
            break;
        case '\'':
            fl_buf_puts(out, "&apos;");
            break;
        case '\n':
            fl_buf_puts(out, "&#10;");
            break;
        case '\t':
            fl_buf_puts(out, "&#9;");
            break;
        case '\r':
            fl_buf_puts(out, "&#13;");
            break;
        default:
            /* XML 1.0 has no way to carry other control characters, even escaped. */
            if (*p < 0x20 || *p == 0x7F)
                fl_buf_putc(out, '?');
            else
                fl_buf_putc(out, (char)*p);
        }
    }
}

static void attr(fl_buf *b, const char *name, const char *value)
{
    fl_buf_printf(b, " %s=\"", name);
    fl_xml_escape(b, value ? value : "");
    fl_buf_putc(b, '"');
}

static void failure_body(fl_buf *b, const fl_test_result *r)
{
    fl_buf body = FL_BUF_INIT;
    if (r->where) fl_buf_printf(&body, "at %s\n", r->where);
    fl_buf_printf(&body, "%s\n", r->message ? r->message : "failed");
    if (r->expected) fl_buf_printf(&body, "expected: %s\n", r->expected);
    if (r->actual) fl_buf_printf(&body, "actual:   %s\n", r->actual);
    fl_xml_escape(b, body.data ? body.data : "");
    fl_buf_free(&body);
}

int fl_report_junit(const char *path, fl_test_file *const *files, size_t n, fl_buf *err)
{
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    fl_buf suites = FL_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const fl_test_file *f = files[i];
        size_t ft = f->error ? 1 : f->n_results, ff = 0, fs = 0, fe = f->error ? 1 : 0;
        for (size_t j = 0; j < f->n_results; j++) {
            ff += f->results[j].status == FL_TEST_FAIL;
            fs += f->results[j].status == FL_TEST_SKIP;
        }
        if (!ft) continue;
        tests += ft, failures += ff, errors += fe, skipped += fs, seconds += f->seconds;
        fl_buf_puts(&suites, "  <testsuite");
        attr(&suites, "name", f->path);
        fl_buf_printf(&suites,
                      " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\""
                      " time=\"%.3f\">\n",
                      ft, ff, fe, fs, f->seconds);
        if (f->error) {
            fl_buf_puts(&suites, "    <testcase name=\"(file)\"");
            attr(&suites, "classname", f->path);
            fl_buf_puts(&suites, " time=\"0.000\">\n      <error");
            attr(&suites, "message", f->error);
            fl_buf_puts(&suites, " type=\"error\">");
            fl_xml_escape(&suites, f->error);
            fl_buf_puts(&suites, "</error>\n    </testcase>\n");
        }
        for (size_t j = 0; j < f->n_results; j++) {
            const fl_test_result *r = &f->results[j];
            fl_buf_puts(&suites, "    <testcase");
            attr(&suites, "name", r->name);
            attr(&suites, "classname", f->path);
            fl_buf_printf(&suites, " time=\"%.3f\"", r->seconds);
            if (r->status == FL_TEST_PASS && !(r->output && *r->output)) {
                fl_buf_puts(&suites, "/>\n");
                continue;
            }
            fl_buf_puts(&suites, ">\n");
            if (r->status == FL_TEST_SKIP) fl_buf_puts(&suites, "      <skipped/>\n");
            if (r->status == FL_TEST_FAIL) {
                fl_buf_puts(&suites, "      <failure");
                fl_buf_reset(err);
                if (r->where) fl_buf_printf(err, "%s: ", r->where);
                fl_buf_puts(err, r->message ? r->message : "failed");
                attr(&suites, "message", err->data);
                fl_buf_reset(err);
                fl_buf_puts(&suites, " type=\"assertion\">");
                failure_body(&suites, r);
                fl_buf_puts(&suites, "</failure>\n");
            }
            if (r->output && *r->output) {
                fl_buf_puts(&suites, "      <system-out>");
                fl_xml_escape(&suites, r->output);
                fl_buf_puts(&suites, "</system-out>\n");
            }
            fl_buf_puts(&suites, "    </testcase>\n");
        }
        fl_buf_puts(&suites, "  </testsuite>\n");
    }
    FILE *out = fopen(path, "w");
    if (!out) {
        fl_buf_reset(err);
        fl_buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        fl_buf_free(&suites);
        return FL_EIO;
    }
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(out,
            "<testsuites name=\"floip\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\""
            " skipped=\"%zu\" time=\"%.3f\">\n",
            tests, failures, errors, skipped, seconds);
    if (suites.len) fwrite(suites.data, 1, suites.len, out);
    fprintf(out, "</testsuites>\n");
    fl_buf_free(&suites);
    if (fclose(out)) {
        fl_buf_reset(err);
        fl_buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        return FL_EIO;
    }
    return 0;
}
