/*
 * ConsoleIO.Read: the reply is scanned with config.format_string (%d %i %f %g %e %s %c and
 * literal text, like scanf) into config.destination_variables, which become context variables;
 * the block's value is true. A reply that does not scan is invalid: value false, default exit.
 */
#include "engine/run.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Scans text with fmt; appends one JSON value per conversion to vals. */
static bool scan(const char *fmt, const char *text, json_t *vals)
{
    const char *p = text;
    for (const char *f = fmt; *f; f++) {
        if (isspace((unsigned char)*f)) {
            while (isspace((unsigned char)*p)) p++;
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (*f == '%') f++;
            if (*p != *f) return false;
            p++;
            continue;
        }
        f++;
        while (isdigit((unsigned char)*f) || *f == 'l' || *f == 'h') f++;
        char conv = *f;
        if (!conv) return false;
        if (conv != 'c')
            while (isspace((unsigned char)*p)) p++;
        char *end = NULL;
        errno = 0;
        switch (conv) {
        case 'd':
        case 'i':
        case 'u': {
            long long v = strtoll(p, &end, conv == 'i' ? 0 : 10);
            if (end == p || errno) return false;
            json_array_append_new(vals, json_integer((json_int_t)v));
            break;
        }
        case 'f':
        case 'g':
        case 'e': {
            double v = strtod(p, &end);
            if (end == p) return false;
            json_array_append_new(vals, json_real(v));
            break;
        }
        case 's': {
            end = (char *)p;
            while (*end && !isspace((unsigned char)*end)) end++;
            if (end == p) return false;
            json_array_append_new(vals, json_stringn(p, (size_t)(end - p)));
            break;
        }
        case 'c':
            if (!*p) return false;
            json_array_append_new(vals, json_stringn(p, 1));
            end = (char *)p + 1;
            break;
        default:
            return false;
        }
        p = end;
    }
    return true;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    const char *fmt = json_string_value(fl_config_get(b, "format_string"));
    const json_t *names = fl_config_get(b, "destination_variables");
    json_t *vals = json_array();
    bool ok = fmt && in->text && scan(fmt, in->text, vals) &&
              json_array_size(vals) == json_array_size(names);
    if (ok) {
        for (size_t i = 0; i < json_array_size(names); i++) {
            const char *name = json_string_value(json_array_get(names, i));
            if (name && !fl_context_reserved(s, name))
                fl_context_set(s, name, json_array_get(vals, i));
        }
        fl_run_store(s, b, json_true(), response);
        out->exit = fl_run_success_exit(s, b);
    } else {
        fl_run_store(s, b, json_false(), response);
        out->exit = fl_run_default_exit(s, b);
    }
    out->next = out->exit ? FL_NEXT_EXIT : FL_NEXT_FAIL;
    json_decref(vals);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_read = {fl_run_ask, resume, NULL};
