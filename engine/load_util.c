/* load_util.c: the loader's arena, string map, typed member access and diagnostics helpers. */
#include "load_internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* ---- Arena ---------------------------------------------------------------------------------- */

struct ld_arena {
    struct ld_arena *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_CHUNK 16384

void *ld_arena_alloc(ld_arena **a, size_t n)
{
    size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    if (!n) n = align;
    if (!*a || (*a)->cap - (*a)->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        ld_arena *c = fl_xmalloc(sizeof *c + cap);
        c->next = *a;
        c->used = 0;
        c->cap = cap;
        *a = c;
    }
    void *p = (*a)->data + (*a)->used;
    (*a)->used += n;
    memset(p, 0, n);
    return p;
}

char *ld_arena_strdup(ld_arena **a, const char *s)
{
    size_t n = strlen(s);
    char *p = ld_arena_alloc(a, n + 1);
    memcpy(p, s, n + 1);
    return p;
}

char *ld_arena_printf(ld_arena **a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = ld_arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    return p;
}

void ld_arena_free(ld_arena *a)
{
    while (a) {
        ld_arena *next = a->next;
        free(a);
        a = next;
    }
}

/* ---- String map ----------------------------------------------------------------------------- */

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void strmap_grow(fl_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    fl_strmap_entry *slots = fl_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        size_t j = hash_str(m->slots[i].key) & (cap - 1);
        while (slots[j].key) j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void *fl_strmap_put(fl_strmap *m, const char *key, void *value)
{
    if ((m->n + 1) * 4 > m->cap * 3) strmap_grow(m);
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->slots[j].key) {
        if (!strcmp(m->slots[j].key, key)) return m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j].key = key;
    m->slots[j].value = value;
    m->n++;
    return NULL;
}

void *fl_strmap_get(const fl_strmap *m, const char *key)
{
    if (!m->cap || !key) return NULL;
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->slots[j].key) {
        if (!strcmp(m->slots[j].key, key)) return m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

void fl_strmap_free(fl_strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}

/* ---- Diagnostics helpers -------------------------------------------------------------------- */

static void diag_at(fl_loader *L, fl_severity sev, const char *code, const char *base,
                    const char *key, const fl_block *b, int line, int column, const char *fmt,
                    va_list ap)
{
    fl_buf msg = FL_BUF_INIT, ptr = FL_BUF_INIT;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        fl_buf_reserve(&msg, (size_t)n);
        vsnprintf(msg.data, (size_t)n + 1, fmt, ap2);
        msg.len = (size_t)n;
    }
    va_end(ap2);
    fl_buf_puts(&ptr, base ? base : "");
    if (key) fl_pointer_push(&ptr, key);
    fl_diagnostics_add(L->d, sev, code, ptr.len ? ptr.data : "", b ? b->uuid : NULL,
                       b ? b->name : NULL, line, column, msg.len ? msg.data : "");
    fl_buf_free(&msg);
    fl_buf_free(&ptr);
}

void ld_diag(fl_loader *L, fl_severity sev, const char *code, const char *base, const char *key,
             const fl_block *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_at(L, sev, code, base, key, b, 0, 0, fmt, ap);
    va_end(ap);
}

static void diag_line(fl_loader *L, const char *base, const char *key, const fl_block *b, int line,
                      int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_at(L, FL_SEVERITY_ERROR, "E030", base, key, b, line, column, fmt, ap);
    va_end(ap);
}

const char *ld_ptr(fl_loader *L, const char *base, const char *key)
{
    fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, base);
    fl_pointer_push(&b, key);
    const char *p = ld_arena_strdup(&L->ix->arena, b.data);
    fl_buf_free(&b);
    return p;
}

