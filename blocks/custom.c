/*
 * custom.c: custom block types registered with C callbacks (fl_block_types_*), and the vtable that
 * runs them through the fl_block_ctx helpers.
 */
#include "blocks/custom.h"
#include "engine/run.h"

#include <stdlib.h>
#include <string.h>

struct fl_block_types {
    fl_custom_block_type **types;
    size_t n;
};

int fl_block_types_new(fl_block_types **out)
{
    if (!out) return FL_EINVAL;
    *out = fl_xcalloc(1, sizeof **out);
    return 0;
}

void fl_block_types_free(fl_block_types *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->types[i]->type);
        free(t->types[i]);
    }
    free(t->types);
    free(t);
}

const fl_custom_block_type *fl_block_types_find(const fl_block_types *t, const char *type)
{
    if (!t || !type) return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->types[i]->type, type)) return t->types[i];
    return NULL;
}

int fl_block_types_add(fl_block_types *t, const fl_block_type_def *def)
{
    if (!t || !def || !def->type || !*def->type || !def->enter) return FL_EINVAL;
    fl_custom_block_type *ct = (fl_custom_block_type *)fl_block_types_find(t, def->type);
    if (!ct) {
        ct = fl_xcalloc(1, sizeof *ct);
        ct->type = fl_xstrdup(def->type);
        t->types = fl_xrealloc(t->types, (t->n + 1) * sizeof *t->types);
        t->types[t->n++] = ct;
    }
    ct->def = *def;
    ct->def.type = ct->type;
    return 0;
}

/* ---- running a custom block ---- */

struct fl_block_ctx {
    fl_session *s;
    const fl_block *b;
    fl_step *out;
    bool in_enter, decided;
};

const fl_block *fl_block_ctx_block(const fl_block_ctx *bx)
{
    return bx ? bx->b : NULL;
}

const json_t *fl_block_ctx_context(const fl_block_ctx *bx)
{
    if (!bx) return NULL;
    /* The context changes between callbacks of one call: each asks for a fresh view, and the
     * earlier ones stay valid until the call ends. */
    fl_session *s = bx->s;
    if (s->view) {
        if (!s->views) s->views = json_array();
        json_array_append_new(s->views, s->view);
    }
    s->view = fl_context_json(s);
    return s->view;
}

int fl_block_ctx_eval(fl_block_ctx *bx, const char *tpl, json_t **out, fl_error *err)
{
    if (!bx || !tpl || !out) return fl_error_set(err, FL_EINVAL, "eval: missing argument");
    fl_eval_options o;
    fl_run_eval_options(bx->s, &o);
    return fl_eval_text_or_value(bx->s->ctx, &o, &bx->s->env, tpl, out, err);
}

int fl_block_ctx_send_text(fl_block_ctx *bx, const char *text)
{
    if (!bx || !text) return FL_EINVAL;
    fl_run_send_text(bx->s, bx->b, text, false);
    return 0;
}

int fl_block_ctx_send_prompt(fl_block_ctx *bx)
{
    if (!bx) return FL_EINVAL;
    fl_run_prompt(bx->s, bx->b, false, bx->b->n_choices > 0);
    return 0;
}

int fl_block_ctx_set_value(fl_block_ctx *bx, json_t *value, const char *response)
{
    if (!bx) {
        json_decref(value);
        return FL_EINVAL;
    }
    fl_run_store(bx->s, bx->b, value, response);
    return 0;
}

int fl_block_ctx_wait(fl_block_ctx *bx)
{
    if (!bx || !bx->in_enter) return FL_ESTATE;
    bx->out->next = FL_NEXT_WAIT;
    bx->decided = true;
    return 0;
}

int fl_block_ctx_exit(fl_block_ctx *bx, const char *id)
{
    if (!bx) return FL_EINVAL;
    const fl_block *b = bx->b;
    const fl_exit *e = NULL;
    if (!id)
        e = b->default_exit;
    else
        for (size_t i = 0; i < b->n_exits && !e; i++)
            if ((b->exits[i].name && !strcmp(b->exits[i].name, id)) ||
                (b->exits[i].uuid && !strcmp(b->exits[i].uuid, id)))
                e = &b->exits[i];
    if (!e) return FL_ENOTFOUND;
    bx->out->next = FL_NEXT_EXIT;
    bx->out->exit = e;
    bx->decided = true;
    return 0;
}

static void finish(fl_block_ctx *bx, int rc)
{
    if (rc < 0) {
        fl_emit_error(bx->s, bx->b, "custom_block", NULL, "custom block type %s failed: %s",
                      bx->b->type, fl_strerror(rc));
        fl_run_leave_default(bx->s, bx->b, bx->out);
    } else if (!bx->decided) {
        fl_run_leave_selected(bx->s, bx->b, bx->out);
    }
}

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    if (!b->custom) {
        fl_emit_error(s, b, "unknown_block_type", NULL, "no block type %s is registered",
                      b->type ? b->type : "(none)");
        fl_run_leave_default(s, b, out);
        return 0;
    }
    fl_block_ctx bx = {s, b, out, true, false};
    int rc = b->custom->def.enter(b->custom->def.userdata, &bx);
    finish(&bx, rc);
    return 0;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_block_ctx bx = {s, b, out, false, false};
    int rc = 0;
    if (b->custom && b->custom->def.resume)
        rc = b->custom->def.resume(b->custom->def.userdata, &bx, in->message);
    finish(&bx, rc);
    return 0;
}

const fl_block_vtable fl_block_custom = {enter, resume, NULL};
