/* literal.c: scanning of v1 literals, following the library's grammar choices and quirks
 * (precision of datetime fractions, the 1_000 integer, day-first dates). */
#include "expr/literal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Exactly n digits at s[pos]. */
static bool digits_n(const char *s, size_t len, size_t pos, int n, int *out)
{
    if (pos + (size_t)n > len) return false;
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[pos + i])) return false;
        v = v * 10 + (s[pos + i] - '0');
    }
    *out = v;
    return true;
}

static bool date_sep(const char *s, size_t len, size_t pos)
{
    return pos < len && (s[pos] == '-' || s[pos] == '/');
}

bool fl_valid_date(int year, int month, int day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    int max = mdays[month - 1];
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) max = 29;
    return day <= max;
}

/* DD-MM-YYYY (us_format) or YYYY-MM-DD (iso_format); separators '-' or '/'. */
static bool scan_us_date(const char *s, size_t len, size_t pos, int *y, int *m, int *d, size_t *end)
{
    if (!digits_n(s, len, pos, 2, d) || !date_sep(s, len, pos + 2) ||
        !digits_n(s, len, pos + 3, 2, m) || !date_sep(s, len, pos + 5) ||
        !digits_n(s, len, pos + 6, 4, y))
        return false;
    *end = pos + 10;
    return true;
}

static bool scan_iso_date(const char *s, size_t len, size_t pos, int *y, int *m, int *d,
                          size_t *end)
{
    if (!digits_n(s, len, pos, 4, y) || !date_sep(s, len, pos + 4) ||
        !digits_n(s, len, pos + 5, 2, m) || !date_sep(s, len, pos + 7) ||
        !digits_n(s, len, pos + 8, 2, d))
        return false;
    *end = pos + 10;
    return true;
}

/* HH:MM[:][SS] -- the library makes both the colon and the seconds optional independently. */
static bool scan_plain_time(const char *s, size_t len, size_t pos, int *h, int *mi, int *sec,
                            size_t *end)
{
    if (!digits_n(s, len, pos, 2, h) || pos + 2 >= len || s[pos + 2] != ':' ||
        !digits_n(s, len, pos + 3, 2, mi))
        return false;
    pos += 5;
    if (pos < len && s[pos] == ':') pos++;
    *sec = 0;
    if (digits_n(s, len, pos, 2, sec)) pos += 2;
    *end = pos;
    return true;
}

