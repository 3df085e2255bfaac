/*
 * session_input.c: the contact's reply, a Channel API `message` object (text, button, interactive
 * button_reply / list_reply / nfm_reply, image, video, audio, document, sticker, location), checked
 * before anything in the session changes.
 */
#include "engine/run.h"

#include <stdio.h>
#include <string.h>

static const char *get_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int bad(fl_error *err, const char *what)
{
    return fl_error_set(err, FL_EINVAL, "malformed message: %s", what);
}

int fl_input_parse(const json_t *m, fl_input *in, fl_error *err)
{
    memset(in, 0, sizeof *in);
    if (!json_is_object(m)) return bad(err, "not a JSON object");
    in->message = m;
    const char *type = get_str(m, "type");
    if (!type) {
        /* A bare {"text": {"body": ...}} is taken as a text message. */
        if (json_is_object(json_object_get(m, "text")))
            type = "text";
        else
            return bad(err, "\"type\" missing");
    }
    in->type = type;
    if (!strcmp(type, "text")) {
        const json_t *t = json_object_get(m, "text");
        in->text = json_is_string(t) ? json_string_value(t) : get_str(t, "body");
        if (!in->text) return bad(err, "text.body missing");
        return 0;
    }
    if (!strcmp(type, "button")) {
        const json_t *bt = json_object_get(m, "button");
        in->text = get_str(bt, "text");
        in->reply_id = get_str(bt, "payload");
        if (!in->text && !in->reply_id) return bad(err, "button.text missing");
        return 0;
    }
    if (!strcmp(type, "interactive")) {
        const json_t *it = json_object_get(m, "interactive");
        const char *kind = get_str(it, "type");
        if (!kind) return bad(err, "interactive.type missing");
        const json_t *reply = json_object_get(it, kind);
        if (!json_is_object(reply)) return bad(err, "interactive reply missing");
        if (!strcmp(kind, "nfm_reply")) {
            in->text = get_str(reply, "response_json");
            if (!in->text) in->text = get_str(reply, "body");
            in->reply_id = get_str(reply, "name");
        } else {
            in->text = get_str(reply, "title");
            in->reply_id = get_str(reply, "id");
        }
        if (!in->text && !in->reply_id) return bad(err, "interactive reply has no id or title");
        return 0;
    }
    if (!strcmp(type, "location")) {
        const json_t *loc = json_object_get(m, "location");
        const json_t *lat = json_object_get(loc, "latitude"),
                     *lng = json_object_get(loc, "longitude");
        if (!json_is_number(lat) || !json_is_number(lng))
            return bad(err, "location.latitude/longitude missing");
        in->latitude = json_number_value(lat);
        in->longitude = json_number_value(lng);
        in->has_location = true;
        return 0;
    }
    static const char *const media[] = {"image", "video", "audio", "document", "sticker", "voice"};
    for (size_t i = 0; i < FL_ARRAY_LEN(media); i++) {
        if (strcmp(type, media[i])) continue;
        const json_t *o = json_object_get(m, type);
        if (!json_is_object(o)) return bad(err, "media object missing");
        in->media = get_str(o, "link");
        if (!in->media) in->media = get_str(o, "url");
        if (!in->media) in->media = get_str(o, "id");
        if (!in->media) return bad(err, "media id or link missing");
        in->mime_type = get_str(o, "mime_type");
        in->text = get_str(o, "caption");
        return 0;
    }
    return fl_error_set(err, FL_EINVAL, "malformed message: unknown type \"%s\"", type);
}

const char *fl_input_response(const fl_input *in, fl_buf *tmp)
{
    if (in->timed_out) return NULL;
    if (in->has_location) {
        fl_buf_reset(tmp);
        fl_buf_printf(tmp, "%.7g,%.7g", in->latitude, in->longitude);
        return tmp->data;
    }
    if (in->media) return in->media;
    if (in->text) return in->text;
    if (in->reply_id) return in->reply_id;
    return "";
}
