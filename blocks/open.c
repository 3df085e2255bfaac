/*
 * MobilePrimitives.OpenResponse: any text (or a media reply's link) is the value. With
 * max_response_characters (top level, TEXT or text sub-object) a reply of that many graphemes or
 * more is invalid, as in Turn's runner: stored, and the block leaves by its default exit.
 */
#include "engine/run.h"

#include <utf8proc.h>

size_t fl_graphemes(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t prev = -1, cp;
    utf8proc_int32_t state = 0;
    size_t n = 0;
    while (*p) {
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0) {
            len = 1;
            cp = 0xFFFD;
        }
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) n++;
        prev = cp;
        p += len;
    }
    return n;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    const char *value = in->media ? in->media : in->text ? in->text : response;
    double limit;
    bool ok = value != NULL;
    if (ok && fl_config_number(b, "max_response_characters", &limit) && limit > 0 &&
        (double)fl_graphemes(value) >= limit)
        ok = false;
    fl_run_store(s, b, value ? fl_run_text_json(s, value) : json_string(""), response);
    if (ok)
        fl_run_leave_selected(s, b, out);
    else
        fl_run_leave_default(s, b, out);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_open = {fl_run_ask, resume, NULL};
