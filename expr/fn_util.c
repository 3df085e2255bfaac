/* fn_util.c: graphemes, Unicode case mapping, the library's word splitting and shortest float
 * digits, shared by the standard functions. */
#include "expr/fn_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void fl_spans_init(fl_spans *s)
{
    s->v = s->small;
    s->n = 0;
    s->cap = FL_ARRAY_LEN(s->small);
}

void fl_spans_push(fl_spans *s, size_t off, size_t len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap * 2;
        if (s->v == s->small) {
            fl_span *v = fl_xmalloc(cap * sizeof *v);
            memcpy(v, s->small, s->n * sizeof *v);
            s->v = v;
        } else {
            s->v = fl_xrealloc(s->v, cap * sizeof *s->v);
        }
        s->cap = cap;
    }
    s->v[s->n].off = off;
    s->v[s->n].len = len;
    s->n++;
}

void fl_spans_free(fl_spans *s)
{
    if (s->v != s->small) free(s->v);
    fl_spans_init(s);
}

/* Decodes one code point at s[i]; an invalid byte decodes as -1 with length 1. */
static size_t decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

static void encode(int32_t cp, fl_buf *out)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
    fl_buf_append(out, (const char *)tmp, (size_t)n);
}

size_t fl_u8_next_grapheme(const char *s, size_t len, size_t i)
{
    if (i >= len) return len;
    int32_t cp;
    size_t n = decode(s, len, i, &cp);
    if (cp < 0) return i + 1;
    utf8proc_int32_t state = 0;
    size_t j = i + n;
    int32_t prev = cp;
    while (j < len) {
        int32_t next;
        size_t m = decode(s, len, j, &next);
        if (next < 0) break;
        if (utf8proc_grapheme_break_stateful(prev, next, &state)) break;
        prev = next;
        j += m;
    }
    return j;
}

size_t fl_u8_grapheme_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i = fl_u8_next_grapheme(s, len, i)) n++;
    return n;
}

void fl_u8_slice(const char *s, size_t len, int64_t start, int64_t count, size_t *from, size_t *to)
{
    *from = *to = 0;
    if (count <= 0) return;
    if (start < 0) {
        int64_t total = (int64_t)fl_u8_grapheme_count(s, len);
        start += total;
        if (start < 0) return;
    }
    size_t i = 0;
    for (int64_t k = 0; k < start && i < len; k++) i = fl_u8_next_grapheme(s, len, i);
    if (i >= len) {
        *from = *to = len;
        return;
    }
    size_t j = i;
    for (int64_t k = 0; k < count && j < len; k++) j = fl_u8_next_grapheme(s, len, j);
    *from = i;
    *to = j;
}

/* The unconditional multi-letter mappings of Unicode's SpecialCasing that matter in practice. */
typedef struct special_case {
    int32_t cp;
    int32_t upper[3];
    int32_t title[3];
} special_case;

static const special_case specials[] = {
    {0x00DF, {'S', 'S'}, {'S', 's'}},
    {0x0149, {0x02BC, 'N'}, {0x02BC, 'N'}},
    {0x01F0, {'J', 0x030C}, {'J', 0x030C}},
    {0x0390, {0x0399, 0x0308, 0x0301}, {0x0399, 0x0308, 0x0301}},
    {0x03B0, {0x03A5, 0x0308, 0x0301}, {0x03A5, 0x0308, 0x0301}},
    {0x0587, {0x0535, 0x0552}, {0x0535, 0x0582}},
    {0x1E96, {'H', 0x0331}, {'H', 0x0331}},
    {0x1E97, {'T', 0x0308}, {'T', 0x0308}},
    {0x1E98, {'W', 0x030A}, {'W', 0x030A}},
    {0x1E99, {'Y', 0x030A}, {'Y', 0x030A}},
    {0x1E9A, {'A', 0x02BE}, {'A', 0x02BE}},
    {0xFB00, {'F', 'F'}, {'F', 'f'}},
    {0xFB01, {'F', 'I'}, {'F', 'i'}},
    {0xFB02, {'F', 'L'}, {'F', 'l'}},
    {0xFB03, {'F', 'F', 'I'}, {'F', 'f', 'i'}},
    {0xFB04, {'F', 'F', 'L'}, {'F', 'f', 'l'}},
    {0xFB05, {'S', 'T'}, {'S', 't'}},
    {0xFB06, {'S', 'T'}, {'S', 't'}},
    {0xFB13, {0x0544, 0x0546}, {0x0544, 0x0576}},
    {0xFB14, {0x0544, 0x0535}, {0x0544, 0x0565}},
    {0xFB15, {0x0544, 0x053B}, {0x0544, 0x056B}},
    {0xFB16, {0x054E, 0x0546}, {0x054E, 0x0576}},
    {0xFB17, {0x0544, 0x053D}, {0x0544, 0x056D}},
};

