/* fn_tests.c: the has_* tests, with the library's match objects ({__value__, match/date/
 * datetime/email/number/phonenumber}) where it returns them and plain booleans elsewhere. */
#include "expr/fn_common.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_ARG(i, s, n)                                                                          \
    const char *s;                                                                                 \
    size_t n;                                                                                      \
    do {                                                                                           \
        fl_value err_;                                                                             \
        if (!fl_fn_text(ev, &args[i], &s, &n, &err_)) return err_;                                 \
    } while (0)

static fl_value pair_map(fl_eval *ev, const char *key, bool ok, fl_value match)
{
    const char *keys[2] = {"__value__", key};
    fl_value vals[2] = {fl_bool(ok), ok ? match : fl_nil()};
    return fl_fn_map(ev, keys, vals, 2);
}

static fl_value downcased(fl_eval *ev, const char *s, size_t n, fl_buf *b)
{
    fl_buf_reset(b);
    fl_u8_downcase(s, n, b);
    if (!b->data) fl_buf_append(b, "", 0);
    return fl_nil();
}

/* has_all_words(text, words): every space-separated word occurs somewhere in the text, ASCII
 * letters compared without case (the library runs one caseless byte regex per word). */
static fl_value fn_has_all_words(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR || args[1].type != FL_STR) return fl_bool(false);
    fl_spans sp;
    fl_spans_init(&sp);
    fl_split_on(args[1].u.s, args[1].len, " ", 1, &sp);
    bool all = true;
    for (size_t k = 0; k < sp.n && all; k++)
        all =
            fl_ascii_ci_contains(args[0].u.s, args[0].len, args[1].u.s + sp.v[k].off, sp.v[k].len);
    fl_spans_free(&sp);
    return fl_bool(all);
}

static bool ascii_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

/* Equal ignoring case: ASCII compared in place, anything else through Unicode lower case
 * (a and b are scratch buffers). */
static bool equal_ci(const char *x, size_t xn, const char *y, size_t yn, fl_buf *a, fl_buf *b)
{
    if (ascii_only(x, xn) && ascii_only(y, yn)) return xn == yn && fl_ascii_ci_prefix(x, xn, y, yn);
    fl_buf_reset(a);
    fl_buf_reset(b);
    fl_u8_downcase(x, xn, a);
    fl_u8_downcase(y, yn, b);
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* has_any_word(text, words): whitespace-separated tokens of the text equal (ignoring case) to
 * one of the words; match is those tokens of the text joined by a space. */
static fl_value fn_has_any_word(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    TEXT_ARG(1, w, wn);
    const char *h = args[0].u.s;
    fl_spans hs, ws;
    fl_spans_init(&hs);
    fl_spans_init(&ws);
    fl_split_whitespace(h, args[0].len, &hs);
    fl_split_whitespace(w, wn, &ws);
    if (!fl_eval_charge(ev, hs.n * ws.n / 8 + 1)) {
        fl_spans_free(&hs);
        fl_spans_free(&ws);
        return fl_budget_error(ev);
    }
    fl_buf a = FL_BUF_INIT, b = FL_BUF_INIT;
    fl_sb sb;
    fl_sb_init(&sb, ev);
    bool any = false;
    for (size_t k = 0; k < hs.n; k++) {
        const char *tok = h + hs.v[k].off;
        for (size_t j = 0; j < ws.n; j++) {
            if (equal_ci(tok, hs.v[k].len, w + ws.v[j].off, ws.v[j].len, &a, &b)) {
                if (any) fl_sb_putc(&sb, ' ');
                fl_sb_append(&sb, tok, hs.v[k].len);
                any = true;
                break;
            }
        }
    }
    fl_buf_free(&a);
    fl_buf_free(&b);
    fl_spans_free(&hs);
    fl_spans_free(&ws);
    fl_value match = any ? fl_sb_finish(&sb) : fl_nil();
    if (fl_is_error(&match)) return match;
    return pair_map(ev, "match", any, match);
}

/* has_beginning(text, beginning): case-insensitive (ASCII) prefix, nothing trimmed. */
static fl_value fn_has_beginning(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[1].type != FL_STR) return fl_raise(ev, "has_beginning() expects text to look for");
    TEXT_ARG(0, s, n);
    return fl_bool(fl_ascii_ci_prefix(s, n, args[1].u.s, args[1].len));
}

