/* datetime.c: calendar arithmetic, the library's date/time literal grammar, ISO rendering and a
 * Timex-compatible strftime/strptime. Pure functions on plain structs. */
#include "expr/datetime.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Years are kept where microseconds since the epoch still fit an int64 (about +-292,000 years). */
#define YEAR_LIMIT 200000

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static int32_t clamp_year(int64_t y)
{
    if (y > YEAR_LIMIT) return YEAR_LIMIT;
    if (y < -YEAR_LIMIT) return -YEAR_LIMIT;
    return (int32_t)y;
}

bool fl_is_leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int fl_days_in_month(int64_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && fl_is_leap_year(year)) return 29;
    return days[month - 1];
}

bool fl_date_is_valid(fl_date d)
{
    return d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= fl_days_in_month(d.year, d.month);
}

/* Howard Hinnant's days_from_civil, with the month normalised first and the day added
 * linearly so that out-of-range fields roll over instead of failing. */
int64_t fl_date_to_days(fl_date d)
{
    int64_t y = (int64_t)d.year + floor_div((int64_t)d.month - 1, 12);
    int64_t m = floor_mod((int64_t)d.month - 1, 12) + 1;
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + ((int64_t)d.day - 1);
}

fl_date fl_date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    fl_date out = {clamp_year(y + (m <= 2)), (int32_t)m, (int32_t)d};
    return out;
}

int fl_date_iso_weekday(fl_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    return (int)floor_mod(fl_date_to_days(d) + 3, 7) + 1;
}

int fl_date_day_of_year(fl_date d)
{
    fl_date jan1 = {d.year, 1, 1};
    return (int)(fl_date_to_days(d) - fl_date_to_days(jan1)) + 1;
}

void fl_date_iso_week(fl_date d, int *week, int32_t *iso_year)
{
    int64_t days = fl_date_to_days(d);
    /* The Thursday of this ISO week decides the year. */
    int64_t thursday = days - (fl_date_iso_weekday(d) - 1) + 3;
    fl_date th = fl_date_from_days(thursday);
    fl_date jan1 = {th.year, 1, 1};
    *week = (int)((thursday - fl_date_to_days(jan1)) / 7) + 1;
    *iso_year = th.year;
}

int fl_date_cmp(fl_date a, fl_date b)
{
    int64_t x = fl_date_to_days(a), y = fl_date_to_days(b);
    return (x > y) - (x < y);
}

fl_date fl_date_add_days(fl_date d, int64_t days)
{
    const int64_t lim = (int64_t)YEAR_LIMIT * 366;
    if (days > lim) days = lim;
    if (days < -lim) days = -lim;
    return fl_date_from_days(fl_date_to_days(d) + days);
}

fl_date fl_date_add_months(fl_date d, int64_t months)
{
    const int64_t lim = (int64_t)YEAR_LIMIT * 12;
    if (months > lim) months = lim;
    if (months < -lim) months = -lim;
    int64_t total = (int64_t)d.year * 12 + (d.month - 1) + months;
    fl_date out;
    out.year = clamp_year(floor_div(total, 12));
    out.month = (int32_t)floor_mod(total, 12) + 1;
    int dim = fl_days_in_month(out.year, out.month);
    out.day = d.day > dim ? dim : d.day;
    return out;
}

fl_datetime fl_datetime_from_date(fl_date d, int precision)
{
    fl_datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.date = d;
    dt.time.precision = precision;
    return dt;
}

static int64_t sat_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

static int64_t sat_mul(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) return ((a < 0) != (b < 0)) ? INT64_MIN : INT64_MAX;
    return r;
}

int64_t fl_datetime_to_unix_us(fl_datetime dt)
{
    int64_t secs = sat_mul(fl_date_to_days(dt.date), 86400);
    secs = sat_add(secs, (int64_t)dt.time.hour * 3600 + (int64_t)dt.time.minute * 60 +
                             dt.time.second - dt.offset);
    return sat_add(sat_mul(secs, 1000000), dt.time.usec);
}

fl_datetime fl_datetime_from_unix_us(int64_t us, int precision)
{
    fl_datetime dt;
    memset(&dt, 0, sizeof dt);
    int64_t secs = floor_div(us, 1000000);
    dt.time.usec = (int32_t)floor_mod(us, 1000000);
    int64_t days = floor_div(secs, 86400);
    int64_t rem = floor_mod(secs, 86400);
    dt.date = fl_date_from_days(days);
    dt.time.hour = (int32_t)(rem / 3600);
    dt.time.minute = (int32_t)(rem % 3600 / 60);
    dt.time.second = (int32_t)(rem % 60);
    dt.time.precision = precision;
    return dt;
}

int fl_datetime_cmp(fl_datetime a, fl_datetime b)
{
    int64_t x = fl_datetime_to_unix_us(a), y = fl_datetime_to_unix_us(b);
    return (x > y) - (x < y);
}

