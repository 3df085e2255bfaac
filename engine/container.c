/*
 * container.c: the loaded model's lookups (hash tables built once at load), accessors, names of
 * modes and block kinds, resource value selection, and freeing.
 */
#include "load_internal.h"
#include "memo.h"

#include <stdlib.h>
#include <string.h>

/* ---- Modes and block kinds ------------------------------------------------------------------ */

static const char *const mode_names[] = {"TEXT", "SMS", "USSD", "IVR", "RICH_MESSAGING", "OFFLINE"};

unsigned fl_mode_from_name(const char *name)
{
    if (!name) return 0;
    for (size_t i = 0; i < FL_ARRAY_LEN(mode_names); i++)
        if (!fl_strcasecmp(name, mode_names[i])) return 1u << i;
    return 0;
}

const char *fl_mode_name(unsigned mode_bit)
{
    for (size_t i = 0; i < FL_ARRAY_LEN(mode_names); i++)
        if (mode_bit == 1u << i) return mode_names[i];
    return NULL;
}

static const char *const kind_names[FL_BT_COUNT] = {
    [FL_BT_CUSTOM] = NULL,
    [FL_BT_LOG] = "Core.Log",
    [FL_BT_CASE] = "Core.Case",
    [FL_BT_OUTPUT] = "Core.Output",
    [FL_BT_RUN_FLOW] = "Core.RunFlow",
    [FL_BT_SET_CONTACT_PROPERTY] = "Core.SetContactProperty",
    [FL_BT_SET_GROUP_MEMBERSHIP] = "Core.SetGroupMembership",
    [FL_BT_WEBHOOK] = "Core.Webhook",
    [FL_BT_PRINT] = "ConsoleIO.Print",
    [FL_BT_READ] = "ConsoleIO.Read",
    [FL_BT_MESSAGE] = "MobilePrimitives.Message",
    [FL_BT_SELECT_ONE] = "MobilePrimitives.SelectOneResponse",
    [FL_BT_SELECT_MANY] = "MobilePrimitives.SelectManyResponses",
    [FL_BT_NUMERIC] = "MobilePrimitives.NumericResponse",
    [FL_BT_OPEN] = "MobilePrimitives.OpenResponse",
    [FL_BT_LOCATION] = "SmartDevices.LocationResponse",
    [FL_BT_PHOTO] = "SmartDevices.PhotoResponse",
};

const char *fl_block_kind_name(fl_block_kind kind)
{
    return (unsigned)kind < FL_BT_COUNT ? kind_names[kind] : NULL;
}

fl_block_kind fl_block_kind_from_type(const char *type)
{
    if (!type) return FL_BT_CUSTOM;
    for (int k = 1; k < FL_BT_COUNT; k++)
        if (!strcmp(type, kind_names[k])) return (fl_block_kind)k;
    /* The reference runner's spelling of SelectMany. */
    if (!strcmp(type, "MobilePrimitives.SelectManyResponse")) return FL_BT_SELECT_MANY;
    return FL_BT_CUSTOM;
}

/* ---- Lookup tables -------------------------------------------------------------------------- */

void ld_index(fl_loader *L)
{
    fl_container *c = L->c;
    fl_index *ix = L->ix;
    for (size_t i = 0; i < c->n_flows; i++) {
        fl_flow *f = &c->flows[i];
        fl_flow_lookup *lk = f->lookup;
        if (f->uuid && fl_strmap_put(&ix->flows_by_uuid, f->uuid, f))
            ld_error(L, "E013", f->pointer, "uuid", NULL, "flow uuid %s is used twice", f->uuid);
        if (f->name) fl_strmap_put(&ix->flows_by_name, f->name, f);
        for (size_t j = 0; j < f->n_blocks; j++) {
            fl_block *b = &f->blocks[j];
            if (b->uuid) {
                fl_block *prev = fl_strmap_put(&ix->blocks_by_uuid, b->uuid, b);
                if (prev)
                    ld_error(L, "E013", b->pointer, "uuid", b, "block uuid %s is also used by %s",
                             b->uuid, prev->pointer);
            }
            if (b->name && fl_strmap_put(&lk->blocks_by_name, b->name, b))
                ld_warn(L, "W005", b->pointer, "name", b,
                        "another block of this flow is named \"%s\"; results by name collide",
                        b->name);
        }
    }
}

