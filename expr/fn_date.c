/* fn_date.c: the date and time functions (date, datetime_add, datevalue, day, edate, hour,
 * minute, month, now, parse_datevalue, second, time, timevalue, today, weekday, year). The clock
 * is the evaluation's injected one; calendar work is in datetime.c. */
#include "expr/fn_common.h"

#include <stdlib.h>
#include <string.h>

#define INVALID_DATE "Invalid date"

static fl_value dt_or_raise(fl_eval *ev, fl_datetime dt)
{
    fl_value v;
    if (!fl_fn_mkdatetime(dt, &v)) return fl_raise(ev, INVALID_DATE);
    return v;
}

static fl_value date_or_raise(fl_eval *ev, fl_date d)
{
    fl_value v;
    if (!fl_fn_mkdate(d, &v)) return fl_raise(ev, INVALID_DATE);
    return v;
}

/* date(year, month, day): built as given, not validated (date(2022, 2, 30) exists). */
static fl_value fn_date(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t y, m, d;
    if (!fl_fn_int(&args[0], &y) || !fl_fn_int(&args[1], &m) || !fl_fn_int(&args[2], &d) ||
        y < INT16_MIN || y > INT16_MAX || m < 0 || m > 255 || d < 0 || d > 255)
        return fl_raise(ev, "Invalid date: date(%s, %s, %s)", fl_fn_type_name(&args[0]),
                        fl_fn_type_name(&args[1]), fl_fn_type_name(&args[2]));
    return fl_mkdate((int)y, (int)m, (int)d);
}

/* datetime_add(datetime, offset, unit): Y and M move the calendar (clamping the day), W, D, h, m
 * and s move the instant. A date becomes midnight first. */
static fl_value fn_datetime_add(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_datetime dt;
    if (!fl_fn_datetimeish(&args[0], &dt)) return fl_raise(ev, INVALID_DATE);
    int64_t n;
    if (!fl_fn_int(&args[1], &n)) return fl_raise(ev, "datetime_add() expects an integer offset");
    if (args[2].type != FL_STR || args[2].len != 1)
        return fl_raise(ev, "datetime_add() expects a unit: Y, M, W, D, h, m or s");
    const int64_t big = (int64_t)1 << 40; /* far beyond any representable year */
    if (n > big || n < -big) return fl_raise(ev, INVALID_DATE);
    switch (args[2].u.s[0]) {
    case 'Y':
        dt = fl_datetime_add_months(dt, n * 12);
        break;
    case 'M':
        dt = fl_datetime_add_months(dt, n);
        break;
    case 'W':
        dt = fl_datetime_add_seconds(dt, n * 7 * 86400);
        break;
    case 'D':
        dt = fl_datetime_add_seconds(dt, n * 86400);
        break;
    case 'h':
        dt = fl_datetime_add_seconds(dt, n * 3600);
        break;
    case 'm':
        dt = fl_datetime_add_seconds(dt, n * 60);
        break;
    case 's':
        dt = fl_datetime_add_seconds(dt, n);
        break;
    default:
        return fl_raise(ev, "datetime_add() expects a unit: Y, M, W, D, h, m or s");
    }
    return dt_or_raise(ev, dt);
}

static const char *const datevalue_keys[] = {"__value__", "date", "datetime"};

/* datevalue(value[, format]): {__value__: strftime text, date, datetime}. With one argument an
 * unreadable value raises; with two it gives nil. */
static fl_value fn_datevalue(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_datetime dt;
    if (!fl_fn_datetimeish(&args[0], &dt)) {
        if (argc > 1) return fl_nil();
        return fl_raise(ev, "datevalue() expects a date, a datetime or a date in text");
    }
    const char *fmt = "%Y-%m-%d %H:%M:%S";
    size_t flen = strlen(fmt);
    if (argc > 1) {
        if (args[1].type != FL_STR) return fl_raise(ev, "datevalue() expects a text format");
        fmt = args[1].u.s;
        flen = args[1].len;
    }
    fl_buf b = FL_BUF_INIT;
    const char *msg = NULL;
    if (!fl_strftime(dt, fmt, flen, &b, &msg)) {
        fl_buf_free(&b);
        return fl_raise(ev, "%s", msg);
    }
    fl_value vals[3];
    vals[0] = fl_str_copy(ev, b.data ? b.data : "", b.len);
    fl_buf_free(&b);
    if (fl_is_error(&vals[0])) return vals[0];
    if (!fl_fn_mkdate(dt.date, &vals[1]) || !fl_fn_mkdatetime(dt, &vals[2]))
        return fl_raise(ev, INVALID_DATE);
    return fl_fn_map(ev, datevalue_keys, vals, 3);
}

/* day/month of a date or datetime; hour/second of a datetime or time. */
static fl_value fn_day(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_DATE || args[0].type == FL_DATETIME) return fl_int(args[0].u.dt.day);
    return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
}

static fl_value fn_month(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_DATE || args[0].type == FL_DATETIME) return fl_int(args[0].u.dt.month);
    return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
}

static fl_value fn_hour(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_TIME || args[0].type == FL_DATETIME) return fl_int(args[0].u.dt.hour);
    return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
}

static fl_value fn_second(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_TIME || args[0].type == FL_DATETIME) return fl_int(args[0].u.dt.second);
    return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
}

