/* The turn payload of every block kind and mode, checked against Turn's Channel API examples. */
#include "blocks/render.h"
#include "engine/model.h"

#include <criterion/criterion.h>
#include <string.h>

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    cr_assert_not_null(v, "bad test JSON: %s", e.text);
    return v;
}

static void assert_json(json_t *got, const char *want_text)
{
    json_t *want = parse(want_text);
    char *g = json_dumps(got, JSON_SORT_KEYS), *w = json_dumps(want, JSON_SORT_KEYS);
    cr_assert(json_equal(got, want), "got  %s\nwant %s", g, w);
    free(g), free(w);
    json_decref(want);
}

static json_t *render(const char *block, unsigned mode, const char *text,
                      const fl_render_choice *choices, size_t n, json_t *warnings)
{
    json_t *b = parse(block);
    fl_render_request req = {.block = b,
                             .mode = mode,
                             .text = text,
                             .media_type = -1,
                             .choices = choices,
                             .n_choices = n};
    json_t *turn = NULL;
    fl_error err;
    cr_assert_eq(fl_render(&req, &turn, warnings, &err), 0, "%s", err.message);
    json_decref(b);
    return turn;
}

#define MESSAGE "{\"type\":\"MobilePrimitives.Message\",\"config\":{}}"
#define SELECT1 "{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{}}"
#define SELECTN "{\"type\":\"MobilePrimitives.SelectManyResponses\",\"config\":{}}"

Test(render, text_message_matches_seed)
{
    json_t *w = json_array();
    json_t *t = render(MESSAGE, FL_MODE_RICH_MESSAGING, "the evaluated message", NULL, 0, w);
    assert_json(t, "{\"type\":\"text\",\"text\":{\"body\":\"the evaluated message\"}}");
    cr_assert_eq(json_array_size(w), 0);
    json_decref(t), json_decref(w);
}

Test(render, quick_reply_buttons_match_seed)
{
    fl_render_choice c[] = {{"coffee", "Black Coffee", NULL}, {"tea", "Black Tea", NULL}};
    json_t *t = render(SELECT1, FL_MODE_RICH_MESSAGING, "Please select an order", c, 2, NULL);
    assert_json(t, "{\"type\":\"interactive\",\"interactive\":{\"action\":{\"buttons\":["
                   "{\"reply\":{\"id\":\"QmxhY2sgQ29mZmVl\",\"title\":\"Black Coffee\"},"
                   "\"type\":\"reply\"},{\"reply\":{\"id\":\"QmxhY2sgVGVh\",\"title\":\"Black "
                   "Tea\"},\"type\":\"reply\"}]},\"body\":{\"text\":\"Please select an order\"},"
                   "\"type\":\"button\"}}");
    json_decref(t);
}

Test(render, list_matches_seed_with_configured_label)
{
    /* Four choices do not fit buttons; the seed's label "Option" comes from config.list_button. */
    fl_render_choice c[] = {
        {"a", "😀 One", NULL}, {"b", "Two", NULL}, {"c", "Three", NULL}, {"d", "Four", NULL}};
    json_t *t = render("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{"
                       "\"list_button\":\"Option\"}}",
                       FL_MODE_RICH_MESSAGING, "Hello this is my first text.", c, 4, NULL);
    json_t *rows = json_object_get(
        json_array_get(json_object_get(json_object_get(json_object_get(t, "interactive"), "action"),
                                       "sections"),
                       0),
        "rows");
    cr_assert_eq(json_array_size(rows), 4);
    json_array_remove(rows, 3), json_array_remove(rows, 2), json_array_remove(rows, 1);
    assert_json(t, "{\"type\":\"interactive\",\"interactive\":{\"action\":{\"button\":\"Option\","
                   "\"sections\":[{\"rows\":[{\"id\":\"8J+YgCBPbmU=\",\"title\":\"😀 One\"}]}]},"
                   "\"body\":{\"text\":\"Hello this is my first text.\"},\"type\":\"list\"}}");
    json_decref(t);
}

Test(render, list_label_defaults_to_options)
{
    fl_render_choice c[] = {
        {"a", "A", NULL}, {"b", "B", NULL}, {"c", "C", NULL}, {"d", "D", "the fourth"}};
    json_t *t = render(SELECT1, 0, "Pick", c, 4, NULL);
    json_t *action = json_object_get(json_object_get(t, "interactive"), "action");
    cr_assert_str_eq(json_string_value(json_object_get(action, "button")), "Options");
    json_t *row3 = json_array_get(
        json_object_get(json_array_get(json_object_get(action, "sections"), 0), "rows"), 3);
    cr_assert_str_eq(json_string_value(json_object_get(row3, "description")), "the fourth");
    cr_assert_str_eq(json_string_value(json_object_get(row3, "id")), "RA==");
    json_decref(t);
}

