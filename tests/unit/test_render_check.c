/* The static check `floip validate` runs on each block: limit breaks certain from the literal text
 * of templates, config errors, with absolute JSON pointers and each finding once. */
#include "blocks/render.h"
#include "engine/model.h"

#include <criterion/criterion.h>
#include <string.h>

typedef struct found {
    json_t *list;
} found;

static void sink(void *ud, fl_severity sev, const char *code, const char *pointer,
                 const char *message)
{
    found *f = ud;
    json_array_append_new(f->list, json_pack("{s:s, s:s, s:s, s:s}", "severity",
                                             sev == FL_SEVERITY_ERROR ? "error" : "warning", "code",
                                             code, "pointer", pointer, "message", message));
}

static char *rep(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static char *cat(const char *a, const char *b)
{
    char *s = malloc(strlen(a) + strlen(b) + 1);
    strcpy(s, a), strcat(s, b);
    return s;
}

/* A flow with one language and TEXT|RICH values, built by hand (the model is plain data). */
typedef struct fixture {
    fl_flow flow;
    fl_language lang;
    fl_resource res[3];
    fl_resource_value vals[3];
    fl_block block;
    fl_choice choices[2];
    json_t *json;
} fixture;

static void setup_fixture(fixture *fx, const char *type, fl_block_kind kind, const char *config,
                          const char *prompt_text, const char *choice_title)
{
    memset(fx, 0, sizeof *fx);
    fx->lang = (fl_language){.id = "eng", .iso_639_3 = "eng"};
    const char *uuids[] = {"11111111-1111-4111-8111-111111111111",
                           "22222222-2222-4222-8222-222222222222",
                           "33333333-3333-4333-8333-333333333333"};
    const char *texts[] = {prompt_text, choice_title, "No"};
    for (int i = 0; i < 3; i++) {
        fx->vals[i] = (fl_resource_value){.language_id = "eng",
                                          .content_type = FL_CONTENT_TEXT,
                                          .content_type_name = "TEXT",
                                          .modes = FL_MODE_SMS | FL_MODE_RICH_MESSAGING,
                                          .value = texts[i]};
        fx->res[i] = (fl_resource){.uuid = uuids[i], .values = &fx->vals[i], .n_values = 1};
    }
    fx->flow = (fl_flow){.uuid = "f",
                         .name = "f",
                         .pointer = "/flows/0",
                         .supported_modes = FL_MODE_SMS | FL_MODE_RICH_MESSAGING,
                         .languages = &fx->lang,
                         .n_languages = 1,
                         .resources = fx->res,
                         .n_resources = 3};
    char buf[8192];
    snprintf(buf, sizeof buf, "{\"type\":\"%s\",\"config\":%s}", type, config);
    fx->json = json_loads(buf, 0, NULL);
    cr_assert_not_null(fx->json, "%s", buf);
    fx->choices[0] = (fl_choice){.name = "yes", .prompt = uuids[1]};
    fx->choices[1] = (fl_choice){.name = "no", .prompt = uuids[2]};
    fx->block = (fl_block){.uuid = "b",
                           .name = "b",
                           .type = type,
                           .kind = kind,
                           .flow = &fx->flow,
                           .pointer = "/flows/0/blocks/4",
                           .config = json_object_get(fx->json, "config"),
                           .json = fx->json,
                           .prompt = uuids[0]};
    if (kind == FL_BT_SELECT_ONE) fx->block.choices = fx->choices, fx->block.n_choices = 2;
}

static json_t *run_check(fixture *fx)
{
    found f = {json_array()};
    fl_render_check_block(&fx->block, sink, &f);
    json_decref(fx->json);
    return f.list;
}

static void assert_finding(json_t *list, size_t i, const char *sev, const char *code,
                           const char *pointer)
{
    (void)i; /* findings come in rendering order; look the code up */
    json_t *d = NULL, *x;
    size_t k;
    json_array_foreach(list, k, x) if (!strcmp(json_string_value(json_object_get(x, "code")), code))
        d = x;
    cr_assert_not_null(d, "no finding %s (of %zu)", code, json_array_size(list));
    cr_assert_str_eq(json_string_value(json_object_get(d, "severity")), sev);
    cr_assert_str_eq(json_string_value(json_object_get(d, "code")), code);
    cr_assert_str_eq(json_string_value(json_object_get(d, "pointer")), pointer);
}

Test(check, long_literal_text_reported_once_at_the_resource_value)
{
    char *tail = rep('a', 4090), *text = cat("Dear friend ", tail);
    fixture fx;
    setup_fixture(&fx, "MobilePrimitives.Message", FL_BT_MESSAGE, "{}", text, "Yes");
    json_t *list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 1, "SMS and RICH break at the same place: one report");
    assert_finding(list, 0, "warning", "W401", "/flows/0/resources/0/values/0/value");
    cr_assert(
        strstr(json_string_value(json_object_get(json_array_get(list, 0), "message")), "4102"));
    json_decref(list), free(tail), free(text);
}

