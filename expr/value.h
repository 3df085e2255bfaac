/*
 * value.h: the value type of the expression language and everything a builtin function needs.
 *
 * OWNERSHIP (the one rule): every value produced during an evaluation either lives in that
 * evaluation's arena or borrows from something that outlives the evaluation (the context JSON,
 * the compiled expression, static data). Nothing is freed individually; the arena goes away when
 * the evaluation ends. A builtin therefore never frees anything and never keeps a value after it
 * returns. Context maps, lists and strings are read in place from the json_t, never copied.
 *
 * HOW A BUILTIN IS CALLED (see builtins.h for the signature and the tables):
 *   - Arguments are evaluated before the call, left to right (eagerly). An argument that is an
 *     error aborts the evaluation before the call, so a builtin never sees FL_ERROR.
 *   - A missing variable arrives as FL_NIL (never FL_NOTFOUND).
 *   - A `__value__` map arrives raw (FL_MAP); call fl_unwrap() where the library unwraps
 *     (concatenate does; most functions do not: `upper(m)` fails in the library).
 *   - Strings arrive already coerced where the library coerces: a context string that is
 *     entirely a literal ("42", "true", "2022-01-31") arrives as that literal (FL_INT, FL_BOOL,
 *     FL_DATE...). Every FL_STR is NUL-terminated at s[len].
 *   - The argument count is within the table entry's [min_args, max_args]; otherwise the
 *     evaluator produces the library's "not implemented" text without calling the builtin.
 *
 * HOW A BUILTIN RETURNS: a fl_value by value. Use the constructors below. Strings must be
 * NUL-terminated and must outlive the evaluation: string literals, argument strings (or slices
 * of them copied with fl_strdup), or arena memory (fl_alloc, fl_strdup, fl_sb_*).
 *
 * HOW A BUILTIN FAILS: return fl_raise(ev, "message %s", ...) -- an FL_ERROR value with the
 * message; the whole evaluation then fails with that message (the library raises).
 * fl_alloc returns NULL once the evaluation's memory limit is reached: return fl_oom(ev).
 */
#ifndef FL_EXPR_VALUE_H
#define FL_EXPR_VALUE_H

#include "engine/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fl_vtype {
    FL_NIL = 0,
    FL_BOOL,
    FL_INT,      /* int64 */
    FL_FLOAT,    /* double */
    FL_STR,      /* UTF-8, NUL-terminated, len bytes */
    FL_DATE,     /* dt.year/month/day (not validated: 2022-02-30 is representable) */
    FL_DATETIME, /* UTC; dt.usec with dt.precision fractional digits (0..6) rendered */
    FL_TIME,     /* dt.hour/minute/second/usec/precision */
    FL_LIST,     /* ordered values; JSON-backed (in place) or arena-backed */
    FL_MAP,      /* string keys; JSON-backed (in place) or arena-backed */
    FL_RANGE,    /* first..last//step, inclusive */
    FL_LAMBDA,   /* &(...) body; call with fl_call_lambda */
    FL_NOTFOUND, /* internal: a missing variable (keeps the path for "@path" re-emission) */
    FL_ERROR,    /* internal: an evaluation error; s/len is the message */
} fl_vtype;

/* Date, time and datetime fields, one struct for the three types. */
typedef struct fl_dt {
    int16_t year; /* date arithmetic must keep years within int16 */
    uint8_t month, day;
    uint8_t hour, minute, second;
    uint8_t precision;  /* fractional digits shown (0..6) */
    uint32_t usec;      /* microseconds 0..999999 */
    int32_t offset_sec; /* the library's utc_offset: "+NN" in a literal is read as NN seconds */
} fl_dt;

typedef struct fl_range {
    int64_t first, last, step;
} fl_range;

typedef struct fl_value fl_value;
typedef struct fl_mapent fl_mapent;
/* The evaluation in progress: arena, clock, options. Opaque to builtins. */
typedef struct fl_eval fl_eval;
struct fl_node; /* AST node (ast.h) */

/* Storage of an FL_LIST or FL_MAP. FL_FORM_HOST maps only: kept in the host's own structure
 * and read through its fl_host_map callbacks (the engine's run results, engine/results.c). */
enum { FL_FORM_ARENA = 0, FL_FORM_JSON = 1, FL_FORM_HOST = 2 };

/* A map read in place from a host structure. Like a JSON context map, its keys match
 * case-insensitively (the library lower-cases context keys) and it is never copied. */
typedef struct fl_host_map {
    size_t (*size)(const void *self);
    /* The value under key, which is lower case (a parsed name); false when there is none. */
    bool (*get)(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out);
    /* Entry i (i < size) in storage order: its key as stored and its value. */
    void (*at)(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out);
} fl_host_map;

