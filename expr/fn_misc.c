/* fn_misc.c: the list and map functions append, delete and map. */
#include "expr/fn_common.h"

#include <string.h>

static bool enumerable(const fl_value *v)
{
    return v->type == FL_LIST || v->type == FL_RANGE;
}

/* append(list, item_or_list): a list followed by a list's items, or by one item. */
static fl_value fn_append(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (!enumerable(&args[0]))
        return fl_raise(ev, "append() expects a list or a range, not %s",
                        fl_fn_type_name(&args[0]));
    size_t a = fl_len(&args[0]);
    bool spread = args[1].type == FL_LIST;
    size_t b = spread ? fl_len(&args[1]) : 1;
    if (!fl_eval_charge(ev, a + b)) return fl_budget_error(ev);
    fl_value *items = fl_alloc(ev, (a + b ? a + b : 1) * sizeof *items);
    if (!items) return fl_oom(ev);
    for (size_t k = 0; k < a; k++) items[k] = fl_list_at(ev, &args[0], k);
    if (spread)
        for (size_t k = 0; k < b; k++) items[a + k] = fl_list_at(ev, &args[1], k);
    else
        items[a] = args[1];
    return fl_list(items, a + b);
}

static bool key_is(const char *stored, const char *key, size_t len, bool ci)
{
    if (strlen(stored) != len) return false;
    if (!ci) return memcmp(stored, key, len) == 0;
    for (size_t k = 0; k < len; k++) {
        char c = stored[k];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != key[k]) return false;
    }
    return true;
}

/* delete(map, key): the map without that key (context maps have lower-cased keys, as the
 * library sees them). */
static fl_value fn_delete(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_MAP) return fl_raise(ev, "bad map: %s", fl_fn_type_name(&args[0]));
    size_t n = fl_len(&args[0]);
    if (!fl_eval_charge(ev, n)) return fl_budget_error(ev);
    fl_mapent *out = fl_alloc(ev, (n ? n : 1) * sizeof *out);
    if (!out) return fl_oom(ev);
    bool from_context = args[0].form != FL_FORM_ARENA;
    const char *key = args[1].type == FL_STR ? args[1].u.s : NULL;
    size_t keylen = args[1].type == FL_STR ? args[1].len : 0;
    fl_map_iter it;
    fl_map_iter_init(&it, &args[0]);
    const char *k;
    fl_value v;
    size_t m = 0;
    while (m < n && fl_map_next(ev, &it, &k, &v)) {
        if (key && key_is(k, key, keylen, from_context)) continue;
        if (from_context) {
            size_t kl = strlen(k);
            char *lk = fl_strdup(ev, k, kl);
            if (!lk) return fl_oom(ev);
            for (size_t j = 0; j < kl; j++)
                if (lk[j] >= 'A' && lk[j] <= 'Z') lk[j] = (char)(lk[j] + 32);
            k = lk;
        }
        out[m].key = k;
        out[m].value = v;
        m++;
    }
    return fl_map(out, m);
}

/* map(list_or_range, lambda): the lambda applied to every item. */
static fl_value fn_map(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (!enumerable(&args[0]))
        return fl_raise(ev, "map() expects a list or a range, not %s", fl_fn_type_name(&args[0]));
    if (args[1].type != FL_LAMBDA)
        return fl_raise(ev, "map() expects a function such as &(&1 * 2)");
    size_t n = fl_len(&args[0]);
    if (!fl_eval_charge(ev, n)) return fl_budget_error(ev);
    fl_value *items = fl_alloc(ev, (n ? n : 1) * sizeof *items);
    if (!items) return fl_oom(ev);
    for (size_t k = 0; k < n; k++) {
        fl_value item = fl_list_at(ev, &args[0], k);
        items[k] = fl_call_lambda(ev, &args[1], &item, 1);
        if (fl_is_error(&items[k])) return items[k];
    }
    return fl_list(items, n);
}

const fl_builtin fl_builtins_misc[] = {
    {"append", 2, 2, fn_append, 0},
    {"delete", 2, 2, fn_delete, 0},
    {"map", 2, 2, fn_map, 0},
    {NULL, 0, 0, NULL, 0},
};
