/*
 * normalise.c: rewrites the older shapes of a block's config into the rc4 shape, in place, and
 * records in L->shape how it was written (diagnostics then point at the original text).
 *   - `ivr` / `text` sub-objects -> `IVR` / `TEXT`
 *   - set_contact_property: one object (rc2/rc3) -> array of objects (rc4)
 *   - Message `message` (rc2) -> `prompt`
 *   - choices: rc2 map {name: prompt} and rc3 [{name, test, prompt}] -> rc4
 *     [{name, prompt, text_tests: [{test_expression}], ivr_test: {test_expression}}]
 *   - SetGroupMembership group_key / group_name (rc3) -> groups: [{group_key, group_name}]
 */
#include "load_internal.h"

#include <string.h>

static void upper_key(fl_loader *L, fl_block *b, json_t *config, const char *cbase,
                      const char *upper)
{
    const char *key;
    json_t *v;
    const char *found = NULL;
    json_object_foreach(config, key, v) if (!fl_strcasecmp(key, upper) && strcmp(key, upper))
    {
        found = key;
        break;
    }
    if (!found) return;
    if (json_object_get(config, upper)) {
        ld_warn(L, "W010", cbase, found, b, "'%s' is ignored: '%s' is used", found, upper);
        json_object_del(config, found);
        return;
    }
    json_t *val = json_incref(json_object_get(config, found));
    json_object_del(config, found);
    json_object_set_new(config, upper, val);
}

static void normalise_choices(fl_loader *L, fl_block *b, json_t *config, const char *cbase)
{
    json_t *choices = json_object_get(config, "choices");
    const char *base = ld_ptr(L, cbase, "choices");
    L->shape.choices_shape = 4;
    if (json_is_object(choices)) {
        L->shape.choices_shape = 2;
        json_t *arr = json_array();
        b->n_choices = json_object_size(choices);
        b->choices = ld_arena_alloc(&L->ix->arena, b->n_choices * sizeof *b->choices);
        const char *name;
        json_t *prompt;
        size_t i = 0;
        json_object_foreach(choices, name, prompt)
        {
            json_t *c = json_object();
            json_object_set_new(c, "name", json_string(name));
            if (!json_is_null(prompt)) json_object_set(c, "prompt", prompt);
            json_array_append_new(arr, c);
            b->choices[i++].pointer = ld_ptr(L, base, name);
        }
        json_object_set_new(config, "choices", arr);
        return;
    }
    if (!json_is_array(choices)) return;
    b->n_choices = json_array_size(choices);
    b->choices = ld_arena_alloc(&L->ix->arena, b->n_choices * sizeof *b->choices);
    size_t i;
    json_t *c;
    json_array_foreach(choices, i, c)
    {
        b->choices[i].pointer = ld_ptr_index(L, base, i);
        json_t *test = json_object_get(c, "test");
        if (!json_is_object(c) || !test) continue;
        L->shape.choices_shape = 3;
        if (!json_is_string(test)) continue; /* reported by the config checks */
        if (!json_object_get(c, "text_tests")) {
            json_t *tt = json_array();
            json_array_append_new(tt, json_pack("{sO}", "test_expression", test));
            json_object_set_new(c, "text_tests", tt);
        }
        if (!json_object_get(c, "ivr_test"))
            json_object_set_new(c, "ivr_test", json_pack("{sO}", "test_expression", test));
        json_object_del(c, "test");
    }
}

static void normalise_groups(fl_loader *L, json_t *config)
{
    json_t *key = json_object_get(config, "group_key");
    if (!key || json_object_get(config, "groups")) return;
    L->shape.groups_single = true;
    json_t *g = json_object();
    json_object_set(g, "group_key", key);
    json_t *name = json_object_get(config, "group_name");
    if (name) json_object_set(g, "group_name", name);
    json_t *arr = json_array();
    json_array_append_new(arr, g);
    json_object_set_new(config, "groups", arr);
    json_object_del(config, "group_key");
    json_object_del(config, "group_name");
}

void ld_normalise_config(fl_loader *L, fl_block *b, json_t *config)
{
    memset(&L->shape, 0, sizeof L->shape);
    const char *cbase = ld_ptr(L, b->pointer, "config");
    upper_key(L, b, config, cbase, "IVR");
    upper_key(L, b, config, cbase, "TEXT");

    json_t *scp = json_object_get(config, "set_contact_property");
    if (json_is_object(scp)) {
        L->shape.scp_single = true;
        json_t *arr = json_array();
        json_array_append(arr, scp);
        json_object_set_new(config, "set_contact_property", arr);
    }

    switch (b->kind) {
    case FL_BT_MESSAGE:
        if (!json_object_get(config, "prompt") && json_object_get(config, "message")) {
            L->shape.prompt_key = "message";
            json_object_set(config, "prompt", json_object_get(config, "message"));
            json_object_del(config, "message");
        }
        break;
    case FL_BT_SELECT_ONE:
    case FL_BT_SELECT_MANY:
        normalise_choices(L, b, config, cbase);
        break;
    case FL_BT_SET_GROUP_MEMBERSHIP:
        normalise_groups(L, config);
        break;
    default:
        break;
    }
}