struct fl_value {
    uint8_t type; /* fl_vtype */
    uint8_t form; /* FL_LIST/FL_MAP: FL_FORM_ARENA or FL_FORM_JSON */
    uint16_t reserved;
    uint32_t len; /* FL_STR/FL_ERROR: bytes; arena FL_LIST/FL_MAP: element count */
    union {
        bool b;
        int64_t i;
        double f;
        const char *s;            /* FL_STR, FL_ERROR */
        fl_dt dt;                 /* FL_DATE, FL_DATETIME, FL_TIME */
        const json_t *json;       /* FL_FORM_JSON list (array) or map (object) */
        const fl_value *items;    /* FL_FORM_ARENA list */
        const fl_mapent *entries; /* FL_FORM_ARENA map */
        struct {
            const fl_host_map *map;
            const void *self;
        } host;                /* FL_FORM_HOST map */
        const fl_range *range; /* FL_RANGE */
        const struct fl_node *lambda;
        struct {
            const struct fl_node *first, *last; /* path segments from the first missing one */
        } nf;                                   /* FL_NOTFOUND */
    } u;
};

struct fl_mapent {
    const char *key; /* NUL-terminated */
    fl_value value;
};

/* A top-level name the host gives a value of its own for an evaluation (fl_eval_env). */
typedef struct fl_root {
    const char *name; /* lower case */
    size_t len;       /* of name */
    fl_value value;   /* must outlive the evaluation */
} fl_root;

/* ---- constructors (no allocation) ---- */
static inline fl_value fl_nil(void)
{
    fl_value v = {0};
    return v;
}
static inline fl_value fl_bool(bool b)
{
    fl_value v = {.type = FL_BOOL};
    v.u.b = b;
    return v;
}
static inline fl_value fl_int(int64_t i)
{
    fl_value v = {.type = FL_INT};
    v.u.i = i;
    return v;
}
static inline fl_value fl_float(double f)
{
    fl_value v = {.type = FL_FLOAT};
    v.u.f = f;
    return v;
}
/* Borrows s, which must be NUL-terminated at s[len] and outlive the evaluation. */
static inline fl_value fl_str(const char *s, size_t len)
{
    fl_value v = {.type = FL_STR, .len = (uint32_t)len};
    v.u.s = s;
    return v;
}
static inline fl_value fl_mkdate(int year, int month, int day)
{
    fl_value v = {.type = FL_DATE};
    v.u.dt.year = year;
    v.u.dt.month = (uint8_t)month;
    v.u.dt.day = (uint8_t)day;
    return v;
}
/* type is FL_DATE, FL_DATETIME or FL_TIME. */
static inline fl_value fl_dt_value(fl_vtype type, fl_dt dt)
{
    fl_value v = {.type = (uint8_t)type};
    v.u.dt = dt;
    return v;
}
/* An arena-backed list of n items (items must outlive the evaluation: use fl_alloc). */
static inline fl_value fl_list(const fl_value *items, size_t n)
{
    fl_value v = {.type = FL_LIST, .form = FL_FORM_ARENA, .len = (uint32_t)n};
    v.u.items = items;
    return v;
}
/* An arena-backed map of n entries; keys are matched exactly (function results use lower case). */
static inline fl_value fl_map(const fl_mapent *entries, size_t n)
{
    fl_value v = {.type = FL_MAP, .form = FL_FORM_ARENA, .len = (uint32_t)n};
    v.u.entries = entries;
    return v;
}
/* A host map (self must outlive the evaluation). */
static inline fl_value fl_host_map_value(const fl_host_map *map, const void *self)
{
    fl_value v = {.type = FL_MAP, .form = FL_FORM_HOST};
    v.u.host.map = map;
    v.u.host.self = self;
    return v;
}
static inline bool fl_is_number(const fl_value *v)
{
    return v->type == FL_INT || v->type == FL_FLOAT;
}

/* fl_strz: a NUL-terminated string (static, argument or arena). */
fl_value fl_strz(const char *s);

/* ---- errors ---- */
/* An FL_ERROR with a formatted message (allocated in the arena; falls back to a static text). */
fl_value fl_raise(fl_eval *ev, const char *fmt, ...) FL_PRINTF(2, 3);
/* The error for an exhausted memory limit. */
fl_value fl_oom(fl_eval *ev);
static inline bool fl_is_error(const fl_value *v)
{
    return v->type == FL_ERROR;
}

/* ---- arena ---- */
/* n bytes, 16-aligned, zeroed; NULL once the evaluation's memory limit is reached. */
void *fl_alloc(fl_eval *ev, size_t n);
/* Copies s[0..len) with a NUL; NULL on the memory limit. */
char *fl_strdup(fl_eval *ev, const char *s, size_t len);
/* A copy as a string value (fl_oom error on the memory limit). */
fl_value fl_str_copy(fl_eval *ev, const char *s, size_t len);

/* String builder in the arena: append freely, then fl_sb_value(). After a failed allocation
 * (the memory limit) sb->failed is set and fl_sb_value returns the fl_oom error. */
typedef struct fl_sb {
    fl_eval *ev;
    char *data;
    size_t len, cap;
    bool failed;
} fl_sb;
void fl_sb_init(fl_sb *sb, fl_eval *ev);
void fl_sb_append(fl_sb *sb, const char *s, size_t n);
void fl_sb_puts(fl_sb *sb, const char *s);
void fl_sb_putc(fl_sb *sb, char c);
void fl_sb_printf(fl_sb *sb, const char *fmt, ...) FL_PRINTF(2, 3);
/* Appends the text form of v (same rules as rendering, fl_to_text). */
void fl_sb_value(fl_sb *sb, const fl_value *v);
fl_value fl_sb_finish(fl_sb *sb);