/* Digits (at least one) as an integer value; saturates instead of overflowing. */
static size_t scan_uint(const char *s, size_t len, size_t pos, uint64_t *out)
{
    size_t i = pos;
    uint64_t v = 0;
    while (i < len && is_digit(s[i])) {
        if (v < UINT64_MAX / 10) v = v * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    *out = v;
    return i - pos;
}

static int decimal_digits(uint64_t v)
{
    int n = 1;
    while (v >= 10) v /= 10, n++;
    return n;
}

/* The ISO time part after 'T': HH:MM:SS[.][digits][+NN|Z]. */
static bool scan_iso_time(const char *s, size_t len, size_t pos, fl_dt *dt, size_t *end)
{
    int h, mi, sec;
    if (!digits_n(s, len, pos, 2, &h) || pos + 2 >= len || s[pos + 2] != ':' ||
        !digits_n(s, len, pos + 3, 2, &mi) || pos + 5 >= len || s[pos + 5] != ':' ||
        !digits_n(s, len, pos + 6, 2, &sec))
        return false;
    pos += 8;
    dt->hour = (uint8_t)h, dt->minute = (uint8_t)mi, dt->second = (uint8_t)sec;
    if (pos < len && s[pos] == '.') pos++;
    /* The fraction is read as an integer: its precision is the digit count of that integer
     * (so ".000" is 0 with precision 1), truncated to six digits. No fraction: 0, precision 1. */
    uint64_t frac = 0;
    size_t n = scan_uint(s, len, pos, &frac);
    pos += n;
    int prec = n ? decimal_digits(frac) : 1;
    if (prec > 6) {
        while (decimal_digits(frac) > 6) frac /= 10;
        prec = 6;
    }
    dt->usec = (uint32_t)frac;
    dt->precision = (uint8_t)prec;
    dt->offset_sec = 0;
    if (pos < len && s[pos] == '+') {
        uint64_t off = 0;
        size_t m = scan_uint(s, len, pos + 1, &off);
        if (m) {
            dt->offset_sec = off > 86400 ? 86400 : (int32_t)off;
            pos += 1 + m;
        }
    } else if (pos < len && s[pos] == 'Z') {
        pos++;
    }
    *end = pos;
    return true;
}

static fl_lit scan_datetime(const char *s, size_t len, size_t pos, fl_value *out, size_t *end)
{
    int y, m, d, h, mi, sec;
    size_t e;
    fl_dt dt = {0};
    if (scan_us_date(s, len, pos, &y, &m, &d, &e) && e < len && s[e] == ' ' &&
        scan_plain_time(s, len, e + 1, &h, &mi, &sec, end)) {
        dt.year = (int16_t)y, dt.month = (uint8_t)m, dt.day = (uint8_t)d;
        dt.hour = (uint8_t)h, dt.minute = (uint8_t)mi, dt.second = (uint8_t)sec;
        *out = fl_dt_value(FL_DATETIME, dt);
        return FL_LIT_VALUE;
    }
    if (scan_iso_date(s, len, pos, &y, &m, &d, &e) && e < len && s[e] == 'T' &&
        scan_iso_time(s, len, e + 1, &dt, end)) {
        dt.year = (int16_t)y, dt.month = (uint8_t)m, dt.day = (uint8_t)d;
        *out = fl_dt_value(FL_DATETIME, dt);
        return FL_LIT_VALUE;
    }
    return FL_LIT_NONE;
}

static fl_lit scan_date(const char *s, size_t len, size_t pos, fl_value *out, size_t *end)
{
    int y, m, d;
    if (!scan_us_date(s, len, pos, &y, &m, &d, end) && !scan_iso_date(s, len, pos, &y, &m, &d, end))
        return FL_LIT_NONE;
    if (!fl_valid_date(y, m, d)) return FL_LIT_INVALID;
    *out = fl_mkdate(y, m, d);
    return FL_LIT_VALUE;
}

static fl_lit scan_time(const char *s, size_t len, size_t pos, fl_value *out, size_t *end)
{
    int h, mi, sec;
    if (!scan_plain_time(s, len, pos, &h, &mi, &sec, end)) return FL_LIT_NONE;
    if (h > 23 || mi > 59 || sec > 59) return FL_LIT_INVALID;
    fl_dt dt = {0};
    dt.hour = (uint8_t)h, dt.minute = (uint8_t)mi, dt.second = (uint8_t)sec;
    *out = fl_dt_value(FL_TIME, dt);
    return FL_LIT_VALUE;
}

static bool scan_float(const char *s, size_t len, size_t pos, double *out, size_t *end)
{
    size_t i = pos;
    if (i < len && s[i] == '-') i++;
    size_t int_start = i;
    while (i < len && is_digit(s[i])) i++;
    if (i == int_start || i >= len || s[i] != '.') return false;
    i++;
    size_t frac_start = i;
    while (i < len && is_digit(s[i])) i++;
    if (i == frac_start) return false;
    char tmp[64];
    if (i - pos < sizeof tmp) {
        memcpy(tmp, s + pos, i - pos);
        tmp[i - pos] = '\0';
        *out = strtod(tmp, NULL);
    } else {
        char *big = fl_xstrndup(s + pos, i - pos);
        *out = strtod(big, NULL);
        free(big);
    }
    *end = i;
    return true;
}

bool fl_scan_int(const char *s, size_t len, size_t pos, int64_t *out, size_t *end)
{
    size_t i = pos;
    bool neg = false;
    if (i < len && s[i] == '-') neg = true, i++;
    /* Each digit group is its own integer (leading zeros dropped); the groups' decimal texts
     * are then joined: "1_000" -> "1" + "0" -> 10. */
    char digits[32];
    size_t nd = 0, groups = 0;
    bool overflow = false;
    while (i < len && (is_digit(s[i]) || s[i] == '_')) {
        if (s[i] == '_') {
            i++;
            continue;
        }
        size_t g = i;
        while (i < len && is_digit(s[i])) i++;
        while (g + 1 < i && s[g] == '0') g++; /* canonical form of the group */
        for (size_t k = g; k < i; k++) {
            if (nd + 1 >= sizeof digits)
                overflow = true;
            else
                digits[nd++] = s[k];
        }
        groups++;
    }
    if (!groups) return false;
    digits[nd] = '\0';
    errno = 0;
    unsigned long long v = overflow ? ULLONG_MAX : strtoull(digits, NULL, 10);
    if (overflow || errno || v > (unsigned long long)INT64_MAX) v = (unsigned long long)INT64_MAX;
    *out = neg ? -(int64_t)v : (int64_t)v;
    *end = i;
    return true;
}

static bool ascii_ieq(const char *s, size_t len, size_t pos, const char *word)
{
    size_t n = strlen(word);
    if (pos + n > len) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[pos + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != word[i]) return false;
    }
    return true;
}

