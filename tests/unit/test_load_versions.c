/* Every spec version's shapes normalise to the same model and the same rc4-shaped JSON. */
#include "load_helpers.h"

#define U_R1 "a1000000-0000-4000-8000-000000000001"
#define U_R2 "a1000000-0000-4000-8000-000000000002"
#define U_R3 "a1000000-0000-4000-8000-000000000003"
#define U_R4 "a1000000-0000-4000-8000-000000000004"

#define TEXT_VALUE(t)                                                                              \
    "{\"language_id\":\"eng\",\"content_type\":\"TEXT\",\"modes\":[\"TEXT\"],\"value\":\"" t "\"}"
#define EXIT(n, dest)                                                                              \
    "{\"uuid\":\"e1000000-0000-4000-8000-00000000000" #n "\",\"name\":\"Default\","                \
    "\"default\":true,\"destination_block\":" dest "}"
#define CHOICES_RC4                                                                                \
    "[{\"name\":\"red\",\"prompt\":\"" U_R3 "\","                                                  \
    "\"text_tests\":[{\"test_expression\":\"block.response = \\\"r\\\"\"}],"                       \
    "\"ivr_test\":{\"test_expression\":\"block.response = \\\"r\\\"\"}},"                          \
    "{\"name\":\"blue\",\"prompt\":\"" U_R4 "\","                                                  \
    "\"text_tests\":[{\"test_expression\":\"block.response = \\\"b\\\"\"}],"                       \
    "\"ivr_test\":{\"test_expression\":\"block.response = \\\"b\\\"\"}}]"

/* The rc4 original: Message, SelectOne (choices with tests, set_contact_property), SelectMany,
 * SetGroupMembership, NumericResponse with IVR config. */
static json_t *rc4_doc(void)
{
    return jparse(
        "{\"specification_version\":\"1.0.0-rc4\",\"uuid\":\"" U_CONTAINER "\",\"name\":\"v\","
        "\"flows\":[{\"uuid\":\"" U_FLOW "\",\"name\":\"main\",\"last_modified\":\"2024-01-01\","
        "\"interaction_timeout\":60,\"supported_modes\":[\"TEXT\"],"
        "\"first_block_id\":\"b1000000-0000-4000-8000-000000000000\","
        "\"languages\":[{\"id\":\"eng\",\"iso_639_3\":\"eng\"}],"
        "\"blocks\":["
        "{\"uuid\":\"b1000000-0000-4000-8000-000000000000\",\"name\":\"msg\","
        "\"type\":\"MobilePrimitives.Message\",\"config\":{\"prompt\":\"" U_R1 "\"},"
        "\"exits\":[" EXIT(
            0,
            "\"b1000000-0000-4000-8000-000000000001\"") "]},"
                                                        "{\"uuid\":\"b1000000-0000-4000-8000-"
                                                        "000000000001\",\"name\":\"pick\","
                                                        "\"type\":\"MobilePrimitives."
                                                        "SelectOneResponse\",\"config\":{"
                                                        "\"prompt\":\"" U_R2 "\","
                                                        "\"choices\":" CHOICES_RC4 ","
                                                        "\"set_contact_property\":[{\"property_"
                                                        "key\":\"colour\",\"property_value\":\"@"
                                                        "block.value\"}]},"
                                                        "\"exits\":[{\"uuid\":\"e1000000-0000-4000-"
                                                        "8000-000000000009\",\"name\":\"red\","
                                                        "\"test\":\"block.value = \\\"red\\\"\","
                                                        "\"destination_block\":\"b1000000-0000-"
                                                        "4000-8000-000000000002\"}," EXIT(
                                                            1,
                                                            "\"b1000000-0000-4000-8000-"
                                                            "000000000002\"") "]},"
                                                                              "{\"uuid\":"
                                                                              "\"b1000000-0000-"
                                                                              "4000-8000-"
                                                                              "000000000002\","
                                                                              "\"name\":\"many\","
                                                                              "\"type\":"
                                                                              "\"MobilePrimitives."
                                                                              "SelectManyResponses"
                                                                              "\",\"config\":{"
                                                                              "\"prompt\":\"" U_R2
                                                                              "\","
                                                                              "\"choices\""
                                                                              ":" CHOICES_RC4 "},"
                                                                              "\"exits\":[" EXIT(
                                                                                  2, "\"b1000000-"
                                                                                     "0000-4000-"
                                                                                     "8000-"
                                                                                     "000000000003"
                                                                                     "\"") "]},"
                                                                                           "{\"uuid"
                                                                                           "\":"
                                                                                           "\"b1000"
                                                                                           "000-"
                                                                                           "0000-"
                                                                                           "4000-"
                                                                                           "8000-"
                                                                                           "0000000"
                                                                                           "00003\""
                                                                                           ",\"name"
                                                                                           "\":"
                                                                                           "\"grp\""
                                                                                           ","
                                                                                           "\"type"
                                                                                           "\":"
                                                                                           "\"Core."
                                                                                           "SetGrou"
                                                                                           "pMember"
                                                                                           "ship\","
                                                                                           "\"confi"
                                                                                           "g\":{"
                                                                                           "\"group"
                                                                                           "s\":[{"
                                                                                           "\"group"
                                                                                           "_key\":"
                                                                                           "\"fans"
                                                                                           "\","
                                                                                           "\"group"
                                                                                           "_name\""
                                                                                           ":\"Fans"
                                                                                           "\"}],"
                                                                                           "\"is_"
                                                                                           "member"
                                                                                           "\":"
                                                                                           "true},"
                                                                                           "\"exits"
                                                                                           "\":"
                                                                                           "[" EXIT(
                                                                                               3,
                                                                                               "\"b"
                                                                                               "100"
                                                                                               "000"
                                                                                               "0-"
                                                                                               "000"
                                                                                               "0-"
                                                                                               "400"
                                                                                               "0-"
                                                                                               "800"
                                                                                               "0-"
                                                                                               "000"
                                                                                               "000"
                                                                                               "000"
                                                                                               "004"
                                                                                               "\"") "]},"
                                                                                                     "{\"uuid\":\"b1000000-0000-4000-8000-000000000004\",\"name\":\"num\","
                                                                                                     "\"type\":\"MobilePrimitives.NumericResponse\",\"config\":{\"prompt\":\"" U_R1
                                                                                                     "\","
                                                                                                     "\"IVR\":{\"max_digits\":2}},"
                                                                                                     "\"exits\":[" EXIT(
                                                                                                         4,
                                                                                                         "null") "]}],"
                                                                                                                 "\"resources\":["
                                                                                                                 "{\"uuid\":\"" U_R1
                                                                                                                 "\",\"values\":[" TEXT_VALUE(
                                                                                                                     "Hi") "]},"
                                                                                                                           "{\"uuid\":\"" U_R2
                                                                                                                           "\",\"values\":[" TEXT_VALUE(
                                                                                                                               "Colour?") "]},"
                                                                                                                                          "{\"uuid\":\"" U_R3
                                                                                                                                          "\",\"values\":[" TEXT_VALUE(
                                                                                                                                              "Red") "]},"
                                                                                                                                                     "{\"uuid\":\"" U_R4
                                                                                                                                                     "\",\"values\":[" TEXT_VALUE(
                                                                                                                                                         "Blue") "]}]}]}");
}

