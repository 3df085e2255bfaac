/* fl_render_turn: the connector-side renderer from a webhook's block, context and resources:
 * language and mode choice with fallbacks, media, inline prompts, choices, evaluated resources. */
#include "engine/channel.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static json_t *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/channel/%s", FLOIP_DATA_DIR, name);
    json_error_t e;
    json_t *v = json_load_file(path, 0, &e);
    cr_assert_not_null(v, "%s: %s", path, e.text);
    return v;
}

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    cr_assert_not_null(v, "bad test JSON: %s", e.text);
    return v;
}

static void assert_json(const json_t *got, const char *want_text)
{
    json_t *want = parse(want_text);
    char *g = json_dumps(got, JSON_SORT_KEYS | JSON_ENCODE_ANY),
         *w = json_dumps(want, JSON_SORT_KEYS);
    cr_assert(json_equal((json_t *)got, want), "got  %s\nwant %s", g, w);
    free(g), free(w);
    json_decref(want);
}

static const char *body_of(const json_t *turn)
{
    const json_t *t = json_object_get(turn, "text");
    if (t) return json_string_value(json_object_get(t, "body"));
    return json_string_value(
        json_object_get(json_object_get(json_object_get(turn, "interactive"), "body"), "text"));
}

Test(render_turn, reproduces_a_whole_webhook)
{
    json_t *env = load("envelope_select.json");
    json_t *turn = NULL, *evres = NULL, *warnings = NULL;
    fl_error err;
    int rc = fl_channel_render(json_object_get(env, "block"), json_object_get(env, "context"),
                               json_object_get(env, "resources"), NULL, NULL, NULL, &turn, &evres,
                               &warnings, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    cr_assert(json_equal(turn, json_object_get(env, "turn")));
    cr_assert(json_equal(evres, json_object_get(env, "evaluated_resources")));
    cr_assert_eq(json_array_size(warnings), 0);
    json_decref(turn), json_decref(evres), json_decref(warnings);
    /* the public call gives the same turn */
    cr_assert_eq(fl_render_turn(json_object_get(env, "block"), json_object_get(env, "context"),
                                json_object_get(env, "resources"), "eng", "RICH_MESSAGING", NULL,
                                &turn, NULL, &err),
                 0);
    cr_assert(json_equal(turn, json_object_get(env, "turn")));
    json_decref(turn), json_decref(env);
}

Test(render_turn, language_choice_and_fallback)
{
    json_t *block = load("select_block.json"), *ctx = load("context.json"),
           *res = load("resources.json");
    json_t *turn = NULL, *w = NULL;
    /* zul: a 36-letter title fits neither a button nor a list row: the numbered menu */
    cr_assert_eq(fl_render_turn(block, ctx, res, "zul", NULL, NULL, &turn, &w, NULL), 0);
    assert_json(turn, "{\"type\":\"text\",\"text\":{\"body\":\"Thandi, khetha i-oda\\n\\n1. Ikhofi "
                      "elimnyama elinamandla kakhulu\\n2. Itiye\"}}");
    cr_assert_eq(json_array_size(w), 0);
    json_decref(turn), json_decref(w);
    /* no language asked: contact.language (eng) */
    json_object_set_new(json_object_get(ctx, "contact"), "language", json_string("zul"));
    cr_assert_eq(fl_render_turn(block, ctx, res, NULL, NULL, NULL, &turn, &w, NULL), 0);
    cr_assert_str_eq(body_of(turn), "Thandi, khetha i-oda\n\n1. Ikhofi elimnyama elinamandla "
                                    "kakhulu\n2. Itiye");
    json_decref(turn), json_decref(w);
    /* a language without values: first tier that matches the mode, and a warning per resource */
    cr_assert_eq(fl_render_turn(block, ctx, res, "fra", "SMS", NULL, &turn, &w, NULL), 0);
    cr_assert_str_eq(body_of(turn),
                     "Thandi, please select an order\n\n1. Black Coffee\n2. Black Tea");
    cr_assert_eq(json_array_size(w), 3);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "code")),
                     "resource_fallback");
    json_decref(turn), json_decref(w);
    json_decref(block), json_decref(ctx), json_decref(res);
}

Test(render_turn, modes)
{
    json_t *block = load("select_block.json"), *ctx = load("context.json"),
           *res = load("resources.json");
    const char *menu_modes[] = {"SMS", "sms", "TEXT", "USSD", "IVR", "OFFLINE"};
    for (size_t i = 0; i < 6; i++) {
        json_t *turn = NULL;
        cr_assert_eq(fl_render_turn(block, ctx, res, "eng", menu_modes[i], NULL, &turn, NULL, NULL),
                     0);
        cr_assert_str_eq(json_string_value(json_object_get(turn, "type")), "text", "%s",
                         menu_modes[i]);
        json_decref(turn);
    }
    json_t *turn = NULL;
    fl_error err;
    cr_assert_eq(fl_render_turn(block, ctx, res, "eng", "FAX", NULL, &turn, NULL, &err), FL_EINVAL);
    cr_assert(strstr(err.message, "FAX"));
    json_decref(block), json_decref(ctx), json_decref(res);
}

