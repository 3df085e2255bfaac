/* fn_logic.c: if, and, or, not (Turn truthiness: only false and nil are falsy). */
#include "expr/builtins.h"

static fl_value fn_if(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_truthy(&args[0]) ? args[1] : args[2];
}

static fl_value fn_and(fl_eval *ev, const fl_value *args, size_t argc)
{
    for (size_t i = 0; i < argc; i++)
        if (!fl_truthy(&args[i])) return fl_bool(false);
    return fl_bool(true);
}

/* The library folds `b || a`: the last truthy argument wins. */
static fl_value fn_or(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value acc = args[0];
    for (size_t i = 1; i < argc; i++)
        if (fl_truthy(&args[i])) acc = args[i];
    return acc;
}

static fl_value fn_not(fl_eval *ev, const fl_value *args, size_t argc)
{
    return fl_bool(!fl_truthy(&args[0]));
}

const fl_builtin fl_builtins_logic[] = {
    {"and", 0, -1, fn_and, 0}, {"if", 3, 3, fn_if, 0},
    {"not", 1, 1, fn_not, 0},  {"or", 1, -1, fn_or, FL_BUILTIN_STOP_AT_TRUE},
    {NULL, 0, 0, NULL, 0},
};
