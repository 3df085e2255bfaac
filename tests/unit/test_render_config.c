/* Template messages and WhatsApp Flow messages built from a block's config, with templates
 * evaluated through the request's eval callback; Turn's Channel API examples reproduced. */
#include "blocks/render.h"
#include "engine/model.h"
#include "engine/util.h"

#include <criterion/criterion.h>
#include <string.h>

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    cr_assert_not_null(v, "bad test JSON: %s (%s)", e.text, s);
    return v;
}

static void assert_json(const json_t *got, const char *want_text)
{
    json_t *want = parse(want_text);
    char *g = json_dumps(got, JSON_SORT_KEYS), *w = json_dumps(want, JSON_SORT_KEYS);
    cr_assert(json_equal((json_t *)got, want), "got  %s\nwant %s", g, w);
    free(g), free(w);
    json_decref(want);
}

/* A stand-in for the expression engine: "@contact.name" -> "Jane", "@fail" -> error. */
static int fake_eval(void *ud, const char *tpl, fl_buf *out)
{
    int *calls = ud;
    (*calls)++;
    if (strstr(tpl, "@fail")) return FL_EEVAL;
    const char *at = strstr(tpl, "@contact.name");
    if (!at) {
        fl_buf_puts(out, tpl);
        return 0;
    }
    fl_buf_append(out, tpl, (size_t)(at - tpl));
    fl_buf_puts(out, "Jane");
    fl_buf_puts(out, at + strlen("@contact.name"));
    return 0;
}

static int render_block(const char *block, const char *text, json_t **turn, json_t *warnings,
                        fl_error *err)
{
    json_t *b = parse(block);
    int calls = 0;
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_RICH_MESSAGING,
                             .text = text,
                             .media_type = -1,
                             .eval = fake_eval,
                             .eval_ud = &calls};
    int rc = fl_render(&req, turn, warnings, err);
    json_decref(b);
    return rc;
}

Test(config, template_matches_seed)
{
    json_t *turn = NULL;
    fl_error err;
    int rc = render_block(
        "{\"type\":\"MobilePrimitives.Message\",\"config\":{\"prompt\":\"ignored\",\"template\":{"
        "\"name\":\"hello_template\",\"namespace\":\"message_template_namespace_10\","
        "\"language\":\"en\",\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":"
        "\"text\",\"text\":\"@contact.name\"}]}]}}}",
        "a prompt text", &turn, NULL, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    /* Turn's example shows the template object; floip adds "type" so connectors can dispatch. */
    cr_assert_str_eq(json_string_value(json_object_get(turn, "type")), "template");
    assert_json(json_object_get(turn, "template"),
                "{\"components\":[{\"parameters\":[{\"text\":\"Jane\",\"type\":\"text\"}],"
                "\"type\":\"body\"}],\"language\":{\"code\":\"en\"},\"name\":\"hello_template\","
                "\"namespace\":\"message_template_namespace_10\"}");
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_turn_text(turn, &b), 0);
    cr_assert_str_eq(b.data, "Jane");
    fl_buf_free(&b);
    json_decref(turn);
}

Test(config, template_language_object_media_and_button_parameters)
{
    json_t *turn = NULL;
    fl_error err;
    int rc = render_block(
        "{\"type\":\"MobilePrimitives.Message\",\"config\":{\"template\":{\"name\":\"t\","
        "\"language\":{\"code\":\"pt_BR\",\"policy\":\"deterministic\"},\"components\":["
        "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":"
        "\"https://x.org/@contact.name.png\"}}]},{\"type\":\"button\",\"sub_type\":\"quick_reply\","
        "\"index\":0,\"parameters\":[{\"type\":\"payload\",\"payload\":\"yes-@contact.name\"}]}]}}"
        "}",
        NULL, &turn, NULL, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    assert_json(turn, "{\"type\":\"template\",\"template\":{\"name\":\"t\",\"language\":{\"code\":"
                      "\"pt_BR\",\"policy\":\"deterministic\"},\"components\":[{\"type\":"
                      "\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":"
                      "\"https://x.org/Jane.png\"}}]},{\"type\":\"button\",\"sub_type\":"
                      "\"quick_reply\",\"index\":0,\"parameters\":[{\"type\":\"payload\","
                      "\"payload\":\"yes-Jane\"}]}]}}");
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_turn_text(turn, &b), 0);
    cr_assert_str_eq(b.data, "t", "no text parameter: the template's name");
    fl_buf_free(&b);
    json_decref(turn);
}

