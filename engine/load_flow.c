/* load_flow.c: one flow's envelope, its languages and resources, and its blocks. */
#include "load_internal.h"

#include <ctype.h>
#include <string.h>

static fl_content_type content_type_from(const char *s, bool *ok)
{
    static const struct {
        const char *name;
        fl_content_type type;
    } types[] = {{"TEXT", FL_CONTENT_TEXT},   {"AUDIO", FL_CONTENT_AUDIO},
                 {"IMAGE", FL_CONTENT_IMAGE}, {"VIDEO", FL_CONTENT_VIDEO},
                 {"DATA", FL_CONTENT_DATA},   {"DOCUMENT", FL_CONTENT_DOCUMENT}};
    for (size_t i = 0; i < FL_ARRAY_LEN(types); i++)
        if (!fl_strcasecmp(s, types[i].name)) {
            *ok = true;
            return types[i].type;
        }
    *ok = false;
    return FL_CONTENT_TEXT;
}

static const char *content_type_name(fl_content_type t)
{
    static const char *const names[] = {"TEXT", "AUDIO", "IMAGE", "VIDEO", "DOCUMENT", "DATA"};
    return names[t];
}

static void load_value(fl_loader *L, json_t *jv, const char *ptr, fl_resource_value *v)
{
    static const char *const known[] = {"language_id", "content_type", "mime_type",
                                        "modes",       "value",        NULL};
    v->json = jv;
    ld_unknown_keys(L, jv, ptr, NULL, known);
    v->language_id = ld_string(L, jv, "language_id", ptr, NULL, true);
    const char *ct = ld_string(L, jv, "content_type", ptr, NULL, true);
    if (ct) {
        bool ok;
        v->content_type = content_type_from(ct, &ok);
        if (!ok)
            ld_error(L, "E022", ptr, "content_type", NULL,
                     "unknown content_type \"%s\" (TEXT, AUDIO, IMAGE, VIDEO, DATA, DOCUMENT)", ct);
        else if (strcmp(ct, content_type_name(v->content_type)))
            json_object_set_new(jv, "content_type",
                                json_string(content_type_name(v->content_type)));
    }
    v->content_type_name = json_string_value(json_object_get(jv, "content_type"));
    v->mime_type = ld_string(L, jv, "mime_type", ptr, NULL, false);
    json_t *modes = ld_array(L, jv, "modes", ptr, NULL, true);
    if (modes) v->modes = ld_modes(L, modes, ld_ptr(L, ptr, "modes"), NULL);
    v->value = ld_string(L, jv, "value", ptr, NULL, true);
    if (v->value && ct && v->content_type == FL_CONTENT_TEXT)
        v->tmpl = ld_compile(L, v->value, FL_EXPR_TEMPLATE, ptr, "value", NULL);
}

/* A spec reading keeps flow resources as an object keyed by uuid; the rc4 shape is an array. */
static json_t *resources_as_array(json_t *parent, json_t *res)
{
    if (!json_is_object(res)) return res;
    json_t *arr = json_array();
    const char *key;
    json_t *r;
    json_object_foreach(res, key, r)
    {
        if (json_is_object(r) && !json_object_get(r, "uuid"))
            json_object_set_new(r, "uuid", json_string(key));
        json_array_append(arr, r);
    }
    json_object_set_new(parent, "resources", arr);
    return arr;
}

