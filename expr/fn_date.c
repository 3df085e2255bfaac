/* fn_date.c: date and time functions. */
#include "expr/builtins.h"

static fl_value fn_year(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_DATE || args[0].type == FL_DATETIME) return fl_int(args[0].u.dt.year);
    fl_value d;
    if (args[0].type == FL_STR && fl_parse_dateish(args[0].u.s, args[0].len, &d))
        return fl_int(d.u.dt.year);
    return fl_raise(ev, "year expects a date");
}

const fl_builtin fl_builtins_date[] = {
    {"year", 1, 1, fn_year, 0},
    {NULL, 0, 0, NULL, 0},
};
