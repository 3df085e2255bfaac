/* MobilePrimitives.SelectOneResponse: matching by tests (rc4 text_tests per language), by button
 * and list reply id or title, by number, by name; Turn's value map; invalid and timeout paths. */
#include "engine_test.h"
#include "blocks/render.h"

#define CHOICES                                                                                    \
    "'choices':[{'name':'tea','prompt':'~c2','text_tests':[{'test_expression':'block.response = "  \
    "`t`'}]},"                                                                                     \
    "{'name':'coffee','prompt':'~c3','text_tests':[{'language':'fra','test_expression':'block."    \
    "response = `cafe`'}]},"                                                                       \
    "{'name':'water','prompt':'~c4'}]"

#define SELECT_FLOW(timeout)                                                                       \
    FLOW_T(                                                                                        \
        "f1", "main", timeout, "b1",                                                               \
        BLOCK("b1", "drink", "MobilePrimitives.SelectOneResponse", "'prompt':'~c1'," CHOICES,      \
              EXIT("e1", "hot", "block.value = `tea`", "b2") EXIT("e0", "hot",                     \
                                                                  "block.value = `coffee`", "b2")  \
                  DEF("e2",                                                                        \
                      "b3")) "," BLOCK("b2", "hot", "MobilePrimitives.Message", "'prompt':'~c5'",  \
                                       DEF_END("e3")) "," BLOCK("b3", "other",                     \
                                                                "MobilePrimitives.Message",        \
                                                                "'prompt':'~c6'", DEF_END("e4")),  \
        RES("c1", "What will you drink?") "," RES2("c2", "Tea", "The") "," RES2(                   \
            "c3", "Coffee",                                                                        \
            "Cafe") "," RES2("c4", "Water",                                                        \
                             "Eau") "," RES("c5", "Hot @drink.label") "," RES("c6", "Other"))

static fl_session *begin(fl_container **c, const char *lang, const char *mode)
{
    *c = t_load(SELECT_FLOW("0"));
    fl_session_options o;
    fl_session_options_init(&o);
    o.language = lang;
    o.mode = mode;
    fl_session *s = t_session(*c, &o);
    json_decref(t_start(s));
    return s;
}

static void expect_choice(fl_session *s, json_t *ev, const char *name, int index, const char *exit)
{
    cr_assert_str_eq(t_exit_of(ev, "drink"), exit);
    const json_t *v = t_ctx(s, "results.drink.value");
    cr_assert(json_is_object(v), "a match stores Turn's map");
    cr_assert_str_eq(json_string_value(json_object_get(v, "__value__")), name);
    cr_assert_str_eq(json_string_value(json_object_get(v, "name")), name);
    cr_assert_eq(json_integer_value(json_object_get(v, "index")), index);
    cr_assert(json_is_string(json_object_get(v, "label")));
}

