/*
 * builtins.h: the standard function tables and their lookup.
 *
 * A builtin receives the evaluation (for the arena, clock and lambdas), its evaluated arguments
 * and their count, and returns a value; value.h explains argument passing, ownership and errors.
 * Each category lives in its own file (fn_text.c, fn_math.c, fn_logic.c, fn_date.c, fn_tests.c,
 * fn_misc.c) as an array terminated by a {NULL} entry. Names are lower case; the evaluator
 * lower-cases call names before looking them up, so lookups are case-insensitive.
 */
#ifndef FL_EXPR_BUILTINS_H
#define FL_EXPR_BUILTINS_H

#include "expr/value.h"

typedef fl_value (*fl_builtin_fn)(fl_eval *ev, const fl_value *args, size_t argc);

/* Flags of a table entry. */
enum {
    /* v1 `or`: argument collection stops after the first call/operator argument that evaluates
     * to exactly true (so `or(1 = 1, 1/0)` is true). */
    FL_BUILTIN_STOP_AT_TRUE = 1u << 0,
    /* v1 `if(cond, yes, no)`: a branch that is not a call, operator or lambda (the library hands
     * those over unevaluated) is evaluated only when fl_truthy(&args[0]) selects it; the other
     * one arrives as nil. So `if(false, contact.x & "!", "")` does not fail on a missing x. */
    FL_BUILTIN_LAZY_IF = 1u << 1,
};

typedef struct fl_builtin {
    const char *name; /* lower case; NULL terminates a table */
    int min_args;
    int max_args; /* -1: variadic */
    fl_builtin_fn fn;
    unsigned flags; /* FL_BUILTIN_* */
} fl_builtin;

extern const fl_builtin fl_builtins_text[];
extern const fl_builtin fl_builtins_math[];
extern const fl_builtin fl_builtins_logic[];
extern const fl_builtin fl_builtins_date[];
extern const fl_builtin fl_builtins_tests[];
extern const fl_builtin fl_builtins_misc[];

/* The entry for a lower-case name of len bytes, or NULL. An entry whose arity does not fit is
 * still returned: the caller checks argc (the library's "not implemented" text then). When a
 * name appears more than once (different arities), the first entry accepting argc wins. */
const fl_builtin *fl_builtin_find(const char *name, size_t len, size_t argc);
/* Like fl_builtin_find but ignoring arity (NULL when the name is unknown). */
const fl_builtin *fl_builtin_find_name(const char *name, size_t len);

#endif
