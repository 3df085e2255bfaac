/*
 * channel.c: fl_render_turn, the connector-side renderer. From the three JSON pieces a Channel API
 * webhook carries (block, context, resources) it picks resource values by language and mode,
 * evaluates their templates against the context and hands the result to fl_render.
 *
 * Value choice for a resource follows the loader's fl_resource_pick (so an engine run and this
 * stateless render agree): language and mode; language and the TEXT family; then the same in the
 * first language (the flow's first, here the first language_id of the resources), which adds a
 * "resource_fallback" warning. A media value (IMAGE/VIDEO/AUDIO/DOCUMENT) whose modes contain the
 * run's mode is sent as media, with the TEXT value as its caption.
 */
#include "engine/channel.h"
#include "blocks/render.h"
#include "engine/model.h"
#include "engine/util.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned bit;
} modes[] = {{"TEXT", FL_MODE_TEXT},
             {"SMS", FL_MODE_SMS},
             {"USSD", FL_MODE_USSD},
             {"IVR", FL_MODE_IVR},
             {"RICH_MESSAGING", FL_MODE_RICH_MESSAGING},
             {"OFFLINE", FL_MODE_OFFLINE}};

unsigned fl_channel_mode(const char *name)
{
    for (size_t i = 0; name && i < FL_ARRAY_LEN(modes); i++)
        if (!fl_strcasecmp(name, modes[i].name)) return modes[i].bit;
    return 0;
}

typedef struct channel {
    const json_t *context;
    const fl_eval_options *opts;
    const json_t *resources; /* the input array (borrowed) */
    json_t *evaluated;       /* deep copy whose TEXT values get replaced as they are evaluated */
    unsigned char *done;     /* per value: 1 evaluated, 2 failed (flattened index) */
    size_t *offset;          /* first flattened index of each resource */
    const char *language;
    const char *first_language; /* the first language_id of the resources: the flow's first */
    const char *mode_name;
    unsigned mode;
    json_t *warnings;
    fl_error *err;
} channel;

static int evaluate(const channel *ch, const char *src, fl_buf *out, fl_error *err)
{
    fl_expr *e = NULL;
    int rc = fl_expr_compile(src, strlen(src), FL_EXPR_TEMPLATE, &e, err);
    if (rc == 0) rc = fl_expr_evaluate_as_string(e, ch->context, ch->opts, out, err);
    fl_expr_free(e);
    return rc;
}

