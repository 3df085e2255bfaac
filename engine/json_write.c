/* json_write.c: compact JSON text into an fl_buf, byte-compatible with jansson's JSON_COMPACT. */
#include "engine/json_write.h"
#include "engine/util.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

/* How jansson escapes each byte: 0 = as is, 'u' = \u00XX, else the letter after a backslash. */
static const char escape_of[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b',         't',           'n', 'u',
    'f', 'r', 'u', 'u', 'u', 'u', 'u', 'u', 'u',         'u',           'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', ['"'] = '"', ['\\'] = '\\',
};

/* True when none of the eight bytes of x needs an escape. The high bit of a byte survives in
 * (v - 0x01..) & ~v only where v's byte is zero, and in (x - 0x20..) & ~x only where x's byte is
 * below 0x20 (exact for "is there such a byte"). */
static inline bool plain_word(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return !((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs);
}

/* Copies s[i..n) to p[i..) while no byte needs an escape; returns where it stopped. */
static size_t copy_plain(char *p, const char *s, size_t i, size_t n)
{
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (!plain_word(x)) break;
        memcpy(p + i, &x, 8);
    }
    for (; i < n && !escape_of[(unsigned char)s[i]]; i++) p[i] = s[i];
    return i;
}

void fl_json_quote(fl_buf *out, const char *s, size_t n)
{
    /* Worst case is six bytes per input byte: room for the plain case, more only on escapes. */
    fl_buf_reserve(out, n + 2);
    fl_buf_putc(out, '"');
    size_t i = 0;
    while (i < n) {
        size_t stop = copy_plain(out->data + out->len - i, s, i, n);
        out->len += stop - i;
        i = stop;
        if (i == n) break;
        unsigned char c = (unsigned char)s[i++];
        char e = escape_of[c];
        if (e == 'u') {
            static const char hex[] = "0123456789ABCDEF";
            char seq[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            fl_buf_append(out, seq, 6);
        } else {
            char seq[2] = {'\\', e};
            fl_buf_append(out, seq, 2);
        }
        fl_buf_reserve(out, n - i + 1); /* room for the rest when it needs no escape */
    }
    fl_buf_putc(out, '"');
}

/* Containers already written in this dump, by address. A container referenced from several
 * places (a session's results sit under run.results, results and flow) prints the same bytes each
 * time, since nothing changes during a dump: the later places copy the first one's text. Only a
 * container with more than one reference can appear twice, so only those are remembered. */
typedef struct dump_memo {
    const json_t *v[32];
    size_t off[32], len[32];
    size_t n;
} dump_memo;

static void dump(fl_buf *out, const json_t *v, dump_memo *m);

static bool dump_again(fl_buf *out, const json_t *v, const dump_memo *m)
{
    for (size_t i = 0; i < m->n; i++) {
        if (m->v[i] != v) continue;
        fl_buf_reserve(out, m->len[i]);
        memcpy(out->data + out->len, out->data + m->off[i], m->len[i]); /* earlier bytes */
        out->len += m->len[i];
        out->data[out->len] = '\0';
        return true;
    }
    return false;
}

static void dump_container(fl_buf *out, const json_t *v, dump_memo *m)
{
    bool shared = v->refcount > 1;
    if (shared && dump_again(out, v, m)) return;
    size_t at = out->len;
    if (json_is_object(v)) {
        fl_buf_putc(out, '{');
        bool first = true;
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            if (!first) fl_buf_putc(out, ',');
            first = false;
            fl_json_quote(out, json_object_iter_key(it), json_object_iter_key_len(it));
            fl_buf_putc(out, ':');
            dump(out, json_object_iter_value(it), m);
        }
        fl_buf_putc(out, '}');
    } else {
        fl_buf_putc(out, '[');
        for (size_t i = 0, n = json_array_size(v); i < n; i++) {
            if (i) fl_buf_putc(out, ',');
            dump(out, json_array_get(v, i), m);
        }
        fl_buf_putc(out, ']');
    }
    if (shared && m->n < FL_ARRAY_LEN(m->v)) {
        m->v[m->n] = v;
        m->off[m->n] = at;
        m->len[m->n] = out->len - at;
        m->n++;
    }
}

static void dump(fl_buf *out, const json_t *v, dump_memo *m)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        dump_container(out, v, m);
        break;
    case JSON_STRING:
        fl_json_quote(out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        fl_buf_put_int(out, (int64_t)json_integer_value(v));
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

void fl_json_dump(fl_buf *out, const json_t *v)
{
    dump_memo m;
    m.n = 0;
    dump(out, v, &m);
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
    fl_buf_put_int(w->out, v);
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
