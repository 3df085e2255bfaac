/*
 * run_prompt.c: resources picked for the run's language and mode, evaluated, rendered to a `turn`
 * and sent as a message event carrying the Channel API envelope.
 */
#include "engine/run.h"
#include "blocks/render.h"
#include "expr/expr.h"

#include <stdlib.h>
#include <string.h>

static const char *run_language_id(fl_session *s, const fl_flow *f)
{
    const fl_language *l = s->language ? fl_flow_language(f, s->language) : NULL;
    return l ? l->id : NULL;
}

static const fl_resource_value *pick(fl_session *s, const fl_block *b, const fl_resource *r,
                                     int want)
{
    return fl_resource_pick(r, b->flow, run_language_id(s, b->flow), s->mode, want);
}

const char *fl_run_resource_raw(fl_session *s, const fl_block *b, const char *uuid)
{
    const fl_resource *r = uuid ? fl_find_resource(b->flow, uuid) : NULL;
    const fl_resource_value *v = r ? pick(s, b, r, FL_CONTENT_TEXT) : NULL;
    return v ? v->value : NULL;
}

static bool value_text(fl_session *s, const fl_block *b, const fl_resource_value *v, fl_buf *out)
{
    if (v->tmpl) return fl_run_eval_string(s, b, v->tmpl, out) == 0;
    if (v->value) fl_buf_puts(out, v->value);
    return true;
}

bool fl_run_resource_text(fl_session *s, const fl_block *b, const char *uuid, fl_buf *out)
{
    const fl_resource *r = uuid ? fl_find_resource(b->flow, uuid) : NULL;
    if (!r) return false;
    const fl_resource_value *v = pick(s, b, r, FL_CONTENT_TEXT);
    if (!v) return false;
    value_text(s, b, v, out);
    return true;
}

void fl_run_choice_title(fl_session *s, const fl_block *b, size_t i, fl_buf *out)
{
    const fl_choice *c = &b->choices[i];
    size_t mark = out->len;
    if (c->prompt && fl_run_resource_text(s, b, c->prompt, out) && out->len > mark) return;
    fl_buf_puts(out, c->name ? c->name : "");
}

/* Templates in the block's config (header, footer, template parameters), for the renderer. */
typedef struct eval_ud {
    fl_session *s;
    const fl_block *b;
} eval_ud;

static int render_eval(void *ud, const char *tpl, fl_buf *out)
{
    eval_ud *u = ud;
    fl_expr *e = NULL;
    fl_error err;
    int rc = fl_expr_compile(tpl, strlen(tpl), FL_EXPR_TEMPLATE, &e, &err);
    if (rc < 0) {
        fl_emit_warning(u->s, u->b, "eval", "'%s': %s", tpl, err.message);
        return rc;
    }
    rc = fl_run_eval_string(u->s, u->b, e, out);
    fl_expr_free(e);
    return rc;
}

static const char *recipient(fl_session *s)
{
    if (s->to) return s->to;
    const char *keys[] = {"phone", "wa_id", "id", "urn"};
    for (size_t i = 0; i < FL_ARRAY_LEN(keys); i++) {
        const char *v = json_string_value(json_object_get(s->contact, keys[i]));
        if (v) return v;
    }
    return "";
}

/* Renders and emits. text/media may be NULL; resources/evaluated are stolen (may be NULL). */
static void send(fl_session *s, const fl_block *b, const char *text, const fl_resource_value *media,
                 const fl_render_choice *choices, size_t n_choices, json_t *resources,
                 json_t *evaluated, bool waiting)
{
    eval_ud ud = {s, b};
    fl_render_request req = {
        .block = b->json,
        .mode = s->mode,
        .text = text,
        .media_type = media ? (int)media->content_type : -1,
        .media_url = media ? media->value : NULL,
        .mime_type = media ? media->mime_type : NULL,
        .choices = choices,
        .n_choices = n_choices,
        .eval = render_eval,
        .eval_ud = &ud,
    };
    json_t *turn = NULL;
    fl_error err;
    size_t before = json_array_size(s->events);
    if (fl_render(&req, &turn, s->events, &err) < 0) {
        fl_emit_error(s, b, "render", NULL, "%s", err.message);
        turn = NULL;
    }
    /* Render warnings arrive bare: give them the instant and the block. */
    for (size_t i = before; i < json_array_size(s->events); i++) {
        json_t *w = json_array_get(s->events, i);
        if (!json_object_get(w, "at")) {
            json_t *tmp = fl_event_new(s, "warning");
            json_object_update_missing(tmp, w);
            json_object_set_new_nocheck(tmp, "block", json_string_nocheck(b->uuid));
            json_array_set_new(s->events, i, tmp);
        }
    }
    if ((!turn && !text && !media) || !fl_wants(s, FL_EVENT_MESSAGE)) {
        json_decref(turn);
        json_decref(resources);
        json_decref(evaluated);
        return;
    }
    json_t *ctx = json_object();
    json_object_set_nocheck(ctx, "contact", s->contact);
    /* Shared, not copied: the block and resources are the container's immutable JSON, ctx is a
     * snapshot (the context copies the contact before changing it, fl_context_contact_mut). */
    json_t *env = fl_envelope_new_shared(recipient(s), (json_t *)b->json, ctx, resources, evaluated,
                                         turn, waiting);
    json_decref(ctx);
    json_decref(resources);
    json_decref(evaluated);
    json_t *ev = fl_event_new(s, "message");
    fl_event_add_block(s, ev, b, true);
    json_object_set_new_nocheck(ev, "envelope", env);
    fl_emit(s, ev);
}

void fl_run_send_text(fl_session *s, const fl_block *b, const char *text, bool waiting)
{
    send(s, b, text, NULL, NULL, 0, NULL, NULL, waiting);
}