static json_t *block_config(json_t *doc, size_t i)
{
    json_t *f = json_array_get(json_object_get(doc, "flows"), 0);
    return json_object_get(json_array_get(json_object_get(f, "blocks"), i), "config");
}

/* rc3: resources on the container, choices {name, test, prompt}, one set_contact_property
 * object, group_key / group_name, lower-case `ivr`. */
static json_t *to_rc3(json_t *doc)
{
    jset(doc, "/specification_version", json_string("1.0.0-rc3"));
    json_t *f = json_array_get(json_object_get(doc, "flows"), 0);
    json_object_set(doc, "resources", json_object_get(f, "resources"));
    json_object_del(f, "resources");
    for (size_t b = 1; b <= 2; b++) {
        json_t *choices = json_object_get(block_config(doc, b), "choices");
        size_t i;
        json_t *c;
        json_array_foreach(choices, i, c)
        {
            json_t *t = json_object_get(json_object_get(c, "ivr_test"), "test_expression");
            json_object_set(c, "test", t);
            json_object_del(c, "ivr_test");
            json_object_del(c, "text_tests");
        }
    }
    json_t *cfg = block_config(doc, 1);
    json_object_set(cfg, "set_contact_property",
                    json_array_get(json_object_get(cfg, "set_contact_property"), 0));
    cfg = block_config(doc, 3);
    json_object_del(cfg, "groups");
    json_object_set_new(cfg, "group_key", json_string("fans"));
    json_object_set_new(cfg, "group_name", json_string("Fans"));
    cfg = block_config(doc, 4);
    json_object_set(cfg, "ivr", json_object_get(cfg, "IVR"));
    json_object_del(cfg, "IVR");
    return doc;
}

/* rc2 on top of rc3: choices as a map name -> prompt, Message `message`. */
static json_t *to_rc2(json_t *doc)
{
    to_rc3(doc);
    jset(doc, "/specification_version", json_string("1.0.0-rc2"));
    for (size_t b = 1; b <= 2; b++) {
        json_t *map = json_object();
        json_object_set_new(map, "red", json_string(U_R3));
        json_object_set_new(map, "blue", json_string(U_R4));
        json_object_set_new(block_config(doc, b), "choices", map);
    }
    json_t *cfg = block_config(doc, 0);
    json_object_set(cfg, "message", json_object_get(cfg, "prompt"));
    json_object_del(cfg, "prompt");
    return doc;
}

