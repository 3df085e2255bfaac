/*
 * load_texts.c: what every session would otherwise build again, prepared once per container:
 * blocks and resources as compact JSON text (envelopes copy the bytes), resource values split
 * around "value", prompts resolved to their resources, and the immutable context objects that
 * runs share by reference (run.flow, run.language, a result's exit). These jansson values are
 * never changed after loading; sessions only take references to them.
 */
#include "blocks/render.h"
#include "engine/json_write.h"
#include "engine/load_internal.h"
#include "engine/memo.h"
#include "engine/run.h"
#include "expr/expr.h"

#include <string.h>

static const char *arena_text(fl_loader *L, const fl_buf *b, size_t *len)
{
    char *t = ld_arena_alloc(&L->ix->arena, b->len + 1);
    if (b->len) memcpy(t, b->data, b->len);
    *len = b->len;
    return t;
}

/* prefix + json-quoted text + suffix prints what json_copy(v) with "value" set to text prints:
 * the member keeps its place, or comes last when the object had none. */
static void split_value(fl_loader *L, fl_resource_value *v, fl_buf *b)
{
    fl_buf_reset(b);
    fl_buf_putc(b, '{');
    size_t prefix_end = 0;
    bool seen = false, first = true;
    const char *key;
    size_t klen;
    json_t *item;
    json_object_keylen_foreach((json_t *)v->json, key, klen, item)
    {
        if (!first) fl_buf_putc(b, ',');
        first = false;
        fl_json_quote(b, key, klen);
        fl_buf_putc(b, ':');
        if (klen == 5 && !memcmp(key, "value", 5)) {
            seen = true;
            prefix_end = b->len;
            continue;
        }
        fl_json_dump(b, item);
    }
    if (!seen) {
        if (!first) fl_buf_putc(b, ',');
        fl_json_quote(b, "value", 5);
        fl_buf_putc(b, ':');
        prefix_end = b->len;
    }
    fl_buf_putc(b, '}');
    char *t = ld_arena_alloc(&L->ix->arena, b->len + 1);
    memcpy(t, b->data, b->len);
    v->eval_prefix = t;
    v->eval_prefix_len = prefix_end;
    v->eval_suffix = t + prefix_end;
    v->eval_suffix_len = b->len - prefix_end;
}

/* Values name their language with the flow's own string where they can, so that picking a value
 * compares pointers (fl_resource_pick falls back to comparing text). */
static void share_language_ids(fl_resource *r, const fl_flow *f)
{
    for (size_t k = 0; f && k < r->n_values; k++)
        for (size_t i = 0; r->values[k].language_id && i < f->n_languages; i++)
            if (f->languages[i].id && !strcmp(f->languages[i].id, r->values[k].language_id))
                r->values[k].language_id = f->languages[i].id;
}

static void resource_texts(fl_loader *L, fl_resource *rs, size_t n, const fl_flow *f, fl_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        fl_resource *r = &rs[i];
        share_language_ids(r, f);
        fl_buf_reset(b);
        fl_json_dump(b, r->json);
        r->json_text = arena_text(L, b, &r->json_text_len);
        for (size_t k = 0; k < r->n_values; k++) {
            fl_resource_value *v = &r->values[k];
            if (json_is_object(v->json)) split_value(L, v, b);
            fl_buf_reset(b);
            size_t len;
            if (v->tmpl && fl_expr_literal_text(v->tmpl, b)) v->literal = arena_text(L, b, &len);
        }
    }
}

/* A string (or null) as JSON text in the arena. */
static fl_json_text quoted(fl_loader *L, const char *v, fl_buf *b)
{
    fl_buf_reset(b);
    if (v)
        fl_json_quote(b, v, strlen(v));
    else
        fl_buf_puts(b, "null");
    fl_json_text t;
    t.text = arena_text(L, b, &t.len);
    return t;
}

static bool resource_is_static(const fl_resource *r)
{
    for (size_t i = 0; r && i < r->n_values; i++)
        if (r->values[i].tmpl && !r->values[i].literal) return false;
    return true;
}