/* Adds one picked value of r to `evaluated_resources`, in the shape of `resources` ([{uuid,
 * values: [...]}]) with the value's text as sent (Turn: "the FLOIP resources above but evaluated
 * against the given context"), and r itself to `resources` the first time it is seen. */
static void add_evaluated(json_t *resources, json_t *evaluated, const fl_resource *r,
                          const fl_resource_value *v, const char *text)
{
    json_t *entry = NULL;
    size_t i;
    json_t *it;
    json_array_foreach(evaluated, i, it)
    {
        if (!strcmp(json_string_value(json_object_get(it, "uuid")), r->uuid)) entry = it;
    }
    if (!entry) {
        json_array_append(resources, (json_t *)r->json);
        entry = json_pack("{s:s,s:[]}", "uuid", r->uuid, "values");
        json_array_append_new(evaluated, entry);
    }
    if (!v) return;
    json_t *value = json_copy((json_t *)v->json);
    json_object_set_new(value, "value", json_string(text ? text : ""));
    json_array_append_new(json_object_get(entry, "values"), value);
}

void fl_run_prompt(fl_session *s, const fl_block *b, bool waiting, bool with_choices)
{
    const char *uuid = b->prompt ? b->prompt : b->question_prompt;
    if (!uuid) uuid = json_string_value(fl_config_get(b, "prompt"));
    const fl_resource *r = uuid ? fl_find_resource(b->flow, uuid) : NULL;
    fl_buf text = FL_BUF_INIT;
    bool has_text = false;
    const fl_resource_value *media = NULL;
    json_t *resources = NULL, *evaluated = NULL;

    if (r) {
        const fl_resource_value *v = pick(s, b, r, -1);
        if (v && v->content_type != FL_CONTENT_TEXT && v->content_type != FL_CONTENT_DATA) {
            media = v;
            v = pick(s, b, r, FL_CONTENT_TEXT); /* the caption, when there is one */
        } else if (v && v->content_type != FL_CONTENT_TEXT) {
            v = NULL;
        }
        if (v) has_text = value_text(s, b, v, &text);
        resources = json_array();
        evaluated = json_array();
        add_evaluated(resources, evaluated, r, media, media ? media->value : NULL);
        if (v) add_evaluated(resources, evaluated, r, v, has_text && text.data ? text.data : "");
        if (!v && !media)
            fl_emit_warning(s, b, "resource", "resource %s has no value for this language and mode",
                            uuid);
    } else if (uuid && !fl_is_uuid(uuid)) {
        fl_buf_puts(&text, uuid); /* an inline prompt text */
        has_text = true;
    } else if (uuid) {
        fl_emit_warning(s, b, "resource", "resource %s not found", uuid);
    }

    fl_render_choice stack[12], *choices = NULL;
    fl_buf *titles = NULL;
    size_t n = with_choices ? b->n_choices : 0;
    if (n) {
        choices = n <= FL_ARRAY_LEN(stack) ? stack : fl_xcalloc(n, sizeof *choices);
        titles = fl_xcalloc(n, sizeof *titles);
        for (size_t i = 0; i < n; i++) {
            fl_run_choice_title(s, b, i, &titles[i]);
            choices[i].name = b->choices[i].name;
            choices[i].title = titles[i].data ? titles[i].data : "";
            choices[i].description = NULL;
            const fl_resource *cr =
                b->choices[i].prompt ? fl_find_resource(b->flow, b->choices[i].prompt) : NULL;
            if (cr) {
                if (!evaluated) resources = json_array(), evaluated = json_array();
                add_evaluated(resources, evaluated, cr, pick(s, b, cr, FL_CONTENT_TEXT),
                              choices[i].title);
            }
        }
    }
    if (has_text || media || n)
        send(s, b, has_text ? (text.data ? text.data : "") : NULL, media, choices, n, resources,
             evaluated, waiting);
    else {
        json_decref(resources);
        json_decref(evaluated);
    }
    for (size_t i = 0; i < n; i++) fl_buf_free(&titles[i]);
    free(titles);
    if (choices != stack) free(choices);
    fl_buf_free(&text);
}

bool fl_run_config_text(fl_session *s, const fl_block *b, const char *key, fl_buf *out)
{
    /* The loader reports a message naming a resource as the block's prompt. */
    if (b->prompt && !strcmp(key, "message")) return fl_run_resource_text(s, b, b->prompt, out);
    const char *raw = json_string_value(fl_config_get(b, key));
    if (raw && fl_find_resource(b->flow, raw)) return fl_run_resource_text(s, b, raw, out);
    const fl_expr *e = fl_block_config_expr(b, key);
    if (e) return fl_run_eval_string(s, b, e, out) == 0;
    if (!raw) return false;
    fl_buf_puts(out, raw);
    return true;
}

const json_t *fl_config_get(const fl_block *b, const char *key)
{
    return json_object_get(b->config, key);
}

const json_t *fl_config_find(const fl_block *b, const char *key)
{
    const json_t *v = json_object_get(b->config, key);
    if (v) return v;
    static const char *const subs[] = {"TEXT", "text", "IVR", "ivr"};
    for (size_t i = 0; i < FL_ARRAY_LEN(subs); i++) {
        v = json_object_get(json_object_get(b->config, subs[i]), key);
        if (v) return v;
    }
    return NULL;
}

bool fl_config_number(const fl_block *b, const char *key, double *out)
{
    const json_t *v = fl_config_find(b, key);
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return true;
    }
    if (json_is_string(v)) {
        char *end;
        double d = strtod(json_string_value(v), &end);
        if (end != json_string_value(v) && !*end) {
            *out = d;
            return true;
        }
    }
    return false;
}