Test(render, numbered_menu_in_text_modes)
{
    fl_render_choice c[] = {{"y", "Yes", NULL}, {"n", "No", NULL}};
    unsigned modes[] = {FL_MODE_TEXT, FL_MODE_SMS, FL_MODE_USSD, FL_MODE_IVR, FL_MODE_OFFLINE};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        json_t *t = render(SELECT1, modes[i], "Continue?", c, 2, NULL);
        assert_json(t, "{\"type\":\"text\",\"text\":{\"body\":\"Continue?\\n\\n1. Yes\\n2. No\"}}");
        json_decref(t);
    }
}

Test(render, select_many_is_always_a_numbered_menu)
{
    fl_render_choice c[] = {{"y", "Yes", NULL}, {"n", "No", NULL}};
    json_t *t = render(SELECTN, FL_MODE_RICH_MESSAGING, "Which?", c, 2, NULL);
    assert_json(t, "{\"type\":\"text\",\"text\":{\"body\":\"Which?\\n\\n1. Yes\\n2. No\"}}");
    json_decref(t);
}

Test(render, eleven_choices_fall_back_to_the_menu)
{
    fl_render_choice c[11];
    char titles[11][8];
    for (int i = 0; i < 11; i++) {
        snprintf(titles[i], sizeof titles[i], "C%d", i + 1);
        c[i] = (fl_render_choice){titles[i], titles[i], NULL};
    }
    json_t *t = render(SELECT1, FL_MODE_RICH_MESSAGING, NULL, c, 11, NULL);
    cr_assert_str_eq(json_string_value(json_object_get(t, "type")), "text");
    const char *body = json_string_value(json_object_get(json_object_get(t, "text"), "body"));
    cr_assert(strncmp(body, "1. C1\n2. C2\n", 12) == 0, "%s", body);
    cr_assert(strstr(body, "\n11. C11") != NULL);
    json_decref(t);
}

Test(render, image_video_document_audio_match_seed)
{
    struct {
        int type;
        const char *url, *mime, *caption, *want;
    } cases[] = {
        {FL_CONTENT_VIDEO,
         "https://whatsapp.turn.io/uploads/2024/09/24/26954/9fa7b372-faf5-483f-a82a-61c0129d50fe",
         "video/mp4", "hello world",
         "{\"type\":\"video\",\"video\":{\"caption\":\"hello world\",\"link\":\"https://"
         "whatsapp.turn.io/uploads/2024/09/24/26954/9fa7b372-faf5-483f-a82a-61c0129d50fe\","
         "\"mime_type\":\"video/mp4\"}}"},
        {FL_CONTENT_AUDIO,
         "https://whatsapp.turn.io/uploads/2024/09/24/27038/2f9f3c3f-f965-46d4-9298-1fc66193babd",
         "audio/mp3", NULL,
         "{\"audio\":{\"link\":\"https://whatsapp.turn.io/uploads/2024/09/24/27038/"
         "2f9f3c3f-f965-46d4-9298-1fc66193babd\",\"mime_type\":\"audio/mp3\"},\"type\":\"audio\"}"},
        {FL_CONTENT_IMAGE,
         "https://whatsapp.turn.io/uploads/2024/09/24/27164/2bf705ba-607c-49e4-8b06-7aa1340170b8",
         "image/jpeg", "hello world",
         "{\"image\":{\"caption\":\"hello world\",\"link\":\"https://whatsapp.turn.io/uploads/"
         "2024/09/24/27164/2bf705ba-607c-49e4-8b06-7aa1340170b8\",\"mime_type\":\"image/jpeg\"},"
         "\"type\":\"image\"}"},
        {FL_CONTENT_DOCUMENT, "https://example.org/files/the-filename.pdf?sig=1", "application/pdf",
         "hello world",
         "{\"document\":{\"caption\":\"hello world\",\"filename\":\"the-filename.pdf\","
         "\"link\":\"https://example.org/files/the-filename.pdf?sig=1\",\"mime_type\":"
         "\"application/pdf\"},\"type\":\"document\"}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *b = parse(MESSAGE);
        fl_render_request req = {.block = b,
                                 .mode = FL_MODE_RICH_MESSAGING,
                                 .text = cases[i].caption,
                                 .media_type = cases[i].type,
                                 .media_url = cases[i].url,
                                 .mime_type = cases[i].mime};
        json_t *turn = NULL;
        cr_assert_eq(fl_render(&req, &turn, NULL, NULL), 0);
        assert_json(turn, cases[i].want);
        json_decref(turn), json_decref(b);
    }
}

Test(render, nothing_to_send_gives_null_turn)
{
    json_t *b = parse(MESSAGE);
    fl_render_request req = {.block = b, .media_type = -1};
    json_t *turn = (json_t *)1;
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), 0);
    cr_assert_null(turn);
    json_decref(b);
}

