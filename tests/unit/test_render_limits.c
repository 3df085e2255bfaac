/* WhatsApp limits counted in Unicode code points: emoji, combining marks and RTL text at each
 * limit and one past it. A break is a warning event and the payload is never truncated. */
#include "blocks/render.h"
#include "engine/model.h"

#include <criterion/criterion.h>
#include <string.h>

/* n repetitions of unit (a UTF-8 sequence), malloc'd. */
static char *rep(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}

#define EMOJI   "\xF0\x9F\x98\x80" /* U+1F600, 4 bytes, 1 code point */
#define E_ACUTE "e\xCC\x81"        /* e + U+0301 combining acute: 2 code points */
#define ARABIC  "\xD9\x85"         /* U+0645 MEEM, RTL, 1 code point */
#define HEBREW  "\xD7\xA9"         /* U+05E9 SHIN */
#define FAMILY  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7" /* 5 */

Test(limits, code_points_not_bytes_nor_graphemes)
{
    cr_assert_eq(fl_render_length(""), 0);
    cr_assert_eq(fl_render_length(NULL), 0);
    cr_assert_eq(fl_render_length(EMOJI), 1);
    cr_assert_eq(fl_render_length(E_ACUTE), 2);
    cr_assert_eq(fl_render_length(ARABIC HEBREW "a"), 3);
    cr_assert_eq(fl_render_length(FAMILY), 5);
    cr_assert_eq(fl_render_length("\xFF\xFE"
                                  "ab"),
                 4); /* invalid bytes count one each */
}

static json_t *block(const char *type, const char *config)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "{\"type\":\"%s\",\"config\":%s}", type, config);
    json_t *b = json_loads(buf, 0, NULL);
    cr_assert_not_null(b, "%s", buf);
    return b;
}

static json_t *run(json_t *b, const char *text, const fl_render_choice *c, size_t n, json_t *warns)
{
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_RICH_MESSAGING,
                             .text = text,
                             .media_type = -1,
                             .choices = c,
                             .n_choices = n};
    json_t *turn = NULL;
    fl_error err;
    cr_assert_eq(fl_render(&req, &turn, warns, &err), 0, "%s", err.message);
    return turn;
}

static const char *kind_of(const json_t *turn)
{
    const json_t *in = json_object_get(turn, "interactive");
    return json_string_value(json_object_get(in ? in : turn, "type"));
}

static void assert_one_warning(json_t *w, const char *code, size_t limit, size_t length)
{
    cr_assert_eq(json_array_size(w), 1, "warnings: %zu", json_array_size(w));
    json_t *x = json_array_get(w, 0);
    cr_assert_str_eq(json_string_value(json_object_get(x, "type")), "warning");
    cr_assert_str_eq(json_string_value(json_object_get(x, "code")), code);
    cr_assert_eq(json_integer_value(json_object_get(x, "limit")), (json_int_t)limit);
    cr_assert_eq(json_integer_value(json_object_get(x, "length")), (json_int_t)length);
    cr_assert_not_null(json_string_value(json_object_get(x, "message")));
}

Test(limits, button_titles_20_then_list_then_menu)
{
    const char *units[] = {EMOJI, ARABIC, HEBREW, "a"};
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    for (size_t u = 0; u < 4; u++) {
        char *t20 = rep(units[u], 20), *t21 = rep(units[u], 21), *t24 = rep(units[u], 24),
             *t25 = rep(units[u], 25);
        fl_render_choice at[] = {{"a", t20, NULL}, {"b", "B", NULL}};
        fl_render_choice over[] = {{"a", t21, NULL}, {"b", "B", NULL}};
        fl_render_choice row24[] = {{"a", t24, NULL}, {"b", "B", NULL}};
        fl_render_choice row25[] = {{"a", t25, NULL}, {"b", "B", NULL}};
        json_t *w = json_array();
        json_t *t = run(b, "Q", at, 2, w);
        cr_assert_str_eq(kind_of(t), "button");
        cr_assert_str_eq(
            json_string_value(json_object_get(
                json_object_get(
                    json_array_get(json_object_get(
                                       json_object_get(json_object_get(t, "interactive"), "action"),
                                       "buttons"),
                                   0),
                    "reply"),
                "title")),
            t20, "never truncated");
        json_decref(t);
        t = run(b, "Q", over, 2, w);
        cr_assert_str_eq(kind_of(t), "list");
        json_decref(t);
        t = run(b, "Q", row24, 2, w);
        cr_assert_str_eq(kind_of(t), "list");
        json_decref(t);
        t = run(b, "Q", row25, 2, w);
        cr_assert_str_eq(kind_of(t), "text");
        cr_assert(
            strstr(json_string_value(json_object_get(json_object_get(t, "text"), "body")), t25));
        json_decref(t);
        cr_assert_eq(json_array_size(w), 0, "a fallback is not a break");
        json_decref(w);
        free(t20), free(t21), free(t24), free(t25);
    }
    json_decref(b);
}

