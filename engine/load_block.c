/* load_block.c: a block's envelope (uuid, name, type, config) and its exits. */
#include "load_internal.h"

#include "blocks/custom.h"

#include <ctype.h>
#include <string.h>

/* Block names are variable names in expressions: [A-Za-z0-9_]+; a leading digit works in
 * floip (and in real exports) but not in other runners. */
static void check_name(fl_loader *L, fl_block *b)
{
    const char *n = b->name;
    bool ok = *n != '\0';
    for (const char *p = n; *p && ok; p++) ok = isalnum((unsigned char)*p) || *p == '_';
    if (!ok)
        ld_warn(L, "W004", b->pointer, "name", b,
                "block name \"%s\" is not an identifier (letters, digits, _): expressions "
                "cannot refer to its result",
                n);
    else if (isdigit((unsigned char)n[0]))
        ld_warn(L, "W004", b->pointer, "name", b,
                "block name \"%s\" starts with a digit; other FLOIP runners reject it", n);
}

static void load_exit(fl_loader *L, fl_block *b, json_t *je, fl_exit *e)
{
    static const char *const known[] = {"uuid",
                                        "name",
                                        "tag",
                                        "label",
                                        "test",
                                        "default",
                                        "config",
                                        "destination_block",
                                        "semantic_label",
                                        "vendor_metadata",
                                        NULL};
    ld_unknown_keys(L, je, e->pointer, b, known);
    e->uuid = ld_uuid(L, je, "uuid", e->pointer, b, true);

    /* rc1 called the exit's name `tag`. */
    json_t *name = json_object_get(je, "name");
    json_t *tag = json_object_get(je, "tag");
    if ((!name || json_is_null(name)) && json_is_string(tag)) {
        json_object_set(je, "name", tag);
        json_object_del(je, "tag");
        e->name = json_string_value(json_object_get(je, "name"));
    } else {
        e->name = ld_string(L, je, "name", e->pointer, b, true);
    }

    json_t *test = json_object_get(je, "test");
    if (json_is_string(test) && !json_string_length(test)) json_object_del(je, "test");
    e->test = ld_string(L, je, "test", e->pointer, b, false);

    bool def = false;
    ld_boolean(L, je, "default", e->pointer, b, &def);
    e->is_default = def;

    json_t *dest = json_object_get(je, "destination_block");
    if (!dest || (json_is_string(dest) && !json_string_length(dest)))
        json_object_set_new(je, "destination_block", json_null());
    else
        e->destination = ld_uuid(L, je, "destination_block", e->pointer, b, false);
    ld_string(L, je, "semantic_label", e->pointer, b, false);
    ld_object(L, je, "vendor_metadata", e->pointer, b, false);

    if (e->test && e->is_default) {
        ld_warn(L, "W011", e->pointer, "test", b, "the default exit's test is never evaluated");
    } else if (e->test) {
        e->test_expr = ld_compile(L, e->test, -1, e->pointer, "test", b);
    }
}

static void load_exits(fl_loader *L, fl_block *b, json_t *jb)
{
    json_t *exits = ld_array(L, jb, "exits", b->pointer, b, true);
    if (!exits) return;
    if (!json_array_size(exits)) {
        ld_error(L, "E024", b->pointer, "exits", b, "the block has no exits: a run ends here");
        return;
    }
    const char *base = ld_ptr(L, b->pointer, "exits");
    b->n_exits = json_array_size(exits);
    b->exits = ld_arena_alloc(&L->ix->arena, b->n_exits * sizeof *b->exits);
    size_t n_default = 0;
    for (size_t i = 0; i < b->n_exits; i++) {
        fl_exit *e = &b->exits[i];
        e->pointer = ld_ptr_index(L, base, i);
        json_t *je = json_array_get(exits, i);
        e->json = je;
        if (!json_is_object(je)) {
            ld_error(L, "E011", e->pointer, NULL, b, "an exit must be an object");
            continue;
        }
        load_exit(L, b, je, e);
        if (!e->is_default) continue;
        if (++n_default > 1)
            ld_error(L, "E025", e->pointer, "default", b,
                     "a second default exit (only one is allowed)");
        else
            b->default_exit = e;
    }

    /* The spec wants `default: true` on the last exit; an older export may only leave the last
     * exit without a test, which every runner takes as the default. */
    fl_exit *last = &b->exits[b->n_exits - 1];
    if (!b->default_exit && last->json && json_is_object(last->json) && !last->test) {
        ld_warn(L, "W008", last->pointer, NULL, b,
                "the last exit has neither test nor default: it is taken as the default exit");
        last->is_default = true;
        json_object_set_new((json_t *)last->json, "default", json_true());
        b->default_exit = last;
    }
    if (!b->default_exit)
        ld_error(L, "E026", b->pointer, "exits", b,
                 "no default exit: when no test holds the run cannot leave the block");
    else if (b->default_exit != last)
        ld_warn(L, "W007", b->default_exit->pointer, NULL, b,
                "the default exit should be listed last");
    for (size_t i = 0; i < b->n_exits; i++) {
        fl_exit *e = &b->exits[i];
        if (e->json && json_is_object(e->json) && !e->is_default &&
            !json_object_get(e->json, "test"))
            ld_error(L, "E027", e->pointer, NULL, b,
                     "exit '%s' has neither a test nor default: true", e->name ? e->name : "");
    }
}

