/* fn_math.c: the number functions (abs, fixed, max, min, percent, power, rand_between, rem,
 * sum). Integers are int64: where the library would grow a bignum, floip raises instead. */
#include "expr/fn_common.h"

#include <math.h>
#include <string.h>

#define ARITH_ERROR "bad argument in arithmetic expression"

static fl_value fn_abs(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_INT) {
        if (args[0].u.i == INT64_MIN) return fl_raise(ev, "integer overflow");
        return fl_int(args[0].u.i < 0 ? -args[0].u.i : args[0].u.i);
    }
    if (args[0].type == FL_FLOAT) return fl_float(fabs(args[0].u.f));
    return fl_raise(ev, ARITH_ERROR);
}

/* A decimal number as digits and the position of the point: value = 0.DIGITS x 10^point. */
typedef struct decimal {
    bool negative;
    char digits[400];
    int n;     /* digit count */
    int point; /* digits before the decimal point (may be <= 0 or > n) */
} decimal;

static void decimal_from_int(int64_t i, decimal *d)
{
    d->negative = i < 0;
    uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    d->n = snprintf(d->digits, sizeof d->digits, "%llu", (unsigned long long)u);
    d->point = d->n;
}

static void decimal_from_float(double f, decimal *d)
{
    int exp10;
    d->n = fl_float_shortest(f, d->digits, &exp10, &d->negative);
    d->point = exp10;
}

/* The whole string as a number: [+-]digits[.digits][e[+-]digits] (what Float.parse/Decimal
 * accept as a complete number). */
static bool decimal_from_text(const char *s, size_t len, decimal *d)
{
    size_t i = 0;
    d->negative = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) d->negative = s[i++] == '-';
    int n = 0, before = 0;
    bool seen_point = false;
    size_t start = i;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
        if (s[i] == '.') {
            if (seen_point || i == start || i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9')
                return false;
            seen_point = true;
        } else {
            if (n >= (int)sizeof d->digits - 1) return false;
            d->digits[n++] = s[i];
            if (!seen_point) before++;
        }
        i++;
    }
    if (n == 0) return false;
    long e = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        size_t es = i;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (e < 10000) e = e * 10 + (s[i] - '0');
            i++;
        }
        if (i == es) return false;
        if (eneg) e = -e;
    }
    if (i != len) return false;
    /* Leading zeros move the point; trailing zeros change nothing. */
    int lead = 0;
    while (lead < n && d->digits[lead] == '0') lead++;
    while (n > lead && d->digits[n - 1] == '0') n--;
    if (lead == n) {
        strcpy(d->digits, "0");
        d->n = 1;
        d->point = 1;
        return true;
    }
    memmove(d->digits, d->digits + lead, (size_t)(n - lead));
    d->n = n - lead;
    d->digits[d->n] = '\0';
    d->point = before - lead + (int)e;
    return true;
}

static bool decimal_of(const fl_value *v, decimal *d)
{
    if (v->type == FL_INT) {
        decimal_from_int(v->u.i, d);
        return true;
    }
    if (v->type == FL_FLOAT) {
        if (!isfinite(v->u.f)) return false;
        decimal_from_float(v->u.f, d);
        return true;
    }
    if (v->type == FL_STR) return decimal_from_text(v->u.s, v->len, d);
    return false;
}

/* Rounds half away from zero to `places` decimals and writes the plain text, with `delim`
 * between groups of three integer digits (delim may be NULL). */
static void decimal_format(const decimal *d, int places, const char *delim, fl_buf *out)
{
    int keep = d->point + (places > 0 ? places : 0);
    char digits[800];
    int n;
    int point = d->point;
    if (keep < 0) {
        n = 0;
    } else if (keep >= d->n) {
        memcpy(digits, d->digits, (size_t)d->n);
        n = d->n;
    } else {
        memcpy(digits, d->digits, (size_t)keep);
        n = keep;
        if (d->digits[keep] >= '5') {
            int k = n - 1;
            while (k >= 0 && digits[k] == '9') digits[k--] = '0';
            if (k >= 0) {
                digits[k]++;
            } else {
                memmove(digits + 1, digits, (size_t)n);
                digits[0] = '1';
                n++;
                point++;
            }
        }
    }
    /* Integer part. */
    fl_buf ip = FL_BUF_INIT;
    for (int k = 0; k < point; k++) fl_buf_putc(&ip, k < n ? digits[k] : '0');
    if (ip.len == 0) fl_buf_putc(&ip, '0');
    size_t lead = 0;
    while (lead + 1 < ip.len && ip.data[lead] == '0') lead++;
    const char *is = ip.data + lead;
    size_t ilen = ip.len - lead;
    if (d->negative) fl_buf_putc(out, '-');
    for (size_t k = 0; k < ilen; k++) {
        if (delim && k > 0 && (ilen - k) % 3 == 0) fl_buf_puts(out, delim);
        fl_buf_putc(out, is[k]);
    }
    fl_buf_free(&ip);
    if (places > 0) {
        fl_buf_putc(out, '.');
        for (int k = 0; k < places; k++) {
            int idx = point + k;
            fl_buf_putc(out, idx >= 0 && idx < n ? digits[idx] : '0');
        }
    }
}