fl_datetime fl_datetime_add_months(fl_datetime dt, int64_t months)
{
    dt.date = fl_date_add_months(dt.date, months);
    return dt;
}

fl_datetime fl_datetime_add_seconds(fl_datetime dt, int64_t seconds)
{
    const int64_t lim = (int64_t)YEAR_LIMIT * 366 * 86400;
    if (seconds > lim) seconds = lim;
    if (seconds < -lim) seconds = -lim;
    /* Shift the wall time; the offset stays as it was. */
    int64_t wall = fl_date_to_days(dt.date) * 86400 + (int64_t)dt.time.hour * 3600 +
                   (int64_t)dt.time.minute * 60 + dt.time.second + seconds;
    int64_t days = floor_div(wall, 86400), rem = floor_mod(wall, 86400);
    dt.date = fl_date_from_days(days);
    dt.time.hour = (int32_t)(rem / 3600);
    dt.time.minute = (int32_t)(rem % 3600 / 60);
    dt.time.second = (int32_t)(rem % 60);
    return dt;
}

int fl_time_cmp(fl_time a, fl_time b)
{
    int64_t x = ((int64_t)a.hour * 3600 + a.minute * 60 + a.second) * 1000000 + a.usec;
    int64_t y = ((int64_t)b.hour * 3600 + b.minute * 60 + b.second) * 1000000 + b.usec;
    return (x > y) - (x < y);
}

/* ------------------------------------------------------------------------------------------------
 * Literal grammar
 * --------------------------------------------------------------------------------------------- */

/* Exactly n ASCII digits at s[*i]; advances on success. */
static bool fixed_digits(const char *s, size_t len, size_t *i, int n, int32_t *out)
{
    if (*i + (size_t)n > len) return false;
    int32_t v = 0;
    for (int k = 0; k < n; k++) {
        char c = s[*i + k];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    *i += (size_t)n;
    *out = v;
    return true;
}

static bool date_sep(const char *s, size_t len, size_t *i)
{
    if (*i < len && (s[*i] == '-' || s[*i] == '/')) {
        (*i)++;
        return true;
    }
    return false;
}

static bool lit_char(const char *s, size_t len, size_t *i, char c)
{
    if (*i < len && s[*i] == c) {
        (*i)++;
        return true;
    }
    return false;
}

/* DD sep MM sep YYYY */
static bool scan_dayfirst_date(const char *s, size_t len, size_t *i, fl_date *d)
{
    size_t j = *i;
    if (!fixed_digits(s, len, &j, 2, &d->day) || !date_sep(s, len, &j) ||
        !fixed_digits(s, len, &j, 2, &d->month) || !date_sep(s, len, &j) ||
        !fixed_digits(s, len, &j, 4, &d->year))
        return false;
    *i = j;
    return true;
}

/* YYYY sep MM sep DD */
static bool scan_iso_date(const char *s, size_t len, size_t *i, fl_date *d)
{
    size_t j = *i;
    if (!fixed_digits(s, len, &j, 4, &d->year) || !date_sep(s, len, &j) ||
        !fixed_digits(s, len, &j, 2, &d->month) || !date_sep(s, len, &j) ||
        !fixed_digits(s, len, &j, 2, &d->day))
        return false;
    *i = j;
    return true;
}

/* HH:MM then an optional ":" and optional SS, each on its own (so "10:3015" reads 10:30:15). */
static bool scan_plain_time(const char *s, size_t len, size_t *i, fl_time *t)
{
    size_t j = *i;
    memset(t, 0, sizeof *t);
    if (!fixed_digits(s, len, &j, 2, &t->hour) || !lit_char(s, len, &j, ':') ||
        !fixed_digits(s, len, &j, 2, &t->minute))
        return false;
    lit_char(s, len, &j, ':');
    int32_t sec;
    if (fixed_digits(s, len, &j, 2, &sec)) t->second = sec;
    *i = j;
    return true;
}

/* A run of digits read the way the library reads it: as an integer, whose decimal text (leading
 * zeros gone) gives the precision (capped at 6) and whose first digits give the value. */
static void digits_as_fraction(const char *s, size_t n, int32_t *usec, int32_t *precision)
{
    while (n > 1 && *s == '0') s++, n--;
    size_t p = n > 6 ? 6 : n;
    int32_t v = 0;
    for (size_t k = 0; k < p; k++) v = v * 10 + (s[k] - '0');
    *usec = v;
    *precision = (int32_t)p;
}

static int32_t digits_as_int32(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t k = 0; k < n; k++) {
        v = v * 10 + (s[k] - '0');
        if (v > INT32_MAX) return INT32_MAX;
    }
    return (int32_t)v;
}

static size_t digit_run(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && s[j] >= '0' && s[j] <= '9') j++;
    return j - i;
}

/* ISO time after the "T": HH:MM:SS, optional ".", optional digits, then "+digits" or "Z" or
 * nothing. The optional pieces land in the microsecond and offset slots in the order they
 * appear, as the library's parser does it. */