void ld_flow_lookup_free(fl_flow *f)
{
    fl_flow_lookup *lk = f->lookup;
    if (!lk) return;
    fl_strmap_free(&lk->blocks_by_name);
    fl_strmap_free(&lk->resources_by_uuid);
    free(lk);
    f->lookup = NULL;
}

const fl_resource *fl_find_resource(const fl_flow *f, const char *uuid)
{
    if (!f || !uuid) return NULL;
    const fl_flow_lookup *lk = f->lookup;
    const fl_resource *r = lk ? fl_strmap_get(&lk->resources_by_uuid, uuid) : NULL;
    if (r) return r;
    const fl_index *ix = f->container->index;
    return fl_strmap_get(&ix->resources_by_uuid, uuid);
}

const fl_block *fl_find_block_by_uuid(const fl_container *c, const char *uuid)
{
    if (!c || !uuid) return NULL;
    const fl_index *ix = c->index;
    return fl_strmap_get(&ix->blocks_by_uuid, uuid);
}

const fl_flow *fl_find_flow_by_uuid(const fl_container *c, const char *uuid)
{
    if (!c || !uuid) return NULL;
    const fl_index *ix = c->index;
    return fl_strmap_get(&ix->flows_by_uuid, uuid);
}

const fl_language *fl_flow_language(const fl_flow *f, const char *id_or_iso)
{
    if (!f || !id_or_iso) return NULL;
    for (size_t i = 0; i < f->n_languages; i++) /* the engine passes the flow's own strings */
        if (f->languages[i].id == id_or_iso) return &f->languages[i];
    for (size_t i = 0; i < f->n_languages; i++)
        if (f->languages[i].id && !strcmp(f->languages[i].id, id_or_iso)) return &f->languages[i];
    for (size_t i = 0; i < f->n_languages; i++)
        if (f->languages[i].iso_639_3 && !fl_strcasecmp(f->languages[i].iso_639_3, id_or_iso))
            return &f->languages[i];
    return NULL;
}

const fl_expr *fl_block_config_expr(const fl_block *b, const char *key)
{
    if (!b || !key) return NULL;
    for (size_t i = 0; i < b->n_config_exprs; i++)
        if (!strcmp(b->config_exprs[i].key, key)) return b->config_exprs[i].expr;
    return NULL;
}

/* ---- Resource values ------------------------------------------------------------------------ */

/* The TEXT mode stands for every text channel: a TEXT value serves SMS, USSD and rich messaging
 * runs, and a TEXT run takes an SMS/USSD/rich messaging value when there is no TEXT one. */
static unsigned text_family(unsigned mode)
{
    if (mode & (FL_MODE_SMS | FL_MODE_USSD | FL_MODE_RICH_MESSAGING)) return FL_MODE_TEXT;
    if (mode & FL_MODE_TEXT) return FL_MODE_SMS | FL_MODE_USSD | FL_MODE_RICH_MESSAGING;
    return 0;
}

static const fl_resource_value *pick_in(const fl_resource *r, const char *lang, unsigned modes,
                                        int want)
{
    if (!modes) return NULL;
    for (size_t i = 0; i < r->n_values; i++) {
        const fl_resource_value *v = &r->values[i];
        if (v->language_id != lang && (!v->language_id || strcmp(v->language_id, lang))) continue;
        if (!(v->modes & modes)) continue;
        if (want >= 0 && (int)v->content_type != want) continue;
        return v;
    }
    return NULL;
}

static const fl_resource_value *pick_lang(const fl_resource *r, const char *lang, unsigned mode,
                                          int want)
{
    const fl_resource_value *v = pick_in(r, lang, mode, want);
    return v ? v : pick_in(r, lang, text_family(mode), want);
}

const fl_resource_value *fl_resource_pick(const fl_resource *r, const fl_flow *f,
                                          const char *language_id, unsigned mode, int want_content)
{
    if (!r) return NULL;
    const char *first = f && f->n_languages ? f->languages[0].id : NULL;
    const char *lang = language_id;
    if (lang && f) {
        const fl_language *l = fl_flow_language(f, lang);
        if (l && l->id) lang = l->id;
    }
    if (!lang) lang = first;
    const fl_resource_value *v = lang ? pick_lang(r, lang, mode, want_content) : NULL;
    if (!v && first && (!lang || strcmp(first, lang))) v = pick_lang(r, first, mode, want_content);
    return v;
}