/* has_date(text): {__value__, date, datetime} of the date-ish value. */
static fl_value fn_has_date(fl_eval *ev, const fl_value *args, size_t argc)
{
    static const char *const keys[3] = {"__value__", "date", "datetime"};
    fl_datetime dt;
    fl_value vals[3] = {fl_bool(false), fl_nil(), fl_nil()};
    if (fl_fn_datetimeish(&args[0], &dt) && fl_fn_mkdate(dt.date, &vals[1]) &&
        fl_fn_mkdatetime(dt, &vals[2]))
        vals[0] = fl_bool(true);
    else
        vals[1] = vals[2] = fl_nil();
    return fl_fn_map(ev, keys, vals, 3);
}

static fl_value date_test(fl_eval *ev, const fl_value *args, int want)
{
    fl_value a, b;
    if (!fl_fn_dateish(&args[0], &a) || !fl_fn_dateish(&args[1], &b)) return fl_bool(false);
    return fl_bool(fl_date_cmp(fl_fn_date(&a), fl_fn_date(&b)) == want);
}

static fl_value fn_has_date_eq(fl_eval *ev, const fl_value *args, size_t argc)
{
    return date_test(ev, args, 0);
}

static fl_value fn_has_date_gt(fl_eval *ev, const fl_value *args, size_t argc)
{
    return date_test(ev, args, 1);
}

static fl_value fn_has_date_lt(fl_eval *ev, const fl_value *args, size_t argc)
{
    return date_test(ev, args, -1);
}

static bool email_local(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '+' || c == '-';
}

static bool email_domain(char c, bool dot)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           (dot && c == '.');
}

/* The first match of [a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+ (no backtracking can
 * change which start matches, so runs of local-part characters are tried in order). */
static bool find_email(const char *s, size_t n, size_t *from, size_t *to)
{
    size_t i = 0;
    while (i < n) {
        if (!email_local(s[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && email_local(s[i])) i++;
        if (i >= n || s[i] != '@') continue;
        size_t j = i + 1, d = j;
        while (j < n && email_domain(s[j], false)) j++;
        if (j == d || j >= n || s[j] != '.') continue;
        size_t k = j + 1, e = k;
        while (k < n && email_domain(s[k], true)) k++;
        if (k == e) continue;
        *from = start;
        *to = k;
        return true;
    }
    return false;
}

static fl_value fn_has_email(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    size_t a, b;
    if (!find_email(s, n, &a, &b)) return pair_map(ev, "email", false, fl_nil());
    fl_value email = fl_str_copy(ev, s + a, b - a);
    if (fl_is_error(&email)) return email;
    return pair_map(ev, "email", true, email);
}

/* has_group(groups, uuid): some map in the list has "uuid" equal to the id. */
static fl_value fn_has_group(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_LIST && args[0].type != FL_RANGE)
        return fl_raise(ev, "has_group() expects a list of groups");
    size_t n = fl_len(&args[0]);
    if (!fl_eval_charge(ev, n)) return fl_budget_error(ev);
    for (size_t k = 0; k < n; k++) {
        fl_value g = fl_list_at(ev, &args[0], k);
        if (g.type != FL_MAP) continue;
        bool found;
        fl_value id = fl_map_get(ev, &g, "uuid", 4, &found);
        if (found && fl_equal(ev, &id, &args[1])) return fl_bool(true);
    }
    return fl_bool(false);
}

/* The library's extract_numberish: a number as is; in text, Arabic-Indic digits become 0-9 and
 * the first [0-9]+\.?[0-9]* is read as a float, unless it ends with a bare "." (Float.parse
 * leaves that over, so it is not a number). ok is false when there is none. */
static fl_value numberish(fl_eval *ev, const fl_value *v, bool *ok)
{
    *ok = false;
    if (fl_is_number(v)) {
        *ok = true;
        return *v;
    }
    if (v->type == FL_NIL) return fl_nil();
    if (v->type != FL_STR)
        return fl_raise(ev, "no function clause matching: %s", fl_fn_type_name(v));
    const char *s = v->u.s;
    size_t n = v->len;
    char *buf = fl_alloc(ev, n + 1);
    if (!buf) return fl_oom(ev);
    size_t bn = 0;
    bool in = false, dot = false;
    for (size_t i = 0; i < n;) {
        int d = -1;
        size_t step = 1;
        if ((unsigned char)s[i] == 0xD9 && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0 &&
            (unsigned char)s[i + 1] <= 0xA9) {
            d = (unsigned char)s[i + 1] - 0xA0; /* U+0660..U+0669 */
            step = 2;
        } else if (s[i] >= '0' && s[i] <= '9') {
            d = s[i] - '0';
        }
        if (d >= 0) {
            in = true;
            buf[bn++] = (char)('0' + d);
        } else if (in && !dot && s[i] == '.') {
            dot = true;
            buf[bn++] = '.';
        } else if (in) {
            break;
        }
        i += step;
    }
    if (!in || buf[bn - 1] == '.') return fl_nil();
    buf[bn] = '\0';
    *ok = true;
    return fl_float(strtod(buf, NULL));
}

static fl_value fn_has_number(fl_eval *ev, const fl_value *args, size_t argc)
{
    bool ok;
    fl_value num = numberish(ev, &args[0], &ok);
    if (fl_is_error(&num)) return num;
    return pair_map(ev, "number", ok, num);
}

/* The library's parse_float for the threshold: a number, or text that is wholly a number. */
static bool threshold(fl_eval *ev, const fl_value *v, double *out, fl_value *err)
{
    if (fl_is_number(v)) return fl_to_double(v, out);
    if (v->type != FL_STR) {
        *err = fl_raise(ev, "no function clause matching: %s", fl_fn_type_name(v));
        return false;
    }
    const char *s = v->u.s;
    size_t n = v->len, i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    size_t d0 = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == d0) return false;
    if (i < n && s[i] == '.') {
        size_t f0 = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == f0) return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        size_t e0 = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == e0) return false;
    }
    if (i != n) return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static fl_value number_test(fl_eval *ev, const fl_value *args, int op)
{
    bool ok;
    fl_value num = numberish(ev, &args[0], &ok);
    if (fl_is_error(&num)) return num;
    double t, x;
    fl_value err = fl_nil();
    bool have_t = threshold(ev, &args[1], &t, &err);
    if (fl_is_error(&err)) return err;
    if (!ok || !have_t) return fl_bool(false);
    fl_to_double(&num, &x);
    switch (op) {
    case 0:
        return fl_bool(x == t);
    case 1:
        return fl_bool(x > t);
    case 2:
        return fl_bool(x >= t);
    case 3:
        return fl_bool(x < t);
    default:
        return fl_bool(x <= t);
    }
}

