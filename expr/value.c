/* value.c: constructors that allocate, errors, the arena-facing API for builtins, list/map
 * access and the generic conversions (truthiness, numbers, equality). */
#include "expr/eval.h"
#include "expr/expr.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

fl_value fl_strz(const char *s)
{
    return fl_str(s, strlen(s));
}

/* ---- errors ---- */

static fl_value error_value(const char *msg, size_t len)
{
    fl_value v = {.type = FL_ERROR, .len = (uint32_t)len};
    v.u.s = msg;
    return v;
}

fl_value fl_raise(fl_eval *ev, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof tmp) n = sizeof tmp - 1;
    char *msg = fl_strdup(ev, tmp, (size_t)n);
    if (!msg) return fl_oom(ev);
    return error_value(msg, (size_t)n);
}

fl_value fl_oom(fl_eval *ev)
{
    ev->limit_hit = true;
    static const char msg[] = "evaluation memory limit exceeded";
    return error_value(msg, sizeof msg - 1);
}

fl_value fl_budget_error(fl_eval *ev)
{
    ev->limit_hit = true;
    static const char msg[] = "evaluation budget exceeded";
    return error_value(msg, sizeof msg - 1);
}

/* ---- arena ---- */

void *fl_alloc(fl_eval *ev, size_t n)
{
    return fl_arena_alloc(&ev->arena, n);
}