static const special_case *find_special(int32_t cp)
{
    if (cp < 0xDF) return NULL;
    for (size_t k = 0; k < FL_ARRAY_LEN(specials); k++)
        if (specials[k].cp == cp) return &specials[k];
    return NULL;
}

static void put_seq(const int32_t *seq, fl_buf *out)
{
    for (int k = 0; k < 3 && seq[k]; k++) encode(seq[k], out);
}

static void map_upper(int32_t cp, fl_buf *out)
{
    const special_case *sc = find_special(cp);
    if (sc)
        put_seq(sc->upper, out);
    else
        encode(utf8proc_toupper(cp), out);
}

static void map_title(int32_t cp, fl_buf *out)
{
    const special_case *sc = find_special(cp);
    if (sc)
        put_seq(sc->title, out);
    else
        encode(utf8proc_totitle(cp), out);
}

void fl_u8_upcase(const char *s, size_t len, fl_buf *out)
{
    fl_buf_reserve(out, len);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            fl_buf_putc(out, (char)(c >= 'a' && c <= 'z' ? c - 32 : c));
            i++;
            continue;
        }
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        if (cp < 0)
            fl_buf_append(out, s + i, 1);
        else
            map_upper(cp, out);
        i += n;
    }
}

static bool is_letter(int32_t cp)
{
    if (cp < 0) return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Downcases s[from, len) into out; prev is the code point before from (or -1). */
static void downcase_from(const char *s, size_t len, size_t from, int32_t prev, fl_buf *out)
{
    for (size_t i = from; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            fl_buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
            prev = c;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        if (cp < 0) {
            fl_buf_append(out, s + i, 1);
        } else if (cp == 0x0130) {
            encode('i', out), encode(0x0307, out);
        } else if (cp == 0x03A3) {
            /* Final sigma: after a letter and not before one. */
            int32_t next = -1;
            if (i + n < len) decode(s, len, i + n, &next);
            encode(is_letter(prev) && !is_letter(next) ? 0x03C2 : 0x03C3, out);
        } else {
            encode(utf8proc_tolower(cp), out);
        }
        prev = cp;
        i += n;
    }
}

void fl_u8_downcase(const char *s, size_t len, fl_buf *out)
{
    fl_buf_reserve(out, len);
    downcase_from(s, len, 0, -1, out);
}

void fl_u8_capitalize(const char *s, size_t len, fl_buf *out)
{
    if (len == 0) {
        fl_buf_append(out, "", 0);
        return;
    }
    int32_t cp;
    size_t n = decode(s, len, 0, &cp);
    if (cp < 0)
        fl_buf_append(out, s, 1);
    else
        map_title(cp, out);
    downcase_from(s, len, n, cp, out);
}

bool fl_u8_printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        bool ok = (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF) ||
                  (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF) ||
                  cp == '\n' || cp == '\r' || cp == '\t' || cp == '\v' || cp == '\b' ||
                  cp == '\f' || cp == 0x1B || cp == 0x7F || cp == '\a';
        if (!ok) return false;
        i += n;
    }
    return true;
}

bool fl_u8_is_space(int32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x2006) || (cp >= 0x2008 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x205F || cp == 0x3000;
}

fl_span fl_u8_trim(const char *s, size_t len)
{
    size_t a = 0;
    while (a < len) {
        int32_t cp;
        size_t n = decode(s, len, a, &cp);
        if (!fl_u8_is_space(cp)) break;
        a += n;
    }
    size_t b = a, i = a;
    while (i < len) {
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        i += n;
        if (!fl_u8_is_space(cp)) b = i;
    }
    fl_span sp = {a, b - a};
    return sp;
}