static int eval_cb(void *ud, const char *tpl, fl_buf *out)
{
    channel *ch = ud;
    return evaluate(ch, tpl, out, ch->err);
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static bool is_media(const char *ct)
{
    return ct && (!strcmp(ct, "IMAGE") || !strcmp(ct, "VIDEO") || !strcmp(ct, "AUDIO") ||
                  !strcmp(ct, "DOCUMENT"));
}

static int media_type_of(const char *ct)
{
    if (!strcmp(ct, "IMAGE")) return FL_CONTENT_IMAGE;
    if (!strcmp(ct, "VIDEO")) return FL_CONTENT_VIDEO;
    if (!strcmp(ct, "AUDIO")) return FL_CONTENT_AUDIO;
    return FL_CONTENT_DOCUMENT;
}

static long find_resource(const channel *ch, const char *uuid)
{
    size_t i;
    const json_t *r;
    json_array_foreach(ch->resources, i, r)
    {
        const char *u = str(r, "uuid");
        if (u && !strcmp(u, uuid)) return (long)i;
    }
    return -1;
}

/* The TEXT family, as the loader's fl_resource_pick has it: a TEXT value serves SMS, USSD and rich
 * messaging runs, and a TEXT run takes an SMS/USSD/rich messaging value. */
static unsigned text_family(unsigned mode)
{
    if (mode & (FL_MODE_SMS | FL_MODE_USSD | FL_MODE_RICH_MESSAGING)) return FL_MODE_TEXT;
    if (mode & FL_MODE_TEXT) return FL_MODE_SMS | FL_MODE_USSD | FL_MODE_RICH_MESSAGING;
    return 0;
}

static unsigned value_modes(const json_t *value)
{
    unsigned bits = 0;
    size_t i;
    const json_t *m;
    json_array_foreach(json_object_get(value, "modes"), i, m) bits |=
        fl_channel_mode(json_string_value(m));
    return bits;
}

static long pick_in(const json_t *values, const char *lang, unsigned want_modes, bool media)
{
    size_t i;
    const json_t *v;
    if (!lang || !want_modes) return -1;
    json_array_foreach(values, i, v)
    {
        const char *ct = str(v, "content_type"), *l = str(v, "language_id");
        if (!ct || (media ? !is_media(ct) : strcmp(ct, "TEXT") != 0) || !str(v, "value")) continue;
        if (l && !strcmp(l, lang) && (value_modes(v) & want_modes)) return (long)i;
    }
    return -1;
}

/* The value of resource ri to use for TEXT (or any media), with the loader's fallbacks: language
 * and mode; language and the TEXT family; the same in the first language. Media never falls back
 * to another mode's value (an image for rich messaging is not sent by SMS). *other_lang is set
 * when the value is not in the run's language. */
static long pick_value(const channel *ch, size_t ri, bool media, bool *other_lang)
{
    const json_t *values = json_object_get(json_array_get(ch->resources, ri), "values");
    unsigned family = media ? 0 : text_family(ch->mode);
    *other_lang = false;
    long v = pick_in(values, ch->language, ch->mode, media);
    if (v < 0) v = pick_in(values, ch->language, family, media);
    if (v >= 0 || !ch->first_language ||
        (ch->language && !strcmp(ch->language, ch->first_language)))
        return v;
    v = pick_in(values, ch->first_language, ch->mode, media);
    if (v < 0) v = pick_in(values, ch->first_language, family, media);
    *other_lang = v >= 0;
    return v;
}

/* The evaluated text of value vi of resource ri; evaluates once and records it in evaluated. */
static int value_text(channel *ch, size_t ri, size_t vi, const char **out, fl_error *err)
{
    size_t flat = ch->offset[ri] + vi;
    json_t *ev = json_array_get(json_object_get(json_array_get(ch->evaluated, ri), "values"), vi);
    const char *src = str(ev, "value");
    if (!src) return fl_error_set(err, FL_EINVAL, "resource value has no \"value\" string");
    if (ch->done[flat] == 0) {
        fl_buf b = FL_BUF_INIT;
        fl_buf_puts(&b, "");
        fl_error e;
        fl_error_clear(&e);
        int rc = evaluate(ch, src, &b, &e);
        if (rc < 0) {
            ch->done[flat] = 2;
            fl_buf_free(&b);
            if (err) *err = e;
            return rc;
        }
        json_object_set_new(ev, "value", json_stringn(b.data, b.len));
        fl_buf_free(&b);
        ch->done[flat] = 1;
    } else if (ch->done[flat] == 2) {
        return fl_error_set(err, FL_EEVAL, "resource value \"%s\" could not be evaluated", src);
    }
    *out = str(ev, "value");
    return 0;
}

static void fallback_warning(channel *ch, const char *uuid, const json_t *v, const char *what)
{
    fl_buf m = FL_BUF_INIT;
    const char *lang = str(v, "language_id");
    fl_buf_printf(&m, "resource %s has no %s value for language %s in mode %s; used language %s",
                  uuid, what, ch->language ? ch->language : "(none)", ch->mode_name,
                  lang ? lang : "(none)");
    fl_render_warn_msg(ch->warnings, "resource_fallback", NULL, m.data);
    fl_buf_free(&m);
}

/* Text of a prompt reference: a resource uuid, or (not a known uuid) inline text. NULL ref = no
 * text. A resource without a TEXT value also gives NULL. */
static int prompt_text(channel *ch, const json_t *ref, const char **out, fl_buf *inline_buf)
{
    *out = NULL;
    if (!ref || json_is_null(ref)) return 0;
    if (!json_is_string(ref))
        return fl_error_set(ch->err, FL_EINVAL, "a prompt must be a resource uuid or text");
    const char *s = json_string_value(ref);
    long ri = find_resource(ch, s);
    if (ri < 0) {
        if (fl_is_uuid(s))
            return fl_error_set(ch->err, FL_ENOTFOUND, "resource %s is not in resources", s);
        fl_buf_reset(inline_buf);
        fl_buf_puts(inline_buf, "");
        int rc = evaluate(ch, s, inline_buf, ch->err);
        if (rc == 0) *out = inline_buf->data;
        return rc;
    }
    bool other_lang;
    long vi = pick_value(ch, (size_t)ri, false, &other_lang);
    if (vi < 0) return 0;
    if (other_lang)
        fallback_warning(
            ch, s, json_array_get(json_object_get(json_array_get(ch->resources, ri), "values"), vi),
            "TEXT");
    return value_text(ch, (size_t)ri, (size_t)vi, out, ch->err);
}

typedef struct choice_texts {
    fl_render_choice *choices;
    fl_buf *bufs; /* 2 per choice: title, description (inline texts) */
    size_t n;
} choice_texts;

static void choices_free(choice_texts *c)
{
    for (size_t i = 0; i < 2 * c->n; i++) fl_buf_free(&c->bufs[i]);
    free(c->bufs);
    free(c->choices);
}

/* rc3/rc4 arrays of {name, prompt, description?} and rc2 maps {name: resource}. */
static int load_choices(channel *ch, const json_t *config, choice_texts *out)
{
    const json_t *choices = json_object_get(config, "choices");
    size_t n = json_is_array(choices)    ? json_array_size(choices)
               : json_is_object(choices) ? json_object_size(choices)
                                         : 0;
    out->n = n;
    out->choices = fl_xcalloc(n ? n : 1, sizeof *out->choices);
    out->bufs = fl_xcalloc(2 * (n ? n : 1), sizeof *out->bufs);
    size_t i = 0;
    const char *key;
    const json_t *c;
    int rc = 0;
    if (json_is_array(choices)) {
        json_array_foreach(choices, i, c)
        {
            if (!json_is_object(c))
                return fl_error_set(ch->err, FL_EINVAL, "config.choices[%zu] must be an object", i);
            const char *name = str(c, "name");
            out->choices[i].name = name;
            rc = prompt_text(ch, json_object_get(c, "prompt"), &out->choices[i].title,
                             &out->bufs[2 * i]);
            if (rc == 0)
                rc = prompt_text(ch, json_object_get(c, "description"),
                                 &out->choices[i].description, &out->bufs[2 * i + 1]);
            if (rc < 0) return rc;
            if (!out->choices[i].title) out->choices[i].title = name ? name : "";
        }
    } else if (json_is_object(choices)) {
        json_object_foreach((json_t *)choices, key, c)
        {
            out->choices[i].name = key;
            rc = prompt_text(ch, c, &out->choices[i].title, &out->bufs[2 * i]);
            if (rc < 0) return rc;
            if (!out->choices[i].title) out->choices[i].title = key;
            i++;
        }
    }
    return 0;
}

static const char *first_language(const json_t *resources)
{
    size_t i, j;
    const json_t *r, *v;
    json_array_foreach(resources, i, r)
    {
        json_array_foreach(json_object_get(r, "values"), j, v)
        {
            if (str(v, "language_id")) return str(v, "language_id");
        }
    }
    return NULL;
}

/* The language: as asked, else contact.language when some value has it, else the first. */
static const char *pick_language(const json_t *context, const json_t *resources, const char *want)
{
    if (want) return want;
    const char *contact_lang = str(json_object_get(context, "contact"), "language");
    size_t i, j;
    const json_t *r, *v;
    json_array_foreach(resources, i, r)
    {
        json_array_foreach(json_object_get(r, "values"), j, v)
        {
            const char *l = str(v, "language_id");
            if (contact_lang && l && !strcmp(l, contact_lang)) return l;
        }
    }
    return first_language(resources);
}

static int media_of(channel *ch, const json_t *ref, fl_render_request *req)
{
    if (!json_is_string(ref)) return 0;
    long ri = find_resource(ch, json_string_value(ref));
    if (ri < 0) return 0;
    bool other_lang;
    long vi = pick_value(ch, (size_t)ri, true, &other_lang);
    if (vi < 0) return 0;
    const json_t *v =
        json_array_get(json_object_get(json_array_get(ch->resources, ri), "values"), vi);
    req->media_type = media_type_of(str(v, "content_type"));
    req->media_url = str(v, "value");
    req->mime_type = str(v, "mime_type");
    return 0;
}

static void finish_evaluated(channel *ch)
{
    size_t i, j;
    const json_t *r, *v;
    json_array_foreach(ch->resources, i, r)
    {
        json_array_foreach(json_object_get(r, "values"), j, v)
        {
            const char *ct = str(v, "content_type");
            if (ct && !strcmp(ct, "TEXT") && str(v, "value") && ch->done[ch->offset[i] + j] == 0) {
                const char *ignored;
                value_text(ch, i, j, &ignored, NULL); /* a failing value keeps its source */
            }
        }
    }
}

int fl_channel_render(const json_t *block, const json_t *context, const json_t *resources,
                      const char *language, const char *mode, const fl_eval_options *opts,
                      json_t **turn, json_t **evaluated_resources, json_t **warnings, fl_error *err)
{
    if (!turn) return fl_error_set(err, FL_EINVAL, "render: turn is required");
    if (!json_is_object(block) || !json_is_string(json_object_get(block, "type")))
        return fl_error_set(err, FL_EINVAL, "render: block must be an object with a \"type\"");
    if (resources && !json_is_array(resources) && !json_is_null(resources))
        return fl_error_set(err, FL_EINVAL, "render: resources must be an array");
    const json_t *config = json_object_get(block, "config");
    if (config && !json_is_object(config) && !json_is_null(config))
        return fl_error_set(err, FL_EINVAL, "render: block config must be an object");
    unsigned bit = mode ? fl_channel_mode(mode) : FL_MODE_RICH_MESSAGING;
    if (!bit) return fl_error_set(err, FL_EINVAL, "render: unknown mode \"%s\"", mode);

    json_t *empty_res = json_array(), *empty_ctx = json_object();
    if (!json_is_array(resources)) resources = empty_res;
    if (!json_is_object(context)) context = empty_ctx;
    channel ch = {.context = context,
                  .opts = opts,
                  .resources = resources,
                  .evaluated = json_deep_copy(resources),
                  .mode = bit,
                  .mode_name = modes[0].name,
                  .warnings = json_array(),
                  .err = err};
    for (size_t i = 0; i < FL_ARRAY_LEN(modes); i++)
        if (modes[i].bit == bit) ch.mode_name = modes[i].name;
    ch.language = pick_language(context, resources, language);
    ch.first_language = first_language(resources);
    size_t nres = json_array_size(resources), total = 0;
    ch.offset = fl_xcalloc(nres + 1, sizeof *ch.offset);
    for (size_t i = 0; i < nres; i++) {
        const json_t *r = json_array_get(resources, i);
        if (!json_is_object(r) ||
            (json_object_get(r, "values") && !json_is_array(json_object_get(r, "values")))) {
            fl_error_set(err, FL_EINVAL, "render: resources[%zu] must be {uuid, values: [...]}", i);
            total = SIZE_MAX;
            break;
        }
        ch.offset[i] = total;
        total += json_array_size(json_object_get(r, "values"));
    }
    int rc = total == SIZE_MAX ? FL_EINVAL : 0;
    ch.done = fl_xcalloc(rc ? 1 : total + 1, 1);

    fl_buf prompt_buf = FL_BUF_INIT;
    choice_texts choices = {0};
    fl_render_request req = {
        .block = block, .mode = bit, .media_type = -1, .eval = eval_cb, .eval_ud = &ch};
    const char *type = str(block, "type");
    bool select = fl_render_is_select_one(type) || fl_render_is_select_many(type);
    /* Core.* blocks never talk to the contact (Core.Log's config.message is a log line). */
    bool talks = type && strncmp(type, "Core.", 5) != 0;
    const json_t *prompt = talks ? json_object_get(config, "prompt") : NULL;
    if (!prompt && type && !strcmp(type, "MobilePrimitives.Message"))
        prompt = json_object_get(config, "message"); /* rc2 */
    if (select && json_object_get(config, "question_prompt"))
        prompt = json_object_get(config, "question_prompt");
    if (rc == 0) rc = prompt_text(&ch, prompt, &req.text, &prompt_buf);
    if (rc == 0 && !select) rc = media_of(&ch, prompt, &req);
    if (rc == 0 && select) {
        rc = load_choices(&ch, config, &choices);
        req.choices = choices.choices;
        req.n_choices = choices.n;
    }
    json_t *out = NULL;
    if (rc == 0) rc = fl_render(&req, &out, ch.warnings, err);
    if (rc == 0) {
        *turn = out;
        if (evaluated_resources) {
            finish_evaluated(&ch);
            *evaluated_resources = json_incref(ch.evaluated);
        }
        if (warnings) *warnings = json_incref(ch.warnings);
    }
    choices_free(&choices);
    fl_buf_free(&prompt_buf);
    free(ch.offset);
    free(ch.done);
    json_decref(ch.evaluated);
    json_decref(ch.warnings);
    json_decref(empty_res);
    json_decref(empty_ctx);
    return rc;
}

int fl_render_turn(const json_t *block, const json_t *context, const json_t *resources,
                   const char *language, const char *mode, const fl_eval_options *opts,
                   json_t **turn, json_t **warnings, fl_error *err)
{
    return fl_channel_render(block, context, resources, language, mode, opts, turn, NULL, warnings,
                             err);
}