void ld_resources(fl_loader *L, json_t *arr, const char *base, fl_resource **out, size_t *n,
                  fl_strmap *by_uuid)
{
    *n = json_array_size(arr);
    *out = ld_arena_alloc(&L->ix->arena, *n * sizeof **out);
    size_t i;
    json_t *jr;
    json_array_foreach(arr, i, jr)
    {
        fl_resource *r = &(*out)[i];
        r->pointer = ld_ptr_index(L, base, i);
        r->json = jr;
        if (!json_is_object(jr)) {
            ld_error(L, "E011", r->pointer, NULL, NULL, "a resource must be an object");
            continue;
        }
        static const char *const known[] = {"uuid", "values", NULL};
        ld_unknown_keys(L, jr, r->pointer, NULL, known);
        r->uuid = ld_uuid(L, jr, "uuid", r->pointer, NULL, true);
        if (r->uuid && fl_strmap_put(by_uuid, r->uuid, r))
            ld_warn(L, "W006", r->pointer, "uuid", NULL,
                    "resource uuid %s is declared twice; the first declaration is used", r->uuid);
        json_t *values = ld_array(L, jr, "values", r->pointer, NULL, true);
        if (!values) continue;
        const char *vbase = ld_ptr(L, r->pointer, "values");
        r->n_values = json_array_size(values);
        r->values = ld_arena_alloc(&L->ix->arena, r->n_values * sizeof *r->values);
        size_t j;
        json_t *jv;
        json_array_foreach(values, j, jv)
        {
            const char *vp = ld_ptr_index(L, vbase, j);
            if (!json_is_object(jv)) {
                ld_error(L, "E011", vp, NULL, NULL, "a resource value must be an object");
                continue;
            }
            load_value(L, jv, vp, &r->values[j]);
        }
    }
}

static void load_languages(fl_loader *L, json_t *jf, fl_flow *f)
{
    json_t *langs = ld_array(L, jf, "languages", f->pointer, NULL, true);
    if (!langs) return;
    const char *base = ld_ptr(L, f->pointer, "languages");
    if (!json_array_size(langs)) {
        ld_error(L, "E014", f->pointer, "languages", NULL, "the flow declares no languages");
        return;
    }
    f->n_languages = json_array_size(langs);
    f->languages = ld_arena_alloc(&L->ix->arena, f->n_languages * sizeof *f->languages);
    static const char *const known[] = {"id", "label", "iso_639_3", "variant", "bcp_47", NULL};
    size_t i;
    json_t *jl;
    json_array_foreach(langs, i, jl)
    {
        fl_language *l = &f->languages[i];
        const char *p = ld_ptr_index(L, base, i);
        if (!json_is_object(jl)) {
            ld_error(L, "E011", p, NULL, NULL, "a language must be an object");
            continue;
        }
        ld_unknown_keys(L, jl, p, NULL, known);
        l->id = ld_string(L, jl, "id", p, NULL, true);
        l->iso_639_3 = ld_string(L, jl, "iso_639_3", p, NULL, true);
        l->label = ld_string(L, jl, "label", p, NULL, false);
        l->variant = ld_string(L, jl, "variant", p, NULL, false);
        l->bcp_47 = ld_string(L, jl, "bcp_47", p, NULL, false);
        const char *iso = l->iso_639_3;
        if (iso && !(strlen(iso) == 3 && islower((unsigned char)iso[0]) &&
                     islower((unsigned char)iso[1]) && islower((unsigned char)iso[2])))
            ld_error(L, "E019", p, "iso_639_3", NULL,
                     "iso_639_3 must be three lower-case letters, not \"%s\"", iso);
        for (size_t k = 0; l->id && k < i; k++)
            if (f->languages[k].id && !strcmp(f->languages[k].id, l->id))
                ld_error(L, "E021", p, "id", NULL, "language id \"%s\" is declared twice", l->id);
    }
}

/* An empty string for an optional block reference means "none" in Turn exports. */
static const char *block_ref(fl_loader *L, json_t *jf, const char *key, fl_flow *f)
{
    json_t *v = json_object_get(jf, key);
    if (json_is_string(v) && !json_string_length(v)) {
        json_object_del(jf, key);
        return NULL;
    }
    return ld_uuid(L, jf, key, f->pointer, NULL, false);
}

