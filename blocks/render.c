/* render.c: chooses and builds a block's `turn` payload (text, media, buttons, list, text menu). */
#include "blocks/render.h"
#include "blocks/render_internal.h"
#include "engine/model.h"
#include "engine/util.h"

#include <string.h>

bool fl_render_rich(unsigned mode)
{
    return mode == 0 || (mode & FL_MODE_RICH_MESSAGING) != 0;
}

int fl_render_config_text(const fl_render_request *req, const json_t *config, const char *key,
                          fl_buf *out, bool *present, fl_error *err)
{
    *present = false;
    const json_t *v = config ? json_object_get(config, key) : NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return fl_error_set(err, FL_EINVAL, "config.%s must be a string", key);
    fl_buf_reset(out);
    if (req->eval) {
        int rc = req->eval(req->eval_ud, json_string_value(v), out);
        if (rc < 0) return fl_error_set(err, rc, "config.%s could not be evaluated", key);
    } else {
        fl_buf_puts(out, json_string_value(v));
    }
    if (!out->data) fl_buf_puts(out, "");
    *present = true;
    return 0;
}

json_t *fl_render_text_payload(const char *body, json_t *warnings)
{
    fl_render_check(warnings, body, FL_LIMIT_TEXT_BODY, "text_too_long", "/text/body",
                    "the text message");
    return json_pack("{s:s, s:{s:s}}", "type", "text", "text", "body", body);
}

static void numbered_menu(const fl_render_request *req, fl_buf *b)
{
    if (req->text && *req->text) fl_buf_printf(b, "%s\n\n", req->text);
    for (size_t i = 0; i < req->n_choices; i++)
        fl_buf_printf(b, "%s%zu. %s", i ? "\n" : "", i + 1,
                      req->choices[i].title ? req->choices[i].title : "");
}

/* Header and footer shared by buttons, lists and flows; both optional text. */
int fl_render_decorate(const fl_render_request *req, const json_t *src, json_t *interactive,
                       json_t *warnings, fl_error *err)
{
    fl_buf b = FL_BUF_INIT;
    bool present;
    int rc = fl_render_config_text(req, src, "header", &b, &present, err);
    if (rc == 0 && present) {
        fl_render_check(warnings, b.data, FL_LIMIT_HEADER, "header_too_long",
                        "/interactive/header/text", "the header");
        json_object_set_new(interactive, "header",
                            json_pack("{s:s, s:s}", "type", "text", "text", b.data));
    }
    if (rc == 0) rc = fl_render_config_text(req, src, "footer", &b, &present, err);
    if (rc == 0 && present) {
        fl_render_check(warnings, b.data, FL_LIMIT_FOOTER, "footer_too_long",
                        "/interactive/footer/text", "the footer");
        json_object_set_new(interactive, "footer", json_pack("{s:s}", "text", b.data));
    }
    fl_buf_free(&b);
    return rc;
}

json_t *fl_render_interactive(const char *kind, const char *body, json_t *action, json_t *warnings)
{
    fl_render_check(warnings, body, FL_LIMIT_INTERACTIVE_BODY, "body_too_long",
                    "/interactive/body/text", "the interactive body");
    json_t *inter =
        json_pack("{s:s, s:{s:s}, s:o}", "type", kind, "body", "text", body, "action", action);
    return json_pack("{s:s, s:o}", "type", "interactive", "interactive", inter);
}

static json_t *buttons_payload(const fl_render_request *req, json_t *warnings)
{
    json_t *buttons = json_array();
    fl_buf id = FL_BUF_INIT;
    for (size_t i = 0; i < req->n_choices; i++) {
        fl_render_choice_id(req->choices[i].title, &id);
        json_array_append_new(buttons, json_pack("{s:s, s:{s:s, s:s}}", "type", "reply", "reply",
                                                 "id", id.data, "title", req->choices[i].title));
    }
    fl_buf_free(&id);
    return fl_render_interactive("button", req->text, json_pack("{s:o}", "buttons", buttons),
                                 warnings);
}

static int list_payload(const fl_render_request *req, json_t *warnings, json_t **out, fl_error *err)
{
    const json_t *config = json_object_get(req->block, "config");
    fl_buf label = FL_BUF_INIT, id = FL_BUF_INIT;
    bool present;
    int rc = fl_render_config_text(req, config, "list_button", &label, &present, err);
    if (rc < 0) {
        fl_buf_free(&label);
        return rc;
    }
    if (!present) fl_buf_puts(&label, "Options");
    fl_render_check(warnings, label.data, FL_LIMIT_LIST_BUTTON, "list_button_too_long",
                    "/interactive/action/button", "the list button label");
    json_t *rows = json_array();
    for (size_t i = 0; i < req->n_choices; i++) {
        const fl_render_choice *c = &req->choices[i];
        fl_render_choice_id(c->title, &id);
        json_t *row = json_pack("{s:s, s:s}", "id", id.data, "title", c->title);
        if (c->description && *c->description) {
            char path[96];
            snprintf(path, sizeof path, "/interactive/action/sections/0/rows/%zu/description", i);
            fl_render_check(warnings, c->description, FL_LIMIT_ROW_DESCRIPTION,
                            "row_description_too_long", path, "a row description");
            json_object_set_new(row, "description", json_string(c->description));
        }
        json_array_append_new(rows, row);
    }
    json_t *action = json_pack("{s:s, s:[{s:o}]}", "button", label.data, "sections", "rows", rows);
    fl_buf_free(&label);
    fl_buf_free(&id);
    *out = fl_render_interactive("list", req->text, action, warnings);
    return 0;
}