static fl_value fn_has_number_eq(fl_eval *ev, const fl_value *args, size_t argc)
{
    return number_test(ev, args, 0);
}

static fl_value fn_has_number_gt(fl_eval *ev, const fl_value *args, size_t argc)
{
    return number_test(ev, args, 1);
}

static fl_value fn_has_number_gte(fl_eval *ev, const fl_value *args, size_t argc)
{
    return number_test(ev, args, 2);
}

static fl_value fn_has_number_lt(fl_eval *ev, const fl_value *args, size_t argc)
{
    return number_test(ev, args, 3);
}

static fl_value fn_has_number_lte(fl_eval *ev, const fl_value *args, size_t argc)
{
    return number_test(ev, args, 4);
}

/* has_only_phrase(text, phrase): the whole text equals the phrase ignoring case. */
static fl_value fn_has_only_phrase(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    TEXT_ARG(1, p, pn);
    if (ascii_only(s, n) && ascii_only(p, pn))
        return fl_bool(n == pn && fl_ascii_ci_prefix(s, n, p, pn));
    fl_buf a = FL_BUF_INIT, b = FL_BUF_INIT;
    downcased(ev, s, n, &a);
    downcased(ev, p, pn, &b);
    bool eq = a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
    fl_buf_free(&a);
    fl_buf_free(&b);
    return fl_bool(eq);
}

/* has_only_text(a, b): exact, case-sensitive equality of the text forms. */
static fl_value fn_has_only_text(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    TEXT_ARG(1, p, pn);
    return fl_bool(n == pn && memcmp(s, p, n) == 0);
}

/* has_phrase(text, phrase): the phrase occurs in the text ignoring case (Unicode). */
static fl_value fn_has_phrase(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    TEXT_ARG(1, p, pn);
    if (ascii_only(s, n) && ascii_only(p, pn)) return fl_bool(fl_ascii_ci_contains(s, n, p, pn));
    fl_buf a = FL_BUF_INIT, b = FL_BUF_INIT;
    downcased(ev, s, n, &a);
    downcased(ev, p, pn, &b);
    bool found = b.len == 0 || (b.len <= a.len && memmem(a.data, a.len, b.data, b.len) != NULL);
    fl_buf_free(&a);
    fl_buf_free(&b);
    return fl_bool(found);
}

/* has_pattern(text, pattern): a caseless byte regex (PCRE2) on the trimmed text. Like the
 * library, it is true only when the pattern matches exactly once; an invalid pattern is false. */