Test(limits, combining_marks_count_twice)
{
    /* 10 x (e + combining acute) = 20 code points: still a button; 11 = 22: a list row. */
    char *t10 = rep(E_ACUTE, 10), *t11 = rep(E_ACUTE, 11);
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    fl_render_choice c1[] = {{"a", t10, NULL}}, c2[] = {{"a", t11, NULL}};
    json_t *t = run(b, "Q", c1, 1, NULL);
    cr_assert_str_eq(kind_of(t), "button");
    json_decref(t);
    t = run(b, "Q", c2, 1, NULL);
    cr_assert_str_eq(kind_of(t), "list");
    json_decref(t), json_decref(b);
    free(t10), free(t11);
}

Test(limits, three_buttons_ten_rows)
{
    fl_render_choice c[11];
    char names[11][4];
    for (int i = 0; i < 11; i++) {
        snprintf(names[i], sizeof names[i], "%c", 'A' + i);
        c[i] = (fl_render_choice){names[i], names[i], NULL};
    }
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    const char *want[] = {"button", "button", "button", "list", "list", "list",
                          "list",   "list",   "list",   "list", "text"};
    for (size_t n = 1; n <= 11; n++) {
        json_t *t = run(b, "Q", c, n, NULL);
        cr_assert_str_eq(kind_of(t), want[n - 1], "%zu choices", n);
        json_decref(t);
    }
    json_decref(b);
}

Test(limits, text_body_4096)
{
    json_t *b = block("MobilePrimitives.Message", "{}");
    char *at = rep(EMOJI, 4096), *over = rep(ARABIC, 4097);
    json_t *w = json_array();
    json_t *t = run(b, at, NULL, 0, w);
    cr_assert_eq(json_array_size(w), 0);
    json_decref(t);
    t = run(b, over, NULL, 0, w);
    assert_one_warning(w, "text_too_long", 4096, 4097);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "path")),
                     "/text/body");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(t, "text"), "body")), over);
    json_decref(t), json_decref(w), json_decref(b);
    free(at), free(over);
}

Test(limits, numbered_menu_counts_the_whole_text)
{
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    fl_render_choice c[] = {{"a", "A", NULL}}; /* menu adds "\n\n1. A" = 6 code points */
    char *at = rep(HEBREW, 4090), *over = rep(HEBREW, 4091);
    json_t *w = json_array();
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_SMS,
                             .text = at,
                             .media_type = -1,
                             .choices = c,
                             .n_choices = 1};
    json_t *t = NULL;
    cr_assert_eq(fl_render(&req, &t, w, NULL), 0);
    cr_assert_eq(json_array_size(w), 0);
    json_decref(t);
    req.text = over;
    cr_assert_eq(fl_render(&req, &t, w, NULL), 0);
    assert_one_warning(w, "text_too_long", 4096, 4097);
    json_decref(t), json_decref(w), json_decref(b);
    free(at), free(over);
}

Test(limits, interactive_body_1024)
{
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    fl_render_choice c[] = {{"a", "A", NULL}};
    char *at = rep(E_ACUTE, 512), *over = rep(EMOJI, 1025);
    json_t *w = json_array();
    json_t *t = run(b, at, c, 1, w);
    cr_assert_eq(json_array_size(w), 0);
    json_decref(t);
    t = run(b, over, c, 1, w);
    assert_one_warning(w, "body_too_long", 1024, 1025);
    cr_assert_str_eq(kind_of(t), "button");
    json_decref(t), json_decref(w), json_decref(b);
    free(at), free(over);
}