Test(config, template_errors)
{
    const char *bad[] = {
        "{\"template\":[]}",
        "{\"template\":{\"language\":\"en\"}}",
        "{\"template\":{\"name\":\"t\"}}",
        "{\"template\":{\"name\":\"t\",\"language\":{}}}",
        "{\"template\":{\"name\":\"t\",\"language\":\"en\",\"namespace\":3}}",
        "{\"template\":{\"name\":\"t\",\"language\":\"en\",\"components\":{}}}",
        "{\"template\":{\"name\":\"t\",\"language\":\"en\",\"components\":[{\"parameters\":[]}]}}",
        "{\"template\":{\"name\":\"t\",\"language\":\"en\",\"components\":[{\"type\":\"body\","
        "\"parameters\":[{\"type\":\"text\",\"text\":\"@fail\"}]}]}}",
    };
    int codes[] = {FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EINVAL,
                   FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EEVAL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char block[512];
        snprintf(block, sizeof block, "{\"type\":\"MobilePrimitives.Message\",\"config\":%s}",
                 bad[i]);
        json_t *turn = NULL;
        fl_error err = {0};
        cr_assert_eq(render_block(block, "x", &turn, NULL, &err), codes[i], "case %zu", i);
        cr_assert_null(turn);
        cr_assert_neq(err.message[0], '\0');
    }
}

#define SEED_FLOW                                                                                  \
    "{\"interactive\":{\"action\":{\"name\":\"flow\",\"parameters\":{\"flow_action\":"             \
    "\"navigate\","                                                                                \
    "\"flow_action_payload\":{\"screen\":\"BOOKING\"},\"flow_cta\":\"Make a booking!\","           \
    "\"flow_id\":\"1271481943527749\",\"flow_message_version\":\"3\",\"flow_token\":"              \
    "\"3b523386-adbd-4715-b977-7e292aaf57c3\",\"mode\":\"published\"}},\"body\":{\"text\":"        \
    "\"Please pick a convenient date and time and we'll complete the booking.\"},\"footer\":{"     \
    "\"text\":\"This is a demo. No real booking will be made.\"},\"header\":{\"text\":\"Make a "   \
    "booking\",\"type\":\"text\"},\"type\":\"flow\"},\"type\":\"interactive\"}"

Test(config, whatsapp_flow_matches_seed)
{
    json_t *turn = NULL, *w = json_array();
    fl_error err;
    int rc = render_block(
        "{\"type\":\"MobilePrimitives.Message\",\"config\":{\"whatsapp_flow\":{\"flow_id\":"
        "1271481943527749,\"flow_cta\":\"Make a booking!\",\"flow_action\":\"navigate\","
        "\"flow_token\":\"3b523386-adbd-4715-b977-7e292aaf57c3\",\"flow_action_payload\":{"
        "\"screen\":\"BOOKING\"},\"header\":\"Make a booking\",\"body\":\"Please pick a convenient "
        "date and time and we'll complete the booking.\",\"footer\":\"This is a demo. No real "
        "booking will be made.\"}}}",
        "the prompt", &turn, w, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    assert_json(turn, SEED_FLOW);
    cr_assert_eq(json_array_size(w), 0);
    json_t *buttons = fl_turn_buttons(turn);
    assert_json(buttons, "[\"Make a booking!\"]");
    json_decref(buttons), json_decref(turn), json_decref(w);
}

Test(config, whatsapp_flow_defaults_templates_and_prompt_body)
{
    json_t *turn = NULL, *w = json_array();
    fl_error err;
    int rc = render_block("{\"type\":\"MobilePrimitives.OpenResponse\",\"config\":{"
                          "\"whatsapp_flow\":{\"flow_id\":\"42\",\"flow_cta\":\"Hi @contact.name, "
                          "tap here please now\",\"flow_token\":\"tok-@contact.name\","
                          "\"flow_action_payload\":{\"screen\":\"S\",\"data\":{\"who\":"
                          "\"@contact.name\",\"n\":3}}}}}",
                          "Book a visit", &turn, w, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    assert_json(turn, "{\"type\":\"interactive\",\"interactive\":{\"type\":\"flow\",\"body\":{"
                      "\"text\":\"Book a visit\"},\"action\":{\"name\":\"flow\",\"parameters\":{"
                      "\"flow_id\":\"42\",\"flow_cta\":\"Hi Jane, tap here please now\","
                      "\"flow_action\":\"navigate\",\"flow_token\":\"tok-Jane\","
                      "\"flow_message_version\":\"3\",\"mode\":\"published\","
                      "\"flow_action_payload\":{\"screen\":\"S\",\"data\":{\"who\":\"Jane\","
                      "\"n\":3}}}}}}");
    /* "Hi Jane, tap here please now" is 28 code points: over the 20 of a CTA. */
    cr_assert_eq(json_array_size(w), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "code")),
                     "flow_cta_too_long");
    json_decref(turn), json_decref(w);
}