static bool titles_fit(const fl_render_request *req, size_t max_n, size_t max_len)
{
    if (req->n_choices == 0 || req->n_choices > max_n) return false;
    for (size_t i = 0; i < req->n_choices; i++) {
        const char *t = req->choices[i].title;
        if (!t || !*t || fl_render_length(t) > max_len) return false;
    }
    return true;
}

static int render_choices(const fl_render_request *req, const char *type, json_t *warnings,
                          json_t **out, fl_error *err)
{
    bool interactive_ok =
        fl_render_rich(req->mode) && fl_render_is_select_one(type) && req->text && *req->text;
    const json_t *config = json_object_get(req->block, "config");
    json_t *payload = NULL;
    if (interactive_ok && titles_fit(req, FL_LIMIT_BUTTONS, FL_LIMIT_BUTTON_TITLE)) {
        payload = buttons_payload(req, warnings);
    } else if (interactive_ok && titles_fit(req, FL_LIMIT_ROWS, FL_LIMIT_ROW_TITLE)) {
        int rc = list_payload(req, warnings, &payload, err);
        if (rc < 0) return rc;
    }
    if (payload) {
        int rc =
            fl_render_decorate(req, config, json_object_get(payload, "interactive"), warnings, err);
        if (rc < 0) {
            json_decref(payload);
            return rc;
        }
        *out = payload;
        return 0;
    }
    fl_buf b = FL_BUF_INIT;
    numbered_menu(req, &b);
    *out = fl_render_text_payload(b.data ? b.data : "", warnings);
    fl_buf_free(&b);
    return 0;
}

static const char *media_kind(int media_type)
{
    switch (media_type) {
    case FL_CONTENT_IMAGE:
        return "image";
    case FL_CONTENT_VIDEO:
        return "video";
    case FL_CONTENT_AUDIO:
        return "audio";
    case FL_CONTENT_DOCUMENT:
        return "document";
    default:
        return NULL;
    }
}

/* The file name a document is shown with: the last segment of the URL's path. */
static json_t *filename_of(const char *url)
{
    size_t end = strcspn(url, "?#");
    size_t start = end;
    while (start > 0 && url[start - 1] != '/') start--;
    if (start == end) return NULL;
    return json_stringn(url + start, end - start);
}

static int media_payload(const fl_render_request *req, const char *kind, json_t *warnings,
                         json_t **out, fl_error *err)
{
    json_t *media = json_pack("{s:s}", "link", req->media_url);
    if (req->mime_type && *req->mime_type)
        json_object_set_new(media, "mime_type", json_string(req->mime_type));
    bool has_text = req->text && *req->text;
    if (!strcmp(kind, "audio")) {
        if (has_text)
            fl_render_warn_msg(warnings, "audio_caption_dropped", "/audio",
                               "WhatsApp audio messages carry no caption; the prompt text was "
                               "not sent with the audio");
    } else if (has_text) {
        char path[32];
        snprintf(path, sizeof path, "/%s/caption", kind);
        fl_render_check(warnings, req->text, FL_LIMIT_CAPTION, "caption_too_long", path,
                        "the caption");
        json_object_set_new(media, "caption", json_string(req->text));
    }
    if (!strcmp(kind, "document")) {
        /* config.filename (a template) names the file; else the last segment of the URL path. */
        fl_buf fname = FL_BUF_INIT;
        bool present;
        int rc = fl_render_config_text(req, json_object_get(req->block, "config"), "filename",
                                       &fname, &present, err);
        if (rc < 0) {
            fl_buf_free(&fname);
            json_decref(media);
            return rc;
        }
        json_t *name = present ? json_string(fname.data) : filename_of(req->media_url);
        if (name) json_object_set_new(media, "filename", name);
        fl_buf_free(&fname);
    }
    json_t *turn = json_pack("{s:s}", "type", kind);
    json_object_set_new(turn, kind, media);
    *out = turn;
    return 0;
}

int fl_render(const fl_render_request *req, json_t **turn, json_t *warnings, fl_error *err)
{
    if (!req || !turn || !json_is_object(req->block))
        return fl_error_set(err, FL_EINVAL, "render: a block object is required");
    const json_t *config = json_object_get(req->block, "config");
    if (config && !json_is_object(config) && !json_is_null(config))
        return fl_error_set(err, FL_EINVAL, "render: block config must be an object");
    if (req->n_choices && !req->choices)
        return fl_error_set(err, FL_EINVAL, "render: choices missing");
    for (size_t i = 0; i < req->n_choices; i++)
        if (!req->choices[i].title)
            return fl_error_set(err, FL_EINVAL, "render: choice %zu has no title", i + 1);
    const char *type = json_string_value(json_object_get(req->block, "type"));
    json_t *out = NULL;
    int rc = 0;

    if (config && json_object_get(config, "template")) {
        rc = fl_render_template(req, json_object_get(config, "template"), warnings, &out, err);
    } else if (config && json_object_get(config, "whatsapp_flow")) {
        rc = fl_render_whatsapp_flow(req, json_object_get(config, "whatsapp_flow"), warnings, &out,
                                     err);
    } else if (req->n_choices &&
               (fl_render_is_select_one(type) || fl_render_is_select_many(type))) {
        rc = render_choices(req, type, warnings, &out, err);
    } else if (req->media_url && media_kind(req->media_type)) {
        rc = media_payload(req, media_kind(req->media_type), warnings, &out, err);
    } else if (req->text) {
        out = fl_render_text_payload(req->text, warnings);
    }
    if (rc < 0) return rc;
    *turn = out;
    return 0;
}