/* minute() reads through extract_datetimeish: a date gives 0, a date-ish string its minute. */
static fl_value fn_minute(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_datetime dt;
    if (!fl_fn_datetimeish(&args[0], &dt))
        return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
    return fl_int(dt.time.minute);
}

/* year() reads through extract_dateish. */
static fl_value fn_year(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value d;
    if (!fl_fn_dateish(&args[0], &d))
        return fl_raise(ev, "no match of right hand side value: %s", fl_fn_type_name(&args[0]));
    return fl_int(d.u.dt.year);
}

/* edate(date, months): a date (or date-ish text, read as its date) or a datetime moved by whole
 * months, the day clamped to the end of the month. */
static fl_value fn_edate(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value d;
    if (!fl_fn_dateish(&args[0], &d)) return fl_raise(ev, INVALID_DATE);
    int64_t n;
    if (!fl_fn_int(&args[1], &n))
        return fl_raise(ev, "edate() expects an integer number of months");
    if (d.type == FL_DATETIME)
        return dt_or_raise(ev, fl_datetime_add_months(fl_fn_datetime(&d), n));
    return date_or_raise(ev, fl_date_add_months(fl_fn_date(&d), n));
}

/* now(): the injected clock as a datetime with microsecond precision. */
static fl_value fn_now(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t ms = fl_eval_now_ms(ev);
    int64_t us;
    if (__builtin_mul_overflow(ms, 1000, &us)) return fl_raise(ev, INVALID_DATE);
    return dt_or_raise(ev, fl_datetime_from_unix_us(us, 6));
}

static fl_value fn_today(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t ms = fl_eval_now_ms(ev);
    int64_t days = ms / 86400000 - (ms % 86400000 < 0);
    return date_or_raise(ev, fl_date_from_days(days));
}

/* parse_datevalue(text, format): the UTC datetime the strftime format reads, or nil. */
static fl_value fn_parse_datevalue(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR || args[1].type != FL_STR) return fl_nil();
    fl_datetime dt;
    if (!fl_strptime(args[0].u.s, args[0].len, args[1].u.s, args[1].len, &dt)) return fl_nil();
    fl_value v;
    if (!fl_fn_mkdatetime(dt, &v)) return fl_nil();
    return v;
}

/* time(h, m, s): built as given, not validated. */
static fl_value fn_time(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t f[3];
    for (int k = 0; k < 3; k++)
        if (!fl_fn_int(&args[k], &f[k]) || f[k] < 0 || f[k] > 255)
            return fl_raise(ev, "time() expects integer hours, minutes and seconds");
    fl_time t = {(int32_t)f[0], (int32_t)f[1], (int32_t)f[2], 0, 0};
    return fl_fn_mktime(t);
}

/* timevalue(text): "h:m[:s]" split on ":", each part an integer; missing parts are 0. */
static fl_value fn_timevalue(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_raise(ev, "timevalue() expects text such as \"2:30\"");
    int32_t f[3] = {0, 0, 0};
    const char *s = args[0].u.s;
    size_t n = args[0].len, i = 0;
    for (int k = 0; i <= n; k++) {
        size_t j = i;
        while (j < n && s[j] != ':') j++;
        /* Every part must be an integer (String.to_integer), even those past the third. */
        size_t a = i;
        if (a < j && (s[a] == '+' || s[a] == '-')) a++;
        if (a == j)
            return fl_raise(ev, "argument error: not a textual representation of an integer");
        int64_t v = 0;
        for (size_t p = a; p < j; p++) {
            if (s[p] < '0' || s[p] > '9')
                return fl_raise(ev, "argument error: not a textual representation of an integer");
            if (v < 100000) v = v * 10 + (s[p] - '0');
        }
        if (s[i] == '-') v = -v;
        if (k < 3) {
            if (v < 0 || v > 255) return fl_raise(ev, "timevalue() part out of range");
            f[k] = (int32_t)v;
        }
        i = j + 1;
    }
    fl_time t = {f[0], f[1], f[2], 0, 0};
    return fl_fn_mktime(t);
}

/* weekday(date): 1 = Sunday .. 7 = Saturday. */
static fl_value fn_weekday(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_DATE && args[0].type != FL_DATETIME)
        return fl_raise(ev, "weekday() expects a date or a datetime");
    int iso = fl_date_iso_weekday(fl_fn_date(&args[0]));
    return fl_int(iso == 7 ? 1 : iso + 1);
}

const fl_builtin fl_builtins_date[] = {
    {"date", 3, 3, fn_date, 0},
    {"datetime_add", 3, 3, fn_datetime_add, 0},
    {"datevalue", 1, 2, fn_datevalue, 0},
    {"day", 1, 1, fn_day, 0},
    {"edate", 2, 2, fn_edate, 0},
    {"hour", 1, 1, fn_hour, 0},
    {"minute", 1, 1, fn_minute, 0},
    {"month", 1, 1, fn_month, 0},
    {"now", 0, 0, fn_now, 0},
    {"parse_datevalue", 2, 2, fn_parse_datevalue, 0},
    {"second", 1, 1, fn_second, 0},
    {"time", 3, 3, fn_time, 0},
    {"timevalue", 1, 1, fn_timevalue, 0},
    {"today", 0, 0, fn_today, 0},
    {"weekday", 1, 1, fn_weekday, 0},
    {"year", 1, 1, fn_year, 0},
    {NULL, 0, 0, NULL, 0},
};