static fl_value text_of_buf(fl_eval *ev, fl_buf *b)
{
    fl_value r = fl_str_copy(ev, b->data ? b->data : "", b->len);
    fl_buf_free(b);
    return r;
}

/* fixed(number, places[, no_commas]): rounded half away from zero on the shortest decimal form,
 * with "," between thousands. The third argument changes nothing, as in the library. */
static fl_value fn_fixed(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_NIL) return fl_nil();
    int64_t places;
    if (!fl_fn_int(&args[1], &places) || places > 100 || places < -100)
        return fl_raise(ev, "fixed() expects an integer number of decimals");
    decimal d;
    if (!decimal_of(&args[0], &d)) return fl_raise(ev, "fixed() expects a number");
    fl_buf b = FL_BUF_INIT;
    if (places < 0) {
        if (args[0].type != FL_INT) {
            /* Round to tens, hundreds...: shift the point, round to 0 places, shift back. */
            decimal s = d;
            s.point += (int)places;
            fl_buf t = FL_BUF_INIT;
            decimal_format(&s, 0, NULL, &t);
            const char *p = t.data + (t.data[0] == '-');
            if (!(p[0] == '0' && p[1] == '\0'))
                for (int64_t k = 0; k < -places; k++) fl_buf_putc(&t, '0');
            decimal r;
            decimal_from_text(t.data, t.len, &r);
            fl_buf_free(&t);
            d = r;
        }
        places = 0;
    }
    decimal_format(&d, (int)places, ",", &b);
    return text_of_buf(ev, &b);
}

/* Float.parse-style reading of a whole string. */
static bool parse_float_text(const char *s, size_t len, double *out)
{
    decimal d;
    if (!decimal_from_text(s, len, &d)) return false;
    char buf[64];
    if (len >= sizeof buf) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *out = strtod(buf, NULL);
    return isfinite(*out);
}

/* percent(number): x 100, rounded to an integer, with "%"; nil for what is not a number. */
static fl_value fn_percent(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value v;
    double f;
    if (args[0].type == FL_INT) {
        int64_t r;
        if (__builtin_mul_overflow(args[0].u.i, 100, &r)) return fl_raise(ev, "integer overflow");
        v = fl_int(r);
    } else if (args[0].type == FL_FLOAT) {
        v = fl_float(args[0].u.f * 100);
    } else if (args[0].type == FL_STR && parse_float_text(args[0].u.s, args[0].len, &f)) {
        v = fl_float(f * 100);
    } else {
        return fl_nil();
    }
    decimal d;
    if (!decimal_of(&v, &d)) return fl_raise(ev, ARITH_ERROR);
    fl_buf b = FL_BUF_INIT;
    decimal_format(&d, 0, NULL, &b);
    fl_buf_putc(&b, '%');
    return text_of_buf(ev, &b);
}

static fl_value fn_power(fl_eval *ev, const fl_value *args, size_t argc)
{
    double a, b;
    if (!fl_is_number(&args[0]) || !fl_is_number(&args[1]) || !fl_to_double(&args[0], &a) ||
        !fl_to_double(&args[1], &b))
        return fl_raise(ev, ARITH_ERROR);
    double r = pow(a, b);
    if (!isfinite(r)) return fl_raise(ev, ARITH_ERROR);
    return fl_float(r);
}

static fl_value fn_rem(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t a, b;
    if (!fl_fn_int(&args[0], &a) || !fl_fn_int(&args[1], &b) || b == 0)
        return fl_raise(ev, ARITH_ERROR);
    if (b == -1) return fl_int(0);
    return fl_int(a % b);
}

static fl_value fn_sum(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t isum = 0;
    double fsum = 0;
    bool is_float = false;
    for (size_t k = 0; k < argc; k++) {
        if (args[k].type == FL_INT) {
            if (is_float) {
                fsum += (double)args[k].u.i;
            } else if (__builtin_add_overflow(isum, args[k].u.i, &isum)) {
                return fl_raise(ev, "integer overflow");
            }
        } else if (args[k].type == FL_FLOAT) {
            if (!is_float) fsum = (double)isum, is_float = true;
            fsum += args[k].u.f;
        } else {
            return fl_raise(ev, ARITH_ERROR);
        }
    }
    return is_float ? fl_float(fsum) : fl_int(isum);
}

/* Elixir's term order: number < atom (false < nil < true) < map (dates are maps) < list <
 * string. Numbers compare by value, strings by bytes, lists item by item. */
static int term_rank(const fl_value *v)
{
    switch (v->type) {
    case FL_INT:
    case FL_FLOAT:
        return 0;
    case FL_BOOL:
    case FL_NIL:
        return 1;
    case FL_LAMBDA:
        return 2;
    case FL_DATE:
    case FL_TIME:
    case FL_DATETIME:
    case FL_RANGE:
    case FL_MAP:
        return 3;
    case FL_LIST:
        return 4;
    case FL_STR:
        return 5;
    default:
        return 6;
    }
}

