/*
 * run_prompt.c: resources picked for the run's language and mode, evaluated, rendered to a `turn`
 * and sent as a message event carrying the Channel API envelope.
 */
#include "engine/run.h"
#include "blocks/render.h"
#include "engine/json_write.h"
#include "engine/memo.h"
#include "expr/expr.h"

#include <stdlib.h>
#include <string.h>

const char *fl_run_language_id(const fl_session *s, const fl_flow *f)
{
    const fl_language *l = s->language ? fl_flow_language(f, s->language) : NULL;
    return l ? l->id : NULL;
}

static const fl_resource_value *pick(fl_session *s, const fl_block *b, const fl_resource *r,
                                     int want)
{
    return fl_resource_pick(r, b->flow, fl_run_language_id(s, b->flow), s->mode, want);
}

const char *fl_run_resource_raw(fl_session *s, const fl_block *b, const char *uuid)
{
    const fl_resource *r = uuid ? fl_find_resource(b->flow, uuid) : NULL;
    const fl_resource_value *v = r ? pick(s, b, r, FL_CONTENT_TEXT) : NULL;
    return v ? v->value : NULL;
}

/* A value's text when no evaluation is needed (plain text, media URL), else NULL. */
static const char *static_text(const fl_resource_value *v)
{
    return v->tmpl ? v->literal : v->value ? v->value : "";
}

static bool value_text(fl_session *s, const fl_block *b, const fl_resource_value *v, fl_buf *out)
{
    const char *text = static_text(v);
    if (text) {
        fl_buf_puts(out, text);
        return true;
    }
    return fl_run_eval_string(s, b, v->tmpl, out) == 0;
}

static bool resource_text(fl_session *s, const fl_block *b, const fl_resource *r, fl_buf *out)
{
    if (!r) return false;
    const fl_resource_value *v = pick(s, b, r, FL_CONTENT_TEXT);
    if (!v) return false;
    value_text(s, b, v, out);
    return true;
}

bool fl_run_resource_text(fl_session *s, const fl_block *b, const char *uuid, fl_buf *out)
{
    return resource_text(s, b, uuid ? fl_find_resource(b->flow, uuid) : NULL, out);
}

void fl_run_choice_title(fl_session *s, const fl_block *b, size_t i, fl_buf *out)
{
    const fl_choice *c = &b->choices[i];
    size_t mark = out->len;
    if (resource_text(s, b, c->prompt_resource, out) && out->len > mark) return;
    fl_buf_puts(out, c->name ? c->name : "");
}

/* Templates in the block's config (header, footer, template parameters), for the renderer. */
typedef struct eval_ud {
    fl_session *s;
    const fl_block *b;
    bool evaluated; /* a template was evaluated: the turn depends on the context */
} eval_ud;

static int render_eval(void *ud, const char *tpl, fl_buf *out)
{
    eval_ud *u = ud;
    u->evaluated = true;
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
    if (s->to_cached && s->to_gen == s->contact_gen) return s->to_cached;
    const char *keys[] = {"phone", "wa_id", "id", "urn"};
    const char *to = NULL;
    for (size_t i = 0; i < FL_ARRAY_LEN(keys) && !to; i++)
        to = json_string_value(json_object_get(s->contact, keys[i]));
    if (!to) to = "";
    s->to_cached = to;
    s->to_gen = s->contact_gen;
    return to;
}

/* Renders the turn into the log's text, or copies it from the block's memo (memo.h) when the
 * caller passes one; a turn rendered without warnings, errors or evaluation is memoised there. */
static void write_turn(fl_session *s, const fl_block *b, const fl_render_request *req,
                       fl_memo_slot *memo, bool *has_turn)
{
    const char *language = memo ? fl_run_language_id(s, b->flow) : NULL;
    const fl_memo *m = memo ? fl_memo_get(memo, language, s->mode) : NULL;
    if (m) {
        fl_buf_append(&s->log.text, m->text, m->len);
        *has_turn = m->len > 0;
        return;
    }
    size_t turn_at = s->log.text.len;
    fl_error err;
    if (!s->render_warnings) s->render_warnings = json_array();
    if (fl_render_write(req, &s->log.text, has_turn, s->render_warnings, &err) < 0) {
        fl_emit_error(s, b, "render", NULL, "%s", err.message);
        return;
    }
    if (memo && !((eval_ud *)req->eval_ud)->evaluated && !json_array_size(s->render_warnings))
        fl_memo_put(memo, language, s->mode, s->log.text.data + turn_at, s->log.text.len - turn_at,
                    NULL);
}

/* Renders and logs a message event. text/media may be NULL. The message's resource entries are
 * those logged since res_mark (fl_event_log_resource). memo: the block's, or NULL to render. */
static void send(fl_session *s, const fl_block *b, const char *text, const fl_resource_value *media,
                 const fl_render_choice *choices, size_t n_choices, size_t res_mark, bool waiting,
                 fl_memo_slot *memo)
{
    eval_ud ud = {s, b, false};
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
        .config = b->config,
        .type = b->type,
        .config_has = b->render_members,
    };
    /* The turn goes straight into the log's text; the message record below points at it. */
    size_t turn_at = s->log.text.len;
    bool has_turn = false;
    write_turn(s, b, &req, memo, &has_turn);
    fl_span turn = {turn_at, s->log.text.len - turn_at};
    if (has_turn) fl_buf_putc(&s->log.text, '\0'); /* so that the turn reads as a C string */
    /* Render warnings arrive bare: give them the instant and the block. */
    for (size_t i = 0; i < json_array_size(s->render_warnings); i++) {
        json_t *ev = fl_event_new(s, "warning");
        json_object_update_missing(ev, json_array_get(s->render_warnings, i));
        json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
        fl_emit(s, ev);
    }
    if (s->render_warnings) json_array_clear(s->render_warnings);
    if ((!has_turn && !text && !media) || !fl_wants(s, FL_EVENT_MESSAGE)) {
        s->log.n_res = res_mark;
        return;
    }
    fl_ev *ev = fl_event_log_add(&s->log, FL_EV_MESSAGE, s->now);
    ev->block = b;
    ev->waiting = waiting;
    /* The contact as it is now: the context copies it before changing it while this reference
     * lives (fl_context_contact_mut). */
    ev->a = json_incref(s->contact);
    const char *to = recipient(s);
    ev->to = fl_event_log_text(&s->log, to, strlen(to));
    ev->text = turn;
    ev->res_first = res_mark;
    ev->res_n = s->log.n_res - res_mark;
}

