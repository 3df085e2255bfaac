/* functions.c: custom functions registered by the host (C callbacks taking tagged JSON). */
#include "expr/eval.h"
#include "expr/functions.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *name; /* lower case */
    fl_function_fn fn;
    void *userdata;
} entry;

struct fl_functions {
    entry *items;
    size_t n, cap;
};

int fl_functions_new(fl_functions **out)
{
    if (!out) return FL_EINVAL;
    *out = fl_xcalloc(1, sizeof **out);
    return FL_OK;
}

void fl_functions_free(fl_functions *fns)
{
    if (!fns) return;
    for (size_t i = 0; i < fns->n; i++) free(fns->items[i].name);
    free(fns->items);
    free(fns);
}

static bool valid_name(const char *name)
{
    if (!name || !*name) return false;
    for (const char *p = name; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  ((c == '_' || c == '-') && p != name);
        if (!ok) return false;
    }
    return true;
}

static entry *find(const fl_functions *fns, const char *name, size_t len)
{
    for (size_t i = 0; i < fns->n; i++)
        if (strlen(fns->items[i].name) == len && memcmp(fns->items[i].name, name, len) == 0)
            return &fns->items[i];
    return NULL;
}

int fl_functions_add(fl_functions *fns, const char *name, fl_function_fn fn, void *userdata)
{
    if (!fns || !fn || !valid_name(name)) return FL_EINVAL;
    char *lower = fl_xstrdup(name);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    entry *e = find(fns, lower, strlen(lower));
    if (e) { /* re-registering replaces */
        free(lower);
        e->fn = fn;
        e->userdata = userdata;
        return FL_OK;
    }
    if (fns->n == fns->cap) {
        fns->cap = fns->cap ? fns->cap * 2 : 8;
        fns->items = fl_xrealloc(fns->items, fns->cap * sizeof *fns->items);
    }
    fns->items[fns->n++] = (entry){lower, fn, userdata};
    return FL_OK;
}

bool fl_functions_has(const fl_functions *fns, const char *name, size_t len)
{
    return fns && find(fns, name, len) != NULL;
}

bool fl_functions_call(fl_eval *ev, const fl_functions *fns, const char *name, size_t len,
                       const fl_value *args, size_t argc, fl_value *result)
{
    entry *e = find(fns, name, len);
    if (!e) return false;
    json_t *stack[8];
    json_t **jargs = argc <= 8 ? stack : fl_alloc(ev, argc * sizeof *jargs);
    if (!jargs) {
        *result = fl_oom(ev);
        return true;
    }
    for (size_t i = 0; i < argc; i++) jargs[i] = fl_to_json(ev, &args[i], false);
    json_t *out = NULL;
    fl_error err;
    fl_error_clear(&err);
    int rc = e->fn(e->userdata, jargs, argc, &out, &err);
    for (size_t i = 0; i < argc; i++) json_decref(jargs[i]);
    if (rc < 0) {
        json_decref(out);
        *result = fl_raise(ev, "%s", err.message[0] ? err.message : fl_strerror(rc));
        return true;
    }
    if (!out) {
        *result = fl_nil();
        return true;
    }
    /* The result is read in place, so it must live as long as the evaluation. */
    if (!fl_eval_keep_json(ev, out)) {
        json_decref(out);
        *result = fl_oom(ev);
        return true;
    }
    /* A returned string is taken as is (no literal coercion). */
    *result = json_is_string(out) ? fl_str(json_string_value(out), json_string_length(out))
                                  : fl_from_json(ev, out);
    return true;
}
