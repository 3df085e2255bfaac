/* json_write.c: compact JSON text into an fl_buf, byte-compatible with jansson's JSON_COMPACT. */
#include "engine/json_write.h"
#include "engine/util.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

/* Bytes that need an escape: '"', '\\' and the control characters, as jansson escapes them. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

void fl_json_quote(fl_buf *out, const char *s, size_t n)
{
    /* Worst case is six bytes per input byte; reserve for the common case and grow on escapes. */
    fl_buf_reserve(out, n + 2);
    out->data[out->len++] = '"';
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        /* Eight bytes at a time while none needs an escape: the high bit of a byte survives in
         * (v - 0x01..) & ~v only where v's byte is zero, in (x - 0x20..) & ~x only where x's byte
         * is below 0x20 (exact for "is there such a byte"). */
        while (i + 8 <= n) {
            const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
            uint64_t x, q, b;
            memcpy(&x, s + i, 8);
            q = x ^ (ones * '"');
            b = x ^ (ones * '\\');
            if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape[c]) continue;
        fl_buf_append(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            fl_buf_append(out, "\\\"", 2);
            break;
        case '\\':
            fl_buf_append(out, "\\\\", 2);
            break;
        case '\b':
            fl_buf_append(out, "\\b", 2);
            break;
        case '\f':
            fl_buf_append(out, "\\f", 2);
            break;
        case '\n':
            fl_buf_append(out, "\\n", 2);
            break;
        case '\r':
            fl_buf_append(out, "\\r", 2);
            break;
        case '\t':
            fl_buf_append(out, "\\t", 2);
            break;
        default: {
            static const char hex[] = "0123456789ABCDEF";
            char seq[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            fl_buf_append(out, seq, 6);
        }
        }
    }
    fl_buf_append(out, s + run, n - run);
    fl_buf_putc(out, '"');
}

static void put_int(fl_buf *out, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    fl_buf_append(out, p, (size_t)(tmp + sizeof tmp - p));
}

void fl_json_dump(fl_buf *out, const json_t *v)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT: {
        fl_buf_putc(out, '{');
        const char *key;
        size_t klen;
        json_t *item;
        bool first = true;
        json_object_keylen_foreach((json_t *)v, key, klen, item)
        {
            if (!first) fl_buf_putc(out, ',');
            first = false;
            fl_json_quote(out, key, klen);
            fl_buf_putc(out, ':');
            fl_json_dump(out, item);
        }
        fl_buf_putc(out, '}');
        break;
    }
    case JSON_ARRAY: {
        fl_buf_putc(out, '[');
        for (size_t i = 0, n = json_array_size(v); i < n; i++) {
            if (i) fl_buf_putc(out, ',');
            fl_json_dump(out, json_array_get(v, i));
        }
        fl_buf_putc(out, ']');
        break;
    }
    case JSON_STRING:
        fl_json_quote(out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        put_int(out, (int64_t)json_integer_value(v));
        break;
    case JSON_REAL: {
        /* jansson's own shortest-exact form ("%.17g", ".0" kept, exponent trimmed). */
        char tmp[64];
        size_t n = json_dumpb(v, tmp, sizeof tmp, JSON_COMPACT | JSON_ENCODE_ANY);
        fl_buf_append(out, tmp, n < sizeof tmp ? n : 0);
        break;
    }
    case JSON_TRUE:
        fl_buf_append(out, "true", 4);
        break;
    case JSON_FALSE:
        fl_buf_append(out, "false", 5);
        break;
    case JSON_NULL:
        fl_buf_append(out, "null", 4);
        break;
    }
}

void fl_jw_init(fl_jw *w, fl_buf *out)
{
    w->out = out;
    w->depth = 0;
    w->need_comma[0] = false;
    w->closer[0] = ']';
}

/* Before any value: the comma that separates it from the previous one of its array. A value after
 * a key needs none (the key wrote it). */
static void before_value(fl_jw *w)
{
    if (w->need_comma[w->depth] && w->closer[w->depth] == ']') fl_buf_putc(w->out, ',');
    w->need_comma[w->depth] = true;
}

static void open(fl_jw *w, char opener, char closer)
{
    before_value(w);
    fl_buf_putc(w->out, opener);
    if (w->depth < FL_JW_MAX_DEPTH) w->depth++;
    w->need_comma[w->depth] = false;
    w->closer[w->depth] = closer;
}

void fl_jw_object(fl_jw *w)
{
    open(w, '{', '}');
}

void fl_jw_array(fl_jw *w)
{
    open(w, '[', ']');
}

void fl_jw_end(fl_jw *w)
{
    if (w->depth == 0) return;
    fl_buf_putc(w->out, w->closer[w->depth]);
    w->depth--;
}

void fl_jw_keyn(fl_jw *w, const char *key, size_t n)
{
    if (w->need_comma[w->depth]) fl_buf_putc(w->out, ',');
    w->need_comma[w->depth] = true;
    fl_json_quote(w->out, key, n);
    fl_buf_putc(w->out, ':');
}

void fl_jw_key_quoted(fl_jw *w, const char *quoted, size_t n)
{
    if (w->need_comma[w->depth]) fl_buf_putc(w->out, ',');
    w->need_comma[w->depth] = true;
    fl_buf_append(w->out, quoted, n);
}

void fl_jw_key(fl_jw *w, const char *key)
{
    fl_jw_keyn(w, key, strlen(key));
}

void fl_jw_stringn(fl_jw *w, const char *s, size_t n)
{
    before_value(w);
    fl_json_quote(w->out, s, n);
}

void fl_jw_string(fl_jw *w, const char *s)
{
    if (!s) {
        fl_jw_null(w);
        return;
    }
    fl_jw_stringn(w, s, strlen(s));
}

void fl_jw_int(fl_jw *w, int64_t v)
{
    before_value(w);
    put_int(w->out, v);
}

void fl_jw_bool(fl_jw *w, bool v)
{
    before_value(w);
    fl_buf_append(w->out, v ? "true" : "false", v ? 4 : 5);
}

void fl_jw_null(fl_jw *w)
{
    before_value(w);
    fl_buf_append(w->out, "null", 4);
}

void fl_jw_raw(fl_jw *w, const char *json, size_t n)
{
    before_value(w);
    fl_buf_append(w->out, json, n);
}

void fl_jw_json(fl_jw *w, const json_t *v)
{
    before_value(w);
    fl_json_dump(w->out, v);
}