Test(check, expressions_are_not_counted)
{
    char *tail = rep('a', 4090), *text = cat("@contact.name @(concat(\"x\", \")\")) ", tail);
    fixture fx;
    setup_fixture(&fx, "MobilePrimitives.Message", FL_BT_MESSAGE, "{}", text, "Yes");
    json_t *list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 0, "4092 literal code points are within 4096");
    json_decref(list), free(tail), free(text);
}

Test(check, interactive_body_header_and_list_button)
{
    char *body = rep('q', 1025), *header = rep('h', 61), *label = rep('l', 21);
    char config[512];
    snprintf(config, sizeof config, "{\"header\":\"%s\",\"list_button\":\"%s\"}", header, label);
    fixture fx;
    setup_fixture(&fx, "MobilePrimitives.SelectOneResponse", FL_BT_SELECT_ONE, config, body,
                  "A title of 21 letters");
    json_t *list = run_check(&fx);
    /* RICH: a 21-letter title does not fit a button: a list, with its body, header and label. */
    cr_assert_eq(json_array_size(list), 3);
    assert_finding(list, 0, "warning", "W402", "/flows/0/resources/0/values/0/value");
    assert_finding(list, 1, "warning", "W403", "/flows/0/blocks/4/config/header");
    assert_finding(list, 2, "warning", "W404", "/flows/0/blocks/4/config/list_button");
    json_decref(list), free(body), free(header), free(label);
}

Test(check, config_errors)
{
    fixture fx;
    setup_fixture(&fx, "MobilePrimitives.Message", FL_BT_MESSAGE,
                  "{\"template\":{\"language\":\"en\"}}", "Hi", "Yes");
    json_t *list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 1);
    assert_finding(list, 0, "error", "E401", "/flows/0/blocks/4/config/template");
    json_decref(list);

    setup_fixture(&fx, "MobilePrimitives.Message", FL_BT_MESSAGE,
                  "{\"whatsapp_flow\":{\"flow_id\":\"1\",\"flow_cta\":\"This label is too long\"}}",
                  "Hi", "Yes");
    list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 1);
    assert_finding(list, 0, "warning", "W405", "/flows/0/blocks/4/config/whatsapp_flow/flow_cta");
    json_decref(list);

    setup_fixture(&fx, "MobilePrimitives.Message", FL_BT_MESSAGE,
                  "{\"whatsapp_flow\":{\"flow_cta\":\"Go\"}}", "Hi", "Yes");
    list = run_check(&fx);
    assert_finding(list, 0, "error", "E402", "/flows/0/blocks/4/config/whatsapp_flow");
    json_decref(list);

    setup_fixture(&fx, "MobilePrimitives.SelectOneResponse", FL_BT_SELECT_ONE,
                  "{\"footer\":[\"x\"]}", "Hi", "Yes");
    list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 1);
    assert_finding(list, 0, "error", "E403", "/flows/0/blocks/4/config/footer");
    json_decref(list);
}

Test(check, clean_block_reports_nothing)
{
    fixture fx;
    setup_fixture(&fx, "MobilePrimitives.SelectOneResponse", FL_BT_SELECT_ONE,
                  "{\"header\":\"Menu\"}", "Pick one", "Yes");
    json_t *list = run_check(&fx);
    cr_assert_eq(json_array_size(list), 0);
    json_decref(list);
}
