/* context.c: reading the JSON context in place. Keys match case-insensitively (the library
 * lower-cases every context key) and strings that are entirely one literal read as that literal
 * (the library's v1 context normalisation), both done at read time instead of by copying. */
#include "expr/eval.h"
#include "expr/literal.h"

#include <string.h>

static bool has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') return true;
    return false;
}

const json_t *fl_json_lookup(const json_t *object, const char *key, size_t keylen)
{
    /* A key with capitals can never equal a lower-cased context key. */
    if (has_upper(key, keylen)) return NULL;
    return fl_json_lookup_name(object, key, keylen);
}

const json_t *fl_json_lookup_name(const json_t *object, const char *key, size_t keylen)
{
    if (!json_is_object(object)) return NULL;
    const json_t *v = json_object_getn(object, key, keylen);
    if (v) return v;
    const char *k;
    size_t klen;
    json_t *value;
    json_object_keylen_foreach((json_t *)object, k, klen, value)
    {
        if (fl_lower_equals(k, klen, key, keylen)) return value;
    }
    return NULL;
}

/* Could s start a literal? Cheap test before the full scan. */
static bool may_be_literal(const char *s, size_t n)
{
    if (!n) return false;
    char c = s[0];
    return (c >= '0' && c <= '9') || c == '-' || c == 't' || c == 'T' || c == 'f' || c == 'F' ||
           c == '"' || c == '\'';
}

/* Dates tagged by the API ({"$date": ...}) are exact ISO text: fraction digits give the
 * precision, an offset is applied to reach UTC. */
static bool parse_tagged_dt(const char *s, fl_vtype type, fl_value *out);

static fl_value from_string(fl_eval *ev, const json_t *j)
{
    const char *s = json_string_value(j);
    size_t n = json_string_length(j);
    if (may_be_literal(s, n)) {
        fl_value v;
        if (fl_parse_literal(s, n, &v, true)) {
            if (v.type != FL_STR) return v;
            /* A quoted string reads as its content. */
            char q = s[0];
            char *copy = fl_alloc(ev, v.len + 1);
            if (!copy) return fl_oom(ev);
            size_t len = fl_unescape_quoted(v.u.s, v.len, q, copy);
            return fl_str(copy, len);
        }
    }
    return fl_str(s, n);
}

fl_value fl_object_value(const json_t *j)
{
    if (json_object_size(j) == 1) {
        static const struct {
            const char *tag;
            fl_vtype type;
        } tags[] = {{"$date", FL_DATE}, {"$datetime", FL_DATETIME}, {"$time", FL_TIME}};
        for (size_t i = 0; i < FL_ARRAY_LEN(tags); i++) {
            const json_t *t = json_object_get(j, tags[i].tag);
            fl_value v;
            if (t && json_is_string(t) && parse_tagged_dt(json_string_value(t), tags[i].type, &v))
                return v;
        }
    }
    fl_value v = {.type = FL_MAP, .form = FL_FORM_JSON};
    v.u.json = j;
    return v;
}

fl_value fl_from_json(fl_eval *ev, const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_STRING:
        return from_string(ev, j);
    case JSON_INTEGER:
        return fl_int(json_integer_value(j));
    case JSON_REAL:
        return fl_float(json_real_value(j));
    case JSON_TRUE:
        return fl_bool(true);
    case JSON_FALSE:
        return fl_bool(false);
    case JSON_OBJECT:
        return fl_object_value(j);
    case JSON_ARRAY: {
        fl_value v = {.type = FL_LIST, .form = FL_FORM_JSON};
        v.u.json = j;
        return v;
    }
    default:
        return fl_nil();
    }
}

static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (**p < '0' || **p > '9') return -1;
        v = v * 10 + (*(*p)++ - '0');
    }
    return v;
}

/* Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(era * 400 + yoe + (*m <= 2));
}

/* HH:MM:SS[.ffffff] at *p into dt. */
static bool parse_hms(const char **p, fl_dt *dt)
{
    int h = digits(p, 2);
    if (h < 0 || **p != ':') return false;
    (*p)++;
    int mi = digits(p, 2);
    if (mi < 0) return false;
    int sec = 0;
    if (**p == ':') {
        (*p)++;
        if ((sec = digits(p, 2)) < 0) return false;
    }
    if (h > 23 || mi > 59 || sec > 60) return false;
    dt->hour = (uint8_t)h, dt->minute = (uint8_t)mi, dt->second = (uint8_t)sec;
    if (**p == '.') {
        (*p)++;
        uint32_t us = 0;
        int n = 0;
        while (**p >= '0' && **p <= '9') {
            if (n < 6) us = us * 10 + (uint32_t)(**p - '0'), n++;
            (*p)++;
        }
        if (!n) return false;
        for (int i = n; i < 6; i++) us *= 10;
        dt->usec = us;
        dt->precision = (uint8_t)n;
    }
    return true;
}

static bool parse_tagged_dt(const char *s, fl_vtype type, fl_value *out)
{
    fl_dt dt = {0};
    const char *p = s;
    if (type == FL_TIME) {
        if (!parse_hms(&p, &dt) || *p) return false;
        *out = fl_dt_value(FL_TIME, dt);
        return true;
    }
    int y = digits(&p, 4);
    if (y < 0 || *p++ != '-') return false;
    int m = digits(&p, 2);
    if (m < 0 || *p++ != '-') return false;
    int d = digits(&p, 2);
    if (d < 0 || !fl_valid_date(y, m, d)) return false;
    if (type == FL_DATE) {
        if (*p) return false;
        *out = fl_mkdate(y, m, d);
        return true;
    }
    if (*p != 'T' && *p != ' ') return false;
    p++;
    if (!parse_hms(&p, &dt)) return false;
    int offset_min = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = digits(&p, 2);
        if (oh < 0) return false;
        if (*p == ':') p++;
        int om = digits(&p, 2);
        if (om < 0) return false;
        offset_min = sign * (oh * 60 + om);
    }
    if (*p) return false;
    /* Bring the wall time to UTC. */
    int64_t minutes = days_from_civil(y, m, d) * 1440 + dt.hour * 60 + dt.minute - offset_min;
    int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    int64_t rem = minutes - days * 1440;
    civil_from_days(days, &y, &m, &d);
    dt.year = (int16_t)y, dt.month = (uint8_t)m, dt.day = (uint8_t)d;
    dt.hour = (uint8_t)(rem / 60), dt.minute = (uint8_t)(rem % 60);
    *out = fl_dt_value(FL_DATETIME, dt);
    return true;
}