static bool scan_iso_time(const char *s, size_t len, size_t *i, fl_datetime *dt)
{
    size_t j = *i;
    fl_time *t = &dt->time;
    memset(t, 0, sizeof *t);
    dt->offset = 0;
    if (!fixed_digits(s, len, &j, 2, &t->hour) || !lit_char(s, len, &j, ':') ||
        !fixed_digits(s, len, &j, 2, &t->minute) || !lit_char(s, len, &j, ':') ||
        !fixed_digits(s, len, &j, 2, &t->second))
        return false;
    lit_char(s, len, &j, '.');
    const char *vals[2];
    size_t lens[2];
    int nvals = 0;
    size_t n = digit_run(s, len, j);
    if (n > 0) {
        vals[nvals] = s + j, lens[nvals++] = n;
        j += n;
    }
    if (j < len && s[j] == '+' && digit_run(s, len, j + 1) > 0) {
        n = digit_run(s, len, j + 1);
        vals[nvals] = s + j + 1, lens[nvals++] = n;
        j += 1 + n;
    } else if (j < len && s[j] == 'Z') {
        vals[nvals] = "0", lens[nvals++] = 1;
        j++;
    }
    if (nvals == 0) {
        t->usec = 0, t->precision = 1;
    } else {
        digits_as_fraction(vals[0], lens[0], &t->usec, &t->precision);
        if (nvals == 2) dt->offset = digits_as_int32(vals[1], lens[1]);
    }
    *i = j;
    return true;
}

static bool time_fields_valid(fl_time t)
{
    return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
           t.second <= 59;
}

size_t fl_dt_scan(const char *s, size_t len, fl_dt_literal *out)
{
    fl_dt_literal lit;
    memset(&lit, 0, sizeof lit);
    size_t i = 0;
    fl_date d;
    fl_time t;

    /* Datetimes first: day-first date + space + time, then ISO date + T + time. */
    if (scan_dayfirst_date(s, len, &i, &d) && lit_char(s, len, &i, ' ') &&
        scan_plain_time(s, len, &i, &t)) {
        lit.kind = FL_DT_DATETIME;
        lit.dt.date = d;
        lit.dt.time = t;
        goto done;
    }
    i = 0;
    if (scan_iso_date(s, len, &i, &d) && lit_char(s, len, &i, 'T') &&
        scan_iso_time(s, len, &i, &lit.dt)) {
        lit.kind = FL_DT_DATETIME;
        lit.dt.date = d;
        goto done;
    }
    i = 0;
    if (scan_dayfirst_date(s, len, &i, &d) || (i = 0, scan_iso_date(s, len, &i, &d))) {
        lit.kind = FL_DT_DATE;
        lit.date = d;
        goto done;
    }
    i = 0;
    if (scan_plain_time(s, len, &i, &t)) {
        lit.kind = FL_DT_TIME;
        lit.time = t;
        goto done;
    }
    return 0;
done:
    if (out) *out = lit;
    return i;
}

bool fl_dt_parse(const char *s, size_t len, fl_dt_literal *out)
{
    fl_dt_literal lit;
    size_t n = fl_dt_scan(s, len, &lit);
    if (n == 0 || n != len) return false;
    if (out) *out = lit;
    return true;
}

/* Whitespace as the library's \s with Unicode matching sees it. */
static bool is_unicode_space(utf8proc_int32_t c)
{
    if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ' || c == 0x85 ||
        c == 0x2028 || c == 0x2029)
        return true;
    return c > 0x7f && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

bool fl_dt_parse_dateish(const char *s, size_t len, bool strip_space, fl_dt_literal *out)
{
    char small[128];
    char *buf = len < sizeof small ? small : fl_xmalloc(len + 1);
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z') {
            i++;
            continue;
        }
        if (strip_space) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k > 0 && is_unicode_space(cp)) {
                i += (size_t)k;
                continue;
            }
        }
        buf[n++] = s[i++];
    }
    /* The remaining text is read as an expression: blanks around one literal are fine. */
    size_t a = 0, b = n;
    while (a < b && (buf[a] == ' ' || buf[a] == '\n' || buf[a] == '\r')) a++;
    while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\n' || buf[b - 1] == '\r')) b--;
    fl_dt_literal lit;
    bool ok = b > a && fl_dt_parse(buf + a, b - a, &lit);
    if (buf != small) free(buf);
    if (!ok) return false;
    if (lit.kind == FL_DT_DATE && !fl_date_is_valid(lit.date)) return false;
    if (lit.kind == FL_DT_TIME && !time_fields_valid(lit.time)) return false;
    if (out) *out = lit;
    return true;
}

/* ------------------------------------------------------------------------------------------------
 * ISO 8601 as written in tagged JSON
 * --------------------------------------------------------------------------------------------- */

