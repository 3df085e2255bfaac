/*
 * Core.SetGroupMembership: adds the contact to or removes it from groups (rc3 group_key +
 * is_member expression, rc4 groups[] + is_member boolean + clear). contact.groups is an array of
 * {name, __value__, group_key}; a group_membership event reports each change.
 */
#include "engine/run.h"

#include <string.h>

static json_t *groups_mut(fl_session *s)
{
    json_t *contact = fl_context_contact_mut(s);
    json_t *old = json_object_get(contact, "groups");
    /* A fresh array every time: an envelope may still hold the old one. */
    json_t *fresh = json_is_array(old) ? json_copy(old) : json_array();
    json_object_set_new_nocheck(contact, "groups", fresh);
    return fresh;
}

static const char *group_key_of(const json_t *g)
{
    const char *k = json_string_value(json_object_get(g, "group_key"));
    if (!k) k = json_string_value(json_object_get(g, "id"));
    if (!k) k = json_string_value(json_object_get(g, "name"));
    if (!k) k = json_string_value(g);
    return k;
}

static void report(fl_session *s, const fl_block *b, const char *key, const char *name, bool member)
{
    json_t *ev = fl_event_new(s, "group_membership");
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new(ev, "group_key", key ? json_string(key) : json_null());
    json_object_set_new(ev, "group_name", name ? json_string(name) : json_null());
    json_object_set_new_nocheck(ev, "is_member", json_boolean(member));
    fl_emit(s, ev);
}

/* is_member: a boolean, an expression (rc3), or absent (= leave unchanged). */
static int membership(fl_session *s, const fl_block *b, bool *member)
{
    const json_t *raw = fl_config_get(b, "is_member");
    if (json_is_boolean(raw)) {
        *member = json_is_true(raw);
        return 1;
    }
    const fl_expr *e = fl_block_config_expr(b, "is_member");
    if (e) {
        *member = fl_run_test(s, b, e);
        return 1;
    }
    if (json_is_string(raw)) {
        const char *v = json_string_value(raw);
        *member = fl_strcasecmp(v, "false") && strcmp(v, "0") && *v;
        return 1;
    }
    if (json_is_number(raw)) {
        *member = json_number_value(raw) != 0;
        return 1;
    }
    return 0;
}

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    const json_t *clear = fl_config_get(b, "clear");
    if (json_is_true(clear)) {
        json_t *old = json_object_get(s->contact, "groups");
        size_t n = json_array_size(old);
        if (n) {
            json_t *keep = json_incref(old);
            json_object_set_new_nocheck(fl_context_contact_mut(s), "groups", json_array());
            for (size_t i = 0; i < n; i++) {
                const json_t *g = json_array_get(keep, i);
                report(s, b, group_key_of(g), json_string_value(json_object_get(g, "name")),
                       false);
            }
            json_decref(keep);
        }
    }
    bool member = false;
    if (b->n_groups && membership(s, b, &member) > 0) {
        for (size_t i = 0; i < b->n_groups; i++) {
            const fl_group_op *op = &b->groups[i];
            json_t *groups = groups_mut(s);
            size_t at = (size_t)-1;
            for (size_t j = 0; j < json_array_size(groups); j++) {
                const char *k = group_key_of(json_array_get(groups, j));
                if (k && op->group_key && !strcmp(k, op->group_key)) at = j;
            }
            if (member && at == (size_t)-1) {
                json_t *g = json_object();
                const char *name = op->group_name ? op->group_name : op->group_key;
                json_object_set_new(g, "name", name ? json_string(name) : json_null());
                json_object_set_new(g, "__value__", name ? json_string(name) : json_null());
                json_object_set_new(g, "group_key",
                                    op->group_key ? json_string(op->group_key) : json_null());
                json_array_append_new(groups, g);
            } else if (!member && at != (size_t)-1) {
                json_array_remove(groups, at);
            }
            report(s, b, op->group_key, op->group_name, member);
        }
    }
    fl_run_leave_selected(s, b, out);
    return 0;
}

const fl_block_vtable fl_block_set_group_membership = {enter, NULL, NULL};
