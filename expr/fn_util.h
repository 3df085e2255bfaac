/* fn_util.h: text helpers for the standard functions (internal): graphemes, Unicode case
 * mapping, the library's word splitting, and number text. Pure functions on UTF-8 bytes. */
#ifndef FL_FN_UTIL_H
#define FL_FN_UTIL_H

#include "engine/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A piece of a string: offset and length in bytes. */
typedef struct fl_span {
    size_t off, len;
} fl_span;

/* A growable list of spans. */
typedef struct fl_spans {
    fl_span *v;
    size_t n, cap;
    fl_span small[16]; /* used until more are needed */
} fl_spans;

void fl_spans_init(fl_spans *s);
void fl_spans_push(fl_spans *s, size_t off, size_t len);
void fl_spans_free(fl_spans *s);

/* ---- graphemes (extended grapheme clusters, as Elixir's String functions count them) ----
 * An invalid UTF-8 byte counts as one grapheme on its own. */
size_t fl_u8_next_grapheme(const char *s, size_t len, size_t i); /* end of the grapheme at i */
size_t fl_u8_grapheme_count(const char *s, size_t len);
/* Elixir String.slice(s, start, count) with count >= 0: a negative start counts from the end
 * (and gives "" when it reaches before the start). Sets [*from, *to). */
void fl_u8_slice(const char *s, size_t len, int64_t start, int64_t count, size_t *from, size_t *to);

/* ---- case mapping (full Unicode mappings, including the special multi-letter ones) ---- */
void fl_u8_upcase(const char *s, size_t len, fl_buf *out);
void fl_u8_downcase(const char *s, size_t len, fl_buf *out);
/* Elixir String.capitalize: the first character title-cased, the rest lower-cased. */
void fl_u8_capitalize(const char *s, size_t len, fl_buf *out);
/* Elixir String.printable? of one grapheme. */
bool fl_u8_printable(const char *s, size_t len);
/* Unicode whitespace as Elixir's String.trim / String.split/1 see it. */
bool fl_u8_is_space(int32_t cp);
/* Trims Unicode whitespace at both ends; returns the inner span. */
fl_span fl_u8_trim(const char *s, size_t len);

/* ---- splitting (every piece kept, empty ones included, as String.split does) ---- */
/* On exactly sep (sep_len > 0). */
void fl_split_on(const char *s, size_t len, const char *sep, size_t sep_len, fl_spans *out);
/* On the library's punctuation pattern \s*[,:;!?.-]\s*|\s (ASCII whitespace). */
void fl_split_punct(const char *s, size_t len, fl_spans *out);
/* String.split/1: on runs of Unicode whitespace, empty pieces dropped. */
void fl_split_whitespace(const char *s, size_t len, fl_spans *out);

/* ---- searching ---- */
/* ASCII case-insensitive substring search (what the library's caseless byte regexes do). */
bool fl_ascii_ci_contains(const char *hay, size_t hlen, const char *needle, size_t nlen);
bool fl_ascii_ci_prefix(const char *s, size_t len, const char *prefix, size_t plen);

/* ---- numbers ---- */
/* Erlang's shortest round-trip float text: "1.0", "0.1", "1.0e3", "1.23e5", "5.0e-5". */
void fl_format_float(double d, fl_buf *out);
/* The shortest decimal digits and exponent of d: d = 0.DIGITS x 10^exp10 (digits has no
 * leading/trailing zeros; "0" for zero). Returns the digit count. */
int fl_float_shortest(double d, char digits[32], int *exp10, bool *negative);

#endif