static fl_value fn_has_pattern(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_bool(false);
    if (args[1].type != FL_STR) return fl_raise(ev, "has_pattern() expects a text pattern");
    fl_span tp = fl_u8_trim(args[1].u.s, args[1].len);
    fl_span ts = fl_u8_trim(args[0].u.s, args[0].len);
    const char *pat = args[1].u.s + tp.off;
    const char *subj = args[0].u.s + ts.off;
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pat, tp.len, PCRE2_CASELESS, &errcode, &erroff, NULL);
    if (!re) return fl_bool(false);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mctx, 200000);
    pcre2_set_depth_limit(mctx, 2000);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int matches = 0;
    PCRE2_SIZE start = 0;
    uint32_t opts = 0;
    while (start <= ts.len && matches < 2) {
        int rc = pcre2_match(re, (PCRE2_SPTR)subj, ts.len, start, opts, md, mctx);
        if (rc < 0) {
            if (rc == PCRE2_ERROR_NOMATCH && opts != 0 && start < ts.len) {
                /* An empty match was not repeatable here: move on one byte. */
                start++;
                opts = 0;
                continue;
            }
            break;
        }
        matches++;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        start = ov[1];
        opts = ov[0] == ov[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    pcre2_match_data_free(md);
    pcre2_match_context_free(mctx);
    pcre2_code_free(re);
    return fl_bool(matches == 1);
}

/* has_phone(text[, region]): letters are removed, then the rest must be a phone number;
 * {__value__, phonenumber} with the E.164 form. */
static fl_value fn_has_phone(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    const char *region = "";
    if (argc > 1 && args[1].type == FL_STR) region = args[1].u.s;
    char *clean = fl_alloc(ev, n + 1);
    if (!clean) return fl_oom(ev);
    size_t cn = 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) clean[cn++] = s[i];
    char e164[40];
    if (!fl_fn_phone_parse(clean, cn, region, e164))
        return pair_map(ev, "phonenumber", false, fl_nil());
    fl_value pn = fl_str_copy(ev, e164, strlen(e164));
    if (fl_is_error(&pn)) return pn;
    return pair_map(ev, "phonenumber", true, pn);
}

/* has_text(value): the text form has something besides whitespace. */
static fl_value fn_has_text(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    return fl_bool(fl_u8_trim(s, n).len > 0);
}

/* has_time(text): lower-case letters and whitespace removed, what is left must be a time or a
 * datetime: {__value__: true, match: the time}; otherwise false. */
static fl_value fn_has_time(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_time t;
    fl_dt_literal lit;
    if (args[0].type == FL_TIME || args[0].type == FL_DATETIME) {
        t = fl_fn_time(&args[0]);
    } else if (args[0].type == FL_STR &&
               fl_dt_parse_dateish(args[0].u.s, args[0].len, true, &lit) &&
               (lit.kind == FL_DT_TIME || lit.kind == FL_DT_DATETIME)) {
        t = lit.kind == FL_DT_TIME ? lit.time : lit.dt.time;
    } else {
        return fl_bool(false);
    }
    return pair_map(ev, "match", true, fl_fn_mktime(t));
}

const fl_builtin fl_builtins_tests[] = {
    {"has_all_words", 2, 2, fn_has_all_words, 0},
    {"has_any_word", 2, 2, fn_has_any_word, 0},
    {"has_beginning", 2, 2, fn_has_beginning, 0},
    {"has_date", 1, 1, fn_has_date, 0},
    {"has_date_eq", 2, 2, fn_has_date_eq, 0},
    {"has_date_gt", 2, 2, fn_has_date_gt, 0},
    {"has_date_lt", 2, 2, fn_has_date_lt, 0},
    {"has_email", 1, 1, fn_has_email, 0},
    {"has_group", 2, 2, fn_has_group, 0},
    {"has_number", 1, 1, fn_has_number, 0},
    {"has_number_eq", 2, 2, fn_has_number_eq, 0},
    {"has_number_gt", 2, 2, fn_has_number_gt, 0},
    {"has_number_gte", 2, 2, fn_has_number_gte, 0},
    {"has_number_lt", 2, 2, fn_has_number_lt, 0},
    {"has_number_lte", 2, 2, fn_has_number_lte, 0},
    {"has_only_phrase", 2, 2, fn_has_only_phrase, 0},
    {"has_only_text", 2, 2, fn_has_only_text, 0},
    {"has_pattern", 2, 2, fn_has_pattern, 0},
    {"has_phone", 1, 2, fn_has_phone, 0},
    {"has_phrase", 2, 2, fn_has_phrase, 0},
    {"has_text", 1, 1, fn_has_text, 0},
    {"has_time", 1, 1, fn_has_time, 0},
    {NULL, 0, 0, NULL, 0},
};
