/* util.c: allocation, buffers, errors, files, pointers, times. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "floip: out of memory (%zu bytes)\n", n);
    abort();
}

void *fl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *fl_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory(n * size);
    return p;
}

void *fl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

char *fl_xstrdup(const char *s)
{
    return fl_xstrndup(s, strlen(s));
}

char *fl_xstrndup(const char *s, size_t n)
{
    char *p = fl_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *fl_strerror(int code)
{
    switch (code) {
    case FL_OK:
        return "ok";
    case FL_EINVAL:
        return "invalid input";
    case FL_ENOMEM:
        return "out of memory";
    case FL_EPARSE:
        return "parse error";
    case FL_ENOTFOUND:
        return "not found";
    case FL_ELIMIT:
        return "limit exceeded";
    case FL_EIO:
        return "input/output error";
    case FL_ESTATE:
        return "invalid state";
    case FL_EEVAL:
        return "evaluation error";
    case FL_EMISMATCH:
        return "mismatch";
    default:
        return "unknown error";
    }
}

void fl_buf_reset(fl_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void fl_buf_free(fl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void fl_buf_grow(fl_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = fl_xrealloc(b->data, cap);
    b->cap = cap;
}

void fl_buf_append_slow(fl_buf *b, const char *s, size_t n)
{
    fl_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void fl_buf_puts(fl_buf *b, const char *s)
{
    fl_buf_append(b, s, strlen(s));
}

void fl_buf_put_int(fl_buf *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    fl_buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

void fl_buf_printf(fl_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        fl_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

char *fl_buf_steal(fl_buf *b)
{
    if (!b->data) return fl_xstrdup("");
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int fl_error_setv(fl_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    }
    return code;
}

int fl_error_set(fl_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fl_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void fl_error_clear(fl_error *err)
{
    if (err) memset(err, 0, sizeof *err);
}

void fl_error_format(const fl_error *err, fl_buf *b)
{
    if (err->file[0]) fl_buf_printf(b, "%s:", err->file);
    if (err->pointer[0]) fl_buf_printf(b, "%s:", err->pointer);
    if (err->line) fl_buf_printf(b, "%d:%d:", err->line, err->column);
    if (b->len) fl_buf_putc(b, ' ');
    fl_buf_puts(b, err->message[0] ? err->message : fl_strerror(err->code));
}

int fl_read_file(const char *path, size_t max, char **data, size_t *len, fl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return fl_error_set(err, FL_EIO, "cannot open %s: %s", path, strerror(errno));
    fl_buf b = FL_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            fclose(f);
            fl_buf_free(&b);
            return fl_error_set(err, FL_ELIMIT, "%s is larger than the limit of %zu bytes", path,
                                max);
        }
        fl_buf_append(&b, chunk, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fl_buf_free(&b);
        return fl_error_set(err, FL_EIO, "cannot read %s", path);
    }
    *len = b.len;
    *data = fl_buf_steal(&b);
    return 0;
}

void fl_pointer_push(fl_buf *b, const char *token)
{
    fl_buf_putc(b, '/');
    for (const char *p = token; *p; p++) {
        if (*p == '~')
            fl_buf_append(b, "~0", 2);
        else if (*p == '/')
            fl_buf_append(b, "~1", 2);
        else
            fl_buf_putc(b, *p);
    }
}

void fl_pointer_push_index(fl_buf *b, size_t index)
{
    fl_buf_printf(b, "/%zu", index);
}

bool fl_lower_equals(const char *k, size_t klen, const char *key, size_t keylen)
{
    if (klen != keylen) return false;
    for (size_t i = 0; i < klen; i++) {
        char c = k[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != key[i]) return false;
    }
    return true;
}

int fl_strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca) return ca - cb;
    }
}

bool fl_is_uuid(const char *s)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    if (!s) return false;
    for (size_t g = 0; g < FL_ARRAY_LEN(groups); g++) {
        for (int i = 0; i < groups[g]; i++, s++)
            if (!isxdigit((unsigned char)*s)) return false;
        if (g < 4 && *s++ != '-') return false;
    }
    return *s == '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void fl_format_iso_ms(int64_t ms, char out[48])
{
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int milli = (int)(ms - secs * 1000);
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 48, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, milli);
}

static int read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (!isdigit((unsigned char)**p)) return -1;
        v = v * 10 + (**p - '0');
    }
    *out = v;
    return 0;
}

int fl_parse_iso_ms(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0;
    const char *p = s;
    if (read_digits(&p, 4, &y) || *p++ != '-' || read_digits(&p, 2, &mo) || *p++ != '-' ||
        read_digits(&p, 2, &d))
        return FL_EINVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return FL_EINVAL;
    int64_t offset_min = 0;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (read_digits(&p, 2, &h) || *p++ != ':' || read_digits(&p, 2, &mi)) return FL_EINVAL;
        if (*p == ':') {
            p++;
            if (read_digits(&p, 2, &sec)) return FL_EINVAL;
            if (*p == '.') {
                p++;
                int scale = 100, digits = 0;
                while (isdigit((unsigned char)*p)) {
                    if (digits++ < 3) frac += (*p - '0') * scale, scale /= 10;
                    p++;
                }
                if (!digits) return FL_EINVAL;
            }
        }
        if (h > 23 || mi > 59 || sec > 60) return FL_EINVAL;
        if (*p == 'Z' || *p == 'z')
            p++;
        else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (read_digits(&p, 2, &oh)) return FL_EINVAL;
            if (*p == ':') p++;
            if (*p && read_digits(&p, 2, &om)) return FL_EINVAL;
            offset_min = sign * (oh * 60 + om);
        }
    }
    if (*p) return FL_EINVAL;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *ms = ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_min * 60) * 1000 + frac;
    return 0;
}

int fl_parse_duration_ms(const char *s, int64_t *ms)
{
    int64_t total = 0;
    const char *p = s;
    if (!*p) return FL_EINVAL;
    while (*p) {
        if (!isdigit((unsigned char)*p)) return FL_EINVAL;
        int64_t n = 0;
        while (isdigit((unsigned char)*p)) {
            n = n * 10 + (*p++ - '0');
            if (n > 1000000000000LL) return FL_EINVAL;
        }
        int64_t unit = 1000;
        if (*p == 'm' && p[1] == 's')
            unit = 1, p += 2;
        else if (*p == 's')
            unit = 1000, p++;
        else if (*p == 'm')
            unit = 60000, p++;
        else if (*p == 'h')
            unit = 3600000, p++;
        else if (*p == 'd')
            unit = 86400000, p++;
        else if (*p == 'w')
            unit = 7 * 86400000LL, p++;
        else if (*p)
            return FL_EINVAL;
        total += n * unit;
    }
    *ms = total;
    return 0;
}