/* ---- Public accessors ----------------------------------------------------------------------- */

const json_t *fl_container_json(const fl_container *c)
{
    return c ? c->root : NULL;
}
const char *fl_container_uuid(const fl_container *c)
{
    return c ? c->uuid : NULL;
}
const char *fl_container_name(const fl_container *c)
{
    return c ? c->name : NULL;
}
const char *fl_container_spec_version(const fl_container *c)
{
    return c ? c->spec_version : NULL;
}
size_t fl_container_flow_count(const fl_container *c)
{
    return c ? c->n_flows : 0;
}
const fl_flow *fl_container_flow_at(const fl_container *c, size_t i)
{
    return c && i < c->n_flows ? &c->flows[i] : NULL;
}

const fl_flow *fl_container_find_flow(const fl_container *c, const char *uuid_or_name)
{
    if (!c || !uuid_or_name) return NULL;
    const fl_flow *f = fl_find_flow_by_uuid(c, uuid_or_name);
    if (f) return f;
    const fl_index *ix = c->index;
    return fl_strmap_get(&ix->flows_by_name, uuid_or_name);
}

const char *fl_flow_uuid(const fl_flow *f)
{
    return f ? f->uuid : NULL;
}
const char *fl_flow_name(const fl_flow *f)
{
    return f ? f->name : NULL;
}
size_t fl_flow_block_count(const fl_flow *f)
{
    return f ? f->n_blocks : 0;
}
const fl_block *fl_flow_block_at(const fl_flow *f, size_t i)
{
    return f && i < f->n_blocks ? &f->blocks[i] : NULL;
}

const fl_block *fl_flow_find_block(const fl_flow *f, const char *uuid_or_name)
{
    if (!f || !uuid_or_name) return NULL;
    const fl_block *b = fl_find_block_by_uuid(f->container, uuid_or_name);
    if (b && b->flow == f) return b;
    const fl_flow_lookup *lk = f->lookup;
    return lk ? fl_strmap_get(&lk->blocks_by_name, uuid_or_name) : NULL;
}

const json_t *fl_flow_json(const fl_flow *f)
{
    return f ? f->json : NULL;
}
const char *fl_block_uuid(const fl_block *b)
{
    return b ? b->uuid : NULL;
}
const char *fl_block_name(const fl_block *b)
{
    return b ? b->name : NULL;
}
const char *fl_block_type(const fl_block *b)
{
    return b ? b->type : NULL;
}
const fl_flow *fl_block_flow(const fl_block *b)
{
    return b ? b->flow : NULL;
}
const json_t *fl_block_json(const fl_block *b)
{
    return b ? b->json : NULL;
}

void fl_container_free(fl_container *c)
{
    if (!c) return;
    fl_index *ix = c->index;
    for (size_t i = 0; i < c->n_flows; i++) {
        fl_flow *f = &c->flows[i];
        ld_flow_lookup_free(f);
        json_decref(f->context);
        for (size_t k = 0; k < f->n_languages; k++) json_decref(f->languages[k].context);
        for (size_t k = 0; k < f->n_blocks; k++) {
            for (size_t x = 0; x < f->blocks[k].n_exits; x++)
                json_decref(f->blocks[k].exits[x].record);
            if (f->blocks[k].turn_memo) fl_memo_clear(f->blocks[k].turn_memo);
            for (size_t x = 0; x < f->blocks[k].n_choices; x++)
                if (f->blocks[k].choices[x].value_memo)
                    fl_memo_clear(f->blocks[k].choices[x].value_memo);
        }
    }
    if (ix) {
        for (size_t i = 0; i < ix->n_exprs; i++) fl_expr_free(ix->exprs[i]);
        free(ix->exprs);
        fl_strmap_free(&ix->flows_by_uuid);
        fl_strmap_free(&ix->flows_by_name);
        fl_strmap_free(&ix->blocks_by_uuid);
        fl_strmap_free(&ix->resources_by_uuid);
        json_decref(ix->container_resources);
        ld_arena_free(ix->arena);
        free(ix);
    }
    json_decref(c->root);
    free(c);
}
