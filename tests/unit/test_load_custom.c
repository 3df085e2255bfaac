/* Custom block types: unknown unless registered; a registered type's own checks at load. */
#include "load_helpers.h"

static int enter_noop(void *ud, fl_block_ctx *bx)
{
    (void)ud, (void)bx;
    return 0;
}

/* Wants config.stamp to be a string. */
static int validate_stamp(void *ud, const json_t *block, fl_error *err)
{
    (*(int *)ud)++;
    json_t *stamp = json_object_get(json_object_get(block, "config"), "stamp");
    if (json_is_string(stamp)) return 0;
    snprintf(err->message, sizeof err->message, "config.stamp must be a string");
    snprintf(err->pointer, sizeof err->pointer, "/config/stamp");
    err->code = FL_EINVAL;
    return FL_EINVAL;
}

static json_t *doc_with_custom(json_t *stamp)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/blocks/1/type", json_string("Acme.Stamp"));
    if (stamp) jset(doc, "/flows/0/blocks/1/config/stamp", stamp);
    return doc;
}

static int load_with(json_t *doc, const fl_block_types *types, fl_container **c, fl_diagnostics **d)
{
    char *text = json_dumps(doc, 0);
    fl_load_options o = {.block_types = types};
    int rc = fl_container_load(text, strlen(text), &o, c, d);
    free(text);
    json_decref(doc);
    return rc;
}

Test(load_custom, unregistered_type_is_E023)
{
    fl_block_types *types = NULL;
    cr_assert_eq(fl_block_types_new(&types), 0);
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_with(doc_with_custom(json_string("x")), types, &c, &d), FL_EINVAL);
    cr_assert_not_null(find_diag(d, "E023", "/flows/0/blocks/1/type"));
    fl_diagnostics_free(d);
    fl_block_types_free(types);
}

Test(load_custom, registered_type_loads_and_is_checked)
{
    int calls = 0;
    fl_block_types *types = NULL;
    cr_assert_eq(fl_block_types_new(&types), 0);
    fl_block_type_def def = {
        .type = "Acme.Stamp", .validate = validate_stamp, .enter = enter_noop, .userdata = &calls};
    cr_assert_eq(fl_block_types_add(types, &def), 0);

    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_with(doc_with_custom(json_string("approved")), types, &c, &d), 0);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    cr_assert_eq(calls, 1);
    const fl_block *b = fl_flow_find_block(fl_container_flow_at(c, 0), "check");
    cr_assert_eq(b->kind, FL_BT_CUSTOM);
    cr_assert_not_null(b->custom);
    cr_assert_str_eq(b->type, "Acme.Stamp");
    cr_assert_not_null(b->exits[0].test_expr);
    fl_container_free(c);
    fl_diagnostics_free(d);

    cr_assert_eq(load_with(doc_with_custom(json_integer(3)), types, &c, &d), FL_EINVAL);
    const fl_diag *g = find_diag(d, "E033", "/flows/0/blocks/1/config/stamp");
    if (!g) dump_diags(d);
    cr_assert_not_null(g);
    cr_assert_str_eq(g->message, "Acme.Stamp block refused: config.stamp must be a string");
    cr_assert_str_eq(g->block_name, "check");
    fl_diagnostics_free(d);
    fl_block_types_free(types);
}