static int cmp3(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

/* Dates, times and datetimes are structs: maps compared by size, then by their fields in key
 * order (so a Date compares day first). */
static int struct_cmp(const fl_value *a, const fl_value *b)
{
    static const int size[] = {[FL_DATE] = 5, [FL_TIME] = 6, [FL_DATETIME] = 13};
    if (a->type != b->type) return cmp3(size[a->type], size[b->type]);
    const fl_dt *x = &a->u.dt, *y = &b->u.dt;
    int c;
    if (a->type == FL_DATE) {
        if ((c = cmp3(x->day, y->day))) return c;
        if ((c = cmp3(x->month, y->month))) return c;
        return cmp3(x->year, y->year);
    }
    if (a->type == FL_TIME) {
        if ((c = cmp3(x->hour, y->hour))) return c;
        if ((c = cmp3(x->usec, y->usec))) return c;
        if ((c = cmp3(x->minute, y->minute))) return c;
        return cmp3(x->second, y->second);
    }
    if ((c = cmp3(x->day, y->day))) return c;
    if ((c = cmp3(x->hour, y->hour))) return c;
    if ((c = cmp3(x->usec, y->usec))) return c;
    if ((c = cmp3(x->minute, y->minute))) return c;
    if ((c = cmp3(x->month, y->month))) return c;
    if ((c = cmp3(x->second, y->second))) return c;
    if ((c = cmp3(x->offset_sec, y->offset_sec))) return c;
    return cmp3(x->year, y->year);
}

static int term_cmp(fl_eval *ev, const fl_value *a, const fl_value *b)
{
    int ra = term_rank(a), rb = term_rank(b);
    if (ra != rb) return cmp3(ra, rb);
    switch (ra) {
    case 0: {
        double x, y;
        if (a->type == FL_INT && b->type == FL_INT) return cmp3(a->u.i, b->u.i);
        fl_to_double(a, &x), fl_to_double(b, &y);
        return (x > y) - (x < y);
    }
    case 1: {
        /* Atoms in alphabetical order: false < nil < true. */
        int x = a->type == FL_NIL ? 1 : a->u.b ? 2 : 0;
        int y = b->type == FL_NIL ? 1 : b->u.b ? 2 : 0;
        return cmp3(x, y);
    }
    case 3:
        if (a->type != FL_MAP && a->type != FL_RANGE && b->type != FL_MAP && b->type != FL_RANGE)
            return struct_cmp(a, b);
        return cmp3((int64_t)fl_len(a), (int64_t)fl_len(b));
    case 4: {
        size_t na = fl_len(a), nb = fl_len(b);
        for (size_t k = 0; k < na && k < nb; k++) {
            fl_value x = fl_list_at(ev, a, k), y = fl_list_at(ev, b, k);
            int c = term_cmp(ev, &x, &y);
            if (c) return c;
        }
        return cmp3((int64_t)na, (int64_t)nb);
    }
    case 5: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->u.s, b->u.s, n);
        if (c) return c < 0 ? -1 : 1;
        return cmp3(a->len, b->len);
    }
    default:
        return 0;
    }
}

/* max/min: the first greatest (least) argument in term order. */
static fl_value extreme(fl_eval *ev, const fl_value *args, size_t argc, int sign)
{
    if (argc == 0) return fl_raise(ev, "empty error");
    size_t best = 0;
    for (size_t k = 1; k < argc; k++)
        if (term_cmp(ev, &args[k], &args[best]) * sign > 0) best = k;
    return args[best];
}

static fl_value fn_max(fl_eval *ev, const fl_value *args, size_t argc)
{
    return extreme(ev, args, argc, 1);
}

static fl_value fn_min(fl_eval *ev, const fl_value *args, size_t argc)
{
    return extreme(ev, args, argc, -1);
}

/* rand_between(a, b): an integer from a to b inclusive, drawn from the evaluation's seeded
 * generator, so a run is reproducible. */
static fl_value fn_rand_between(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t a, b;
    if (!fl_fn_int(&args[0], &a) || !fl_fn_int(&args[1], &b))
        return fl_raise(ev, "rand_between() expects two integers");
    if (a > b) {
        int64_t t = a;
        a = b, b = t;
    }
    uint64_t span = (uint64_t)b - (uint64_t)a + 1;
    uint64_t r = fl_eval_random(ev);
    return fl_int((int64_t)((uint64_t)a + (span ? r % span : r)));
}

const fl_builtin fl_builtins_math[] = {
    {"abs", 1, 1, fn_abs, 0},
    {"fixed", 2, 3, fn_fixed, 0},
    {"max", 0, -1, fn_max, 0},
    {"min", 0, -1, fn_min, 0},
    {"percent", 1, 1, fn_percent, 0},
    {"power", 2, 2, fn_power, 0},
    {"rand_between", 2, 2, fn_rand_between, 0},
    {"rem", 2, 2, fn_rem, 0},
    {"sum", 0, -1, fn_sum, 0},
    {NULL, 0, 0, NULL, 0},
};