static bool parse_iso_date_at(const char *s, size_t len, size_t *i, fl_date *d)
{
    size_t j = *i;
    bool neg = lit_char(s, len, &j, '-');
    if (!fixed_digits(s, len, &j, 4, &d->year) || !lit_char(s, len, &j, '-') ||
        !fixed_digits(s, len, &j, 2, &d->month) || !lit_char(s, len, &j, '-') ||
        !fixed_digits(s, len, &j, 2, &d->day))
        return false;
    if (neg) d->year = -d->year;
    if (!fl_date_is_valid(*d)) return false;
    *i = j;
    return true;
}

static bool parse_iso_time_at(const char *s, size_t len, size_t *i, fl_time *t)
{
    size_t j = *i;
    memset(t, 0, sizeof *t);
    if (!fixed_digits(s, len, &j, 2, &t->hour) || !lit_char(s, len, &j, ':') ||
        !fixed_digits(s, len, &j, 2, &t->minute))
        return false;
    if (lit_char(s, len, &j, ':')) {
        if (!fixed_digits(s, len, &j, 2, &t->second)) return false;
        if (j < len && (s[j] == '.' || s[j] == ',')) {
            size_t n = digit_run(s, len, j + 1);
            if (n == 0) return false;
            int32_t v = 0;
            for (size_t k = 0; k < 6; k++) v = v * 10 + (k < n ? s[j + 1 + k] - '0' : 0);
            t->usec = v;
            t->precision = (int32_t)(n > 6 ? 6 : n);
            j += 1 + n;
        }
    }
    if (!time_fields_valid(*t)) return false;
    *i = j;
    return true;
}

bool fl_parse_iso_date(const char *s, size_t len, fl_date *out)
{
    size_t i = 0;
    fl_date d;
    if (!parse_iso_date_at(s, len, &i, &d) || i != len) return false;
    *out = d;
    return true;
}

bool fl_parse_iso_time(const char *s, size_t len, fl_time *out)
{
    size_t i = 0;
    fl_time t;
    if (!parse_iso_time_at(s, len, &i, &t) || i != len) return false;
    *out = t;
    return true;
}

bool fl_parse_iso_datetime(const char *s, size_t len, fl_datetime *out)
{
    size_t i = 0;
    fl_datetime dt;
    memset(&dt, 0, sizeof dt);
    if (!parse_iso_date_at(s, len, &i, &dt.date)) return false;
    if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return false;
    i++;
    if (!parse_iso_time_at(s, len, &i, &dt.time)) return false;
    int32_t off = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1;
        i++;
        int32_t hh, mm = 0;
        if (!fixed_digits(s, len, &i, 2, &hh)) return false;
        lit_char(s, len, &i, ':');
        if (i < len && !fixed_digits(s, len, &i, 2, &mm)) return false;
        if (hh > 23 || mm > 59) return false;
        off = sign * (hh * 3600 + mm * 60);
    }
    if (i != len) return false;
    dt.offset = off;
    if (off != 0) dt = fl_datetime_from_unix_us(fl_datetime_to_unix_us(dt), dt.time.precision);
    *out = dt;
    return true;
}

/* ------------------------------------------------------------------------------------------------
 * Rendering
 * --------------------------------------------------------------------------------------------- */

static void put_year(fl_buf *out, int32_t y)
{
    if (y < 0)
        fl_buf_printf(out, "-%04ld", -(long)y);
    else
        fl_buf_printf(out, "%04ld", (long)y);
}

void fl_date_format_iso(fl_date d, fl_buf *out)
{
    put_year(out, d.year);
    fl_buf_printf(out, "-%02d-%02d", (int)d.month, (int)d.day);
}

static void put_fraction(fl_buf *out, int32_t usec, int32_t precision)
{
    if (precision <= 0) return;
    if (precision > 6) precision = 6;
    char digits[8];
    snprintf(digits, sizeof digits, "%06d", (int)(usec % 1000000 + 1000000) % 1000000);
    fl_buf_putc(out, '.');
    fl_buf_append(out, digits, (size_t)precision);
}

void fl_time_format_iso(fl_time t, fl_buf *out)
{
    fl_buf_printf(out, "%02d:%02d:%02d", (int)t.hour, (int)t.minute, (int)t.second);
    put_fraction(out, t.usec, t.precision);
}

void fl_time_format_inspect(fl_time t, fl_buf *out)
{
    fl_buf_puts(out, "~T[");
    fl_time_format_iso(t, out);
    fl_buf_putc(out, ']');
}

static void put_offset(fl_buf *out, int32_t offset, bool colon, bool seconds)
{
    char sign = offset < 0 ? '-' : '+';
    int64_t a = offset < 0 ? -(int64_t)offset : offset;
    fl_buf_printf(out, "%c%02d%s%02d", sign, (int)(a / 3600), colon ? ":" : "",
                  (int)(a % 3600 / 60));
    if (seconds) fl_buf_printf(out, ":%02d", (int)(a % 60));
}

void fl_datetime_format_iso(fl_datetime dt, fl_buf *out)
{
    fl_date_format_iso(dt.date, out);
    fl_buf_putc(out, 'T');
    fl_time_format_iso(dt.time, out);
    if (dt.offset == 0)
        fl_buf_putc(out, 'Z');
    else
        put_offset(out, dt.offset, true, false);
}

