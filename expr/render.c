/* render.c: values as text, the way evaluate_as_string shows them (Elixir's to_string for
 * scalars, ISO 8601 for dates, concatenation for lists, `inspect` for maps and times). */
#include "expr/eval.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- floats: Erlang's float_to_binary(F, [short]) ---- */

/* Shortest digits that read back to f: digits (no dot) and the exponent of the last digit. */
static void shortest_digits(double f, char *digits, int *ndigits, int *last_exp)
{
    char tmp[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, f);
        if (strtod(tmp, NULL) == f) break;
    }
    /* tmp is "d.ddddde[+-]XX" */
    int n = 0;
    const char *p = tmp;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[n++] = *p;
    int exp10 = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0') n--; /* %.*e may pad with zeros */
    digits[n] = '\0';
    *ndigits = n;
    *last_exp = exp10 - (n - 1);
}

void fl_float_format(double f, fl_buf *b)
{
    if (f == 0) {
        fl_buf_puts(b, signbit(f) ? "-0.0" : "0.0");
        return;
    }
    if (!isfinite(f)) { /* cannot come from the language; keep the text readable */
        fl_buf_puts(b, isnan(f) ? "nan" : (f > 0 ? "inf" : "-inf"));
        return;
    }
    char digits[24];
    int n, exp;
    shortest_digits(fabs(f), digits, &n, &exp);
    int sci_exp = exp + n - 1;
    /* When plain notation is used (OTP's ryu to_chars thresholds). */
    int lower, upper;
    if (n == 1)
        lower = -4, upper = 2;
    else if (sci_exp >= 10)
        lower = -(n + 2), upper = 2;
    else
        lower = -(n + 2), upper = 1;
    bool fixed = lower <= exp && exp <= upper;
    if (fixed) {
        /* Integers at or beyond 2^53 are shown in scientific notation. */
        uint64_t mant = strtoull(digits, NULL, 10);
        if ((mant >= (1ULL << 53) && exp == 0) || (mant > (1ULL << 52) / 5 && exp == 1) ||
            (mant > (1ULL << 51) / 25 && exp == 2))
            fixed = false;
    }
    if (f < 0) fl_buf_putc(b, '-');
    if (fixed) {
        int whole = n + exp;
        if (exp >= 0) {
            fl_buf_append(b, digits, (size_t)n);
            for (int i = 0; i < exp; i++) fl_buf_putc(b, '0');
            fl_buf_puts(b, ".0");
        } else if (whole > 0) {
            fl_buf_append(b, digits, (size_t)whole);
            fl_buf_putc(b, '.');
            fl_buf_append(b, digits + whole, (size_t)(n - whole));
        } else {
            fl_buf_puts(b, "0.");
            for (int i = 0; i < -whole; i++) fl_buf_putc(b, '0');
            fl_buf_append(b, digits, (size_t)n);
        }
        return;
    }
    fl_buf_putc(b, digits[0]);
    fl_buf_putc(b, '.');
    if (n > 1)
        fl_buf_append(b, digits + 1, (size_t)(n - 1));
    else
        fl_buf_putc(b, '0');
    fl_buf_printf(b, "e%d", sci_exp);
}

/* ---- dates ---- */

static void format_time_part(const fl_dt *dt, fl_buf *b)
{
    fl_buf_printf(b, "%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
    if (dt->precision) {
        char frac[8];
        snprintf(frac, sizeof frac, "%06u", dt->usec % 1000000u);
        fl_buf_putc(b, '.');
        fl_buf_append(b, frac, dt->precision > 6 ? 6 : dt->precision);
    }
}

static void format_year(int year, fl_buf *b)
{
    if (year < 0)
        fl_buf_printf(b, "-%04d", -year);
    else
        fl_buf_printf(b, "%04d", year);
}

static void format_offset(int32_t offset_sec, fl_buf *b)
{
    if (offset_sec == 0) {
        fl_buf_putc(b, 'Z');
        return;
    }
    int32_t a = offset_sec < 0 ? -offset_sec : offset_sec;
    fl_buf_printf(b, "%c%02d:%02d", offset_sec < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
}

void fl_value_format_dt(const fl_value *v, fl_buf *b)
{
    const fl_dt *dt = &v->u.dt;
    if (v->type == FL_DATE || v->type == FL_DATETIME) {
        format_year(dt->year, b);
        fl_buf_printf(b, "-%02d-%02d", dt->month, dt->day);
    }
    if (v->type == FL_DATETIME) fl_buf_putc(b, 'T');
    if (v->type == FL_DATETIME || v->type == FL_TIME) format_time_part(dt, b);
    if (v->type == FL_DATETIME) format_offset(dt->offset_sec, b);
}

/* ---- inspect (maps and the values inside them) ---- */

static void inspect(fl_eval *ev, const fl_value *v, fl_buf *b, int depth);

static void inspect_string(const char *s, size_t n, fl_buf *b)
{
    fl_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fl_buf_puts(b, "\\\"");
            break;
        case '\\':
            fl_buf_puts(b, "\\\\");
            break;
        case '\n':
            fl_buf_puts(b, "\\n");
            break;
        case '\r':
            fl_buf_puts(b, "\\r");
            break;
        case '\t':
            fl_buf_puts(b, "\\t");
            break;
        case '#':
            /* "#{" would read as interpolation */
            fl_buf_puts(b, i + 1 < n && s[i + 1] == '{' ? "\\#" : "#");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fl_buf_printf(b, "\\x%02X", c);
            else
                fl_buf_putc(b, (char)c);
        }
    }
    fl_buf_putc(b, '"');
}