char *fl_strdup(fl_eval *ev, const char *s, size_t len)
{
    char *p = fl_arena_alloc(&ev->arena, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

fl_value fl_str_copy(fl_eval *ev, const char *s, size_t len)
{
    char *p = fl_strdup(ev, s, len);
    return p ? fl_str(p, len) : fl_oom(ev);
}

void fl_sb_init(fl_sb *sb, fl_eval *ev)
{
    memset(sb, 0, sizeof *sb);
    sb->ev = ev;
}

void fl_sb_append(fl_sb *sb, const char *s, size_t n)
{
    if (sb->failed) return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 64;
        while (cap < sb->len + n + 1) cap *= 2;
        char *p = fl_alloc(sb->ev, cap);
        if (!p) {
            sb->failed = true;
            return;
        }
        if (sb->len) memcpy(p, sb->data, sb->len);
        sb->data = p;
        sb->cap = cap;
    }
    if (n) memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void fl_sb_puts(fl_sb *sb, const char *s)
{
    fl_sb_append(sb, s, strlen(s));
}

void fl_sb_putc(fl_sb *sb, char c)
{
    fl_sb_append(sb, &c, 1);
}

void fl_sb_printf(fl_sb *sb, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        fl_sb_append(sb, tmp, (size_t)n);
        return;
    }
    char *big = fl_alloc(sb->ev, (size_t)n + 1);
    if (!big) {
        sb->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    fl_sb_append(sb, big, (size_t)n);
}

void fl_sb_value(fl_sb *sb, const fl_value *v)
{
    /* The common scalars go straight into the arena; the rest through a scratch buffer. */
    switch (v->type) {
    case FL_STR:
        fl_sb_append(sb, v->u.s, v->len);
        return;
    case FL_NIL:
        return;
    case FL_BOOL:
        fl_sb_puts(sb, v->u.b ? "true" : "false");
        return;
    case FL_INT:
        fl_sb_printf(sb, "%" PRId64, v->u.i);
        return;
    default:
        break;
    }
    fl_buf b = FL_BUF_INIT;
    fl_value_render(sb->ev, v, &b);
    fl_sb_append(sb, b.data ? b.data : "", b.len);
    fl_buf_free(&b);
}

fl_value fl_sb_finish(fl_sb *sb)
{
    if (sb->failed) return fl_oom(sb->ev);
    if (!sb->data) return fl_str("", 0);
    return fl_str(sb->data, sb->len);
}

/* ---- the evaluation ---- */

int64_t fl_eval_now_ms(const fl_eval *ev)
{
    return ev->now_ms;
}

uint64_t fl_eval_random(fl_eval *ev)
{
    /* splitmix64: small, seedable, good enough for rand-style helpers. */
    uint64_t z = (ev->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

bool fl_eval_charge(fl_eval *ev, size_t n)
{
    if (n > ev->budget) {
        ev->budget = 0;
        return false;
    }
    ev->budget -= n;
    return true;
}

/* ---- lists and maps ---- */

size_t fl_len(const fl_value *v)
{
    if (v->type == FL_LIST) return v->form == FL_FORM_JSON ? json_array_size(v->u.json) : v->len;
    if (v->type == FL_MAP) {
        if (v->form == FL_FORM_JSON) return json_object_size(v->u.json);
        if (v->form == FL_FORM_HOST) return v->u.host.map->size(v->u.host.self);
        return v->len;
    }
    if (v->type == FL_RANGE) {
        const fl_range *r = v->u.range;
        if (r->step == 0) return 0;
        if (r->step > 0 && r->last < r->first) return 0;
        if (r->step < 0 && r->last > r->first) return 0;
        uint64_t span = r->step > 0 ? (uint64_t)r->last - (uint64_t)r->first
                                    : (uint64_t)r->first - (uint64_t)r->last;
        uint64_t step = r->step > 0 ? (uint64_t)r->step : (uint64_t)0 - (uint64_t)r->step;
        return (size_t)(span / step + 1);
    }
    return 0;
}

fl_value fl_list_at(fl_eval *ev, const fl_value *list, size_t i)
{
    if (list->type == FL_RANGE)
        return fl_int(list->u.range->first + (int64_t)i * list->u.range->step);
    if (list->type != FL_LIST) return fl_nil();
    if (list->form == FL_FORM_JSON) {
        const json_t *j = json_array_get(list->u.json, i);
        return j ? fl_from_json(ev, j) : fl_nil();
    }
    return i < list->len ? list->u.items[i] : fl_nil();
}

/* fl_json_lookup_name through the evaluation's lookup cache, when it has one. */
static const json_t *lookup_name(fl_eval *ev, const json_t *object, const char *key, size_t keylen)
{
    fl_lookup_cache *c = ev->cache;
    if (!c || keylen > sizeof c->e[0].key) return fl_json_lookup_name(object, key, keylen);
    for (unsigned i = 0; i < c->n; i++)
        if (c->e[i].object == object && c->e[i].len == keylen && !memcmp(c->e[i].key, key, keylen))
            return c->e[i].value;
    const json_t *v = fl_json_lookup_name(object, key, keylen);
    unsigned slot = c->n < FL_ARRAY_LEN(c->e) ? c->n++ : c->next++ % FL_ARRAY_LEN(c->e);
    c->e[slot].object = object;
    c->e[slot].value = v;
    c->e[slot].len = keylen;
    memcpy(c->e[slot].key, key, keylen);
    return v;
}

static fl_value map_get(fl_eval *ev, const fl_value *map, const char *key, size_t keylen,
                        bool lower, bool *found)
{
    if (found) *found = false;
    if (map->type != FL_MAP) return fl_nil();
    if (map->form == FL_FORM_JSON) {
        const json_t *j = lower ? lookup_name(ev, map->u.json, key, keylen)
                                : fl_json_lookup(map->u.json, key, keylen);
        if (!j) return fl_nil();
        if (found) *found = true;
        return fl_from_json(ev, j);
    }
    if (map->form == FL_FORM_HOST) {
        /* Like a JSON context map: a key with capitals never equals a lower-cased one. */
        if (!lower)
            for (size_t i = 0; i < keylen; i++)
                if (key[i] >= 'A' && key[i] <= 'Z') return fl_nil();
        fl_value v;
        if (!map->u.host.map->get(ev, map->u.host.self, key, keylen, &v)) return fl_nil();
        if (found) *found = true;
        return v;
    }
    for (size_t i = 0; i < map->len; i++) {
        const fl_mapent *e = &map->u.entries[i];
        if (strlen(e->key) == keylen && memcmp(e->key, key, keylen) == 0) {
            if (found) *found = true;
            return e->value;
        }
    }
    return fl_nil();
}

fl_value fl_map_get(fl_eval *ev, const fl_value *map, const char *key, size_t keylen, bool *found)
{
    return map_get(ev, map, key, keylen, false, found);
}

fl_value fl_map_get_name(fl_eval *ev, const fl_value *map, const char *key, size_t keylen,
                         bool *found)
{
    return map_get(ev, map, key, keylen, true, found);
}

void fl_map_iter_init(fl_map_iter *it, const fl_value *map)
{
    it->map = map;
    it->index = 0;
    it->json_iter = map->type == FL_MAP && map->form == FL_FORM_JSON
                        ? json_object_iter((json_t *)map->u.json)
                        : NULL;
}

/* Context keys as the library sees them: lower-cased (copied only when needed). */
static const char *lower_key(fl_eval *ev, const char *k)
{
    size_t n = strlen(k), i = 0;
    while (i < n && !(k[i] >= 'A' && k[i] <= 'Z')) i++;
    if (i == n) return k;
    char *copy = fl_strdup(ev, k, n);
    if (!copy) return k;
    for (; i < n; i++)
        if (copy[i] >= 'A' && copy[i] <= 'Z') copy[i] = (char)(copy[i] + 32);
    return copy;
}

bool fl_map_next(fl_eval *ev, fl_map_iter *it, const char **key, fl_value *value)
{
    const fl_value *m = it->map;
    if (m->type != FL_MAP) return false;
    if (m->form == FL_FORM_JSON) {
        if (!it->json_iter) return false;
        const char *k = json_object_iter_key(it->json_iter);
        *key = lower_key(ev, k);
        *value = fl_from_json(ev, json_object_iter_value(it->json_iter));
        it->json_iter = json_object_iter_next((json_t *)m->u.json, it->json_iter);
        return true;
    }
    if (m->form == FL_FORM_HOST) {
        if (it->index >= m->u.host.map->size(m->u.host.self)) return false;
        const char *k;
        m->u.host.map->at(ev, m->u.host.self, it->index++, &k, value);
        *key = lower_key(ev, k);
        return true;
    }
    if (it->index >= m->len) return false;
    *key = m->u.entries[it->index].key;
    *value = m->u.entries[it->index].value;
    it->index++;
    return true;
}

/* ---- conversions ---- */

fl_value fl_unwrap(fl_eval *ev, const fl_value *v)
{
    if (v->type != FL_MAP) return *v;
    bool found;
    fl_value inner = fl_map_get_name(ev, v, "__value__", 9, &found);
    return found ? inner : *v;
}

bool fl_truthy(const fl_value *v)
{
    if (v->type == FL_NIL || v->type == FL_NOTFOUND) return false;
    if (v->type == FL_BOOL) return v->u.b;
    return true;
}

fl_value fl_to_str(fl_eval *ev, const fl_value *v)
{
    if (v->type == FL_STR) return *v;
    fl_sb sb;
    fl_sb_init(&sb, ev);
    fl_sb_value(&sb, v);
    return fl_sb_finish(&sb);
}

bool fl_to_number(const fl_value *v, fl_value *num)
{
    if (fl_is_number(v)) {
        *num = *v;
        return true;
    }
    if (v->type != FL_STR) return false;
    fl_value lit;
    if (fl_parse_literal(v->u.s, v->len, &lit, false) && fl_is_number(&lit)) {
        *num = lit;
        return true;
    }
    return false;
}

bool fl_to_double(const fl_value *v, double *out)
{
    fl_value n;
    if (!fl_to_number(v, &n)) return false;
    *out = n.type == FL_INT ? (double)n.u.i : n.u.f;
    return true;
}

bool fl_to_int(const fl_value *v, int64_t *out)
{
    fl_value n;
    if (!fl_to_number(v, &n)) return false;
    if (n.type == FL_INT) {
        *out = n.u.i;
        return true;
    }
    if (!isfinite(n.u.f) || n.u.f >= 9.2e18 || n.u.f <= -9.2e18) return false;
    *out = (int64_t)n.u.f;
    return true;
}

static bool dt_equal(const fl_dt *a, const fl_dt *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day && a->hour == b->hour &&
           a->minute == b->minute && a->second == b->second && a->usec == b->usec &&
           a->precision == b->precision && a->offset_sec == b->offset_sec;
}

static bool map_contains(fl_eval *ev, const fl_value *big, const fl_value *small)
{
    fl_map_iter it;
    fl_map_iter_init(&it, small);
    const char *k;
    fl_value v;
    while (fl_map_next(ev, &it, &k, &v)) {
        bool found;
        fl_value other = fl_map_get(ev, big, k, strlen(k), &found);
        if (!found || !fl_equal(ev, &v, &other)) return false;
    }
    return true;
}

bool fl_equal(fl_eval *ev, const fl_value *pa, const fl_value *pb)
{
    fl_value a = fl_unwrap(ev, pa), b = fl_unwrap(ev, pb);
    if (a.type == FL_NOTFOUND) a = fl_nil();
    if (b.type == FL_NOTFOUND) b = fl_nil();
    if (fl_is_number(&a) && fl_is_number(&b)) {
        if (a.type == FL_INT && b.type == FL_INT) return a.u.i == b.u.i;
        double x = a.type == FL_INT ? (double)a.u.i : a.u.f;
        double y = b.type == FL_INT ? (double)b.u.i : b.u.f;
        return x == y;
    }
    if (a.type != b.type) return false;
    switch (a.type) {
    case FL_NIL:
        return true;
    case FL_BOOL:
        return a.u.b == b.u.b;
    case FL_STR:
        return a.len == b.len && memcmp(a.u.s, b.u.s, a.len) == 0;
    case FL_DATE:
    case FL_DATETIME:
    case FL_TIME:
        return dt_equal(&a.u.dt, &b.u.dt);
    case FL_RANGE:
        return a.u.range->first == b.u.range->first && a.u.range->last == b.u.range->last &&
               a.u.range->step == b.u.range->step;
    case FL_LIST: {
        size_t n = fl_len(&a);
        if (n != fl_len(&b)) return false;
        for (size_t i = 0; i < n; i++) {
            fl_value x = fl_list_at(ev, &a, i), y = fl_list_at(ev, &b, i);
            if (!fl_equal(ev, &x, &y)) return false;
        }
        return true;
    }
    case FL_MAP:
        return fl_len(&a) == fl_len(&b) && map_contains(ev, &a, &b) && map_contains(ev, &b, &a);
    case FL_LAMBDA:
        return a.u.lambda == b.u.lambda;
    default:
        return false;
    }
}