Test(limits, header_footer_60_and_list_label_20)
{
    char *h60 = rep(ARABIC, 60), *h61 = rep(ARABIC, 61), *f60 = rep(EMOJI, 60),
         *f61 = rep(EMOJI, 61), *l20 = rep(FAMILY, 4), *l21 = rep("x", 21);
    char cfg[4096];
    fl_render_choice c[] = {{"a", "A", NULL}, {"b", "B", NULL}, {"c", "C", NULL}, {"d", "D", NULL}};
    snprintf(cfg, sizeof cfg, "{\"header\":\"%s\",\"footer\":\"%s\",\"list_button\":\"%s\"}", h60,
             f60, l20);
    json_t *b = block("MobilePrimitives.SelectOneResponse", cfg);
    json_t *w = json_array();
    json_t *t = run(b, "Q", c, 4, w);
    cr_assert_eq(json_array_size(w), 0);
    json_t *in = json_object_get(t, "interactive");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(in, "header"), "text")),
                     h60);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(in, "header"), "type")),
                     "text");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(in, "footer"), "text")),
                     f60);
    json_decref(t), json_decref(b);

    const char *codes[] = {"header_too_long", "footer_too_long", "list_button_too_long"};
    const char *fmt[] = {"{\"header\":\"%s\"}", "{\"footer\":\"%s\"}", "{\"list_button\":\"%s\"}"};
    const char *vals[] = {h61, f61, l21};
    size_t limits[] = {60, 60, 20}, lens[] = {61, 61, 21};
    for (size_t i = 0; i < 3; i++) {
        snprintf(cfg, sizeof cfg, fmt[i], vals[i]);
        b = block("MobilePrimitives.SelectOneResponse", cfg);
        json_array_clear(w);
        t = run(b, "Q", c, 4, w);
        assert_one_warning(w, codes[i], limits[i], lens[i]);
        json_decref(t), json_decref(b);
    }
    json_decref(w);
    free(h60), free(h61), free(f60), free(f61), free(l20), free(l21);
}

Test(limits, row_description_72)
{
    char *d72 = rep(E_ACUTE, 36), *d73 = rep(HEBREW, 73);
    fl_render_choice c[] = {{"a", "A", d72}, {"b", "B", d73}, {"c", "C", NULL}, {"d", "D", NULL}};
    json_t *b = block("MobilePrimitives.SelectOneResponse", "{}");
    json_t *w = json_array();
    json_t *t = run(b, "Q", c, 4, w);
    assert_one_warning(w, "row_description_too_long", 72, 73);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "path")),
                     "/interactive/action/sections/0/rows/1/description");
    json_decref(t), json_decref(w), json_decref(b);
    free(d72), free(d73);
}

Test(limits, caption_1024_and_audio_drops_no_text_silently)
{
    json_t *b = block("MobilePrimitives.Message", "{}");
    char *at = rep(ARABIC, 1024), *over = rep(ARABIC, 1025);
    json_t *w = json_array();
    fl_render_request req = {.block = b,
                             .mode = FL_MODE_RICH_MESSAGING,
                             .text = at,
                             .media_type = FL_CONTENT_IMAGE,
                             .media_url = "https://x.org/a.jpg"};
    json_t *t = NULL;
    cr_assert_eq(fl_render(&req, &t, w, NULL), 0);
    cr_assert_eq(json_array_size(w), 0);
    json_decref(t);
    req.text = over;
    cr_assert_eq(fl_render(&req, &t, w, NULL), 0);
    assert_one_warning(w, "caption_too_long", 1024, 1025);
    json_decref(t);
    json_array_clear(w);
    req.media_type = FL_CONTENT_AUDIO;
    req.text = "listen";
    cr_assert_eq(fl_render(&req, &t, w, NULL), 0);
    cr_assert_null(json_object_get(json_object_get(t, "audio"), "caption"));
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "code")),
                     "audio_caption_dropped");
    json_decref(t), json_decref(w), json_decref(b);
    free(at), free(over);
}

Test(limits, flow_cta_20)
{
    char cfg[512];
    char *at = rep(EMOJI, 20), *over = rep(E_ACUTE, 11); /* 20 and 22 code points */
    const char *ctas[] = {at, over};
    for (int i = 0; i < 2; i++) {
        snprintf(cfg, sizeof cfg,
                 "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"%s\",\"body\":\"b\"}}",
                 ctas[i]);
        json_t *b = block("MobilePrimitives.Message", cfg), *w = json_array();
        json_t *t = run(b, NULL, NULL, 0, w);
        if (i == 0)
            cr_assert_eq(json_array_size(w), 0);
        else
            assert_one_warning(w, "flow_cta_too_long", 20, 22);
        json_decref(t), json_decref(w), json_decref(b);
    }
    free(at), free(over);
}