typedef struct keyed {
    const char *key;
    fl_value value;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static void inspect_map(fl_eval *ev, const fl_value *v, fl_buf *b, int depth)
{
    size_t n = fl_len(v);
    if (!n) {
        fl_buf_puts(b, "%{}");
        return;
    }
    /* Elixir prints small maps with keys in term order: sort them. */
    keyed *items = fl_xmalloc(n * sizeof *items);
    fl_map_iter it;
    fl_map_iter_init(&it, v);
    size_t k = 0;
    while (k < n && fl_map_next(ev, &it, &items[k].key, &items[k].value)) k++;
    qsort(items, k, sizeof *items, compare_keyed);
    fl_buf_puts(b, "%{");
    for (size_t i = 0; i < k; i++) {
        if (i) fl_buf_puts(b, ", ");
        inspect_string(items[i].key, strlen(items[i].key), b);
        fl_buf_puts(b, " => ");
        inspect(ev, &items[i].value, b, depth + 1);
    }
    fl_buf_putc(b, '}');
    free(items);
}

static void inspect(fl_eval *ev, const fl_value *v, fl_buf *b, int depth)
{
    if (depth > 64) {
        fl_buf_puts(b, "...");
        return;
    }
    switch (v->type) {
    case FL_NIL:
    case FL_NOTFOUND:
        fl_buf_puts(b, "nil");
        break;
    case FL_STR:
        inspect_string(v->u.s, v->len, b);
        break;
    case FL_DATE:
        fl_buf_puts(b, "~D[");
        fl_value_format_dt(v, b);
        fl_buf_putc(b, ']');
        break;
    case FL_DATETIME: {
        /* ~U[2022-01-31 10:00:00Z]: a space between date and time */
        fl_buf tmp = FL_BUF_INIT;
        fl_value_format_dt(v, &tmp);
        char *t = strchr(tmp.data, 'T');
        if (t) *t = ' ';
        fl_buf_puts(b, "~U[");
        fl_buf_append(b, tmp.data, tmp.len);
        fl_buf_putc(b, ']');
        fl_buf_free(&tmp);
        break;
    }
    case FL_TIME:
        fl_buf_puts(b, "~T[");
        fl_value_format_dt(v, b);
        fl_buf_putc(b, ']');
        break;
    case FL_LIST: {
        fl_buf_putc(b, '[');
        size_t n = fl_len(v);
        for (size_t i = 0; i < n; i++) {
            if (i) fl_buf_puts(b, ", ");
            fl_value item = fl_list_at(ev, v, i);
            inspect(ev, &item, b, depth + 1);
        }
        fl_buf_putc(b, ']');
        break;
    }
    case FL_MAP:
        inspect_map(ev, v, b, depth);
        break;
    default:
        fl_value_render(ev, v, b);
        break;
    }
}

/* ---- to text ---- */

static void render(fl_eval *ev, const fl_value *pv, fl_buf *b, int depth)
{
    fl_value v = fl_unwrap(ev, pv);
    switch (v.type) {
    case FL_NIL:
    case FL_NOTFOUND:
    case FL_ERROR:
        break;
    case FL_BOOL:
        fl_buf_puts(b, v.u.b ? "true" : "false");
        break;
    case FL_INT:
        fl_buf_put_int(b, v.u.i);
        break;
    case FL_FLOAT:
        fl_float_format(v.u.f, b);
        break;
    case FL_STR:
        fl_buf_append(b, v.u.s, v.len);
        break;
    case FL_DATE:
    case FL_DATETIME:
        fl_value_format_dt(&v, b);
        break;
    case FL_TIME:
        inspect(ev, &v, b, 0);
        break;
    case FL_LIST: {
        if (depth > 64) break;
        size_t n = fl_len(&v);
        for (size_t i = 0; i < n; i++) {
            fl_value item = fl_list_at(ev, &v, i);
            render(ev, &item, b, depth + 1);
        }
        break;
    }
    case FL_MAP:
        inspect_map(ev, &v, b, 0);
        break;
    case FL_RANGE:
        fl_buf_printf(b, "%" PRId64 "..%" PRId64, v.u.range->first, v.u.range->last);
        if (v.u.range->step != 1) fl_buf_printf(b, "//%" PRId64, v.u.range->step);
        break;
    case FL_LAMBDA:
        fl_buf_puts(b, "#Function<lambda>");
        break;
    }
}

void fl_value_render(fl_eval *ev, const fl_value *v, fl_buf *b)
{
    render(ev, v, b, 0);
}

void fl_inspect(fl_eval *ev, const fl_value *v, fl_buf *b)
{
    inspect(ev, v, b, 0);
}