Test(config, whatsapp_flow_errors)
{
    const char *bad[] = {
        "{\"whatsapp_flow\":\"x\"}",
        "{\"whatsapp_flow\":{\"flow_cta\":\"Go\",\"body\":\"b\"}}",
        "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"body\":\"b\"}}",
        "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"Go\"}}",
        "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"Go\",\"body\":\"b\","
        "\"flow_action_payload\":[]}}",
        "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":7,\"body\":\"b\"}}",
        "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"Go\",\"body\":\"b\",\"header\":"
        "\"@fail\"}}",
    };
    int codes[] = {FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EINVAL, FL_EEVAL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char block[512];
        snprintf(block, sizeof block, "{\"type\":\"MobilePrimitives.Message\",\"config\":%s}",
                 bad[i]);
        json_t *turn = NULL;
        fl_error err = {0};
        /* no prompt text, so a flow without config body has nothing to say */
        cr_assert_eq(render_block(block, NULL, &turn, NULL, &err), codes[i], "case %zu: %s", i,
                     err.message);
        cr_assert_null(turn);
    }
}

Test(config, header_and_footer_templates_are_evaluated)
{
    json_t *turn = NULL;
    int rc = render_block("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{"
                          "\"header\":\"Hi @contact.name\",\"footer\":\"Bye @contact.name\"}}",
                          "Q", &turn, NULL, NULL);
    cr_assert_eq(rc, 0);
    /* no choices given: a plain text message, config header/footer do not apply */
    cr_assert_str_eq(json_string_value(json_object_get(turn, "type")), "text");
    json_decref(turn);

    json_t *b = parse("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{"
                      "\"header\":\"Hi @contact.name\",\"footer\":\"Bye @contact.name\"}}");
    fl_render_choice c[] = {{"y", "Yes", NULL}};
    int calls = 0;
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_RICH_MESSAGING,
                             .text = "Q",
                             .media_type = -1,
                             .choices = c,
                             .n_choices = 1,
                             .eval = fake_eval,
                             .eval_ud = &calls};
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), 0);
    json_t *in = json_object_get(turn, "interactive");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(in, "header"), "text")),
                     "Hi Jane");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(in, "footer"), "text")),
                     "Bye Jane");
    cr_assert_eq(calls, 2);
    json_decref(turn), json_decref(b);
}

Test(config, bad_requests)
{
    json_t *turn = NULL;
    cr_assert_eq(fl_render(NULL, &turn, NULL, NULL), FL_EINVAL);
    json_t *b = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":[]}");
    fl_render_request req = {.block = b, .text = "x", .media_type = -1};
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), FL_EINVAL);
    json_decref(b);
    b = parse("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{\"header\":5}}");
    fl_render_choice c[] = {{"y", "Yes", NULL}}, untitled[] = {{"y", NULL, NULL}};
    req = (fl_render_request){
        .block = b, .text = "x", .media_type = -1, .choices = c, .n_choices = 1};
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), FL_EINVAL);
    req.choices = untitled;
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), FL_EINVAL);
    cr_assert_null(turn);
    json_decref(b);
}
