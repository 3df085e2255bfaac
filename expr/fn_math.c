/* fn_math.c: arithmetic functions. */
#include "expr/builtins.h"

#include <math.h>

static fl_value fn_abs(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value n;
    if (!fl_to_number(&args[0], &n)) return fl_raise(ev, "abs expects a number");
    if (n.type == FL_INT)
        return n.u.i == INT64_MIN ? fl_float(-(double)n.u.i) : fl_int(llabs(n.u.i));
    return fl_float(fabs(n.u.f));
}

const fl_builtin fl_builtins_math[] = {
    {"abs", 1, 1, fn_abs, 0},
    {NULL, 0, 0, NULL, 0},
};
