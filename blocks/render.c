/* render.c: chooses and builds a block's `turn` payload (text, media, buttons, list, text menu). */
#include "blocks/render.h"
#include "blocks/render_internal.h"
#include "engine/model.h"
#include "engine/json_write.h"
#include "engine/util.h"

#include <string.h>

bool fl_render_rich(unsigned mode)
{
    return mode == 0 || (mode & FL_MODE_RICH_MESSAGING) != 0;
}

unsigned fl_render_members(const json_t *config)
{
    static const struct {
        const char *key;
        unsigned bit;
    } members[] = {
        {"template", FL_RENDER_HAS_TEMPLATE},       {"whatsapp_flow", FL_RENDER_HAS_FLOW},
        {"header", FL_RENDER_HAS_HEADER},           {"footer", FL_RENDER_HAS_FOOTER},
        {"list_button", FL_RENDER_HAS_LIST_BUTTON}, {"filename", FL_RENDER_HAS_FILENAME},
    };
    unsigned has = FL_RENDER_KNOWN;
    for (size_t i = 0; i < FL_ARRAY_LEN(members); i++)
        if (json_object_get(config, members[i].key)) has |= members[i].bit;
    return has;
}

/* False when the block config is known to lack key (no lookup needed). */
static bool may_have(const fl_render_request *req, const json_t *config, const char *key)
{
    if (config != req->config || !(req->config_has & FL_RENDER_KNOWN)) return true;
    unsigned bit = !strcmp(key, "header")        ? FL_RENDER_HAS_HEADER
                   : !strcmp(key, "footer")      ? FL_RENDER_HAS_FOOTER
                   : !strcmp(key, "list_button") ? FL_RENDER_HAS_LIST_BUTTON
                   : !strcmp(key, "filename")    ? FL_RENDER_HAS_FILENAME
                                                 : 0;
    return !bit || (req->config_has & bit);
}

