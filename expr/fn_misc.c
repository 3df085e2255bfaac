/* fn_misc.c: list, map and lambda helpers. */
#include "expr/builtins.h"

/* map(list_or_range, lambda): the lambda applied to each element. */
static fl_value fn_map(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_LIST && args[0].type != FL_RANGE)
        return fl_raise(ev, "map expects a list or a range");
    size_t n = fl_len(&args[0]);
    if (!fl_eval_charge(ev, n)) return fl_budget_error(ev);
    fl_value *items = fl_alloc(ev, (n ? n : 1) * sizeof *items);
    if (!items) return fl_oom(ev);
    for (size_t i = 0; i < n; i++) {
        fl_value item = fl_list_at(ev, &args[0], i);
        items[i] = fl_call_lambda(ev, &args[1], &item, 1);
        if (items[i].type == FL_ERROR) return items[i];
    }
    return fl_list(items, n);
}

const fl_builtin fl_builtins_misc[] = {
    {"map", 2, 2, fn_map, 0},
    {NULL, 0, 0, NULL, 0},
};