/* ------------------------------------------------------------------------------------------------
 * strftime / strptime
 * --------------------------------------------------------------------------------------------- */

typedef enum { PAD_DEFAULT, PAD_NONE, PAD_ZERO, PAD_SPACE } pad_kind;

typedef struct directive {
    pad_kind pad;
    int width; /* user width, -1 when none */
    char name; /* the directive letter; 'z' with colons = 1 or 2 */
    int colons;
} directive;

/* Reads one directive after a '%' at fmt[*i]; false when it is not a valid one. */
static bool read_directive(const char *fmt, size_t len, size_t *i, directive *d)
{
    size_t j = *i;
    d->pad = PAD_DEFAULT;
    d->width = -1;
    d->colons = 0;
    if (j < len && (fmt[j] == '-' || fmt[j] == '0' || fmt[j] == '_')) {
        d->pad = fmt[j] == '-' ? PAD_NONE : fmt[j] == '0' ? PAD_ZERO : PAD_SPACE;
        j++;
    }
    if (j < len && fmt[j] >= '0' && fmt[j] <= '9') {
        int w = 0;
        while (j < len && fmt[j] >= '0' && fmt[j] <= '9') {
            if (w < 1000) w = w * 10 + (fmt[j] - '0');
            j++;
        }
        d->width = w;
    }
    if (j < len && (fmt[j] == 'E' || fmt[j] == 'O')) j++;
    if (j >= len) return false;
    if (fmt[j] == ':') {
        if (j + 1 < len && fmt[j + 1] == 'z') {
            d->name = 'z', d->colons = 1, *i = j + 2;
            return true;
        }
        if (j + 2 < len && fmt[j + 1] == ':' && fmt[j + 2] == 'z') {
            d->name = 'z', d->colons = 2, *i = j + 3;
            return true;
        }
        return false;
    }
    static const char known[] = "YyCGgmBbhdejuwAaVWUHkIlMSsPpfLZzDFRrTv";
    if (!strchr(known, fmt[j]) || fmt[j] == '\0') return false;
    d->name = fmt[j];
    *i = j + 1;
    return true;
}

static void put_num(fl_buf *out, int64_t v, int width, pad_kind pad, pad_kind dflt)
{
    if (pad == PAD_DEFAULT) pad = dflt;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    if (v < 0) fl_buf_putc(out, '-');
    if (pad != PAD_NONE && width > 0)
        for (int k = n + (v < 0); k < width; k++) fl_buf_putc(out, pad == PAD_SPACE ? ' ' : '0');
    fl_buf_append(out, digits, (size_t)n);
}

static void put_text(fl_buf *out, const char *s, int width)
{
    int n = (int)strlen(s);
    for (int k = n; k < width; k++) fl_buf_putc(out, ' ');
    fl_buf_puts(out, s);
}