int fl_render_config_text(const fl_render_request *req, const json_t *config, const char *key,
                          fl_buf *out, bool *present, fl_error *err)
{
    *present = false;
    if (!may_have(req, config, key)) return 0;
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

void fl_render_text_payload(fl_jw *w, const char *body, json_t *warnings)
{
    fl_render_check(warnings, body, FL_LIMIT_TEXT_BODY, "text_too_long", "/text/body",
                    "the text message");
    fl_jw_object(w);
    FL_JW_KEY(w, "type");
    fl_jw_string(w, "text");
    FL_JW_KEY(w, "text");
    fl_jw_object(w);
    FL_JW_KEY(w, "body");
    fl_jw_string(w, body);
    fl_jw_end(w);
    fl_jw_end(w);
}

static void numbered_menu(const fl_render_request *req, fl_buf *b)
{
    if (req->text && *req->text) fl_buf_printf(b, "%s\n\n", req->text);
    for (size_t i = 0; i < req->n_choices; i++)
        fl_buf_printf(b, "%s%zu. %s", i ? "\n" : "", i + 1,
                      req->choices[i].title ? req->choices[i].title : "");
}

void fl_render_interactive_open(fl_jw *w, const char *kind, const char *body, json_t *warnings)
{
    fl_render_check(warnings, body, FL_LIMIT_INTERACTIVE_BODY, "body_too_long",
                    "/interactive/body/text", "the interactive body");
    fl_jw_object(w);
    FL_JW_KEY(w, "type");
    fl_jw_string(w, "interactive");
    FL_JW_KEY(w, "interactive");
    fl_jw_object(w);
    FL_JW_KEY(w, "type");
    fl_jw_string(w, kind);
    FL_JW_KEY(w, "body");
    fl_jw_object(w);
    FL_JW_KEY(w, "text");
    fl_jw_string(w, body);
    fl_jw_end(w);
    FL_JW_KEY(w, "action");
}

/* Header and footer shared by buttons, lists and flows (both optional text), then the closing
 * braces of the message opened by fl_render_interactive_open. */
int fl_render_interactive_close(fl_jw *w, const fl_render_request *req, const json_t *src,
                                json_t *warnings, fl_error *err)
{
    fl_buf b = FL_BUF_INIT;
    bool present;
    int rc = fl_render_config_text(req, src, "header", &b, &present, err);
    if (rc == 0 && present) {
        fl_render_check(warnings, b.data, FL_LIMIT_HEADER, "header_too_long",
                        "/interactive/header/text", "the header");
        FL_JW_KEY(w, "header");
        fl_jw_object(w);
        FL_JW_KEY(w, "type");
        fl_jw_string(w, "text");
        FL_JW_KEY(w, "text");
        fl_jw_stringn(w, b.data, b.len);
        fl_jw_end(w);
    }
    if (rc == 0) rc = fl_render_config_text(req, src, "footer", &b, &present, err);
    if (rc == 0 && present) {
        fl_render_check(warnings, b.data, FL_LIMIT_FOOTER, "footer_too_long",
                        "/interactive/footer/text", "the footer");
        FL_JW_KEY(w, "footer");
        fl_jw_object(w);
        FL_JW_KEY(w, "text");
        fl_jw_stringn(w, b.data, b.len);
        fl_jw_end(w);
    }
    fl_buf_free(&b);
    fl_jw_end(w);
    fl_jw_end(w);
    return rc;
}

static int buttons_payload(const fl_render_request *req, const json_t *config, fl_jw *w,
                           json_t *warnings, fl_error *err)
{
    fl_render_interactive_open(w, "button", req->text, warnings);
    fl_jw_object(w);
    FL_JW_KEY(w, "buttons");
    fl_jw_array(w);
    fl_buf id = FL_BUF_INIT;
    for (size_t i = 0; i < req->n_choices; i++) {
        fl_render_choice_id(req->choices[i].title, &id);
        fl_jw_object(w);
        FL_JW_KEY(w, "type");
        fl_jw_string(w, "reply");
        FL_JW_KEY(w, "reply");
        fl_jw_object(w);
        FL_JW_KEY(w, "id");
        fl_jw_stringn(w, id.data, id.len);
        FL_JW_KEY(w, "title");
        fl_jw_string(w, req->choices[i].title);
        fl_jw_end(w);
        fl_jw_end(w);
    }
    fl_buf_free(&id);
    fl_jw_end(w);
    fl_jw_end(w);
    return fl_render_interactive_close(w, req, config, warnings, err);
}

static int list_payload(const fl_render_request *req, const json_t *config, fl_jw *w,
                        json_t *warnings, fl_error *err)
{
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
    /* The body's check comes first, as the warnings' order is part of the output. */
    fl_buf rows = FL_BUF_INIT;
    fl_jw rw;
    fl_jw_init(&rw, &rows);
    fl_jw_array(&rw);
    for (size_t i = 0; i < req->n_choices; i++) {
        const fl_render_choice *c = &req->choices[i];
        fl_render_choice_id(c->title, &id);
        fl_jw_object(&rw);
        FL_JW_KEY(&rw, "id");
        fl_jw_stringn(&rw, id.data, id.len);
        FL_JW_KEY(&rw, "title");
        fl_jw_string(&rw, c->title);
        if (c->description && *c->description) {
            char path[96];
            snprintf(path, sizeof path, "/interactive/action/sections/0/rows/%zu/description", i);
            fl_render_check(warnings, c->description, FL_LIMIT_ROW_DESCRIPTION,
                            "row_description_too_long", path, "a row description");
            FL_JW_KEY(&rw, "description");
            fl_jw_string(&rw, c->description);
        }
        fl_jw_end(&rw);
    }
    fl_jw_end(&rw);
    fl_render_interactive_open(w, "list", req->text, warnings);
    fl_jw_object(w);
    FL_JW_KEY(w, "button");
    fl_jw_stringn(w, label.data, label.len);
    FL_JW_KEY(w, "sections");
    fl_jw_array(w);
    fl_jw_object(w);
    FL_JW_KEY(w, "rows");
    fl_jw_raw(w, rows.data, rows.len);
    fl_jw_end(w);
    fl_jw_end(w);
    fl_jw_end(w);
    fl_buf_free(&rows);
    fl_buf_free(&label);
    fl_buf_free(&id);
    return fl_render_interactive_close(w, req, config, warnings, err);
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

/* Two choices with one title would get one id: the reply could not tell them apart. */
static bool titles_unique(const fl_render_request *req, json_t *warnings)
{
    for (size_t i = 0; i < req->n_choices; i++)
        for (size_t j = i + 1; j < req->n_choices; j++)
            if (!strcmp(req->choices[i].title, req->choices[j].title)) {
                fl_buf m = FL_BUF_INIT;
                fl_buf_printf(&m,
                              "choices %zu and %zu are both titled \"%s\": sent as a numbered "
                              "menu, since buttons and list rows would share one id",
                              i + 1, j + 1, req->choices[i].title);
                fl_render_warn_msg(warnings, "duplicate_choice_title", NULL, m.data);
                fl_buf_free(&m);
                return false;
            }
    return true;
}

static int render_choices(const fl_render_request *req, const char *type, fl_jw *w,
                          json_t *warnings, fl_error *err)
{
    bool interactive_ok = fl_render_rich(req->mode) && fl_render_is_select_one(type) && req->text &&
                          *req->text && titles_unique(req, warnings);
    const json_t *config = req->config;
    if (interactive_ok && titles_fit(req, FL_LIMIT_BUTTONS, FL_LIMIT_BUTTON_TITLE))
        return buttons_payload(req, config, w, warnings, err);
    if (interactive_ok && titles_fit(req, FL_LIMIT_ROWS, FL_LIMIT_ROW_TITLE))
        return list_payload(req, config, w, warnings, err);
    fl_buf b = FL_BUF_INIT;
    numbered_menu(req, &b);
    fl_render_text_payload(w, b.data ? b.data : "", warnings);
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

/* The file name a document is shown with: the last segment of the URL's path; n = 0 when none. */
static const char *filename_of(const char *url, size_t *n)
{
    size_t end = strcspn(url, "?#");
    size_t start = end;
    while (start > 0 && url[start - 1] != '/') start--;
    *n = end - start;
    return url + start;
}

static int media_payload(const fl_render_request *req, const char *kind, fl_jw *w, json_t *warnings,
                         fl_error *err)
{
    bool has_text = req->text && *req->text;
    bool audio = !strcmp(kind, "audio");
    if (audio && has_text)
        fl_render_warn_msg(warnings, "audio_caption_dropped", "/audio",
                           "WhatsApp audio messages carry no caption; the prompt text was "
                           "not sent with the audio");
    if (!audio && has_text) {
        char path[32];
        snprintf(path, sizeof path, "/%s/caption", kind);
        fl_render_check(warnings, req->text, FL_LIMIT_CAPTION, "caption_too_long", path,
                        "the caption");
    }
    /* config.filename (a template) names a document; else the last segment of the URL path. */
    fl_buf fname = FL_BUF_INIT;
    bool named = false;
    if (!strcmp(kind, "document")) {
        int rc = fl_render_config_text(req, req->config, "filename", &fname, &named, err);
        if (rc < 0) {
            fl_buf_free(&fname);
            return rc;
        }
        if (!named) {
            size_t n;
            const char *base = filename_of(req->media_url, &n);
            if (n) fl_buf_append(&fname, base, n), named = true;
        }
    }
    fl_jw_object(w);
    FL_JW_KEY(w, "type");
    fl_jw_string(w, kind);
    fl_jw_key(w, kind);
    fl_jw_object(w);
    FL_JW_KEY(w, "link");
    fl_jw_string(w, req->media_url);
    if (req->mime_type && *req->mime_type) {
        FL_JW_KEY(w, "mime_type");
        fl_jw_string(w, req->mime_type);
    }
    if (!audio && has_text) {
        FL_JW_KEY(w, "caption");
        fl_jw_string(w, req->text);
    }
    if (named) {
        FL_JW_KEY(w, "filename");
        fl_jw_stringn(w, fname.data, fname.len);
    }
    fl_jw_end(w);
    fl_jw_end(w);
    fl_buf_free(&fname);
    return 0;
}

int fl_render_write(const fl_render_request *req, fl_buf *out, bool *has_turn, json_t *warnings,
                    fl_error *err)
{
    *has_turn = false;
    if (!req || !json_is_object(req->block))
        return fl_error_set(err, FL_EINVAL, "render: a block object is required");
    /* Everything below reads the block through r: config, type and members resolved once. */
    fl_render_request r = *req;
    if (!r.config) r.config = json_object_get(req->block, "config");
    if (!r.type) r.type = json_string_value(json_object_get(req->block, "type"));
    if (!(r.config_has & FL_RENDER_KNOWN))
        r.config_has = json_is_object(r.config) ? fl_render_members(r.config) : FL_RENDER_KNOWN;
    req = &r;
    const json_t *config = r.config;
    if (config && !json_is_object(config) && !json_is_null(config))
        return fl_error_set(err, FL_EINVAL, "render: block config must be an object");
    if (req->n_choices && !req->choices)
        return fl_error_set(err, FL_EINVAL, "render: choices missing");
    for (size_t i = 0; i < req->n_choices; i++)
        if (!req->choices[i].title)
            return fl_error_set(err, FL_EINVAL, "render: choice %zu has no title", i + 1);
    const char *type = r.type;
    size_t mark = out->len;
    fl_jw w;
    fl_jw_init(&w, out);
    json_t *built = NULL;
    int rc = 0;

    if (req->config_has & FL_RENDER_HAS_TEMPLATE) {
        rc = fl_render_template(req, json_object_get(config, "template"), warnings, &built, err);
        if (rc == 0) fl_json_dump(out, built);
        json_decref(built);
    } else if (req->config_has & FL_RENDER_HAS_FLOW) {
        rc = fl_render_whatsapp_flow(req, json_object_get(config, "whatsapp_flow"), &w, warnings,
                                     err);
    } else if (req->n_choices &&
               (fl_render_is_select_one(type) || fl_render_is_select_many(type))) {
        rc = render_choices(req, type, &w, warnings, err);
    } else if (req->media_url && media_kind(req->media_type)) {
        rc = media_payload(req, media_kind(req->media_type), &w, warnings, err);
    } else if (req->text) {
        fl_render_text_payload(&w, req->text, warnings);
    }
    if (rc < 0) {
        out->len = mark;
        if (out->data) out->data[mark] = '\0';
        return rc;
    }
    *has_turn = out->len > mark;
    return 0;
}

int fl_render(const fl_render_request *req, json_t **turn, json_t *warnings, fl_error *err)
{
    if (!turn) return fl_error_set(err, FL_EINVAL, "render: no output");
    *turn = NULL;
    fl_buf text = FL_BUF_INIT;
    bool has_turn;
    int rc = fl_render_write(req, &text, &has_turn, warnings, err);
    if (rc == 0 && has_turn) {
        json_error_t je;
        *turn = json_loadb(text.data, text.len, 0, &je);
        if (!*turn) rc = fl_error_set(err, FL_EINVAL, "render: text that is not UTF-8");
    }
    fl_buf_free(&text);
    return rc;
}
