/* Every diagnostic code: a flow that triggers it, and the exact JSON pointer it reports. */
#include "load_helpers.h"

#define B(i) "/flows/0/blocks/" #i

Test(load_diag, base_container_is_clean)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    json_t *doc = base_container();
    cr_assert_eq(load_doc(doc, &c, &d), 0);
    if (fl_diagnostics_count(d)) dump_diags(d);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    cr_assert_eq(c->n_diag_warnings, 0);
    json_decref(doc);
    fl_container_free(c);
    fl_diagnostics_free(d);
}

Test(load_diag, E005_root_is_not_an_object)
{
    expect_diag(jparse("[1, 2]"), "E005", "");
}

Test(load_diag, E006_unsupported_spec_version)
{
    json_t *doc = base_container();
    jset(doc, "/specification_version", json_string("2.0.0"));
    fl_diag g = expect_diag(doc, "E006", "/specification_version");
    cr_assert(strstr(g.message, "2.0.0"));
}

Test(load_diag, E010_required_field_missing)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/name", NULL);
    fl_diag g = expect_diag(doc, "E010", B(1) "/name");
    cr_assert_str_eq(g.block_uuid, U_CHECK);
    cr_assert_str_eq(g.message, "required field 'name' is missing");

    doc = base_container();
    jset(doc, "/flows/0/blocks", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks");
}

Test(load_diag, E011_wrong_type)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/name", json_integer(3));
    fl_diag g = expect_diag(doc, "E011", "/flows/0/name");
    cr_assert_str_eq(g.message, "'name' must be a string, not a number");

    doc = base_container();
    jset(doc, B(1) "/exits/1/default", json_string("yes"));
    expect_diag(doc, "E011", B(1) "/exits/1/default");
}

Test(load_diag, E012_malformed_uuid)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/uuid", json_string("not-a-uuid"));
    expect_diag(doc, "E012", B(2) "/uuid");

    doc = base_container();
    jset(doc, B(0) "/exits/0/destination_block", json_string("b0000000-0000-4000-8000"));
    expect_diag(doc, "E012", B(0) "/exits/0/destination_block");
}

Test(load_diag, E013_duplicate_block_uuid)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/uuid", json_string(U_CHECK));
    fl_diag g = expect_diag(doc, "E013", B(2) "/uuid");
    cr_assert(strstr(g.message, B(1)), "%s", g.message);
}

Test(load_diag, E013_duplicate_flow_uuid)
{
    json_t *doc = base_container();
    json_t *flows = json_object_get(doc, "flows");
    json_t *copy = json_deep_copy(json_array_get(flows, 0));
    /* Give the copy's blocks their own uuids so only the flow uuid repeats. */
    json_t *blocks = json_object_get(copy, "blocks");
    const char *ids[] = {"b1000000-0000-4000-8000-000000000001",
                         "b1000000-0000-4000-8000-000000000002",
                         "b1000000-0000-4000-8000-000000000003"};
    for (size_t i = 0; i < 3; i++)
        json_object_set_new(json_array_get(blocks, i), "uuid", json_string(ids[i]));
    json_array_append_new(flows, copy);
    expect_diag(doc, "E013", "/flows/1/uuid");
}

Test(load_diag, E014_empty_lists)
{
    json_t *doc = base_container();
    jset(doc, "/flows", json_array());
    expect_diag(doc, "E014", "/flows");

    doc = base_container();
    jset(doc, "/flows/0/supported_modes", json_array());
    expect_diag(doc, "E014", "/flows/0/supported_modes");

    doc = base_container();
    jset(doc, "/flows/0/languages", json_array());
    expect_diag(doc, "E014", "/flows/0/languages");
}

Test(load_diag, E015_first_block_id_unknown)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/first_block_id", json_string(U_MISSING));
    expect_diag(doc, "E015", "/flows/0/first_block_id");
}

Test(load_diag, E016_exit_block_id_unknown)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/exit_block_id", json_string(U_MISSING));
    expect_diag(doc, "E016", "/flows/0/exit_block_id");
}

Test(load_diag, E017_destination_unknown)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/0/destination_block", json_string(U_MISSING));
    fl_diag g = expect_diag(doc, "E017", B(1) "/exits/0/destination_block");
    cr_assert_str_eq(g.block_name, "check");
    cr_assert_str_eq(g.block_uuid, U_CHECK);
}

Test(load_diag, E018_unknown_mode)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/supported_modes/1", json_string("FAX"));
    expect_diag(doc, "E018", "/flows/0/supported_modes/1");

    doc = base_container();
    jset(doc, "/flows/0/resources/0/values/0/modes/0", json_string("PIGEON"));
    expect_diag(doc, "E018", "/flows/0/resources/0/values/0/modes/0");
}

