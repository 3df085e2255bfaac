/* util.h: small helpers shared by every module (internal; not installed). */
#ifndef FL_UTIL_H
#define FL_UTIL_H

#include "floip.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Sets an object member named by a string literal: its length is known, so jansson need not
 * measure it (the engine's context writes are many and hot). */
#define FL_JSON_SET(obj, key, v)     json_object_setn_nocheck((obj), key, sizeof(key) - 1, (v))
#define FL_JSON_SET_NEW(obj, key, v) json_object_setn_new_nocheck((obj), key, sizeof(key) - 1, (v))

#if defined(__GNUC__)
#define FL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FL_LIKELY(x)    __builtin_expect(!!(x), 1)
#define FL_UNLIKELY(x)  __builtin_expect(!!(x), 0)
#else
#define FL_PRINTF(f, a)
#define FL_LIKELY(x)   (x)
#define FL_UNLIKELY(x) (x)
#endif

/* Allocation that never returns NULL: out of memory aborts with a message. Used for the small,
 * bounded allocations of the engine; input-sized allocations check limits before allocating. */
void *fl_xmalloc(size_t n);
void *fl_xcalloc(size_t n, size_t size);
void *fl_xrealloc(void *p, size_t n);
char *fl_xstrdup(const char *s);
char *fl_xstrndup(const char *s, size_t n);

/* fl_buf appends; the buffer stays NUL-terminated. */
void fl_buf_grow(fl_buf *b, size_t extra);
/* Makes room for extra more bytes (and the NUL); inline when there is room already. */
static inline void fl_buf_reserve(fl_buf *b, size_t extra)
{
    if (FL_LIKELY(b->len + extra + 1 <= b->cap)) return;
    fl_buf_grow(b, extra);
}
void fl_buf_append_slow(fl_buf *b, const char *s, size_t n);
/* Appends inline when the bytes fit (the writers of events and payloads call this per token). */
static inline void fl_buf_append(fl_buf *b, const char *s, size_t n)
{
    if (FL_LIKELY(b->len + n < b->cap)) {
        if (n) memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    fl_buf_append_slow(b, s, n);
}
void fl_buf_puts(fl_buf *b, const char *s);
/* v in decimal, as printf's PRId64 writes it, without printf's cost. */
void fl_buf_put_int(fl_buf *b, int64_t v);
static inline void fl_buf_putc(fl_buf *b, char c)
{
    if (FL_LIKELY(b->len + 1 < b->cap)) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    fl_buf_append_slow(b, &c, 1);
}
void fl_buf_printf(fl_buf *b, const char *fmt, ...) FL_PRINTF(2, 3);
/* Hands the bytes over to the caller (malloc'd, NUL-terminated) and resets b. */
char *fl_buf_steal(fl_buf *b);

/* Fills err (when not NULL) and returns code, so that `return fl_error_set(err, ...)` works. */
int fl_error_set(fl_error *err, int code, const char *fmt, ...) FL_PRINTF(3, 4);
int fl_error_setv(fl_error *err, int code, const char *fmt, va_list ap);
void fl_error_clear(fl_error *err);
/* Writes "file:pointer:line:col: message" style text of err into b (only the parts known). */
void fl_error_format(const fl_error *err, fl_buf *b);

/* Reads a whole file (binary) into a malloc'd NUL-terminated buffer; refuses files over max
 * bytes with FL_ELIMIT. */
int fl_read_file(const char *path, size_t max, char **data, size_t *len, fl_error *err);

/* JSON pointer helpers: appends "/token" with ~ and / escaped as RFC 6901 requires. */
void fl_pointer_push(fl_buf *b, const char *token);
void fl_pointer_push_index(fl_buf *b, size_t index);

/* Case-insensitive ASCII comparison. */
int fl_strcasecmp(const char *a, const char *b);
/* k[0..klen) lower-cased (ASCII; the library's String.downcase also folds other scripts, which
 * context keys practically never use) equals key[0..keylen), which is lower case. */
bool fl_lower_equals(const char *k, size_t klen, const char *key, size_t keylen);
bool fl_is_uuid(const char *s);

/* ISO 8601 UTC text of a millisecond timestamp: "2025-01-01T09:00:00.000Z" (25 bytes with NUL). */
void fl_format_iso_ms(int64_t ms, char out[48]);
/* The same, quickly (engine/events.c: it runs for every event); falls back to the above outside
 * years 0..9999. */
void fl_iso_ms(int64_t ms, char out[48]);
/* Parses "2025-01-01T09:00:00Z", "...+02:00", "...123Z", "2025-01-01" into ms; FL_EINVAL if not. */
int fl_parse_iso_ms(const char *s, int64_t *ms);
/* Parses durations "90", "90s", "5m", "2h", "1d", "1h30m" into milliseconds; FL_EINVAL if not. */
int fl_parse_duration_ms(const char *s, int64_t *ms);

#endif
