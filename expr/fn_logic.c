/* fn_logic.c: and, if, not, or and the type tests isbool, isnumber, isstring. Truthiness is
 * Turn's: only false and nil are falsy (a `__value__` map is a map, so it is truthy). */
#include "expr/fn_common.h"

static fl_value fn_and(fl_eval *ev, const fl_value *args, size_t argc)
{
    for (size_t k = 0; k < argc; k++)
        if (!fl_truthy(&args[k])) return fl_bool(false);
    return fl_bool(true);
}

static fl_value fn_if(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_truthy(&args[0]) ? args[1] : args[2];
}

static fl_value fn_not(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_bool(!fl_truthy(&args[0]));
}

/* or(a, b, ...) folds as `b || a`, then `c || (...)`: the last truthy argument wins, and when
 * none is truthy the first argument comes back (or(nil, false) is nil). */
static fl_value fn_or(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (argc == 0) return fl_raise(ev, "empty error");
    fl_value acc = args[0];
    for (size_t k = 1; k < argc; k++)
        if (fl_truthy(&args[k])) acc = args[k];
    return acc;
}

static fl_value fn_isbool(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_bool(args[0].type == FL_BOOL);
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The library's ^\d+?.?\d+$ on bytes: digits, at most one other character (not a newline)
 * between digits, at least two characters, and `$` also matching before a final newline. */
static bool numeric_text(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\n') n--;
    if (n < 2 || !digit(s[0]) || !digit(s[n - 1])) return false;
    int others = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (digit(s[i])) continue;
        if (s[i] == '\n' || ++others > 1) return false;
    }
    return true;
}

static fl_value fn_isnumber(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (fl_is_number(&args[0])) return fl_bool(true);
    if (args[0].type == FL_STR) return fl_bool(numeric_text(args[0].u.s, args[0].len));
    return fl_bool(false);
}

static fl_value fn_isstring(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_bool(args[0].type == FL_STR);
}

const fl_builtin fl_builtins_logic[] = {
    {"and", 0, -1, fn_and, 0},
    {"if", 3, 3, fn_if, FL_BUILTIN_LAZY_IF},
    {"isbool", 1, 1, fn_isbool, 0},
    {"isnumber", 1, 1, fn_isnumber, 0},
    {"isstring", 1, 1, fn_isstring, 0},
    {"not", 1, 1, fn_not, 0},
    {"or", 0, -1, fn_or, FL_BUILTIN_STOP_AT_TRUE},
    {NULL, 0, 0, NULL, 0},
};
