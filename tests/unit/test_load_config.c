/* The config of every FLOIP block type: what the model holds, and what is refused. */
#include "load_helpers.h"

#define ALL FLOIP_DATA_DIR "/unit/fixtures/all_block_types_rc4.json"

static json_t *all_types(void)
{
    json_error_t e;
    json_t *doc = json_load_file(ALL, 0, &e);
    cr_assert_not_null(doc, "%s", e.text);
    return doc;
}

static fl_container *load_all_types(void)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    int rc = fl_container_load_file(ALL, NULL, &c, &d);
    if (fl_diagnostics_count(d)) dump_diags(d);
    cr_assert_eq(rc, 0);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    fl_diagnostics_free(d);
    return c;
}

static const fl_block *blk(const fl_container *c, const char *name)
{
    const fl_block *b = fl_flow_find_block(fl_container_flow_at(c, 0), name);
    cr_assert_not_null(b, "no block %s", name);
    return b;
}

Test(load_config, every_block_type_fills_the_model)
{
    fl_container *c = load_all_types();
    const fl_block *b = blk(c, "log");
    cr_assert_eq(b->kind, FL_BT_LOG);
    cr_assert_not_null(fl_block_config_expr(b, "message"));
    cr_assert_null(b->prompt);

    b = blk(c, "out");
    cr_assert_eq(b->kind, FL_BT_OUTPUT);
    cr_assert_not_null(fl_block_config_expr(b, "value"));
    cr_assert_null(fl_block_config_expr(b, "message"));

    b = blk(c, "props");
    cr_assert_eq(b->kind, FL_BT_SET_CONTACT_PROPERTY);
    cr_assert_eq(b->n_set_contact_property, 1);
    cr_assert_str_eq(b->set_contact_property[0].value_src, "yes");

    b = blk(c, "groups");
    cr_assert_eq(b->group_action, FL_GROUP_ADD);
    cr_assert_str_eq(b->groups[0].group_name, "Group one");

    b = blk(c, "hook");
    cr_assert_eq(b->kind, FL_BT_WEBHOOK);
    const char *keys[] = {"url",           "body",         "query_params.lang", "headers.X-Token",
                          "auth.username", "auth.password"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        cr_assert_not_null(fl_block_config_expr(b, keys[i]), "%s", keys[i]);
    cr_assert_eq(b->n_config_exprs, 6);
    cr_assert_not_null(b->exits[0].test_expr);

    b = blk(c, "one");
    cr_assert_null(b->prompt);
    cr_assert_not_null(b->question_prompt);
    cr_assert_eq(b->n_digit_prompts, 2);
    cr_assert_not_null(fl_find_resource(b->flow, b->digit_prompts[1]));
    cr_assert_str_eq(b->choices[1].tests[0].language, "eng");
    cr_assert_str_eq(b->choices[1].pointer, "/flows/0/blocks/6/config/choices/1");

    b = blk(c, "many");
    cr_assert_eq(b->kind, FL_BT_SELECT_MANY);
    cr_assert_eq(b->n_choices, 2);

    b = blk(c, "where");
    cr_assert_eq(b->kind, FL_BT_LOCATION);
    cr_assert_not_null(b->prompt);
    cr_assert_eq(blk(c, "photo")->kind, FL_BT_PHOTO);

    b = blk(c, "child");
    cr_assert_eq(b->run_flow, fl_container_flow_at(c, 1));
    cr_assert_null(b->exits[0].dest);
    cr_assert_str_eq(b->exits[0].pointer, "/flows/0/blocks/13/exits/0");
    fl_container_free(c);
}

Test(load_config, log_message_naming_a_resource_is_a_prompt)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/0/config/message",
         json_string("a0000000-0000-4000-8000-000000000001"));
    fl_container *c = NULL;
    cr_assert_eq(load_doc(doc, &c, NULL), 0);
    json_decref(doc);
    const fl_block *b = blk(c, "log");
    cr_assert_str_eq(b->prompt, "a0000000-0000-4000-8000-000000000001");
    cr_assert_null(fl_block_config_expr(b, "message"));
    fl_container_free(c);
}

