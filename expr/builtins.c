/* builtins.c: lookup over the standard function tables (a sorted index built once). */
#include "expr/builtins.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const fl_builtin *const tables[] = {fl_builtins_text, fl_builtins_math,  fl_builtins_logic,
                                           fl_builtins_date, fl_builtins_tests, fl_builtins_misc};

/* Every entry of every table, sorted by name, so a lookup is a binary search. */
static const fl_builtin **index_entries;
static size_t index_count;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static int compare_entries(const void *a, const void *b)
{
    const fl_builtin *x = *(const fl_builtin *const *)a, *y = *(const fl_builtin *const *)b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return x < y ? -1 : x > y; /* stable: table order among same-name entries */
}

/* The index is built once for the process and intentionally lives until exit. */
static void build_index(void)
{
    static const fl_builtin *storage[1024];
    size_t n = 0;
    for (size_t t = 0; t < FL_ARRAY_LEN(tables); t++)
        for (const fl_builtin *b = tables[t]; b->name && n < FL_ARRAY_LEN(storage); b++)
            storage[n++] = b;
    qsort(storage, n, sizeof storage[0], compare_entries);
    index_entries = storage;
    index_count = n;
}

static int compare_name(const char *name, size_t len, const char *entry)
{
    int c = strncmp(name, entry, len);
    if (c) return c;
    return entry[len] ? -1 : 0;
}

/* First index whose name equals name, or index_count. */
static size_t lower_bound(const char *name, size_t len)
{
    size_t lo = 0, hi = index_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (compare_name(name, len, index_entries[mid]->name) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool accepts(const fl_builtin *b, size_t argc)
{
    return (int)argc >= b->min_args && (b->max_args < 0 || (int)argc <= b->max_args);
}

const fl_builtin *fl_builtin_find(const char *name, size_t len, size_t argc)
{
    pthread_once(&index_once, build_index);
    size_t i = lower_bound(name, len);
    const fl_builtin *first = NULL;
    for (; i < index_count && compare_name(name, len, index_entries[i]->name) == 0; i++) {
        if (!first) first = index_entries[i];
        if (accepts(index_entries[i], argc)) return index_entries[i];
    }
    return first;
}

const fl_builtin *fl_builtin_find_name(const char *name, size_t len)
{
    pthread_once(&index_once, build_index);
    size_t i = lower_bound(name, len);
    if (i < index_count && compare_name(name, len, index_entries[i]->name) == 0)
        return index_entries[i];
    return NULL;
}
