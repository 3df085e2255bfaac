/*
 * MobilePrimitives.SelectOneResponse: a reply matches a choice by the choice's tests (rc3 `test`,
 * rc4 `text_tests` for the run language, `ivr_test` in IVR), by a button/list reply id or title,
 * by its 1-based number, or by its name. A match stores Turn's map {__value__, name, index,
 * label} and leaves by exit selection; no match stores the raw reply and leaves by the default.
 */
#include "engine/run.h"
#include "blocks/render.h"
#include "blocks/select.h"
#include "engine/memo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool choice_tests(fl_session *s, const fl_block *b, const fl_choice *c)
{
    if (s->mode == FL_MODE_IVR && c->ivr_test.expr) return fl_run_test(s, b, c->ivr_test.expr);
    const fl_language *lang = s->language ? fl_flow_language(b->flow, s->language) : NULL;
    const char *lang_id = lang ? lang->id : b->flow->n_languages ? b->flow->languages[0].id : NULL;
    for (size_t i = 0; i < c->n_tests; i++) {
        const fl_choice_test *t = &c->tests[i];
        if (!t->expr) continue;
        if (t->language && lang_id && strcmp(t->language, lang_id)) continue;
        if (fl_run_test(s, b, t->expr)) return true;
    }
    return false;
}

/* Trims ASCII space around s into out. */
static void trimmed(const char *s, fl_buf *out)
{
    fl_buf_reset(out);
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    fl_buf_append(out, s, n);
    if (!out->data) fl_buf_append(out, "", 0);
}

long fl_select_match_token(fl_session *s, const fl_block *b, const char *text, const char *id)
{
    fl_buf title = FL_BUF_INIT, enc = FL_BUF_INIT, t = FL_BUF_INIT;
    long found = -1;
    /* A button or list reply: its id is base64 of the title Turn sent, or the title itself.
     * (A reply without an id is matched by number, name and title below.) */
    if (id) {
        for (size_t i = 0; i < b->n_choices && found < 0; i++) {
            fl_buf_reset(&title);
            fl_run_choice_title(s, b, i, &title);
            const char *tt = title.data ? title.data : "";
            fl_render_choice_id(tt, &enc);
            if ((enc.data && !strcmp(enc.data, id)) || !strcmp(tt, id) ||
                (b->choices[i].name && !strcmp(b->choices[i].name, id)))
                found = (long)i;
            if (found < 0 && text && !strcmp(tt, text)) found = (long)i;
        }
    }
    if (found < 0 && text) {
        trimmed(text, &t);
        /* Its 1-based number. */
        char *end;
        long n = strtol(t.data, &end, 10);
        if (end != t.data && !*end && n >= 1 && (size_t)n <= b->n_choices) found = n - 1;
        /* Its name, exactly, then ignoring case. */
        for (size_t i = 0; i < b->n_choices && found < 0; i++)
            if (b->choices[i].name && !strcmp(b->choices[i].name, t.data)) found = (long)i;
        for (size_t i = 0; i < b->n_choices && found < 0; i++)
            if (b->choices[i].name && !fl_strcasecmp(b->choices[i].name, t.data)) found = (long)i;
        /* Its title (a typed label). */
        for (size_t i = 0; i < b->n_choices && found < 0; i++) {
            fl_buf_reset(&title);
            fl_run_choice_title(s, b, i, &title);
            if (title.data && !fl_strcasecmp(title.data, t.data)) found = (long)i;
        }
    }
    fl_buf_free(&title);
    fl_buf_free(&enc);
    fl_buf_free(&t);
    return found;
}

json_t *fl_select_choice_value(fl_session *s, const fl_block *b, size_t i)
{
    const fl_choice *c = &b->choices[i];
    /* The same for every run in a language and mode: built once, then shared (memo.h). */
    const char *language = fl_run_language_id(s, b->flow);
    const fl_memo *m = c->value_memo ? fl_memo_get(c->value_memo, language, s->mode) : NULL;
    if (m) return json_incref(m->json);
    const char *label = fl_run_resource_raw(s, b, c->prompt);
    json_t *v = json_object();
    json_object_set_new(v, "__value__", json_string(c->name ? c->name : ""));
    json_object_set_new(v, "name", json_string(c->name ? c->name : ""));
    json_object_set_new(v, "index", json_integer((json_int_t)i));
    json_object_set_new(v, "label",
                        label ? json_string(label) : json_string(c->name ? c->name : ""));
    if (c->value_memo) fl_memo_put(c->value_memo, language, s->mode, NULL, 0, json_incref(v));
    return v;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    fl_run_set_response(s, response);
    long found = -1;
    /* Choice tests see block.response = the raw reply. */
    if (!in->reply_id) {
        fl_run_tests_begin(s);
        for (size_t i = 0; i < b->n_choices && found < 0; i++)
            if (choice_tests(s, b, &b->choices[i])) found = (long)i;
        fl_run_tests_end(s);
    }
    if (found < 0) found = fl_select_match_token(s, b, in->text, in->reply_id);
    fl_run_answer(s, b, found >= 0 ? fl_select_choice_value(s, b, (size_t)found) : NULL, response,
                  out);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_select_one = {fl_run_ask_choices, resume, NULL};