/* A registered type may check its blocks (on the normalised block JSON); a refusal is E033 at
 * the pointer the check names inside the block, else at the block. */
static void check_custom(fl_loader *L, fl_block *b)
{
    const fl_block_type_def *def = &b->custom->def;
    if (!def->validate) return;
    fl_error err;
    fl_error_clear(&err);
    if (def->validate(def->userdata, b->json, &err) >= 0) return;
    fl_buf p = FL_BUF_INIT;
    fl_buf_puts(&p, b->pointer);
    if (err.pointer[0] == '/') fl_buf_puts(&p, err.pointer);
    ld_error(L, "E033", p.data, NULL, b, "%s block refused: %s", b->type,
             err.message[0] ? err.message : fl_strerror(err.code));
    fl_buf_free(&p);
}

void ld_block(fl_loader *L, json_t *jb, fl_block *b)
{
    b->json = jb;
    static const char *const known[] = {
        "uuid",        "name", "label",  "semantic_label", "tags", "vendor_metadata",
        "ui_metadata", "type", "config", "exits",          NULL};
    b->uuid = ld_uuid(L, jb, "uuid", b->pointer, NULL, true);
    b->name = ld_string(L, jb, "name", b->pointer, b, true);
    ld_unknown_keys(L, jb, b->pointer, b, known);
    if (b->name) check_name(L, b);
    b->label = ld_string(L, jb, "label", b->pointer, b, false);
    ld_string(L, jb, "semantic_label", b->pointer, b, false);
    ld_object(L, jb, "vendor_metadata", b->pointer, b, false);
    ld_object(L, jb, "ui_metadata", b->pointer, b, false);
    json_t *tags = ld_array(L, jb, "tags", b->pointer, b, false);
    size_t i;
    json_t *t;
    json_array_foreach(tags, i, t) if (!json_is_string(t))
        ld_error(L, "E011", ld_ptr(L, b->pointer, "tags"), NULL, b, "tags must be strings");

    const char *type = ld_string(L, jb, "type", b->pointer, b, true);
    b->kind = type ? fl_block_kind_from_type(type) : FL_BT_CUSTOM;
    if (type && b->kind != FL_BT_CUSTOM) {
        const char *canonical = fl_block_kind_name(b->kind);
        if (strcmp(type, canonical)) json_object_set_new(jb, "type", json_string(canonical));
        b->type = canonical;
    } else if (type) {
        b->type = type;
        if (L->opts->block_types) b->custom = fl_block_types_find(L->opts->block_types, type);
        if (!b->custom)
            ld_error(L, "E023", b->pointer, "type", b,
                     "unknown block type \"%s\" (not a FLOIP type and not registered)", type);
    }

    json_t *config = json_object_get(jb, "config");
    if (!config || json_is_null(config)) {
        if (b->kind != FL_BT_CASE)
            ld_warn(L, "W003", b->pointer, "config", b,
                    "the spec requires 'config'; it is missing");
        json_object_set_new(jb, "config", json_object());
    } else if (!json_is_object(config)) {
        ld_error(L, "E011", b->pointer, "config", b, "'config' must be an object");
        json_object_set_new(jb, "config", json_object());
    }
    config = json_object_get(jb, "config");
    b->config = config;

    load_exits(L, b, jb);
    if (!type) return;
    ld_normalise_config(L, b, config);
    ld_config(L, b, config);
    if (b->custom) check_custom(L, b);
}