Test(load_diag, E019_bad_iso_639_3)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/languages/0/iso_639_3", json_string("en"));
    expect_diag(doc, "E019", "/flows/0/languages/0/iso_639_3");
}

Test(load_diag, E020_language_not_declared)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/resources/1/values/0/language_id", json_string("fra"));
    expect_diag(doc, "E020", "/flows/0/resources/1/values/0/language_id");
}

Test(load_diag, E021_duplicate_language_id)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/languages/1",
         jparse("{\"id\":\"eng\",\"iso_639_3\":\"eng\",\"label\":\"again\"}"));
    expect_diag(doc, "E021", "/flows/0/languages/1/id");
}

Test(load_diag, E022_unknown_content_type)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/resources/0/values/0/content_type", json_string("HOLOGRAM"));
    expect_diag(doc, "E022", "/flows/0/resources/0/values/0/content_type");
}

Test(load_diag, E023_unknown_block_type)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/type", json_string("Acme.Teleport"));
    fl_diag g = expect_diag(doc, "E023", B(1) "/type");
    cr_assert(strstr(g.message, "Acme.Teleport"));
}

Test(load_diag, E024_no_exits)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/exits", json_array());
    expect_diag(doc, "E024", B(2) "/exits");
}

Test(load_diag, E025_two_default_exits)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/0/default", json_true());
    expect_diag(doc, "E025", B(1) "/exits/1/default");
}

Test(load_diag, E026_no_default_exit)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/1/default", NULL);
    jset(doc, B(1) "/exits/1/test", json_string("true"));
    expect_diag(doc, "E026", B(1) "/exits");
}

Test(load_diag, E027_exit_without_test_or_default)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/0/test", NULL);
    expect_diag(doc, "E027", B(1) "/exits/0");
}

Test(load_diag, E028_run_flow_target_unknown)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/type", json_string("Core.RunFlow"));
    jset(doc, B(1) "/config/flow_id", json_string(U_MISSING));
    expect_diag(doc, "E028", B(1) "/config/flow_id");
}

Test(load_diag, E029_resource_unknown)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/config/prompt", json_string(U_MISSING));
    fl_diag g = expect_diag(doc, "E029", B(2) "/config/prompt");
    cr_assert_str_eq(g.block_name, "bye");
}

Test(load_diag, E030_expression_does_not_parse)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/0/test", json_string("results.ask.value = = 1"));
    fl_diag g = expect_diag(doc, "E030", B(1) "/exits/0/test");
    cr_assert_eq(g.line, 1);
    cr_assert_eq(g.column, 19);
    cr_assert(strstr(g.message, "expression does not parse"), "%s", g.message);

    doc = base_container();
    jset(doc, B(1) "/type", json_string("Core.Output"));
    jset(doc, B(1) "/config/value", json_string("1 +"));
    g = expect_diag(doc, "E030", B(1) "/config/value");
    cr_assert_eq(g.line, 1);
    cr_assert_eq(g.column, 3);
}

Test(load_diag, E031_invalid_config_value)
{
    json_t *doc = base_container();
    jset(doc, B(0) "/type", json_string("MobilePrimitives.NumericResponse"));
    jset(doc, B(0) "/config/validation_minimum", json_integer(10));
    jset(doc, B(0) "/config/validation_maximum", json_integer(5));
    expect_diag(doc, "E031", B(0) "/config/validation_minimum");

    doc = base_container();
    jset(doc, "/flows/0/interaction_timeout", json_integer(-1));
    expect_diag(doc, "E031", "/flows/0/interaction_timeout");
}

Test(load_diag, E032_prompt_is_not_a_resource_uuid)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/config/prompt", json_string("Goodbye!"));
    expect_diag(doc, "E032", B(2) "/config/prompt");
}

Test(load_diag, W001_unreachable_block)
{
    json_t *doc = base_container();
    jset(doc, B(0) "/exits/0/destination_block", json_string(U_BYE));
    fl_diag g = expect_diag(doc, "W001", B(1));
    cr_assert_str_eq(g.block_name, "check");
}

Test(load_diag, W002_no_first_block_id)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/first_block_id", NULL);
    expect_diag(doc, "W002", "/flows/0/first_block_id");
}

Test(load_diag, W003_spec_required_field_missing)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/interaction_timeout", NULL);
    expect_diag(doc, "W003", "/flows/0/interaction_timeout");
}

