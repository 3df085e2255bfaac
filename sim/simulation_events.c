/* simulation_events.c: spans of values in compact JSON text (no whitespace between tokens). */
#include "sim/simulation_events.h"

#include <stddef.h>
#include <string.h>

/* Past the string starting at p (its opening quote). Most of the text is strings: memchr finds
 * each candidate quote; one preceded by an odd number of backslashes is escaped. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) return end;
        size_t backslashes = 0;
        while (q[-1 - (ptrdiff_t)backslashes] == '\\') backslashes++;
        if (backslashes % 2 == 0) return q + 1;
        p = q + 1;
    }
    return end;
}

/* What a byte means to skip_value inside an object or an array. */
enum { PLAIN, QUOTE, OPEN, CLOSE };
static const unsigned char kind[256] = {
    ['"'] = QUOTE, ['{'] = OPEN, ['['] = OPEN, ['}'] = CLOSE, [']'] = CLOSE,
};

/* Past the value starting at p. */
static const char *skip_value(const char *p, const char *end)
{
    if (p >= end) return end;
    if (*p == '"') return skip_string(p, end);
    if (*p != '{' && *p != '[') {
        while (p < end && *p != ',' && *p != '}' && *p != ']') p++;
        return p;
    }
    int depth = 0;
    while (p < end) {
        switch (kind[(unsigned char)*p]) {
        case QUOTE:
            p = skip_string(p, end);
            continue;
        case OPEN:
            depth++;
            break;
        case CLOSE:
            if (--depth == 0) return p + 1;
            break;
        }
        p++;
    }
    return end;
}

bool span_member(sim_span object, const char *key, sim_span *out)
{
    out->p = NULL;
    out->len = 0;
    if (!object.p || !object.len || object.p[0] != '{') return false;
    const char *p = object.p + 1, *end = object.p + object.len;
    size_t klen = strlen(key);
    while (p < end && *p == '"') {
        const char *k = p + 1, *colon = skip_string(p, end);
        const char *v = colon + 1, *after = skip_value(v, end);
        if ((size_t)(colon - 1 - k) == klen && !memcmp(k, key, klen)) {
            out->p = v;
            out->len = (size_t)(after - v);
            return true;
        }
        p = after < end && *after == ',' ? after + 1 : end;
    }
    return false;
}
