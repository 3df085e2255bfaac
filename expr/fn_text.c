/* fn_text.c: text functions. */
#include "expr/builtins.h"

#include <utf8proc.h>

/* Maps every code point of s through f (Unicode-aware case changes). */
static fl_value map_codepoints(fl_eval *ev, const fl_value *s,
                               utf8proc_int32_t (*f)(utf8proc_int32_t))
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s->u.s;
    utf8proc_ssize_t left = s->len;
    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
        if (n <= 0) { /* invalid byte: keep it */
            fl_sb_append(&sb, (const char *)p, 1);
            p++, left--;
            continue;
        }
        utf8proc_uint8_t out[4];
        utf8proc_ssize_t m = utf8proc_encode_char(f(c), out);
        fl_sb_append(&sb, (const char *)out, (size_t)m);
        p += n, left -= n;
    }
    return fl_sb_finish(&sb);
}

static fl_value fn_upper(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value s = fl_to_str(ev, &args[0]);
    if (s.type == FL_ERROR) return s;
    return map_codepoints(ev, &s, utf8proc_toupper);
}

static fl_value fn_lower(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_value s = fl_to_str(ev, &args[0]);
    if (s.type == FL_ERROR) return s;
    return map_codepoints(ev, &s, utf8proc_tolower);
}

/* concatenate unwraps `__value__` maps and joins the text forms (nil as ""). */
static fl_value fn_concatenate(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    for (size_t i = 0; i < argc; i++) {
        fl_value v = fl_unwrap(ev, &args[i]);
        fl_sb_value(&sb, &v);
    }
    return fl_sb_finish(&sb);
}

const fl_builtin fl_builtins_text[] = {
    {"concatenate", 0, -1, fn_concatenate, 0},
    {"lower", 1, 1, fn_lower, 0},
    {"upper", 1, 1, fn_upper, 0},
    {NULL, 0, 0, NULL, 0},
};