/* Nothing the block renders is a template, so its turn depends on language and mode alone. */
static bool renders_static_turn(const fl_block *blk)
{
    const unsigned evaluated = FL_RENDER_HAS_TEMPLATE | FL_RENDER_HAS_FLOW | FL_RENDER_HAS_HEADER |
                               FL_RENDER_HAS_FOOTER | FL_RENDER_HAS_LIST_BUTTON |
                               FL_RENDER_HAS_FILENAME;
    if (blk->render_members & evaluated) return false;
    if (!resource_is_static(blk->prompt_resource)) return false;
    for (size_t i = 0; i < blk->n_choices; i++)
        if (!resource_is_static(blk->choices[i].prompt_resource)) return false;
    return true;
}

static void block_texts(fl_loader *L, fl_block *blk, fl_buf *b)
{
    blk->render_members = fl_render_members(blk->config);
    blk->config_has_modes = fl_config_has_modes(blk->config);
    blk->name_reserved = blk->name && fl_context_name_is_reserved(blk->name);
    blk->uuid_json = quoted(L, blk->uuid, b);
    blk->name_json = quoted(L, blk->name, b);
    for (size_t i = 0; i < blk->n_exits; i++) {
        blk->exits[i].uuid_json = quoted(L, blk->exits[i].uuid, b);
        blk->exits[i].name_json = quoted(L, blk->exits[i].name, b);
    }
    fl_buf_reset(b);
    fl_json_dump(b, blk->json);
    blk->json_text = arena_text(L, b, &blk->json_text_len);
    const char *uuid = blk->prompt ? blk->prompt : blk->question_prompt;
    if (!uuid) uuid = json_string_value(json_object_get(blk->config, "prompt"));
    blk->prompt_resource = uuid ? fl_find_resource(blk->flow, uuid) : NULL;
    for (size_t i = 0; i < blk->n_choices; i++) {
        fl_choice *c = &blk->choices[i];
        c->prompt_resource = c->prompt ? fl_find_resource(blk->flow, c->prompt) : NULL;
        if (blk->kind == FL_BT_SELECT_ONE)
            c->value_memo = ld_arena_alloc(&L->ix->arena, sizeof *c->value_memo);
    }
    if (renders_static_turn(blk))
        blk->turn_memo = ld_arena_alloc(&L->ix->arena, sizeof *blk->turn_memo);
}

static json_t *str_or_null(const char *v)
{
    return v ? json_string(v) : json_null();
}

static void context_objects(fl_flow *f)
{
    f->context = json_pack("{s:o, s:o, s:o}", "id", str_or_null(f->uuid), "name",
                           str_or_null(f->name), "__value__", str_or_null(f->name));
    for (size_t i = 0; i < f->n_languages; i++) {
        fl_language *l = &f->languages[i];
        l->context = json_pack("{s:o, s:o, s:o, s:o}", "id", str_or_null(l->id), "iso_639_3",
                               str_or_null(l->iso_639_3), "label", str_or_null(l->label),
                               "__value__", str_or_null(l->id));
    }
    for (size_t k = 0; k < f->n_blocks; k++) {
        fl_block *b = &f->blocks[k];
        for (size_t i = 0; i < b->n_exits; i++) {
            fl_exit *e = &b->exits[i];
            e->record = json_pack("{s:o, s:o, s:o}", "name", str_or_null(e->name), "id",
                                  str_or_null(e->uuid), "__value__", str_or_null(e->name));
        }
    }
}

void ld_texts(fl_loader *L)
{
    fl_container *c = L->c;
    fl_buf b = FL_BUF_INIT;
    resource_texts(L, c->resources, c->n_resources, c->n_flows ? &c->flows[0] : NULL, &b);
    for (size_t i = 0; i < c->n_flows; i++) {
        fl_flow *f = &c->flows[i];
        resource_texts(L, f->resources, f->n_resources, f, &b);
        f->uuid_json = quoted(L, f->uuid, &b);
        f->name_json = quoted(L, f->name, &b);
        for (size_t k = 0; k < f->n_blocks; k++) block_texts(L, &f->blocks[k], &b);
        context_objects(f);
    }
    fl_buf_free(&b);
}