static void format_one(fl_datetime dt, const directive *d, fl_buf *out)
{
    const fl_date *date = &dt.date;
    const fl_time *t = &dt.time;
    int wd = fl_date_iso_weekday(*date);
    int h12 = t->hour % 12 == 0 ? 12 : t->hour % 12;
    int fixed = -1; /* forced width of the numeric directives */
    int64_t num = 0;
    pad_kind dflt = PAD_ZERO;
    int week;
    int32_t iso_year;
    directive plain = {PAD_DEFAULT, -1, 0, 0};

    switch (d->name) {
    case 'Y':
        num = date->year, fixed = 4;
        break;
    case 'y':
        num = floor_mod(date->year, 100), fixed = 2;
        break;
    case 'C':
        num = floor_div(date->year, 100), fixed = 2;
        break;
    case 'G':
    case 'g':
        fl_date_iso_week(*date, &week, &iso_year);
        num = d->name == 'G' ? iso_year : floor_mod(iso_year, 100);
        fixed = d->name == 'G' ? 4 : 2;
        break;
    case 'm':
        num = date->month, fixed = 2;
        break;
    case 'd':
        num = date->day, fixed = 2;
        break;
    case 'e':
        num = date->day, fixed = 2, dflt = PAD_SPACE;
        break;
    case 'j':
        num = fl_date_day_of_year(*date), fixed = 3;
        break;
    case 'V':
        fl_date_iso_week(*date, &week, &iso_year);
        num = week, fixed = 2;
        break;
    case 'W':
        num = (fl_date_day_of_year(*date) - 1 + 7 - (wd - 1)) / 7, fixed = 2;
        break;
    case 'U':
        num = (fl_date_day_of_year(*date) - 1 + 7 - (wd % 7)) / 7, fixed = 2;
        break;
    case 'H':
        num = t->hour, fixed = 2;
        break;
    case 'k':
        num = t->hour, fixed = 2, dflt = PAD_SPACE;
        break;
    case 'I':
        num = h12, fixed = 2;
        break;
    case 'l':
        num = h12, fixed = 2, dflt = PAD_SPACE;
        break;
    case 'M':
        num = t->minute, fixed = 2;
        break;
    case 'S':
        num = t->second, fixed = 2;
        break;
    case 'L':
        num = t->usec / 1000, fixed = 3;
        break;
    case 'f':
        num = t->usec, fixed = 6;
        break;
    case 'u':
        put_num(out, wd, d->width, d->pad, PAD_NONE);
        return;
    case 'w':
        put_num(out, wd % 7, d->width, d->pad, PAD_NONE);
        return;
    case 's':
        put_num(out, floor_div(fl_datetime_to_unix_us(dt), 1000000), d->width, d->pad, PAD_NONE);
        return;
    case 'B':
    case 'b':
    case 'h': {
        const char *name =
            date->month >= 1 && date->month <= 12 ? month_names[date->month - 1] : "";
        if (d->name == 'B') {
            put_text(out, name, d->width);
        } else {
            char abbr[4] = {0};
            memcpy(abbr, name, strlen(name) < 3 ? strlen(name) : 3);
            put_text(out, abbr, d->width);
        }
        return;
    }
    case 'A':
    case 'a': {
        const char *name = day_names[wd - 1];
        if (d->name == 'A') {
            put_text(out, name, d->width);
        } else {
            char abbr[4] = {name[0], name[1], name[2], 0};
            put_text(out, abbr, d->width);
        }
        return;
    }
    case 'p':
        put_text(out, t->hour < 12 ? "AM" : "PM", d->width);
        return;
    case 'P':
        put_text(out, t->hour < 12 ? "am" : "pm", d->width);
        return;
    case 'Z':
        put_text(out, "Etc/UTC", d->width);
        return;
    case 'z':
        put_offset(out, dt.offset, d->colons > 0, d->colons > 1);
        return;
    case 'D':
        plain.name = 'm', format_one(dt, &plain, out), fl_buf_putc(out, '/');
        plain.name = 'd', format_one(dt, &plain, out), fl_buf_putc(out, '/');
        plain.name = 'y', format_one(dt, &plain, out);
        return;
    case 'F':
        plain.name = 'Y', format_one(dt, &plain, out), fl_buf_putc(out, '-');
        plain.name = 'm', format_one(dt, &plain, out), fl_buf_putc(out, '-');
        plain.name = 'd', format_one(dt, &plain, out);
        return;
    case 'R':
    case 'T':
        plain.name = 'H', format_one(dt, &plain, out), fl_buf_putc(out, ':');
        plain.name = 'M', format_one(dt, &plain, out);
        if (d->name == 'T') plain.name = 'S', fl_buf_putc(out, ':'), format_one(dt, &plain, out);
        return;
    case 'r':
        plain.name = 'I', format_one(dt, &plain, out), fl_buf_putc(out, ':');
        plain.name = 'M', format_one(dt, &plain, out), fl_buf_putc(out, ':');
        plain.name = 'S', format_one(dt, &plain, out), fl_buf_putc(out, ' ');
        plain.name = 'p', format_one(dt, &plain, out);
        return;
    case 'v':
        plain.name = 'e', format_one(dt, &plain, out), fl_buf_putc(out, '-');
        plain.name = 'b', format_one(dt, &plain, out), fl_buf_putc(out, '-');
        plain.name = 'Y', format_one(dt, &plain, out);
        return;
    default:
        return;
    }
    put_num(out, num, fixed, d->pad, dflt);
}

bool fl_strftime(fl_datetime dt, const char *fmt, size_t len, fl_buf *out, const char **msg)
{
    const char *dummy;
    if (!msg) msg = &dummy;
    if (len == 0) {
        *msg = "Format string cannot be empty.";
        return false;
    }
    /* Validate the whole format first: the library fails before producing any text. */
    bool any = false;
    for (size_t i = 0; i < len;) {
        if (fmt[i] != '%') {
            i++;
            continue;
        }
        size_t j = i + 1;
        directive d;
        if (read_directive(fmt, len, &j, &d)) {
            any = true;
            i = j;
        } else if (j < len && fmt[j] == '%') {
            i = j + 1;
        } else {
            *msg = "Invalid format string, unknown or malformed directive.";
            return false;
        }
    }
    if (!any) {
        *msg = "Invalid format string, must contain at least one directive.";
        return false;
    }
    for (size_t i = 0; i < len;) {
        if (fmt[i] != '%') {
            size_t j = i;
            while (j < len && fmt[j] != '%') j++;
            fl_buf_append(out, fmt + i, j - i);
            i = j;
            continue;
        }
        size_t j = i + 1;
        directive d;
        if (read_directive(fmt, len, &j, &d)) {
            format_one(dt, &d, out);
            i = j;
        } else {
            fl_buf_putc(out, '%');
            i = j + 1;
        }
    }
    return true;
}

typedef struct parsed {
    int32_t year, month, day, yday;
    int32_t hour, minute, second, usec, precision;
    int32_t offset;
    int ampm; /* 0 none, 1 am, 2 pm */
    bool have_epoch, have_yday, have_md;
    int64_t epoch;
} parsed;