Test(block_select_one, prompt_renders_the_choices_as_buttons_in_rich_messaging)
{
    fl_container *c = t_load(SELECT_FLOW("0"));
    fl_session *s = t_session(c, NULL);
    json_t *ev = t_start(s);
    json_t *msg = t_event(ev, "message", 0);
    cr_assert_not_null(msg);
    json_t *env = json_object_get(msg, "envelope");
    cr_assert(json_is_true(json_object_get(env, "waiting_for_user_input")));
    json_t *buttons = fl_turn_buttons(json_object_get(env, "turn"));
    cr_assert_eq(json_array_size(buttons), 3);
    cr_assert_str_eq(json_string_value(json_array_get(buttons, 0)), "Tea");
    json_decref(buttons);
    /* evaluated_resources has the shape of resources: [{uuid, values: [{..., value}]}] */
    json_t *evaluated = json_object_get(env, "evaluated_resources");
    json_t *prompt = json_array_get(evaluated, 0);
    cr_assert_str_eq(json_string_value(json_object_get(prompt, "uuid")),
                     "00000000-0000-4000-8000-0000000000c1");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(prompt, "values"), 0), "value")),
                     "What will you drink?");
    cr_assert_eq(json_array_size(evaluated),
                 json_array_size(json_object_get(env, "resources")));
    cr_assert_not_null(t_event(ev, "waiting", 0));
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, text_tests_match)
{
    fl_container *c;
    fl_session *s = begin(&c, NULL, NULL);
    json_t *ev = t_reply(s, "t");
    expect_choice(s, ev, "tea", 0, "hot");
    cr_assert_str_eq(t_texts(ev), "Hot Tea");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, text_tests_of_another_language_do_not_apply)
{
    fl_container *c;
    fl_session *s = begin(&c, "eng", NULL);
    json_t *ev = t_reply(s, "cafe");
    cr_assert_str_eq(t_exit_of(ev, "drink"), "Default");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.drink.value")), "cafe");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
    s = begin(&c, "fra", NULL);
    ev = t_reply(s, "cafe");
    expect_choice(s, ev, "coffee", 1, "hot");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, number_name_and_title_match)
{
    const char *replies[] = {"3", "water", "WATER ", "Water"};
    for (size_t i = 0; i < 4; i++) {
        fl_container *c;
        fl_session *s = begin(&c, NULL, NULL);
        json_t *ev = t_reply(s, replies[i]);
        expect_choice(s, ev, "water", 2, "Default");
        json_decref(ev);
        fl_session_free(s);
        fl_container_free(c);
    }
}

Test(block_select_one, button_reply_by_id_and_list_reply_by_title)
{
    fl_container *c;
    fl_session *s = begin(&c, NULL, NULL);
    fl_buf id = FL_BUF_INIT;
    cr_assert_eq(fl_render_choice_id("Coffee", &id), 0);
    char msg[512];
    snprintf(msg, sizeof msg,
             "{'type':'interactive','interactive':{'type':'button_reply','button_reply':{'id':'%s',"
             "'title':'Coffee'}}}",
             id.data);
    fl_buf_free(&id);
    json_t *ev = t_message(s, msg);
    expect_choice(s, ev, "coffee", 1, "hot");
    cr_assert_str_eq(json_string_value(t_ctx(s, "event.message.type")), "interactive");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);

    s = begin(&c, NULL, NULL);
    ev = t_message(s, "{'type':'interactive','interactive':{'type':'list_reply','list_reply':{'id':"
                      "'x','title':'Tea'}}}");
    expect_choice(s, ev, "tea", 0, "hot");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, unmatched_reply_is_stored_raw_and_leaves_by_default)
{
    fl_container *c;
    fl_session *s = begin(&c, NULL, NULL);
    json_t *ev = t_reply(s, "juice");
    cr_assert_str_eq(t_exit_of(ev, "drink"), "Default");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.drink.value")), "juice");
    cr_assert_str_eq(json_string_value(t_ctx(s, "drink")), "juice");
    cr_assert_str_eq(t_texts(ev), "Other");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, text_mode_gets_a_numbered_menu)
{
    fl_container *c;
    fl_session *s;
    c = t_load(SELECT_FLOW("0"));
    fl_session_options o;
    fl_session_options_init(&o);
    o.mode = "TEXT";
    s = t_session(c, &o);
    json_t *ev = t_start(s);
    cr_assert_str_eq(t_texts(ev), "What will you drink?\n\n1. Tea\n2. Coffee\n3. Water");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_one, timeout_terminates_the_run_by_default)
{
    fl_container *c = t_load(SELECT_FLOW("30"));
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_wait(s, 30000);
    cr_assert_not_null(t_event(ev, "timeout", 0));
    json_t *end = t_event(ev, "run_ended", 0);
    cr_assert_str_eq(json_string_value(json_object_get(end, "reason")), "expired");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    /* A reply after the deadline does not resume the expired run. */
    ev = t_reply(s, "1");
    cr_assert_eq(json_array_size(ev), 1);
    cr_assert_not_null(t_event(ev, "late_reply", 0));
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