void fl_run_send_text(fl_session *s, const fl_block *b, const char *text, bool waiting)
{
    send(s, b, text, NULL, NULL, 0, s->log.n_res, waiting, NULL);
}

/* Logs one picked value of r for the message's `resources` and `evaluated_resources` (Turn: "the
 * FLOIP resources above but evaluated against the given context"), with the value's text as
 * sent; v NULL logs only that r was consulted. */
static void add_evaluated(fl_session *s, const fl_resource *r, const fl_resource_value *v,
                          const char *text)
{
    if (!text) text = "";
    fl_event_log_resource(&s->log, r, v, text, strlen(text));
}

/* A choice's title when the block renders no template: the text of v, its picked resource value
 * (may be NULL), else its name (as fl_run_choice_title, without copying). */
static const char *static_title(const fl_choice *c, const fl_resource_value *v)
{
    const char *text = v ? static_text(v) : NULL;
    if (text && *text) return text;
    return c->name ? c->name : "";
}

void fl_run_prompt(fl_session *s, const fl_block *b, bool waiting, bool with_choices)
{
    const char *uuid = b->prompt ? b->prompt : b->question_prompt;
    if (!uuid) uuid = json_string_value(fl_config_get(b, "prompt"));
    const fl_resource *r = b->prompt_resource;
    fl_buf *text = &s->prompt_text; /* kept by the session: its room is reused */
    fl_buf_reset(text);
    const char *body = NULL; /* the prompt text as sent; NULL when there is none */
    const fl_resource_value *media = NULL;
    size_t res_mark = s->log.n_res;

    if (r) {
        const fl_resource_value *v = pick(s, b, r, -1);
        if (v && v->content_type != FL_CONTENT_TEXT && v->content_type != FL_CONTENT_DATA) {
            media = v;
            v = pick(s, b, r, FL_CONTENT_TEXT); /* the caption, when there is one */
        } else if (v && v->content_type != FL_CONTENT_TEXT) {
            v = NULL;
        }
        if (v) {
            body = static_text(v);
            if (!body && fl_run_eval_string(s, b, v->tmpl, text) == 0)
                body = text->data ? text->data : "";
        }
        add_evaluated(s, r, media, media ? media->value : NULL);
        if (v) add_evaluated(s, r, v, body);
        if (!v && !media)
            fl_emit_warning(s, b, "resource", "resource %s has no value for this language and mode",
                            uuid);
    } else if (uuid && !fl_is_uuid(uuid)) {
        body = uuid; /* an inline prompt text */
    } else if (uuid) {
        fl_emit_warning(s, b, "resource", "resource %s not found", uuid);
    }

    fl_render_choice stack[12], *choices = NULL;
    fl_buf *titles = NULL; /* evaluated titles, for blocks without a turn memo */
    size_t n = with_choices ? b->n_choices : 0;
    if (n) {
        choices = n <= FL_ARRAY_LEN(stack) ? stack : fl_xcalloc(n, sizeof *choices);
        if (!b->turn_memo) titles = fl_xcalloc(n, sizeof *titles);
        for (size_t i = 0; i < n; i++) {
            const fl_resource *cr = b->choices[i].prompt_resource;
            const fl_resource_value *cv = cr ? pick(s, b, cr, FL_CONTENT_TEXT) : NULL;
            if (titles) {
                fl_run_choice_title(s, b, i, &titles[i]);
                choices[i].title = titles[i].data ? titles[i].data : "";
            } else {
                choices[i].title = static_title(&b->choices[i], cv);
            }
            choices[i].name = b->choices[i].name;
            choices[i].description = NULL;
            if (cr) add_evaluated(s, cr, cv, choices[i].title);
        }
    }
    if (body || media || n)
        send(s, b, body, media, choices, n, res_mark, waiting, b->turn_memo);
    else
        s->log.n_res = res_mark;
    for (size_t i = 0; titles && i < n; i++) fl_buf_free(&titles[i]);
    free(titles);
    if (choices != stack) free(choices);
}

int fl_run_ask(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_run_prompt(s, b, true, false);
    out->next = FL_NEXT_WAIT;
    return 0;
}

int fl_run_ask_choices(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_run_prompt(s, b, true, true);
    out->next = FL_NEXT_WAIT;
    return 0;
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

/* The per-mode objects a config may nest its members in. */
static const char *const mode_subs[] = {"TEXT", "text", "IVR", "ivr"};

bool fl_config_has_modes(const json_t *config)
{
    for (size_t i = 0; i < FL_ARRAY_LEN(mode_subs); i++)
        if (json_is_object(json_object_get(config, mode_subs[i]))) return true;
    return false;
}

const json_t *fl_config_find(const fl_block *b, const char *key)
{
    const json_t *v = json_object_get(b->config, key);
    if (v || !b->config_has_modes) return v;
    for (size_t i = 0; i < FL_ARRAY_LEN(mode_subs); i++) {
        v = json_object_get(json_object_get(b->config, mode_subs[i]), key);
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