#define IMG_RES                                                                                    \
    "[{\"uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"values\":["                             \
    "{\"language_id\":\"eng\",\"content_type\":\"TEXT\",\"modes\":[\"RICH_MESSAGING\",\"SMS\"],"   \
    "\"value\":\"Hi @contact.name\"},"                                                             \
    "{\"language_id\":\"eng\",\"content_type\":\"IMAGE\",\"mime_type\":\"image/jpeg\",\"modes\":[" \
    "\"RICH_MESSAGING\"],\"value\":\"https://x.org/hi.jpg\"}]}]"

Test(render_turn, media_value_in_rich_messaging_only)
{
    json_t *block = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":{\"prompt\":"
                          "\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"}}");
    json_t *ctx = load("context.json"), *res = parse(IMG_RES), *turn = NULL;
    cr_assert_eq(fl_render_turn(block, ctx, res, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    assert_json(turn, "{\"type\":\"image\",\"image\":{\"link\":\"https://x.org/hi.jpg\","
                      "\"mime_type\":\"image/jpeg\",\"caption\":\"Hi Thandi\"}}");
    json_decref(turn);
    cr_assert_eq(fl_render_turn(block, ctx, res, NULL, "SMS", NULL, &turn, NULL, NULL), 0);
    assert_json(turn, "{\"type\":\"text\",\"text\":{\"body\":\"Hi Thandi\"}}");
    json_decref(turn);
    json_decref(block), json_decref(ctx), json_decref(res);
}

Test(render_turn, inline_prompts_rc2_choice_maps_and_names_as_titles)
{
    json_t *ctx = load("context.json"), *turn = NULL;
    json_t *block = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":{\"message\":"
                          "\"Hello @contact.name\"}}");
    cr_assert_eq(fl_render_turn(block, ctx, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    assert_json(turn, "{\"type\":\"text\",\"text\":{\"body\":\"Hello Thandi\"}}");
    json_decref(turn), json_decref(block);

    block = parse("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{\"prompt\":"
                  "\"Pick\",\"choices\":{\"Red\":\"Red @contact.name\",\"Blue\":null}}}");
    cr_assert_eq(fl_render_turn(block, ctx, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    json_t *buttons = fl_turn_buttons(turn);
    assert_json(buttons, "[\"Red Thandi\",\"Blue\"]");
    json_decref(buttons), json_decref(turn), json_decref(block);

    block = parse(
        "{\"type\":\"MobilePrimitives.SelectManyResponses\",\"config\":{\"prompt\":"
        "\"Pick\",\"choices\":[{\"name\":\"red\"},{\"name\":\"blue\",\"prompt\":\"Blue\"}]}}");
    cr_assert_eq(fl_render_turn(block, ctx, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    assert_json(turn, "{\"type\":\"text\",\"text\":{\"body\":\"Pick\\n\\n1. red\\n2. Blue\"}}");
    json_decref(turn), json_decref(block);

    block = parse("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{\"prompt\":"
                  "\"Pick\",\"choices\":[{\"name\":\"a\",\"description\":\"first, @contact.name\"},"
                  "{\"name\":\"b\"},{\"name\":\"c\"},{\"name\":\"d\"}]}}");
    cr_assert_eq(fl_render_turn(block, ctx, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    json_t *row0 = json_array_get(
        json_object_get(
            json_array_get(
                json_object_get(json_object_get(json_object_get(turn, "interactive"), "action"),
                                "sections"),
                0),
            "rows"),
        0);
    assert_json(row0, "{\"id\":\"YQ==\",\"title\":\"a\",\"description\":\"first, Thandi\"}");
    json_decref(turn), json_decref(block), json_decref(ctx);
}

Test(render_turn, nothing_to_send_and_bad_input)
{
    json_t *turn = (json_t *)1;
    json_t *log = parse("{\"type\":\"Core.Log\",\"config\":{\"message\":\"x\"}}");
    cr_assert_eq(fl_render_turn(log, NULL, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    cr_assert_null(turn, "a log line is not a message");
    json_t *output = parse("{\"type\":\"Core.Output\",\"config\":{\"value\":\"1\"}}");
    cr_assert_eq(fl_render_turn(output, NULL, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    cr_assert_null(turn);
    json_decref(output), json_decref(log);

    fl_error err;
    json_t *msg = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":{\"prompt\":"
                        "\"aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff\"}}");
    cr_assert_eq(fl_render_turn(msg, NULL, NULL, NULL, NULL, NULL, &turn, NULL, &err),
                 FL_ENOTFOUND);
    cr_assert(strstr(err.message, "aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff"));
    json_t *arr = parse("[]"), *obj = parse("{}");
    cr_assert_eq(fl_render_turn(arr, NULL, NULL, NULL, NULL, NULL, &turn, NULL, NULL), FL_EINVAL);
    cr_assert_eq(fl_render_turn(obj, NULL, NULL, NULL, NULL, NULL, &turn, NULL, NULL), FL_EINVAL);
    cr_assert_eq(fl_render_turn(msg, NULL, obj, NULL, NULL, NULL, &turn, NULL, NULL), FL_EINVAL);
    json_t *badres = parse("[1]");
    cr_assert_eq(fl_render_turn(msg, NULL, badres, NULL, NULL, NULL, &turn, NULL, NULL), FL_EINVAL);
    cr_assert_eq(fl_render_turn(msg, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), FL_EINVAL);
    json_decref(badres), json_decref(arr), json_decref(obj), json_decref(msg);
}

Test(render_turn, template_config_is_evaluated_against_the_context)
{
    json_t *ctx = load("context.json"), *turn = NULL;
    json_t *block = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":{\"template\":{"
                          "\"name\":\"hello_template\",\"namespace\":"
                          "\"message_template_namespace_10\",\"language\":\"en\",\"components\":"
                          "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":"
                          "\"@contact.name\"}]}]}}}");
    cr_assert_eq(fl_render_turn(block, ctx, NULL, NULL, NULL, NULL, &turn, NULL, NULL), 0);
    assert_json(turn, "{\"type\":\"template\",\"template\":{\"components\":[{\"parameters\":[{"
                      "\"text\":\"Thandi\",\"type\":\"text\"}],\"type\":\"body\"}],\"language\":{"
                      "\"code\":\"en\"},\"name\":\"hello_template\",\"namespace\":"
                      "\"message_template_namespace_10\"}}");
    json_decref(turn), json_decref(block), json_decref(ctx);
}

/* Every block type in every mode: the payload kind it renders to (inline prompts and choices). */
Test(render_turn, every_block_type_in_every_mode)
{
    static const struct {
        const char *type, *config;
        const char *rich, *other; /* kind in RICH_MESSAGING, kind in every other mode */
    } cases[] = {
        {"MobilePrimitives.Message", "{\"prompt\":\"Hi\"}", "text", "text"},
        {"MobilePrimitives.SelectOneResponse",
         "{\"prompt\":\"Q\",\"choices\":[{\"name\":\"a\",\"prompt\":\"A\"}]}", "button", "text"},
        {"MobilePrimitives.SelectOneResponse",
         "{\"prompt\":\"Q\",\"choices\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"},"
         "{\"name\":\"d\"}]}",
         "list", "text"},
        {"MobilePrimitives.SelectManyResponses",
         "{\"prompt\":\"Q\",\"choices\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", "text", "text"},
        {"MobilePrimitives.SelectManyResponse", "{\"prompt\":\"Q\",\"choices\":[{\"name\":\"a\"}]}",
         "text", "text"},
        {"MobilePrimitives.NumericResponse", "{\"prompt\":\"How many?\"}", "text", "text"},
        {"MobilePrimitives.OpenResponse", "{\"prompt\":\"Name?\"}", "text", "text"},
        {"SmartDevices.LocationResponse", "{\"prompt\":\"Where?\"}", "text", "text"},
        {"SmartDevices.PhotoResponse", "{\"prompt\":\"Photo?\"}", "text", "text"},
        {"ConsoleIO.Print", "{\"prompt\":\"Printed\"}", "text", "text"},
        {"MobilePrimitives.Message",
         "{\"template\":{\"name\":\"t\",\"language\":\"en\",\"components\":[]}}", "template",
         "template"},
        {"MobilePrimitives.OpenResponse",
         "{\"prompt\":\"Book\",\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"Go\"}}", "flow",
         "flow"},
        {"Core.Log", "{\"message\":\"x\"}", NULL, NULL},
        {"Core.Case", "{}", NULL, NULL},
        {"Core.Output", "{\"value\":\"1\"}", NULL, NULL},
        {"Core.SetContactProperty", "{}", NULL, NULL},
        {"Core.SetGroupMembership", "{}", NULL, NULL},
        {"Core.RunFlow", "{\"flow_id\":\"x\"}", NULL, NULL},
        {"Core.Webhook", "{\"url\":\"https://x.org\"}", NULL, NULL},
    };
    static const char *modes[] = {"RICH_MESSAGING", "TEXT", "SMS", "USSD", "IVR", "OFFLINE"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "{\"type\":\"%s\",\"config\":%s}", cases[i].type,
                 cases[i].config);
        json_t *block = parse(buf);
        for (size_t m = 0; m < 6; m++) {
            json_t *turn = NULL;
            fl_error err;
            cr_assert_eq(fl_render_turn(block, NULL, NULL, NULL, modes[m], NULL, &turn, NULL, &err),
                         0, "%s %s: %s", cases[i].type, modes[m], err.message);
            const char *want = m == 0 ? cases[i].rich : cases[i].other;
            if (!want) {
                cr_assert_null(turn, "%s %s sends nothing", cases[i].type, modes[m]);
                continue;
            }
            const json_t *in = json_object_get(turn, "interactive");
            const char *kind = json_string_value(json_object_get(in ? in : turn, "type"));
            cr_assert_str_eq(kind, want, "%s in %s", cases[i].type, modes[m]);
            json_decref(turn);
        }
        json_decref(block);
    }
}