Test(render, choice_id_is_base64_of_title)
{
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_render_choice_id("Black Coffee", &b), 0);
    cr_assert_str_eq(b.data, "QmxhY2sgQ29mZmVl");
    cr_assert_eq(fl_render_choice_id("😀 One", &b), 0);
    cr_assert_str_eq(b.data, "8J+YgCBPbmU=");
    cr_assert_eq(fl_render_choice_id("", &b), 0);
    cr_assert_str_eq(b.data, "");
    fl_buf_free(&b);
}

Test(render, envelope_has_every_field)
{
    json_t *block = parse(MESSAGE), *ctx = parse("{\"contact\":{\"name\":\"Jo\"}}");
    json_t *turn = parse("{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
    json_t *env = fl_envelope_new("+27820000000", block, ctx, NULL, NULL, turn, true);
    assert_json(env, "{\"to\":\"+27820000000\",\"version\":\"0.0.1-alpha\",\"block\":" MESSAGE
                     ",\"context\":{\"contact\":{\"name\":\"Jo\"}},\"resources\":null,"
                     "\"evaluated_resources\":null,\"turn\":{\"type\":\"text\",\"text\":{"
                     "\"body\":\"hi\"}},\"waiting_for_user_input\":true}");
    /* Deep copies: a later change to the run's context does not reach a sent envelope. */
    json_object_set_new(json_object_get(ctx, "contact"), "name", json_string("Al"));
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_object_get(env, "context"), "contact"), "name")),
                     "Jo");
    json_decref(env), json_decref(block), json_decref(ctx);
}

Test(render, turn_text_and_buttons_read_back)
{
    fl_render_choice c[] = {{"coffee", "Black Coffee", NULL}, {"tea", "Black Tea", NULL}};
    json_t *t = render("{\"type\":\"MobilePrimitives.SelectOneResponse\",\"config\":{"
                       "\"header\":\"Menu\",\"footer\":\"Reply any time\"}}",
                       FL_MODE_RICH_MESSAGING, "Please select an order", c, 2, NULL);
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_turn_text(t, &b), 0);
    cr_assert_str_eq(b.data, "Menu\nPlease select an order\nReply any time");
    json_t *buttons = fl_turn_buttons(t);
    assert_json(buttons, "[\"Black Coffee\",\"Black Tea\"]");
    json_decref(buttons), json_decref(t);

    json_t *menu = render(SELECT1, FL_MODE_SMS, "Q", c, 2, NULL);
    cr_assert_eq(fl_turn_text(menu, &b), 0);
    cr_assert_str_eq(b.data, "Q\n\n1. Black Coffee\n2. Black Tea");
    buttons = fl_turn_buttons(menu);
    cr_assert_eq(json_array_size(buttons), 0);
    json_decref(buttons), json_decref(menu);

    json_t *bad = parse("{\"type\":\"reaction\"}");
    cr_assert_eq(fl_turn_text(bad, &b), FL_EINVAL);
    json_decref(bad);
    fl_buf_free(&b);
}

Test(render, document_filename_from_config_matches_seed)
{
    json_t *b = parse("{\"type\":\"MobilePrimitives.Message\",\"config\":{\"filename\":"
                      "\"the-filename.pdf\"}}");
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_RICH_MESSAGING,
                             .text = "hello world",
                             .media_type = FL_CONTENT_DOCUMENT,
                             .media_url = "https://whatsapp.turn.io/uploads/2024/09/24/27086/"
                                          "056dca1b-b8a4-49a5-8491-9561b0efe19b",
                             .mime_type = "application/pdf"};
    json_t *turn = NULL;
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), 0);
    assert_json(turn,
                "{\"document\":{\"caption\":\"hello world\",\"filename\":\"the-filename.pdf\","
                "\"link\":\"https://whatsapp.turn.io/uploads/2024/09/24/27086/"
                "056dca1b-b8a4-49a5-8491-9561b0efe19b\",\"mime_type\":\"application/pdf\"},"
                "\"type\":\"document\"}");
    json_decref(turn), json_decref(b);
    /* without it, the URL's last path segment; a URL ending in "/" gives no filename */
    b = parse(MESSAGE);
    req.block = b;
    req.media_url = "https://x.org/files/";
    cr_assert_eq(fl_render(&req, &turn, NULL, NULL), 0);
    cr_assert_null(json_object_get(json_object_get(turn, "document"), "filename"));
    json_decref(turn), json_decref(b);
}
