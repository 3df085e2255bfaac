/* The shipped flows load cleanly, and the model and lookups hold what the files say. */
#include "load_helpers.h"

#include <glob.h>

static fl_container *load_path(const char *path, fl_diagnostics **d)
{
    fl_container *c = NULL;
    int rc = fl_container_load_file(path, NULL, &c, d);
    if (rc != 0) dump_diags(*d);
    cr_assert_eq(rc, 0, "%s: %s", path, fl_strerror(rc));
    cr_assert_eq(fl_diagnostics_errors(*d), 0, "%s has errors", path);
    return c;
}

static size_t load_all(const char *pattern)
{
    glob_t g;
    size_t n = 0;
    if (glob(pattern, 0, NULL, &g) != 0) return 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        /* Only containers: journeys sit beside their transcripts and the bench's reply lists. */
        json_t *doc = json_load_file(g.gl_pathv[i], 0, NULL);
        bool container = json_is_object(doc) && json_object_get(doc, "flows");
        json_decref(doc);
        if (!container) continue;
        fl_diagnostics *d = NULL;
        fl_container *c = load_path(g.gl_pathv[i], &d);
        cr_assert_gt(fl_container_flow_count(c), 0);
        fl_container_free(c);
        fl_diagnostics_free(d);
        n++;
    }
    globfree(&g);
    return n;
}

Test(load_files, bench_flows_load_without_errors)
{
    cr_assert_eq(load_all(FLOIP_DATA_DIR "/bench/flows/*.json"), 3);
}

Test(load_files, every_journey_under_flows_loads_without_errors)
{
    size_t n = load_all(FLOIP_SOURCE_DIR "/flows/*.json") +
               load_all(FLOIP_SOURCE_DIR "/flows/*/*.json") +
               load_all(FLOIP_SOURCE_DIR "/flows/*/*/*.json");
    cr_assert_geq(n, 1);
}

Test(load_files, demo_journey_has_no_warnings)
{
    fl_diagnostics *d = NULL;
    fl_container *c =
        load_path(FLOIP_SOURCE_DIR "/flows/clinic_registration/clinic_registration.json", &d);
    if (fl_diagnostics_count(d)) dump_diags(d);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    const fl_flow *f = fl_container_flow_at(c, 0);
    cr_assert_eq(f->supported_modes, FL_MODE_TEXT | FL_MODE_RICH_MESSAGING);
    cr_assert_eq(f->n_languages, 2);
    const fl_block *b = fl_flow_find_block(f, "visit_reason");
    cr_assert_not_null(b);
    cr_assert_eq(b->kind, FL_BT_SELECT_ONE);
    cr_assert_eq(b->n_choices, 3);
    cr_assert_eq(b->choices[0].n_tests, 3);
    fl_container_free(c);
    fl_diagnostics_free(d);
}

Test(load_files, turn_export_rc3_with_stacks_metadata)
{
    fl_diagnostics *d = NULL;
    fl_container *c = load_path(FLOIP_DATA_DIR "/unit/fixtures/turn_export_rc3.json", &d);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    cr_assert_str_eq(fl_container_spec_version(c), "1.0.0-rc3");
    const fl_flow *f = fl_container_flow_at(c, 0);
    const fl_block *b = fl_flow_block_at(f, 0);
    /* vendor_metadata is kept verbatim. */
    json_t *line = json_object_get(
        json_object_get(
            json_object_get(
                json_object_get(
                    json_object_get(
                        json_object_get(
                            json_object_get(json_object_get(fl_block_json(b), "vendor_metadata"),
                                            "io"),
                            "turn"),
                        "stacks_dsl"),
                    "0.1.0"),
                "card"),
            "meta"),
        "line");
    cr_assert_eq(json_integer_value(line), 2);
    /* Container resources moved into the flow (rc4 shape); the exit's empty test is dropped,
     * the empty exit_block_id means none. */
    cr_assert_null(json_object_get(fl_container_json(c), "resources"));
    cr_assert_eq(json_array_size(json_object_get(fl_flow_json(f), "resources")), 1);
    cr_assert_null(json_object_get(fl_flow_json(f), "exit_block_id"));
    cr_assert_null(b->exits[0].test);
    cr_assert(b->exits[0].is_default);
    cr_assert_null(f->exit_block);
    const fl_resource *r = fl_find_resource(f, b->prompt);
    cr_assert_not_null(r);
    const fl_resource_value *v = fl_resource_pick(r, f, "eng", FL_MODE_RICH_MESSAGING, -1);
    cr_assert_not_null(v);
    cr_assert_str_eq(v->value, "hi");
    cr_assert_not_null(v->tmpl);
    fl_container_free(c);
    fl_diagnostics_free(d);
}