static bool read_num(const char *s, size_t len, size_t *i, int maxd, bool exact, pad_kind pad,
                     int64_t *out)
{
    size_t j = *i;
    int used = 0;
    if (pad == PAD_SPACE)
        while (j < len && s[j] == ' ' && used < maxd - 1) j++, used++;
    size_t start = j;
    int64_t v = 0;
    while (j < len && s[j] >= '0' && s[j] <= '9' && (int)(j - start) + used < maxd) {
        v = v * 10 + (s[j] - '0');
        j++;
    }
    int n = (int)(j - start);
    if (n == 0) return false;
    if (exact && pad == PAD_ZERO && n + used != maxd) return false;
    *i = j;
    *out = v;
    return true;
}

static bool read_name(const char *s, size_t len, size_t *i, const char *const *names, int count,
                      bool abbr, int *index)
{
    for (int k = 0; k < count; k++) {
        size_t n = abbr ? 3 : strlen(names[k]);
        if (*i + n <= len && strncasecmp(s + *i, names[k], n) == 0) {
            *i += n;
            *index = k;
            return true;
        }
    }
    return false;
}

static bool read_offset(const char *s, size_t len, size_t *i, int colons, int32_t *off)
{
    size_t j = *i;
    if (j < len && s[j] == 'Z') {
        *off = 0;
        *i = j + 1;
        return true;
    }
    if (j >= len || (s[j] != '+' && s[j] != '-')) return false;
    int sign = s[j] == '-' ? -1 : 1;
    j++;
    int32_t hh, mm, ss = 0;
    if (!fixed_digits(s, len, &j, 2, &hh)) return false;
    if (colons > 0 && !lit_char(s, len, &j, ':')) return false;
    if (colons == 0) lit_char(s, len, &j, ':');
    if (!fixed_digits(s, len, &j, 2, &mm)) return false;
    if (colons == 2 && (!lit_char(s, len, &j, ':') || !fixed_digits(s, len, &j, 2, &ss)))
        return false;
    if (hh > 23 || mm > 59 || ss > 59) return false;
    *off = sign * (hh * 3600 + mm * 60 + ss);
    *i = j;
    return true;
}

static bool parse_with(const char *s, size_t len, size_t *i, const char *fmt, size_t flen,
                       parsed *p, int depth);

