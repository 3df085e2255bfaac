/* channel_reply.c: the answer an inbound Channel API message carries, as the text a block reads. */
#include "engine/util.h"

#include <string.h>

static const char *str2(const json_t *o, const char *a, const char *b)
{
    return json_string_value(json_object_get(json_object_get(o, a), b));
}

int fl_inbound_text(const json_t *message, fl_buf *out)
{
    const char *type = json_string_value(json_object_get(message, "type"));
    if (!type || !out) return FL_EINVAL;
    const char *s = NULL;
    if (!strcmp(type, "text")) {
        s = str2(message, "text", "body");
    } else if (!strcmp(type, "button")) {
        s = str2(message, "button", "text");
        if (!s) s = str2(message, "button", "payload");
    } else if (!strcmp(type, "interactive")) {
        const json_t *in = json_object_get(message, "interactive");
        const char *kind = json_string_value(json_object_get(in, "type"));
        if (kind && !strcmp(kind, "nfm_reply"))
            s = str2(in, "nfm_reply", "response_json");
        else if (kind)
            s = str2(in, kind, "title");
    } else if (!strcmp(type, "location")) {
        const json_t *loc = json_object_get(message, "location");
        const json_t *lat = json_object_get(loc, "latitude"),
                     *lng = json_object_get(loc, "longitude");
        if (!json_is_number(lat) || !json_is_number(lng)) return FL_EINVAL;
        fl_buf_reset(out);
        fl_buf_printf(out, "%.17g,%.17g", json_number_value(lat), json_number_value(lng));
        return 0;
    } else if (!strcmp(type, "image") || !strcmp(type, "video") || !strcmp(type, "audio") ||
               !strcmp(type, "document") || !strcmp(type, "sticker")) {
        s = str2(message, type, "id");
        if (!s || !*s) s = str2(message, type, "link");
    }
    if (!s) return FL_EINVAL;
    fl_buf_reset(out);
    fl_buf_puts(out, s);
    return 0;
}
