/* render_util.c: code point counting, choice ids and warning events for the renderer. */
#include "blocks/render.h"
#include "engine/util.h"

#include <openssl/evp.h>
#include <string.h>
#include <utf8proc.h>

size_t fl_render_length(const char *s)
{
    if (!s) return 0;
    size_t n = 0, len = strlen(s);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
        if (used <= 0) used = 1; /* an invalid byte still occupies a position */
        p += used;
        len -= (size_t)used;
        n++;
    }
    return n;
}

int fl_render_choice_id(const char *title, fl_buf *out)
{
    if (!title || !out) return FL_EINVAL;
    size_t n = strlen(title);
    if (n > (size_t)1 << 28) return FL_ELIMIT;
    fl_buf_reset(out);
    fl_buf_reserve(out, 4 * ((n + 2) / 3) + 1);
    int w = EVP_EncodeBlock((unsigned char *)out->data, (const unsigned char *)title, (int)n);
    if (w < 0) return FL_EINVAL;
    out->len = (size_t)w;
    out->data[out->len] = '\0';
    return 0;
}

static bool type_is(const char *type, const char *const *names)
{
    if (!type) return false;
    for (; *names; names++)
        if (!strcmp(type, *names)) return true;
    return false;
}

bool fl_render_is_select_one(const char *type)
{
    static const char *const names[] = {"MobilePrimitives.SelectOneResponse",
                                        "MobilePrimitives.Extended.AdvancedSelectOne", NULL};
    return type_is(type, names);
}

bool fl_render_is_select_many(const char *type)
{
    static const char *const names[] = {"MobilePrimitives.SelectManyResponses",
                                        "MobilePrimitives.SelectManyResponse", NULL};
    return type_is(type, names);
}

void fl_render_warn(json_t *warnings, const char *code, const char *path, size_t limit,
                    size_t length, const char *what)
{
    if (!warnings) return;
    fl_buf msg = FL_BUF_INIT;
    fl_buf_printf(&msg, "%s is %zu characters long; WhatsApp allows %zu", what, length, limit);
    json_t *w = json_object();
    json_object_set_new(w, "type", json_string("warning"));
    json_object_set_new(w, "code", json_string(code));
    json_object_set_new(w, "message", json_string(msg.data));
    json_object_set_new(w, "limit", json_integer((json_int_t)limit));
    json_object_set_new(w, "length", json_integer((json_int_t)length));
    if (path) json_object_set_new(w, "path", json_string(path));
    json_array_append_new(warnings, w);
    fl_buf_free(&msg);
}

void fl_render_warn_msg(json_t *warnings, const char *code, const char *path, const char *message)
{
    if (!warnings) return;
    json_t *w = json_object();
    json_object_set_new(w, "type", json_string("warning"));
    json_object_set_new(w, "code", json_string(code));
    json_object_set_new(w, "message", json_string(message));
    if (path) json_object_set_new(w, "path", json_string(path));
    json_array_append_new(warnings, w);
}

bool fl_render_check(json_t *warnings, const char *s, size_t limit, const char *code,
                     const char *path, const char *what)
{
    /* A code point takes at least one byte: a text no longer in bytes than the limit fits. */
    if (!s || strlen(s) <= limit) return true;
    size_t n = fl_render_length(s);
    if (n <= limit) return true;
    fl_render_warn(warnings, code, path, limit, n, what);
    return false;
}
