/*
 * MobilePrimitives.NumericResponse: Turn's integer parsing (optional sign, then digits; trailing
 * text ignored; leading space, no digits or overflow invalid), inclusive validation_minimum /
 * validation_maximum. Valid: the integer is stored and exits are evaluated; invalid: the raw reply
 * is stored and the block leaves by its default exit.
 */
#include "engine/run.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

bool fl_numeric_parse(const char *text, long long *out)
{
    const char *p = text;
    if (!p) return false;
    if (*p == '+' || *p == '-') p++;
    if (!isdigit((unsigned char)*p)) return false;
    errno = 0;
    char *end;
    long long v = strtoll(text, &end, 10);
    if (errno == ERANGE) return false;
    *out = v;
    return true;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    long long v;
    double min, max;
    bool ok = in->text && fl_numeric_parse(in->text, &v);
    if (ok && fl_config_number(b, "validation_minimum", &min) && (double)v < min) ok = false;
    if (ok && fl_config_number(b, "validation_maximum", &max) && (double)v > max) ok = false;
    fl_run_answer(s, b, ok ? json_integer((json_int_t)v) : NULL, response, out);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_numeric = {fl_run_ask, resume, NULL};
