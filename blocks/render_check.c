/*
 * render_check.c: the limit breaks and config errors `floip validate` can see in a loaded block,
 * found by rendering it for every language and mode of its flow with the literal part of each
 * template (expressions removed: a lower bound of what any run sends).
 */
#include "blocks/render.h"
#include "engine/model.h"
#include "engine/util.h"

#include <ctype.h>
#include <string.h>

typedef struct check {
    const fl_block *b;
    fl_render_diag_fn sink;
    void *ud;
    json_t *seen; /* "code pointer" -> true, to report each finding once */
} check;

/* The literal text of a template: "@@" is "@", "@name.path" and "@( ... )" are dropped. */
static void literal(const char *s, fl_buf *out)
{
    fl_buf_puts(out, "");
    while (*s) {
        if (s[0] != '@') {
            fl_buf_putc(out, *s++);
            continue;
        }
        if (s[1] == '@') {
            fl_buf_putc(out, '@');
            s += 2;
        } else if (s[1] == '(') {
            int depth = 0;
            char quote = 0;
            for (s++; *s; s++) {
                if (quote) {
                    if (*s == quote) quote = 0;
                } else if (*s == '"' || *s == '\'') {
                    quote = *s;
                } else if (*s == '(') {
                    depth++;
                } else if (*s == ')' && --depth == 0) {
                    s++;
                    break;
                }
            }
        } else if (isalpha((unsigned char)s[1]) || s[1] == '_') {
            s++;
            while (isalnum((unsigned char)*s) || *s == '_' ||
                   (*s == '.' && (isalnum((unsigned char)s[1]) || s[1] == '_')))
                s++;
        } else {
            fl_buf_putc(out, *s++);
        }
    }
}

static int literal_eval(void *ud, const char *tpl, fl_buf *out)
{
    (void)ud;
    fl_buf tmp = FL_BUF_INIT;
    literal(tpl, &tmp);
    fl_buf_append(out, tmp.data, tmp.len);
    fl_buf_free(&tmp);
    return 0;
}

static void report(check *c, fl_severity sev, const char *code, const char *pointer,
                   const char *message)
{
    fl_buf key = FL_BUF_INIT;
    fl_buf_printf(&key, "%s %s", code, pointer);
    if (!json_object_get(c->seen, key.data)) {
        json_object_set_new(c->seen, key.data, json_true());
        c->sink(c->ud, sev, code, pointer, message);
    }
    fl_buf_free(&key);
}

static const char *mode_name(unsigned bit)
{
    switch (bit) {
    case FL_MODE_TEXT:
        return "TEXT";
    case FL_MODE_SMS:
        return "SMS";
    case FL_MODE_USSD:
        return "USSD";
    case FL_MODE_IVR:
        return "IVR";
    case FL_MODE_OFFLINE:
        return "OFFLINE";
    default:
        return "RICH_MESSAGING";
    }
}

static const fl_resource *find_resource(const fl_flow *f, const char *uuid)
{
    for (size_t i = 0; uuid && i < f->n_resources; i++)
        if (f->resources[i].uuid && !strcmp(f->resources[i].uuid, uuid)) return &f->resources[i];
    return NULL;
}

static bool lang_is(const fl_resource_value *v, const fl_language *lang)
{
    return !lang || (v->language_id && lang->id && !strcmp(v->language_id, lang->id));
}

/* The TEXT value a run in this language and mode sends (the loader's fallbacks), or NULL. */
static const fl_resource_value *text_value(const fl_flow *f, const fl_resource *r,
                                           const fl_language *lang, unsigned mode)
{
    if (!r) return NULL;
    const fl_resource_value *v =
        fl_resource_pick(r, f, lang ? lang->id : NULL, mode, FL_CONTENT_TEXT);
    return v && v->value ? v : NULL;
}

static const fl_resource_value *media_value(const fl_resource *r, const fl_language *lang,
                                            unsigned mode)
{
    const fl_resource_value *any = NULL;
    for (size_t i = 0; r && i < r->n_values; i++) {
        const fl_resource_value *v = &r->values[i];
        bool media = v->content_type == FL_CONTENT_IMAGE || v->content_type == FL_CONTENT_VIDEO ||
                     v->content_type == FL_CONTENT_AUDIO || v->content_type == FL_CONTENT_DOCUMENT;
        if (!media || !(v->modes & mode) || !v->value) continue;
        if (lang_is(v, lang)) return v;
        if (!any) any = v;
    }
    return any;
}

static void value_pointer(const fl_flow *f, const fl_resource *r, const fl_resource_value *v,
                          fl_buf *out)
{
    fl_buf_reset(out);
    fl_buf_printf(out, "%s/resources/%zu/values/%zu/value", f->pointer ? f->pointer : "",
                  (size_t)(r - f->resources), (size_t)(v - r->values));
}

static const char *code_of(const char *warning)
{
    static const char *const map[][2] = {
        {"text_too_long", "W401"},         {"body_too_long", "W402"},
        {"header_too_long", "W403"},       {"footer_too_long", "W403"},
        {"list_button_too_long", "W404"},  {"flow_cta_too_long", "W405"},
        {"caption_too_long", "W406"},      {"row_description_too_long", "W407"},
        {"audio_caption_dropped", "W408"},
    };
    for (size_t i = 0; i < FL_ARRAY_LEN(map); i++)
        if (!strcmp(map[i][0], warning)) return map[i][1];
    return "W400";
}