Test(load_diag, W004_block_name_not_an_identifier)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/name", json_string("say bye"));
    expect_diag(doc, "W004", B(2) "/name");

    doc = base_container();
    jset(doc, B(2) "/name", json_string("1570221906056_83"));
    expect_diag(doc, "W004", B(2) "/name");
}

Test(load_diag, W005_duplicate_block_name)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/name", json_string("ask"));
    expect_diag(doc, "W005", B(2) "/name");
}

Test(load_diag, W006_duplicate_resource_uuid)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/resources/2",
         json_deep_copy(json_array_get(
             json_object_get(json_array_get(json_object_get(doc, "flows"), 0), "resources"), 0)));
    expect_diag(doc, "W006", "/flows/0/resources/2/uuid");
}

Test(load_diag, W007_default_exit_not_last)
{
    json_t *doc = base_container();
    json_t *exits = json_object_get(
        json_array_get(json_object_get(json_array_get(json_object_get(doc, "flows"), 0), "blocks"),
                       1),
        "exits");
    json_t *first = json_incref(json_array_get(exits, 0));
    json_array_remove(exits, 0);
    json_array_append_new(exits, first);
    expect_diag(doc, "W007", B(1) "/exits/0");
}

Test(load_diag, W008_last_exit_taken_as_default)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/1/default", NULL);
    expect_diag(doc, "W008", B(1) "/exits/1");
}

Test(load_diag, W009_resource_missing_a_language)
{
    json_t *doc = base_container();
    jset(doc, "/flows/0/languages/1", jparse("{\"id\":\"fra\",\"iso_639_3\":\"fra\"}"));
    fl_diag g = expect_diag(doc, "W009", B(0) "/config/prompt");
    cr_assert(strstr(g.message, "\"fra\""), "%s", g.message);
}

Test(load_diag, W010_unknown_field)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/colour", json_string("blue"));
    expect_diag(doc, "W010", B(1) "/colour");
}

Test(load_diag, W011_default_exit_test_ignored)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/exits/1/test", json_string("true"));
    expect_diag(doc, "W011", B(1) "/exits/1/test");
}

Test(load_diag, W012_duplicate_choice_name)
{
    json_t *doc = base_container();
    jset(doc, B(0) "/type", json_string("MobilePrimitives.SelectOneResponse"));
    jset(doc, B(0) "/config/choices",
         jparse("[{\"name\":\"yes\"},{\"name\":\"no\"},{\"name\":\"yes\"}]"));
    expect_diag(doc, "W012", B(0) "/config/choices/2/name");
}

Test(load_diag, W013_response_without_prompt)
{
    json_t *doc = base_container();
    jset(doc, B(0) "/config/prompt", NULL);
    expect_diag(doc, "W013", B(0) "/config");
}

Test(load_diag, W014_groups_without_is_member)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/type", json_string("Core.SetGroupMembership"));
    jset(doc, B(1) "/config/groups", jparse("[{\"group_key\":\"vip\"}]"));
    jset(doc, B(1) "/exits/0", NULL);
    expect_diag(doc, "W014", B(1) "/config/is_member");
}

Test(load_diag, W015_run_flow_runs_its_own_flow)
{
    json_t *doc = base_container();
    jset(doc, B(1) "/type", json_string("Core.RunFlow"));
    jset(doc, B(1) "/config/flow_id", json_string(U_FLOW));
    expect_diag(doc, "W015", B(1) "/config/flow_id");
}

Test(load_diag, every_diagnostic_names_its_block)
{
    json_t *doc = base_container();
    jset(doc, B(2) "/config/prompt", json_string(U_MISSING));
    jset(doc, B(1) "/exits/0/destination_block", json_string(U_MISSING));
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_doc(doc, &c, &d), FL_EINVAL);
    cr_assert_eq(fl_diagnostics_errors(d), 2);
    for (size_t i = 0; i < fl_diagnostics_count(d); i++) {
        const fl_diag *g = fl_diagnostics_get(d, i);
        cr_assert_not_null(g->block_uuid);
        cr_assert_not_null(g->block_name);
        cr_assert_eq(g->severity, FL_SEVERITY_ERROR);
    }
    json_decref(doc);
    fl_diagnostics_free(d);
}

Test(load_diag, rendering_limits_are_reported_at_load)
{
    json_t *doc = base_container();
    char *long_text = malloc(5001);
    memset(long_text, 'x', 5000);
    long_text[5000] = '\0';
    jset(doc, "/flows/0/resources/1/values/0/value", json_string(long_text));
    free(long_text);
    fl_diag g = expect_diag(doc, "W401", "/flows/0/resources/1/values/0/value");
    cr_assert_str_eq(g.block_name, "bye");
    cr_assert(strstr(g.message, "5000"), "%s", g.message);
}
