/* json.c: values as tagged JSON ({"$date": ...} for the types JSON lacks). */
#include "expr/eval.h"

static json_t *tagged(const char *tag, const fl_value *v)
{
    fl_buf b = FL_BUF_INIT;
    fl_value_format_dt(v, &b);
    json_t *o = json_pack("{s:s#}", tag, b.data ? b.data : "", b.len);
    fl_buf_free(&b);
    return o;
}

static json_t *to_json(fl_eval *ev, const fl_value *pv, bool unwrap, int depth)
{
    if (depth > 128) return json_null();
    fl_value v = unwrap ? fl_unwrap(ev, pv) : *pv;
    switch (v.type) {
    case FL_BOOL:
        return json_boolean(v.u.b);
    case FL_INT:
        return json_integer(v.u.i);
    case FL_FLOAT:
        return json_real(v.u.f);
    case FL_STR:
        return json_stringn(v.u.s, v.len);
    case FL_DATE:
        return tagged("$date", &v);
    case FL_DATETIME:
        return tagged("$datetime", &v);
    case FL_TIME:
        return tagged("$time", &v);
    case FL_LIST:
    case FL_RANGE: {
        json_t *a = json_array();
        size_t n = fl_len(&v);
        for (size_t i = 0; i < n && fl_eval_charge(ev, 1); i++) {
            fl_value item = fl_list_at(ev, &v, i);
            json_array_append_new(a, to_json(ev, &item, unwrap, depth + 1));
        }
        return a;
    }
    case FL_MAP: {
        /* Maps inside maps are never unwrapped (the library unwraps lists only). */
        json_t *o = json_object();
        fl_map_iter it;
        fl_map_iter_init(&it, &v);
        const char *k;
        fl_value item;
        while (fl_map_next(ev, &it, &k, &item))
            json_object_set_new(o, k, to_json(ev, &item, false, depth + 1));
        return o;
    }
    default:
        return json_null();
    }
}

json_t *fl_to_json(fl_eval *ev, const fl_value *v, bool unwrap)
{
    return to_json(ev, v, unwrap, 0);
}