/* rc1 on top of rc2: exits named by `tag`, the singular SelectManyResponse. */
static json_t *to_rc1(json_t *doc)
{
    to_rc2(doc);
    jset(doc, "/specification_version", json_string("1.0.0-rc1"));
    json_t *f = json_array_get(json_object_get(doc, "flows"), 0);
    size_t i, j;
    json_t *b, *e;
    json_array_foreach(json_object_get(f, "blocks"), i, b)
    {
        json_array_foreach(json_object_get(b, "exits"), j, e)
        {
            json_object_set(e, "tag", json_object_get(e, "name"));
            json_object_del(e, "name");
        }
    }
    jset(doc, "/flows/0/blocks/2/type", json_string("MobilePrimitives.SelectManyResponse"));
    return doc;
}

/* rc4 without choice tests: what an rc2 map means. */
static json_t *rc4_without_tests(void)
{
    json_t *doc = rc4_doc();
    for (size_t b = 1; b <= 2; b++) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(block_config(doc, b), "choices"), i, c)
        {
            json_object_del(c, "ivr_test");
            json_object_del(c, "text_tests");
        }
    }
    return doc;
}

static fl_container *load_clean(json_t *doc)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    int rc = load_doc(doc, &c, &d);
    if (rc || fl_diagnostics_count(d)) dump_diags(d);
    cr_assert_eq(rc, 0);
    cr_assert_eq(fl_diagnostics_count(d), 0);
    fl_diagnostics_free(d);
    json_decref(doc);
    return c;
}

static void assert_same(const fl_container *a, const fl_container *b, bool tests)
{
    const json_t *fa = fl_flow_json(fl_container_flow_at(a, 0));
    const json_t *fb = fl_flow_json(fl_container_flow_at(b, 0));
    char *ta = json_dumps(fa, JSON_SORT_KEYS), *tb = json_dumps(fb, JSON_SORT_KEYS);
    cr_assert(json_equal((json_t *)fa, (json_t *)fb), "normalised flows differ:\n%s\n%s", ta, tb);
    free(ta);
    free(tb);
    cr_assert_null(json_object_get(fl_container_json(b), "resources"));

    const fl_flow *f = fl_container_flow_at(b, 0);
    cr_assert_eq(f->n_blocks, 5);
    cr_assert_eq(f->blocks[0].kind, FL_BT_MESSAGE);
    cr_assert_str_eq(f->blocks[0].prompt, U_R1);
    cr_assert_not_null(fl_find_resource(f, U_R1));
    for (size_t k = 1; k <= 2; k++) {
        const fl_block *s = &f->blocks[k];
        cr_assert_eq(s->kind, k == 1 ? FL_BT_SELECT_ONE : FL_BT_SELECT_MANY);
        cr_assert_str_eq(s->type, k == 1 ? "MobilePrimitives.SelectOneResponse"
                                         : "MobilePrimitives.SelectManyResponses");
        cr_assert_eq(s->n_choices, 2);
        cr_assert_str_eq(s->choices[0].name, "red");
        cr_assert_str_eq(s->choices[1].name, "blue");
        cr_assert_str_eq(s->choices[1].prompt, U_R4);
        if (tests) {
            cr_assert_eq(s->choices[1].n_tests, 1);
            cr_assert_str_eq(s->choices[1].tests[0].src, "block.response = \"b\"");
            cr_assert_not_null(s->choices[1].tests[0].expr);
            cr_assert_str_eq(s->choices[1].ivr_test.src, "block.response = \"b\"");
            cr_assert_not_null(s->choices[1].ivr_test.expr);
        } else {
            cr_assert_eq(s->choices[1].n_tests, 0);
            cr_assert_null(s->choices[1].ivr_test.src);
        }
    }
    const fl_block *pick = &f->blocks[1];
    cr_assert_eq(pick->n_set_contact_property, 1);
    cr_assert_str_eq(pick->set_contact_property[0].key, "colour");
    cr_assert_str_eq(pick->set_contact_property[0].value_src, "@block.value");
    cr_assert_str_eq(pick->exits[0].name, "red");
    cr_assert_eq(pick->exits[0].dest, &f->blocks[2]);
    const fl_block *grp = &f->blocks[3];
    cr_assert_eq(grp->n_groups, 1);
    cr_assert_str_eq(grp->groups[0].group_key, "fans");
    cr_assert_str_eq(grp->groups[0].group_name, "Fans");
    cr_assert_eq(grp->group_action, FL_GROUP_ADD);
    cr_assert_eq(json_integer_value(
                     json_object_get(json_object_get(f->blocks[4].config, "IVR"), "max_digits")),
                 2);
}