/* ---- the evaluation ---- */
int64_t fl_eval_now_ms(const fl_eval *ev); /* the injected clock (ms since epoch, UTC) */
uint64_t fl_eval_random(fl_eval *ev);      /* next number of the seeded generator */
/* Counts n steps against the evaluation budget; false (and nothing else) when exhausted: return
 * fl_raise(ev, ...) or fl_budget_error(ev). Loops over input-sized data should charge. */
bool fl_eval_charge(fl_eval *ev, size_t n);
fl_value fl_budget_error(fl_eval *ev);
/* Calls a lambda (FL_LAMBDA) with args bound to &1, &2, ... May return an FL_ERROR. */
fl_value fl_call_lambda(fl_eval *ev, const fl_value *lambda, const fl_value *args, size_t argc);

/* ---- reading lists and maps (JSON-backed ones are read in place, with v1 coercion) ---- */
/* Element count of a list or map, the element count of a range, 0 otherwise. */
size_t fl_len(const fl_value *v);
/* Element i of a list or range (0-based; caller checks i < fl_len). */
fl_value fl_list_at(fl_eval *ev, const fl_value *list, size_t i);
/* Value under key in a map: context maps match keys case-insensitively (the library lower-cases
 * them), function-built maps exactly. *found (may be NULL) tells a missing key from a nil value. */
fl_value fl_map_get(fl_eval *ev, const fl_value *map, const char *key, size_t keylen, bool *found);
/* The same for a key known to be lower case (a parsed name: fl_node.name). */
fl_value fl_map_get_name(fl_eval *ev, const fl_value *map, const char *key, size_t keylen,
                         bool *found);
/* Iteration over a map's entries in storage order. */
typedef struct fl_map_iter {
    const fl_value *map;
    size_t index;
    void *json_iter;
} fl_map_iter;
void fl_map_iter_init(fl_map_iter *it, const fl_value *map);
/* Next entry; key is NUL-terminated, lower-cased for context maps (as the library sees them). */
bool fl_map_next(fl_eval *ev, fl_map_iter *it, const char **key, fl_value *value);

/* ---- conversions ---- */
/* A JSON context value as an expression value, with the v1 coercion (expr/context.c). */
fl_value fl_from_json(fl_eval *ev, const json_t *j);
/* The same for a JSON object, which needs no evaluation. */
fl_value fl_object_value(const json_t *object);
/* A `__value__` map becomes its __value__ (once); anything else is returned unchanged. */
fl_value fl_unwrap(fl_eval *ev, const fl_value *v);
/* Turn truthiness: false, nil and not-found are falsy; everything else is truthy. */
bool fl_truthy(const fl_value *v);
/* Text form as evaluate_as_string renders it (`__value__` maps unwrapped, lists concatenated,
 * maps in Elixir inspect form, floats shortest round-trip...). A string is returned as is. */
fl_value fl_to_str(fl_eval *ev, const fl_value *v);
/* Number from an int, float or numeric string ("42", "-1.5"): false when not a number. */
bool fl_to_number(const fl_value *v, fl_value *num);
/* As a double / as an int64 (floats truncated toward zero); false when not a number. */
bool fl_to_double(const fl_value *v, double *out);
bool fl_to_int(const fl_value *v, int64_t *out);
/* Elixir equality after unwrapping `__value__` (1 == 1.0; "1" != 1; lists and maps deep). */
bool fl_equal(fl_eval *ev, const fl_value *a, const fl_value *b);

/* ---- literals, dates and text ---- */
/* The whole of s[0..len) as one v1 literal (what context strings are coerced with): integer
 * (with the 1_000 quirk), float, true/false in any case, date, time, datetime, or a quoted
 * string. Returns false when s is not exactly one literal. Quoted strings come back as FL_STR
 * slices of s (not NUL-terminated!) only when allow_quoted; other results need no memory. */
bool fl_parse_literal(const char *s, size_t len, fl_value *out, bool allow_quoted);
/* Date/datetime literal parsing as the library's date helpers do: the whole text (surrounding
 * spaces allowed) must be one date or datetime literal. type FL_DATE or FL_DATETIME. */
bool fl_parse_dateish(const char *s, size_t len, fl_value *out);
/* ISO text of a date ("2022-01-31"), datetime ("2022-01-31T10:00:00.0Z", fraction per
 * precision) or time ("10:00:00", fraction per precision), appended to b. */
void fl_value_format_dt(const fl_value *v, fl_buf *b);
/* Erlang shortest round-trip float text ("1.0", "1.0e3", "0.30000000000000004"). */
void fl_float_format(double f, fl_buf *b);
/* Appends v's text form (see fl_to_str) to b. */
void fl_value_render(fl_eval *ev, const fl_value *v, fl_buf *b);

#endif