static fl_lit scan_quoted(const char *s, size_t len, size_t pos, fl_value *out, size_t *end,
                          char *quote)
{
    char q = s[pos];
    size_t i = pos + 1;
    while (i < len) {
        if (s[i] == '\\' && i + 1 < len && s[i + 1] == q)
            i += 2;
        else if (s[i] == q)
            break;
        else
            i++;
    }
    if (i >= len) return FL_LIT_NONE;
    *out = fl_str(s + pos + 1, i - pos - 1);
    *quote = q;
    *end = i + 1;
    return FL_LIT_STRING;
}

fl_lit fl_scan_literal(const char *s, size_t len, size_t pos, fl_value *out, size_t *end,
                       char *quote)
{
    if (pos >= len) return FL_LIT_NONE;
    char c = s[pos];
    if (is_digit(c)) {
        fl_lit r = scan_datetime(s, len, pos, out, end);
        if (r == FL_LIT_NONE) r = scan_date(s, len, pos, out, end);
        if (r == FL_LIT_NONE) r = scan_time(s, len, pos, out, end);
        if (r != FL_LIT_NONE) return r;
    }
    if (is_digit(c) || c == '-') {
        double f;
        if (scan_float(s, len, pos, &f, end)) {
            *out = fl_float(f);
            return FL_LIT_VALUE;
        }
        int64_t i;
        if (fl_scan_int(s, len, pos, &i, end)) {
            *out = fl_int(i);
            return FL_LIT_VALUE;
        }
        return FL_LIT_NONE;
    }
    if (ascii_ieq(s, len, pos, "true")) {
        *out = fl_bool(true);
        *end = pos + 4;
        return FL_LIT_VALUE;
    }
    if (ascii_ieq(s, len, pos, "false")) {
        *out = fl_bool(false);
        *end = pos + 5;
        return FL_LIT_VALUE;
    }
    if (c == '"' || c == '\'') return scan_quoted(s, len, pos, out, end, quote);
    return FL_LIT_NONE;
}

size_t fl_unescape_quoted(const char *raw, size_t len, char quote, char *dst)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '\\' && i + 1 < len && raw[i + 1] == quote) i++;
        dst[n++] = raw[i];
    }
    dst[n] = '\0';
    return n;
}

/* A whole string of at most 18 digits (optionally after '-') is an integer: no date, time or
 * float pattern matches it, and it cannot overflow. Context values like "36" take this path. */
static bool plain_integer(const char *s, size_t len, fl_value *out)
{
    size_t i = len && s[0] == '-';
    if (len - i < 1 || len - i > 18) return false;
    int64_t v = 0;
    for (size_t k = i; k < len; k++) {
        if (s[k] < '0' || s[k] > '9') return false;
        v = v * 10 + (s[k] - '0');
    }
    *out = fl_int(i ? -v : v);
    return true;
}

bool fl_parse_literal(const char *s, size_t len, fl_value *out, bool allow_quoted)
{
    if (plain_integer(s, len, out)) return true;
    size_t end;
    char q;
    fl_value v;
    fl_lit r = fl_scan_literal(s, len, 0, &v, &end, &q);
    if (r == FL_LIT_NONE || r == FL_LIT_INVALID || end != len) return false;
    if (r == FL_LIT_VALUE || (r == FL_LIT_STRING && allow_quoted)) {
        *out = v;
        return true;
    }
    return false;
}

bool fl_parse_dateish(const char *s, size_t len, fl_value *out)
{
    size_t a = 0, b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\r')) b--;
    fl_value v;
    size_t end;
    char q;
    if (fl_scan_literal(s + a, b - a, 0, &v, &end, &q) != FL_LIT_VALUE || end != b - a)
        return false;
    if (v.type != FL_DATE && v.type != FL_DATETIME) return false;
    *out = v;
    return true;
}
