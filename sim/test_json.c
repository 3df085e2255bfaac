/* test_json.c: JSON helpers of the harness: dotted paths, loose equality, subsets. */
#include "sim/test.h"

#include <stdlib.h>
#include <string.h>

const json_t *fl_tsim_path(const json_t *root, const char *path)
{
    const json_t *cur = root;
    const char *p = path;
    while (cur && *p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            char *end;
            long idx = strtol(p + 1, &end, 10);
            if (*end != ']' || idx < 0) return NULL;
            cur = json_array_get(cur, (size_t)idx);
            p = end + 1;
            continue;
        }
        size_t n = strcspn(p, ".[");
        char key[256];
        if (n >= sizeof key) return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        cur = json_object_get(cur, key);
        p += n;
    }
    return cur;
}

bool fl_json_equal_loose(const json_t *a, const json_t *b)
{
    if (!a || !b) return a == b;
    if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
    if (json_typeof(a) != json_typeof(b)) return false;
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b)) return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!fl_json_equal_loose(json_array_get(a, i), json_array_get(b, i))) return false;
        return true;
    }
    if (json_is_object(a)) {
        if (json_object_size(a) != json_object_size(b)) return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k,
                            v) if (!fl_json_equal_loose(v, json_object_get(b, k))) return false;
        return true;
    }
    return json_equal((json_t *)a, (json_t *)b);
}

bool fl_json_subset(const json_t *want, const json_t *have)
{
    if (json_is_object(want)) {
        if (!json_is_object(have)) return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)want, k,
                            v) if (!fl_json_subset(v, json_object_get(have, k))) return false;
        return true;
    }
    if (json_is_array(want)) {
        if (!json_is_array(have) || json_array_size(want) != json_array_size(have)) return false;
        for (size_t i = 0; i < json_array_size(want); i++)
            if (!fl_json_subset(json_array_get(want, i), json_array_get(have, i))) return false;
        return true;
    }
    return fl_json_equal_loose(want, have);
}