void ld_flow(fl_loader *L, json_t *jf, fl_flow *f)
{
    f->json = jf;
    f->lookup = fl_xcalloc(1, sizeof(fl_flow_lookup));
    if (!json_is_object(jf)) {
        ld_error(L, "E011", f->pointer, NULL, NULL, "a flow must be an object");
        return;
    }
    static const char *const known[] = {"uuid",
                                        "name",
                                        "label",
                                        "last_modified",
                                        "interaction_timeout",
                                        "vendor_metadata",
                                        "supported_modes",
                                        "first_block_id",
                                        "exit_block_id",
                                        "languages",
                                        "blocks",
                                        "resources",
                                        NULL};
    ld_unknown_keys(L, jf, f->pointer, NULL, known);
    f->uuid = ld_uuid(L, jf, "uuid", f->pointer, NULL, true);
    f->name = ld_string(L, jf, "name", f->pointer, NULL, true);
    f->label = ld_string(L, jf, "label", f->pointer, NULL, false);
    ld_object(L, jf, "vendor_metadata", f->pointer, NULL, false);
    if (!ld_string(L, jf, "last_modified", f->pointer, NULL, false) &&
        !json_object_get(jf, "last_modified"))
        ld_warn(L, "W003", f->pointer, "last_modified", NULL,
                "the spec requires 'last_modified'; it is missing");

    json_int_t timeout = 0;
    if (ld_integer(L, jf, "interaction_timeout", f->pointer, NULL, false, &timeout)) {
        if (timeout < 0)
            ld_error(L, "E031", f->pointer, "interaction_timeout", NULL,
                     "interaction_timeout must not be negative");
        else
            f->interaction_timeout_ms = (int64_t)timeout * 1000;
    } else if (!json_object_get(jf, "interaction_timeout")) {
        ld_warn(L, "W003", f->pointer, "interaction_timeout", NULL,
                "the spec requires 'interaction_timeout'; without it runs never time out");
    }

    json_t *modes = ld_array(L, jf, "supported_modes", f->pointer, NULL, true);
    if (modes) {
        if (!json_array_size(modes))
            ld_error(L, "E014", f->pointer, "supported_modes", NULL, "the flow supports no modes");
        f->supported_modes = ld_modes(L, modes, ld_ptr(L, f->pointer, "supported_modes"), NULL);
    }
    if (!block_ref(L, jf, "first_block_id", f) && !json_object_get(jf, "first_block_id"))
        ld_warn(L, "W002", f->pointer, "first_block_id", NULL,
                "no first_block_id: the flow starts at its first block");
    block_ref(L, jf, "exit_block_id", f);

    load_languages(L, jf, f);

    json_t *res = json_object_get(jf, "resources");
    if (res && !json_is_null(res)) {
        if (json_is_array(res) || json_is_object(res)) {
            res = resources_as_array(jf, res);
            fl_flow_lookup *lk = f->lookup;
            ld_resources(L, res, ld_ptr(L, f->pointer, "resources"), &f->resources, &f->n_resources,
                         &lk->resources_by_uuid);
        } else {
            ld_error(L, "E011", f->pointer, "resources", NULL,
                     "'resources' must be an array of resources");
        }
    }

    json_t *blocks = ld_array(L, jf, "blocks", f->pointer, NULL, true);
    if (!blocks) return;
    if (!json_array_size(blocks)) {
        ld_error(L, "E014", f->pointer, "blocks", NULL, "the flow has no blocks");
        return;
    }
    const char *bbase = ld_ptr(L, f->pointer, "blocks");
    f->n_blocks = json_array_size(blocks);
    f->blocks = ld_arena_alloc(&L->ix->arena, f->n_blocks * sizeof *f->blocks);
    for (size_t i = 0; i < f->n_blocks; i++) {
        fl_block *b = &f->blocks[i];
        b->flow = f;
        b->index = i;
        b->pointer = ld_ptr_index(L, bbase, i);
        json_t *jb = json_array_get(blocks, i);
        if (!json_is_object(jb)) {
            ld_error(L, "E011", b->pointer, NULL, NULL, "a block must be an object");
            json_array_set_new(blocks, i, json_object());
            jb = json_array_get(blocks, i);
            json_object_set_new(jb, "config", json_object());
            b->json = jb;
            b->config = json_object_get(jb, "config");
            continue;
        }
        ld_block(L, jb, b);
    }
}