Test(load_config, webhook_method_and_numbers)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/4/config/method", json_string("FETCH"));
    fl_diag g = expect_diag(doc, "E031", "/flows/0/blocks/4/config/method");
    cr_assert_str_eq(g.block_name, "hook");

    doc = all_types();
    jset(doc, "/flows/0/blocks/4/config/timeout", json_integer(-5));
    expect_diag(doc, "E031", "/flows/0/blocks/4/config/timeout");

    doc = all_types();
    jset(doc, "/flows/0/blocks/4/config/headers/X-Token", json_integer(5));
    expect_diag(doc, "E011", "/flows/0/blocks/4/config/headers/X-Token");

    doc = all_types();
    jset(doc, "/flows/0/blocks/4/config/url", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/4/config/url");
}

Test(load_config, select_many_bounds)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/7/config/maximum_choices", json_integer(3));
    expect_diag(doc, "E031", "/flows/0/blocks/7/config/maximum_choices");

    doc = all_types();
    jset(doc, "/flows/0/blocks/7/config/minimum_choices", json_integer(2));
    jset(doc, "/flows/0/blocks/7/config/maximum_choices", json_integer(1));
    expect_diag(doc, "E031", "/flows/0/blocks/7/config/minimum_choices");
}

Test(load_config, digit_prompts_must_match_the_choices)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/IVR/digit_prompts/1", NULL);
    expect_diag(doc, "E031", "/flows/0/blocks/6/config/IVR/digit_prompts");

    doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/IVR/digit_prompts/1",
         json_string("99999999-0000-4000-8000-000000000000"));
    expect_diag(doc, "E029", "/flows/0/blocks/6/config/IVR/digit_prompts/1");
}

Test(load_config, choice_tests_and_languages)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/choices/1/text_tests/0/language", json_string("fra"));
    expect_diag(doc, "E020", "/flows/0/blocks/6/config/choices/1/text_tests/0/language");

    doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/choices/0/ivr_test/test_expression",
         json_string("block.response = = 1"));
    fl_diag g =
        expect_diag(doc, "E030", "/flows/0/blocks/6/config/choices/0/ivr_test/test_expression");
    cr_assert_eq(g.column, 16);

    doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/choices/0/prompt", json_string("A"));
    expect_diag(doc, "E032", "/flows/0/blocks/6/config/choices/0/prompt");

    doc = all_types();
    jset(doc, "/flows/0/blocks/6/config/choices/1/name", json_string(""));
    expect_diag(doc, "E031", "/flows/0/blocks/6/config/choices/1/name");
}

Test(load_config, numeric_open_location_limits)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/8/config/IVR/max_digits", json_integer(0));
    expect_diag(doc, "E031", "/flows/0/blocks/8/config/IVR/max_digits");

    doc = all_types();
    jset(doc, "/flows/0/blocks/8/config/validation_maximum", json_string("9"));
    expect_diag(doc, "E011", "/flows/0/blocks/8/config/validation_maximum");

    doc = all_types();
    jset(doc, "/flows/0/blocks/9/config/IVR/max_duration_seconds", json_integer(-1));
    expect_diag(doc, "E031", "/flows/0/blocks/9/config/IVR/max_duration_seconds");

    doc = all_types();
    jset(doc, "/flows/0/blocks/9/config/TEXT", jparse("{\"max_response_characters\": 0}"));
    expect_diag(doc, "E031", "/flows/0/blocks/9/config/TEXT/max_response_characters");

    doc = all_types();
    jset(doc, "/flows/0/blocks/10/config/accuracy_threshold_meters", json_real(-0.5));
    expect_diag(doc, "E031", "/flows/0/blocks/10/config/accuracy_threshold_meters");
}