static bool parse_one(const char *s, size_t len, size_t *i, const directive *d, parsed *p,
                      int depth)
{
    int64_t v;
    pad_kind pad = d->pad == PAD_DEFAULT ? PAD_ZERO : d->pad;
    switch (d->name) {
    case 'Y':
        if (!read_num(s, len, i, 4, true, pad, &v)) return false;
        p->year = (int32_t)v;
        return true;
    case 'y':
    case 'g':
        if (!read_num(s, len, i, 2, true, pad, &v)) return false;
        if (d->name == 'y') p->year = 2000 + (int32_t)v;
        return true;
    case 'C':
        if (!read_num(s, len, i, 2, true, pad, &v)) return false;
        p->year = (int32_t)(v * 100 + p->year % 100);
        return true;
    case 'G':
        return read_num(s, len, i, 4, true, pad, &v);
    case 'm':
        if (!read_num(s, len, i, 2, true, pad, &v)) return false;
        p->month = (int32_t)v, p->have_md = true;
        return true;
    case 'd':
    case 'e':
        if (!read_num(s, len, i, 2, true, d->name == 'e' && d->pad == PAD_DEFAULT ? PAD_SPACE : pad,
                      &v))
            return false;
        p->day = (int32_t)v, p->have_md = true;
        return true;
    case 'j':
        if (!read_num(s, len, i, 3, true, pad, &v)) return false;
        p->yday = (int32_t)v, p->have_yday = true;
        return true;
    case 'V':
    case 'W':
    case 'U':
        return read_num(s, len, i, 2, true, pad, &v);
    case 'u':
    case 'w':
        return read_num(s, len, i, 1, false, pad, &v);
    case 'H':
    case 'k':
    case 'I':
    case 'l':
        if (!read_num(s, len, i, 2, true,
                      (d->name == 'k' || d->name == 'l') && d->pad == PAD_DEFAULT ? PAD_SPACE : pad,
                      &v))
            return false;
        p->hour = (int32_t)v;
        if ((d->name == 'I' || d->name == 'l') && (v < 1 || v > 12)) return false;
        return true;
    case 'M':
        if (!read_num(s, len, i, 2, true, pad, &v)) return false;
        p->minute = (int32_t)v;
        return true;
    case 'S':
        if (!read_num(s, len, i, 2, true, pad, &v)) return false;
        p->second = (int32_t)v;
        return true;
    case 'L':
        if (!read_num(s, len, i, 3, true, PAD_ZERO, &v)) return false;
        p->usec = (int32_t)v * 1000, p->precision = 3;
        return true;
    case 'f': {
        size_t n = digit_run(s, len, *i);
        if (n == 0) return false;
        int32_t us = 0;
        for (size_t k = 0; k < 6; k++) us = us * 10 + (k < n ? s[*i + k] - '0' : 0);
        p->usec = us, p->precision = (int32_t)(n > 6 ? 6 : n);
        *i += n;
        return true;
    }
    case 's': {
        size_t j = *i;
        bool neg = lit_char(s, len, &j, '-');
        size_t n = digit_run(s, len, j);
        if (n == 0 || n > 15) return false;
        int64_t e = 0;
        for (size_t k = 0; k < n; k++) e = e * 10 + (s[j + k] - '0');
        p->epoch = neg ? -e : e, p->have_epoch = true;
        *i = j + n;
        return true;
    }
    case 'p':
    case 'P':
        if (*i + 2 <= len && strncasecmp(s + *i, "am", 2) == 0)
            p->ampm = 1;
        else if (*i + 2 <= len && strncasecmp(s + *i, "pm", 2) == 0)
            p->ampm = 2;
        else
            return false;
        *i += 2;
        return true;
    case 'B':
    case 'b':
    case 'h': {
        int k;
        if (!read_name(s, len, i, month_names, 12, d->name != 'B', &k)) return false;
        p->month = k + 1, p->have_md = true;
        return true;
    }
    case 'A':
    case 'a': {
        int k;
        return read_name(s, len, i, day_names, 7, d->name == 'a', &k);
    }
    case 'Z': {
        static const char *const zones[] = {"Etc/UTC", "Etc/GMT", "UTC", "GMT", "Z"};
        for (size_t k = 0; k < FL_ARRAY_LEN(zones); k++) {
            size_t n = strlen(zones[k]);
            if (*i + n <= len && strncmp(s + *i, zones[k], n) == 0) {
                *i += n;
                p->offset = 0;
                return true;
            }
        }
        return false;
    }
    case 'z':
        return read_offset(s, len, i, d->colons, &p->offset);
    case 'D':
        return parse_with(s, len, i, "%m/%d/%y", 8, p, depth + 1);
    case 'F':
        return parse_with(s, len, i, "%Y-%m-%d", 8, p, depth + 1);
    case 'R':
        return parse_with(s, len, i, "%H:%M", 5, p, depth + 1);
    case 'T':
        return parse_with(s, len, i, "%H:%M:%S", 8, p, depth + 1);
    case 'r':
        return parse_with(s, len, i, "%I:%M:%S %p", 11, p, depth + 1);
    case 'v':
        return parse_with(s, len, i, "%e-%b-%Y", 8, p, depth + 1);
    default:
        return false;
    }
}

static bool parse_with(const char *s, size_t len, size_t *i, const char *fmt, size_t flen,
                       parsed *p, int depth)
{
    if (depth > 2) return false;
    for (size_t f = 0; f < flen;) {
        if (fmt[f] != '%') {
            if (*i >= len || s[*i] != fmt[f]) return false;
            (*i)++, f++;
            continue;
        }
        size_t g = f + 1;
        directive d;
        if (read_directive(fmt, flen, &g, &d)) {
            if (!parse_one(s, len, i, &d, p, depth)) return false;
            f = g;
        } else if (g < flen && fmt[g] == '%') {
            if (*i >= len || s[*i] != '%') return false;
            (*i)++, f = g + 1;
        } else {
            return false;
        }
    }
    return true;
}

bool fl_strptime(const char *text, size_t text_len, const char *fmt, size_t fmt_len,
                 fl_datetime *out)
{
    if (fmt_len == 0) return false;
    parsed p;
    memset(&p, 0, sizeof p);
    p.month = 1, p.day = 1;
    size_t i = 0;
    if (!parse_with(text, text_len, &i, fmt, fmt_len, &p, 0) || i != text_len) return false;
    if (p.have_epoch) {
        *out = fl_datetime_from_unix_us(p.epoch * 1000000, 0);
        return true;
    }
    if (p.ampm == 1 && p.hour == 12) p.hour = 0;
    if (p.ampm == 2 && p.hour < 12) p.hour += 12;
    fl_datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.date.year = p.year, dt.date.month = p.month, dt.date.day = p.day;
    if (p.have_yday && !p.have_md) {
        if (p.yday < 1 || p.yday > (fl_is_leap_year(p.year) ? 366 : 365)) return false;
        fl_date jan1 = {p.year, 1, 1};
        dt.date = fl_date_add_days(jan1, p.yday - 1);
    }
    dt.time.hour = p.hour, dt.time.minute = p.minute, dt.time.second = p.second;
    dt.time.usec = p.usec, dt.time.precision = p.precision;
    if (!fl_date_is_valid(dt.date) || !time_fields_valid(dt.time)) return false;
    dt.offset = p.offset;
    if (dt.offset != 0)
        dt = fl_datetime_from_unix_us(fl_datetime_to_unix_us(dt), dt.time.precision);
    *out = dt;
    return true;
}