Test(load_files, small_linear_model_and_lookups)
{
    fl_diagnostics *d = NULL;
    fl_container *c = load_path(FLOIP_DATA_DIR "/bench/flows/small_linear.json", &d);
    cr_assert_str_eq(fl_container_name(c), "bench_small_linear");
    cr_assert_str_eq(fl_container_uuid(c), "a0000000-0000-4000-8000-000000000000");
    const fl_flow *f = fl_container_find_flow(c, "museum_visitor_survey");
    cr_assert_not_null(f);
    cr_assert_eq(fl_container_find_flow(c, "a000000f-0000-4000-8000-000000000001"), f);
    cr_assert_null(fl_container_find_flow(c, "nope"));
    cr_assert_eq(f->interaction_timeout_ms, 172800000);
    cr_assert_eq(f->supported_modes, FL_MODE_TEXT);
    cr_assert_eq(f->n_blocks, 10);
    cr_assert_str_eq(f->first_block->name, "welcome");
    cr_assert_str_eq(f->pointer, "/flows/0");

    const fl_block *age = fl_flow_find_block(f, "age");
    cr_assert_not_null(age);
    cr_assert_eq(fl_flow_find_block(f, "a000000b-0000-4000-8000-000000000003"), age);
    cr_assert_eq(fl_find_block_by_uuid(c, age->uuid), age);
    cr_assert_eq(age->kind, FL_BT_NUMERIC);
    cr_assert_str_eq(age->pointer, "/flows/0/blocks/2");
    cr_assert_eq(age->flow, f);
    /* `ivr` became `IVR` in the normalised config. */
    cr_assert_not_null(json_object_get(age->config, "IVR"));
    cr_assert_null(json_object_get(age->config, "ivr"));

    const fl_block *name = fl_flow_find_block(f, "visitor_name");
    cr_assert_eq(name->n_set_contact_property, 1);
    cr_assert_str_eq(name->set_contact_property[0].key, "visitor_name");
    cr_assert_not_null(name->set_contact_property[0].value);
    cr_assert_eq(name->exits[0].dest, age);
    cr_assert_eq(name->default_exit, &name->exits[0]);

    const fl_block *fav = fl_flow_find_block(f, "favorite_exhibit");
    cr_assert_eq(fav->n_choices, 3);
    cr_assert_str_eq(fav->choices[1].name, "punch_cards");
    cr_assert_eq(fav->choices[1].n_tests, 3);
    cr_assert_null(fav->choices[1].tests[0].language);
    cr_assert_str_eq(fav->choices[1].tests[1].language, "eng");
    cr_assert_not_null(fav->choices[1].tests[1].expr);
    cr_assert_str_eq(fav->choices[1].ivr_test.src, "block.response = 2");
    cr_assert_eq(fav->n_exits, 4);
    cr_assert_eq(fav->default_exit, &fav->exits[3]);
    cr_assert_not_null(fav->exits[0].test_expr);

    const fl_resource *r = fl_find_resource(f, fav->prompt);
    cr_assert_not_null(r);
    const fl_resource_value *v = fl_resource_pick(r, f, "fra", FL_MODE_TEXT, FL_CONTENT_TEXT);
    cr_assert_str_eq(v->language_id, "fra");
    /* SMS falls back to the TEXT family; an unknown language to the first language. */
    cr_assert_eq(fl_resource_pick(r, f, "fra", FL_MODE_SMS, -1), v);
    cr_assert_str_eq(fl_resource_pick(r, f, "deu", FL_MODE_TEXT, -1)->language_id, "eng");
    cr_assert_str_eq(fl_resource_pick(r, f, NULL, FL_MODE_TEXT, -1)->language_id, "eng");
    cr_assert_null(fl_resource_pick(r, f, "eng", FL_MODE_IVR, -1));
    cr_assert_null(fl_resource_pick(r, f, "eng", FL_MODE_TEXT, FL_CONTENT_IMAGE));
    cr_assert_str_eq(fl_flow_language(f, "fra")->label, "Français");
    fl_container_free(c);
    fl_diagnostics_free(d);
}

Test(load_files, run_flow_resolves_the_child_flow)
{
    fl_diagnostics *d = NULL;
    fl_container *c = load_path(FLOIP_DATA_DIR "/bench/flows/run_flow.json", &d);
    cr_assert_eq(fl_container_flow_count(c), 2);
    const fl_flow *parent = fl_container_flow_at(c, 0);
    const fl_block *rf = NULL;
    for (size_t i = 0; i < parent->n_blocks; i++)
        if (parent->blocks[i].kind == FL_BT_RUN_FLOW) rf = &parent->blocks[i];
    cr_assert_not_null(rf);
    cr_assert_eq(rf->run_flow, fl_container_flow_at(c, 1));
    fl_container_free(c);
    fl_diagnostics_free(d);
}

Test(load_files, names_of_modes_and_kinds)
{
    cr_assert_eq(fl_mode_from_name("rich_messaging"), FL_MODE_RICH_MESSAGING);
    cr_assert_eq(fl_mode_from_name("SMS"), FL_MODE_SMS);
    cr_assert_eq(fl_mode_from_name("fax"), 0);
    cr_assert_str_eq(fl_mode_name(FL_MODE_IVR), "IVR");
    cr_assert_null(fl_mode_name(FL_MODE_IVR | FL_MODE_SMS));
    cr_assert_eq(fl_block_kind_from_type("MobilePrimitives.SelectManyResponse"), FL_BT_SELECT_MANY);
    cr_assert_eq(fl_block_kind_from_type("MobilePrimitives.SelectManyResponses"),
                 FL_BT_SELECT_MANY);
    cr_assert_eq(fl_block_kind_from_type("Acme.Thing"), FL_BT_CUSTOM);
    for (int k = 1; k < FL_BT_COUNT; k++)
        cr_assert_eq(fl_block_kind_from_type(fl_block_kind_name((fl_block_kind)k)), k);
}

Test(load_files, missing_file_is_an_io_error)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(fl_container_load_file("/nonexistent/flow.json", NULL, &c, &d), FL_EIO);
    cr_assert_null(c);
    cr_assert_str_eq(fl_diagnostics_get(d, 0)->code, "E004");
    fl_diagnostics_free(d);
}