Test(load_versions, rc3_shapes_normalise_to_rc4)
{
    fl_container *a = load_clean(rc4_doc());
    fl_container *b = load_clean(to_rc3(rc4_doc()));
    assert_same(a, b, true);
    cr_assert_str_eq(fl_container_spec_version(b), "1.0.0-rc3");
    fl_container_free(a);
    fl_container_free(b);
}

Test(load_versions, rc2_shapes_normalise_to_rc4)
{
    fl_container *a = load_clean(rc4_without_tests());
    fl_container *b = load_clean(to_rc2(rc4_doc()));
    assert_same(a, b, false);
    fl_container_free(a);
    fl_container_free(b);
}

Test(load_versions, rc1_shapes_normalise_to_rc4)
{
    fl_container *a = load_clean(rc4_without_tests());
    fl_container *b = load_clean(to_rc1(rc4_doc()));
    assert_same(a, b, false);
    fl_container_free(a);
    fl_container_free(b);
}

Test(load_versions, rc2_choice_pointers_name_the_map_key)
{
    json_t *doc = to_rc2(rc4_doc());
    jset(doc, "/flows/0/blocks/1/config/choices/blue", json_string(U_MISSING));
    expect_diag(doc, "E029", "/flows/0/blocks/1/config/choices/blue");
}

Test(load_versions, rc3_choice_test_errors_point_at_test)
{
    json_t *doc = to_rc3(rc4_doc());
    jset(doc, "/flows/0/blocks/1/config/choices/0/test", json_string("block.response = = 1"));
    expect_diag(doc, "E030", "/flows/0/blocks/1/config/choices/0/test");
}

Test(load_versions, rc3_single_set_contact_property_pointer)
{
    json_t *doc = to_rc3(rc4_doc());
    jset(doc, "/flows/0/blocks/1/config/set_contact_property/property_key", NULL);
    expect_diag(doc, "E010", "/flows/0/blocks/1/config/set_contact_property/property_key");
}

Test(load_versions, rc2_message_key_pointer)
{
    json_t *doc = to_rc2(rc4_doc());
    jset(doc, "/flows/0/blocks/0/config/message", json_string(U_MISSING));
    expect_diag(doc, "E029", "/flows/0/blocks/0/config/message");
}

Test(load_versions, rc3_group_membership_expression)
{
    json_t *doc = to_rc3(rc4_doc());
    jset(doc, "/flows/0/blocks/3/config/is_member", json_string("@(contact.age > 18)"));
    fl_container *c = load_clean(doc);
    const fl_block *grp = &fl_container_flow_at(c, 0)->blocks[3];
    cr_assert_eq(grp->group_action, FL_GROUP_EVALUATE);
    cr_assert_not_null(grp->is_member);
    fl_container_free(c);

    doc = to_rc3(rc4_doc());
    jset(doc, "/flows/0/blocks/3/config/group_key", json_integer(4));
    expect_diag(doc, "E011", "/flows/0/blocks/3/config/group_key");
}

Test(load_versions, rc4_group_clear)
{
    json_t *doc = rc4_doc();
    jset(doc, "/flows/0/blocks/3/config", jparse("{\"clear\":true}"));
    fl_container *c = load_clean(doc);
    const fl_block *grp = &fl_container_flow_at(c, 0)->blocks[3];
    cr_assert(grp->clear_groups);
    cr_assert_eq(grp->n_groups, 0);
    cr_assert_eq(grp->group_action, FL_GROUP_LEAVE);
    fl_container_free(c);
}

Test(load_versions, flow_resources_as_object_keyed_by_uuid)
{
    json_t *doc = rc4_doc();
    json_t *f = json_array_get(json_object_get(doc, "flows"), 0);
    json_t *map = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(f, "resources"), i, r)
    {
        json_t *copy = json_deep_copy(r);
        const char *uuid = json_string_value(json_object_get(r, "uuid"));
        json_object_del(copy, "uuid");
        json_object_set_new(map, uuid, copy);
    }
    json_object_set_new(f, "resources", map);
    fl_container *a = load_clean(rc4_doc());
    fl_container *b = load_clean(doc);
    assert_same(a, b, true);
    fl_container_free(a);
    fl_container_free(b);
}

Test(load_versions, modes_and_content_types_are_upper_cased)
{
    json_t *doc = rc4_doc();
    jset(doc, "/flows/0/supported_modes/0", json_string("text"));
    jset(doc, "/flows/0/resources/0/values/0/content_type", json_string("text"));
    fl_container *c = load_clean(doc);
    const fl_flow *f = fl_container_flow_at(c, 0);
    cr_assert_str_eq(
        json_string_value(json_array_get(json_object_get(fl_flow_json(f), "supported_modes"), 0)),
        "TEXT");
    cr_assert_str_eq(f->resources[0].values[0].content_type_name, "TEXT");
    fl_container_free(c);
}
