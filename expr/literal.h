/* literal.h: the v1 literal grammar (numbers, booleans, dates, times, quoted strings), shared by
 * the parser and by context coercion. */
#ifndef FL_EXPR_LITERAL_H
#define FL_EXPR_LITERAL_H

#include "expr/value.h"

typedef enum fl_lit {
    FL_LIT_NONE = 0, /* no literal starts here */
    FL_LIT_VALUE,    /* *out holds the value (no memory referenced) */
    FL_LIT_STRING,   /* *out is the raw text between the quotes (escapes unresolved); quote in
                      *quote */
    FL_LIT_INVALID,  /* looked like a date or time but is not a real one (the library raises) */
} fl_lit;

/* Scans one literal at s[pos..len) in the library's order: datetime, date, time, float, integer,
 * boolean, quoted string. On success *end is the offset just past it. */
fl_lit fl_scan_literal(const char *s, size_t len, size_t pos, fl_value *out, size_t *end,
                       char *quote);
/* Scans the library's integer (optional '-', digit groups joined across '_': 1_000 -> 10). */
bool fl_scan_int(const char *s, size_t len, size_t pos, int64_t *out, size_t *end);
/* Copies a quoted string's raw text resolving \<quote>. dst must hold len + 1 bytes; returns the
 * new length. */
size_t fl_unescape_quoted(const char *raw, size_t len, char quote, char *dst);
/* Date validity (Date.new!/Time.new! rules). */
bool fl_valid_date(int year, int month, int day);

#endif
