/* MobilePrimitives.NumericResponse: Turn's integer parsing, inclusive bounds, invalid and timeout
 * paths. */
#include "engine_test.h"

#define NUMERIC_FLOW(timeout)                                                                      \
    FLOW_T("f1", "main", timeout, "b1",                                                            \
           BLOCK("b1", "age", "MobilePrimitives.NumericResponse",                                  \
                 "'prompt':'~c1','validation_minimum':0,'validation_maximum':120",                 \
                 EXIT("e1", "old", "block.value > 30", "b2") DEF(                                  \
                     "e2",                                                                         \
                     "b3")) "," BLOCK("b2", "old", "MobilePrimitives.Message", "'prompt':'~c2'",   \
                                      DEF_END("e3")) "," BLOCK("b3", "young",                      \
                                                               "MobilePrimitives.Message",         \
                                                               "'prompt':'~c3'", DEF_END("e4")),   \
           RES("c1", "How old are you?") "," RES("c2", "Old @age") "," RES("c3", "Young"))

static void check(const char *reply, const char *exit, const char *value_json)
{
    fl_container *c = t_load(NUMERIC_FLOW("0"));
    fl_session *s = t_session(c, NULL);
    json_t *ev = t_start(s);
    cr_assert_str_eq(t_texts(ev), "How old are you?");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_WAITING);
    json_decref(ev);
    ev = t_reply(s, reply);
    cr_assert_str_eq(t_exit_of(ev, "age"), exit, "reply '%s'", reply);
    char *v = t_dump(json_object_get(t_event(ev, "result", 0), "value"));
    cr_assert_str_eq(v, value_json, "reply '%s' stores %s", reply, v);
    free(v);
    v = t_dump(t_ctx(s, "results.age.value"));
    cr_assert_str_eq(v, value_json);
    free(v);
    v = t_dump(t_ctx(s, "block.value"));
    cr_assert_str_eq(v, value_json);
    free(v);
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.age.response")), reply);
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_numeric, valid_integer_follows_the_exit_tests)
{
    check("36", "old", "36");
    check("12", "Default", "12");
}

Test(block_numeric, turn_prefix_parsing)
{
    check("32abc", "old", "32");
    check("3.7", "Default", "3");
    check("+45", "old", "45");
}

Test(block_numeric, bounds_are_inclusive)
{
    check("0", "Default", "0");
    check("120", "old", "120");
}

Test(block_numeric, invalid_replies_store_the_raw_text_and_take_the_default_exit)
{
    check("abc", "Default", "\"abc\"");
    check(" 5", "Default", "\" 5\"");
    check("", "Default", "\"\"");
    check("121", "Default", "\"121\"");
    check("-1", "Default", "\"-1\"");
    check("99999999999999999999999", "Default", "\"99999999999999999999999\"");
}

Test(block_numeric, the_stored_value_is_readable_by_block_name)
{
    fl_container *c = t_load(NUMERIC_FLOW("0"));
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_reply(s, "44");
    cr_assert_str_eq(t_texts(ev), "Old 44");
    cr_assert_eq(json_integer_value(t_ctx(s, "age")), 44);
    cr_assert_eq(json_integer_value(t_ctx(s, "flow.age.value")), 44);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_numeric, timeout_with_the_default_exit_policy_stores_null)
{
    fl_container *c = t_load(NUMERIC_FLOW("60"));
    fl_session_options o;
    fl_session_options_init(&o);
    o.timeout_policy = FL_TIMEOUT_DEFAULT_EXIT;
    fl_session *s = t_session(c, &o);
    json_decref(t_start(s));
    cr_assert_eq(fl_session_deadline(s), 60000);
    json_t *ev = t_wait(s, 59999);
    cr_assert_eq(json_array_size(ev), 0, "nothing before the deadline");
    json_decref(ev);
    ev = t_wait(s, 1);
    cr_assert_not_null(t_event(ev, "timeout", 0));
    cr_assert_str_eq(t_exit_of(ev, "age"), "Default");
    cr_assert(json_is_null(t_ctx(s, "results.age.value")));
    cr_assert_str_eq(t_texts(ev), "Young");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