void fl_split_on(const char *s, size_t len, const char *sep, size_t sep_len, fl_spans *out)
{
    size_t start = 0, i = 0;
    while (sep_len > 0 && i + sep_len <= len) {
        if (memcmp(s + i, sep, sep_len) == 0) {
            fl_spans_push(out, start, i - start);
            i += sep_len;
            start = i;
        } else {
            i++;
        }
    }
    fl_spans_push(out, start, len - start);
}

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool punct(char c)
{
    return c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '.' || c == '-';
}

void fl_split_punct(const char *s, size_t len, fl_spans *out)
{
    size_t start = 0, p = 0;
    while (p < len) {
        size_t q = p;
        while (q < len && ascii_space(s[q])) q++;
        size_t end = 0;
        if (q < len && punct(s[q])) {
            end = q + 1;
            while (end < len && ascii_space(s[end])) end++;
        } else if (ascii_space(s[p])) {
            end = p + 1;
        }
        if (end) {
            fl_spans_push(out, start, p - start);
            start = p = end;
        } else {
            p++;
        }
    }
    fl_spans_push(out, start, len - start);
}

void fl_split_whitespace(const char *s, size_t len, fl_spans *out)
{
    size_t i = 0, start = 0;
    bool in_word = false;
    while (i < len) {
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        if (fl_u8_is_space(cp)) {
            if (in_word) fl_spans_push(out, start, i - start);
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            start = i;
        }
        i += n;
    }
    if (in_word) fl_spans_push(out, start, len - start);
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

bool fl_ascii_ci_prefix(const char *s, size_t len, const char *prefix, size_t plen)
{
    if (plen > len) return false;
    for (size_t k = 0; k < plen; k++)
        if (ascii_lower(s[k]) != ascii_lower(prefix[k])) return false;
    return true;
}

bool fl_ascii_ci_contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0) return true;
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (fl_ascii_ci_prefix(hay + i, hlen - i, needle, nlen)) return true;
    return false;
}

int fl_float_shortest(double d, char digits[32], int *exp10, bool *negative)
{
    *negative = signbit(d) != 0;
    if (d == 0 || !isfinite(d)) {
        strcpy(digits, "0");
        *exp10 = 1;
        return 1;
    }
    char text[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*e", prec - 1, fabs(d));
        if (strtod(text, NULL) == fabs(d)) break;
    }
    /* text is "D.DDDDe[+-]XX" */
    int n = 0;
    char *e = strchr(text, 'e');
    for (char *p = text; p < e; p++)
        if (*p != '.') digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0') n--;
    digits[n] = '\0';
    *exp10 = atoi(e + 1) + 1;
    return n;
}

void fl_format_float(double d, fl_buf *out)
{
    char digits[32];
    int exp10;
    bool neg;
    int n = fl_float_shortest(d, digits, &exp10, &neg);
    fl_buf plain = FL_BUF_INIT, sci = FL_BUF_INIT;
    if (neg) fl_buf_putc(&plain, '-'), fl_buf_putc(&sci, '-');
    if (exp10 <= 0) {
        fl_buf_puts(&plain, "0.");
        for (int k = 0; k < -exp10; k++) fl_buf_putc(&plain, '0');
        fl_buf_append(&plain, digits, (size_t)n);
    } else if (exp10 < n) {
        fl_buf_append(&plain, digits, (size_t)exp10);
        fl_buf_putc(&plain, '.');
        fl_buf_append(&plain, digits + exp10, (size_t)(n - exp10));
    } else {
        fl_buf_append(&plain, digits, (size_t)n);
        for (int k = n; k < exp10; k++) fl_buf_putc(&plain, '0');
        fl_buf_puts(&plain, ".0");
    }
    fl_buf_putc(&sci, digits[0]);
    fl_buf_putc(&sci, '.');
    if (n > 1)
        fl_buf_append(&sci, digits + 1, (size_t)(n - 1));
    else
        fl_buf_putc(&sci, '0');
    fl_buf_printf(&sci, "e%d", exp10 - 1);
    /* From 2^53 on, Erlang always writes the scientific form. */
    fl_buf *best = (sci.len < plain.len || fabs(d) >= 9007199254740992.0) ? &sci : &plain;
    fl_buf_append(out, best->data, best->len);
    fl_buf_free(&plain);
    fl_buf_free(&sci);
}