const char *ld_ptr_index(fl_loader *L, const char *base, size_t i)
{
    return ld_arena_printf(&L->ix->arena, "%s/%zu", base, i);
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static json_t *member(fl_loader *L, const json_t *obj, const char *key, const char *base,
                      const fl_block *b, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (v && json_is_null(v)) v = NULL;
    if (!v && required) ld_error(L, "E010", base, key, b, "required field '%s' is missing", key);
    return v;
}

const char *ld_string(fl_loader *L, const json_t *obj, const char *key, const char *base,
                      const fl_block *b, bool required)
{
    json_t *v = member(L, obj, key, base, b, required);
    if (!v) return NULL;
    if (!json_is_string(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be a string, not %s", key, json_kind(v));
        return NULL;
    }
    return json_string_value(v);
}

json_t *ld_object(fl_loader *L, const json_t *obj, const char *key, const char *base,
                  const fl_block *b, bool required)
{
    json_t *v = member(L, obj, key, base, b, required);
    if (!v) return NULL;
    if (!json_is_object(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be an object, not %s", key, json_kind(v));
        return NULL;
    }
    return v;
}

json_t *ld_array(fl_loader *L, const json_t *obj, const char *key, const char *base,
                 const fl_block *b, bool required)
{
    json_t *v = member(L, obj, key, base, b, required);
    if (!v) return NULL;
    if (!json_is_array(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be an array, not %s", key, json_kind(v));
        return NULL;
    }
    return v;
}

bool ld_number(fl_loader *L, const json_t *obj, const char *key, const char *base,
               const fl_block *b, bool required, double *out)
{
    json_t *v = member(L, obj, key, base, b, required);
    if (!v) return false;
    if (!json_is_number(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be a number, not %s", key, json_kind(v));
        return false;
    }
    *out = json_number_value(v);
    return true;
}

bool ld_integer(fl_loader *L, const json_t *obj, const char *key, const char *base,
                const fl_block *b, bool required, json_int_t *out)
{
    json_t *v = member(L, obj, key, base, b, required);
    if (!v) return false;
    if (json_is_real(v) && json_real_value(v) == (double)(json_int_t)json_real_value(v)) {
        *out = (json_int_t)json_real_value(v);
        return true;
    }
    if (!json_is_integer(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be an integer, not %s", key,
                 json_is_real(v) ? "a fraction" : json_kind(v));
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

bool ld_boolean(fl_loader *L, const json_t *obj, const char *key, const char *base,
                const fl_block *b, bool *out)
{
    json_t *v = member(L, obj, key, base, b, false);
    if (!v) return false;
    if (!json_is_boolean(v)) {
        ld_error(L, "E011", base, key, b, "'%s' must be true or false, not %s", key, json_kind(v));
        return false;
    }
    *out = json_is_true(v);
    return true;
}

const char *ld_uuid(fl_loader *L, const json_t *obj, const char *key, const char *base,
                    const fl_block *b, bool required)
{
    const char *s = ld_string(L, obj, key, base, b, required);
    if (!s) return NULL;
    if (!fl_is_uuid(s)) {
        ld_error(L, "E012", base, key, b, "'%s' is not a uuid: \"%s\"", key, s);
        return NULL;
    }
    return s;
}

void ld_unknown_keys(fl_loader *L, const json_t *obj, const char *base, const fl_block *b,
                     const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool found = false;
        for (const char *const *k = known; *k && !found; k++) found = !strcmp(*k, key);
        if (!found) ld_warn(L, "W010", base, key, b, "unknown field '%s' is ignored", key);
    }
}

fl_expr *ld_compile(fl_loader *L, const char *src, int kind, const char *base, const char *key,
                    const fl_block *b)
{
    if (!src) return NULL;
    fl_expr_kind k =
        kind >= 0 ? (fl_expr_kind)kind : (src[0] == '@' ? FL_EXPR_TEMPLATE : FL_EXPR_BLOCK);
    fl_expr *e = NULL;
    fl_error err;
    fl_error_clear(&err);
    if (fl_expr_compile(src, strlen(src), k, &e, &err) != 0) {
        /* The position is reported on its own; drop a "line:col: " the message may start with. */
        const char *msg = err.message;
        const char *p = msg + strspn(msg, "0123456789");
        if (p > msg && *p == ':') {
            const char *q = p + 1 + strspn(p + 1, "0123456789");
            if (q > p + 1 && q[0] == ':' && q[1] == ' ') msg = q + 2;
        }
        diag_line(L, base, key, b, err.line, err.column, "expression does not parse: %s",
                  msg[0] ? msg : "syntax error");
        return NULL;
    }
    fl_index *ix = L->ix;
    if (ix->n_exprs == ix->cap_exprs) {
        ix->cap_exprs = ix->cap_exprs ? ix->cap_exprs * 2 : 64;
        ix->exprs = fl_xrealloc(ix->exprs, ix->cap_exprs * sizeof *ix->exprs);
    }
    ix->exprs[ix->n_exprs++] = e;
    return e;
}

unsigned ld_modes(fl_loader *L, json_t *arr, const char *base, const fl_block *b)
{
    unsigned modes = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        fl_buf p = FL_BUF_INIT;
        fl_buf_printf(&p, "%s/%zu", base, i);
        unsigned bit = json_is_string(v) ? fl_mode_from_name(json_string_value(v)) : 0;
        if (!bit) {
            if (json_is_string(v))
                ld_error(L, "E018", p.data, NULL, b,
                         "unknown mode \"%s\" (TEXT, SMS, USSD, IVR, RICH_MESSAGING, OFFLINE)",
                         json_string_value(v));
            else
                ld_error(L, "E011", p.data, NULL, b, "a mode must be a string, not %s",
                         json_kind(v));
        } else {
            modes |= bit;
            if (strcmp(json_string_value(v), fl_mode_name(bit)))
                json_array_set_new(arr, i, json_string(fl_mode_name(bit)));
        }
        fl_buf_free(&p);
    }
    return modes;
}
