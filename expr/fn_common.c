/* fn_common.c: argument helpers shared by the standard functions. */
#include "expr/fn_common.h"

#include <string.h>

fl_date fl_fn_date(const fl_value *v)
{
    fl_date d = {v->u.dt.year, v->u.dt.month, v->u.dt.day};
    return d;
}

fl_time fl_fn_time(const fl_value *v)
{
    fl_time t = {v->u.dt.hour, v->u.dt.minute, v->u.dt.second, (int32_t)v->u.dt.usec,
                 v->u.dt.precision};
    return t;
}

fl_datetime fl_fn_datetime(const fl_value *v)
{
    fl_datetime dt;
    dt.date = fl_fn_date(v);
    dt.time = fl_fn_time(v);
    dt.offset = v->u.dt.offset_sec;
    return dt;
}

static bool fits(int32_t year)
{
    return year >= INT16_MIN && year <= INT16_MAX;
}

static bool fill_date(fl_dt *f, fl_date d)
{
    if (!fits(d.year) || d.month < 0 || d.month > 255 || d.day < 0 || d.day > 255) return false;
    f->year = (int16_t)d.year;
    f->month = (uint8_t)d.month;
    f->day = (uint8_t)d.day;
    return true;
}

static void fill_time(fl_dt *f, fl_time t)
{
    f->hour = (uint8_t)t.hour;
    f->minute = (uint8_t)t.minute;
    f->second = (uint8_t)t.second;
    f->usec = (uint32_t)t.usec;
    f->precision = (uint8_t)t.precision;
}

bool fl_fn_mkdate(fl_date d, fl_value *out)
{
    fl_dt f;
    memset(&f, 0, sizeof f);
    if (!fill_date(&f, d)) return false;
    *out = fl_dt_value(FL_DATE, f);
    return true;
}

bool fl_fn_mkdatetime(fl_datetime dt, fl_value *out)
{
    fl_dt f;
    memset(&f, 0, sizeof f);
    if (!fill_date(&f, dt.date)) return false;
    fill_time(&f, dt.time);
    f.offset_sec = dt.offset;
    *out = fl_dt_value(FL_DATETIME, f);
    return true;
}

fl_value fl_fn_mktime(fl_time t)
{
    fl_dt f;
    memset(&f, 0, sizeof f);
    fill_time(&f, t);
    return fl_dt_value(FL_TIME, f);
}

bool fl_fn_from_literal(const fl_dt_literal *lit, fl_value *out)
{
    switch (lit->kind) {
    case FL_DT_DATE:
        return fl_fn_mkdate(lit->date, out);
    case FL_DT_DATETIME:
        return fl_fn_mkdatetime(lit->dt, out);
    case FL_DT_TIME:
        *out = fl_fn_mktime(lit->time);
        return true;
    default:
        return false;
    }
}

bool fl_fn_text(fl_eval *ev, const fl_value *v, const char **s, size_t *len, fl_value *err)
{
    if (v->type == FL_STR) {
        *s = v->u.s;
        *len = v->len;
        return true;
    }
    if (v->type == FL_NIL) {
        *s = "";
        *len = 0;
        return true;
    }
    fl_value t = fl_to_str(ev, v);
    if (t.type != FL_STR) {
        *err =
            t.type == FL_ERROR ? t : fl_raise(ev, "cannot convert %s to text", fl_fn_type_name(v));
        return false;
    }
    *s = t.u.s;
    *len = t.len;
    return true;
}

bool fl_fn_int(const fl_value *v, int64_t *out)
{
    if (v->type != FL_INT) return false;
    *out = v->u.i;
    return true;
}

bool fl_fn_datetimeish(const fl_value *v, fl_datetime *out)
{
    fl_dt_literal lit;
    switch (v->type) {
    case FL_DATETIME:
        *out = fl_fn_datetime(v);
        return true;
    case FL_DATE:
        *out = fl_datetime_from_date(fl_fn_date(v), 6);
        return true;
    case FL_STR:
        if (!fl_dt_parse_dateish(v->u.s, v->len, false, &lit)) return false;
        if (lit.kind == FL_DT_DATETIME) {
            *out = lit.dt;
            return true;
        }
        if (lit.kind == FL_DT_DATE) {
            *out = fl_datetime_from_date(lit.date, 0);
            return true;
        }
        return false;
    default:
        return false;
    }
}

bool fl_fn_dateish(const fl_value *v, fl_value *out)
{
    fl_dt_literal lit;
    switch (v->type) {
    case FL_DATETIME:
    case FL_DATE:
        *out = *v;
        return true;
    case FL_STR:
        if (!fl_dt_parse_dateish(v->u.s, v->len, false, &lit)) return false;
        if (lit.kind == FL_DT_DATETIME) return fl_fn_mkdate(lit.dt.date, out);
        if (lit.kind == FL_DT_DATE) return fl_fn_mkdate(lit.date, out);
        return false;
    default:
        return false;
    }
}

fl_value fl_fn_map(fl_eval *ev, const char *const *keys, const fl_value *values, size_t n)
{
    fl_mapent *e = fl_alloc(ev, n * sizeof *e);
    if (!e) return fl_oom(ev);
    for (size_t k = 0; k < n; k++) {
        e[k].key = keys[k];
        e[k].value = values[k];
    }
    return fl_map(e, n);
}

const char *fl_fn_type_name(const fl_value *v)
{
    switch (v->type) {
    case FL_NIL:
        return "nil";
    case FL_BOOL:
        return "a boolean";
    case FL_INT:
        return "an integer";
    case FL_FLOAT:
        return "a float";
    case FL_STR:
        return "a string";
    case FL_DATE:
        return "a date";
    case FL_DATETIME:
        return "a datetime";
    case FL_TIME:
        return "a time";
    case FL_LIST:
        return "a list";
    case FL_MAP:
        return "a map";
    case FL_RANGE:
        return "a range";
    case FL_LAMBDA:
        return "a function";
    default:
        return "a value";
    }
}
