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
    if (!fl_wants(s, FL_EVENT_CONTACT)) return;
    json_t *ev = fl_event_new(s, "group_membership");
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new(ev, "group_key", key ? json_string(key) : json_null());
    json_object_set_new(ev, "group_name", name ? json_string(name) : json_null());
    json_object_set_new_nocheck(ev, "is_member", json_boolean(member));
    fl_emit(s, ev);
}

/* 1 add, 0 remove, -1 leave unchanged (is_member absent, or an rc3 expression that is nil). */
static int membership(fl_session *s, const fl_block *b)
{
    switch (b->group_action) {
    case FL_GROUP_ADD:
        return 1;
    case FL_GROUP_REMOVE:
        return 0;
    case FL_GROUP_EVALUATE: {
        json_t *v = NULL;
        if (!b->is_member || fl_run_eval_value(s, b, b->is_member, &v) < 0) return -1;
        int r = json_is_null(v) ? -1 : !json_is_false(v);
        json_decref(v);
        return r;
    }
    case FL_GROUP_LEAVE:
        break;
    }
    return -1;
}

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    if (b->clear_groups) {
        json_t *old = json_object_get(s->contact, "groups");
        size_t n = json_array_size(old);
        if (n) {
            json_t *keep = json_incref(old);
            json_object_set_new_nocheck(fl_context_contact_mut(s), "groups", json_array());
            for (size_t i = 0; i < n; i++) {
                const json_t *g = json_array_get(keep, i);
                report(s, b, group_key_of(g), json_string_value(json_object_get(g, "name")), false);
            }
            json_decref(keep);
        }
    }
    int action = membership(s, b);
    if (b->n_groups && action >= 0) {
        bool member = action == 1;
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