static void check_combination(check *c, const fl_language *lang, unsigned mode)
{
    const fl_block *b = c->b;
    const fl_flow *f = b->flow;
    bool select = b->kind == FL_BT_SELECT_ONE || b->kind == FL_BT_SELECT_MANY;
    const char *prompt_ref = select && b->question_prompt ? b->question_prompt : b->prompt;
    const fl_resource *r = find_resource(f, prompt_ref);
    const fl_resource_value *tv = text_value(f, r, lang, mode);
    fl_buf text = FL_BUF_INIT, prompt_ptr = FL_BUF_INIT, msg = FL_BUF_INIT, ptr = FL_BUF_INIT;
    fl_render_request req = {
        .block = b->json, .mode = mode, .media_type = -1, .eval = literal_eval};
    if (tv) {
        literal(tv->value, &text);
        req.text = text.data;
        value_pointer(f, r, tv, &prompt_ptr);
    } else {
        fl_buf_printf(&prompt_ptr, "%s/config/%s", b->pointer ? b->pointer : "",
                      prompt_ref == b->question_prompt && b->question_prompt ? "question_prompt"
                                                                             : "prompt");
    }
    const fl_resource_value *mv =
        fl_render_rich(mode) && !select ? media_value(r, lang, mode) : NULL;
    if (mv) {
        req.media_type = (int)mv->content_type;
        req.media_url = mv->value;
        req.mime_type = mv->mime_type;
    }
    fl_render_choice *choices = NULL;
    fl_buf *titles = NULL;
    if (select && b->n_choices) {
        choices = fl_xcalloc(b->n_choices, sizeof *choices);
        titles = fl_xcalloc(b->n_choices, sizeof *titles);
        for (size_t i = 0; i < b->n_choices; i++) {
            const fl_resource_value *cv =
                text_value(f, find_resource(f, b->choices[i].prompt), lang, mode);
            literal(cv ? cv->value : (b->choices[i].name ? b->choices[i].name : ""), &titles[i]);
            choices[i] = (fl_render_choice){b->choices[i].name, titles[i].data, NULL};
        }
        req.choices = choices;
        req.n_choices = b->n_choices;
    }
    json_t *warnings = json_array(), *turn = NULL;
    fl_error err;
    fl_error_clear(&err);
    const char *where = lang && lang->id ? lang->id : "";
    if (fl_render(&req, &turn, warnings, &err) < 0) {
        const char *code = strstr(err.message, "template") ? "E401"
                           : strstr(err.message, "whatsapp_flow") || strstr(err.message, "flow")
                               ? "E402"
                               : "E403";
        const char *key = strstr(err.message, "config.");
        fl_buf_printf(&ptr, "%s/config", b->pointer ? b->pointer : "");
        if (key) {
            key += strlen("config.");
            size_t n = strcspn(key, " .");
            fl_buf_putc(&ptr, '/');
            fl_buf_append(&ptr, key, n);
        }
        fl_buf_printf(&msg, "%s (language %s, mode %s)", err.message, where, mode_name(mode));
        report(c, FL_SEVERITY_ERROR, code, ptr.data, msg.data);
    }
    size_t i;
    json_t *w;
    bool flow_cfg = json_object_get(b->config, "whatsapp_flow") != NULL;
    json_array_foreach(warnings, i, w)
    {
        const char *wcode = json_string_value(json_object_get(w, "code"));
        const char *path = json_string_value(json_object_get(w, "path"));
        const char *code = code_of(wcode);
        fl_buf_reset(&ptr);
        const char *base = b->pointer ? b->pointer : "";
        if (!strcmp(code, "W403"))
            fl_buf_printf(&ptr, "%s/config/%s%s", base, flow_cfg ? "whatsapp_flow/" : "",
                          strstr(path, "header") ? "header" : "footer");
        else if (!strcmp(code, "W404"))
            fl_buf_printf(&ptr, "%s/config/list_button", base);
        else if (!strcmp(code, "W405"))
            fl_buf_printf(&ptr, "%s/config/whatsapp_flow/flow_cta", base);
        else if (!strcmp(code, "W402") && flow_cfg &&
                 json_object_get(json_object_get(b->config, "whatsapp_flow"), "body"))
            fl_buf_printf(&ptr, "%s/config/whatsapp_flow/body", base);
        else
            fl_buf_puts(&ptr, prompt_ptr.data);
        fl_buf_reset(&msg);
        fl_buf_printf(&msg, "%s (language %s, mode %s)",
                      json_string_value(json_object_get(w, "message")), where, mode_name(mode));
        report(c, FL_SEVERITY_WARNING, code, ptr.data, msg.data);
    }
    json_decref(turn);
    json_decref(warnings);
    for (size_t k = 0; titles && k < b->n_choices; k++) fl_buf_free(&titles[k]);
    free(titles);
    free(choices);
    fl_buf_free(&text), fl_buf_free(&prompt_ptr), fl_buf_free(&msg), fl_buf_free(&ptr);
}

void fl_render_check_block(const fl_block *b, fl_render_diag_fn sink, void *ud)
{
    if (!b || !sink || !b->flow || !json_is_object(b->json)) return;
    check c = {b, sink, ud, json_object()};
    unsigned modes = b->flow->supported_modes ? b->flow->supported_modes : FL_MODE_RICH_MESSAGING;
    size_t nl = b->flow->n_languages;
    for (size_t l = 0; l < (nl ? nl : 1); l++)
        for (unsigned bit = 1; bit <= FL_MODE_OFFLINE; bit <<= 1)
            if (modes & bit) check_combination(&c, nl ? &b->flow->languages[l] : NULL, bit);
    json_decref(c.seen);
}
