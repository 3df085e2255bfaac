/* fn_tests.c: the has_* tests. */
#include "expr/builtins.h"

/* has_text: the text form is not blank after trimming. */
static fl_value fn_has_text(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value s = fl_to_str(ev, &args[0]);
    if (s.type == FL_ERROR) return s;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.u.s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            return fl_bool(true);
    }
    return fl_bool(false);
}

const fl_builtin fl_builtins_tests[] = {
    {"has_text", 1, 1, fn_has_text, 0},
    {NULL, 0, 0, NULL, 0},
};