Test(load_config, set_contact_property_entries)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/2/config/set_contact_property", json_array());
    expect_diag(doc, "E014", "/flows/0/blocks/2/config/set_contact_property");

    doc = all_types();
    jset(doc, "/flows/0/blocks/2/config/set_contact_property/0/property_key", json_string(""));
    expect_diag(doc, "E031", "/flows/0/blocks/2/config/set_contact_property/0/property_key");

    doc = all_types();
    jset(doc, "/flows/0/blocks/2/config/set_contact_property/0/property_value", json_integer(1));
    expect_diag(doc, "E011", "/flows/0/blocks/2/config/set_contact_property/0/property_value");

    doc = all_types();
    jset(doc, "/flows/0/blocks/2/config/set_contact_property", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/2/config/set_contact_property");
}

Test(load_config, group_membership_shapes)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/3/config/is_member", json_integer(1));
    expect_diag(doc, "E011", "/flows/0/blocks/3/config/is_member");

    doc = all_types();
    jset(doc, "/flows/0/blocks/3/config/groups", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/3/config/groups");

    doc = all_types();
    jset(doc, "/flows/0/blocks/3/config/groups/0/group_key", json_string(""));
    expect_diag(doc, "E031", "/flows/0/blocks/3/config/groups/0/group_key");

    doc = all_types();
    jset(doc, "/flows/0/blocks/3/config/is_member", json_false());
    fl_container *c = NULL;
    cr_assert_eq(load_doc(doc, &c, NULL), 0);
    json_decref(doc);
    cr_assert_eq(blk(c, "groups")->group_action, FL_GROUP_REMOVE);
    fl_container_free(c);
}

Test(load_config, console_read_variables_match_conversions)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/0/type", json_string("ConsoleIO.Read"));
    jset(doc, "/flows/0/blocks/0/config",
         jparse("{\"format_string\": \"%d %%s %*d %s\", \"destination_variables\": [\"a\"]}"));
    fl_diag g = expect_diag(doc, "E031", "/flows/0/blocks/0/config/destination_variables");
    cr_assert(strstr(g.message, "1 destination variables for 2 conversions"), "%s", g.message);

    doc = all_types();
    jset(doc, "/flows/0/blocks/0/type", json_string("ConsoleIO.Print"));
    fl_container *c = NULL;
    cr_assert_eq(load_doc(doc, &c, NULL), 0);
    json_decref(doc);
    cr_assert_eq(blk(c, "log")->kind, FL_BT_PRINT);
    cr_assert_not_null(fl_block_config_expr(blk(c, "log"), "message"));
    fl_container_free(c);
}

Test(load_config, message_needs_a_prompt)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/5/config/prompt", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/5/config/prompt");

    doc = all_types();
    jset(doc, "/flows/0/blocks/5/config/prompt", json_integer(7));
    expect_diag(doc, "E011", "/flows/0/blocks/5/config/prompt");
}

Test(load_config, rc3_response_block_needs_a_prompt)
{
    json_t *doc = all_types();
    jset(doc, "/specification_version", json_string("1.0.0-rc3"));
    jset(doc, "/flows/0/blocks/8/config/prompt", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/8/config/prompt");
}

Test(load_config, container_resource_language_must_exist_somewhere)
{
    json_t *doc = all_types();
    json_object_set_new(doc, "resources",
                        jparse("[{\"uuid\":\"a9000000-0000-4000-8000-000000000001\",\"values\":["
                               "{\"language_id\":\"zul\",\"content_type\":\"TEXT\","
                               "\"modes\":[\"TEXT\"],\"value\":\"Sawubona\"}]}]"));
    expect_diag(doc, "E020", "/resources/0/values/0/language_id");
}

Test(load_config, destination_in_another_flow)
{
    json_t *doc = all_types();
    jset(doc, "/flows/0/blocks/13/exits/0/destination_block",
         json_string("b0000000-0000-4000-8000-000000000099"));
    fl_diag g = expect_diag(doc, "E017", "/flows/0/blocks/13/exits/0/destination_block");
    cr_assert(strstr(g.message, "another flow"), "%s", g.message);
}
