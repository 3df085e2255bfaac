/* MobilePrimitives.OpenResponse: any text, media links, Turn's max_response_characters wherever
 * the config puts it (a reply of `limit` graphemes or more is invalid), timeout. */
#include "engine_test.h"

#define OPEN_FLOW(config)                                                                          \
    FLOW_T("f1", "main", "60", "b1",                                                               \
           BLOCK("b1", "note", "MobilePrimitives.OpenResponse", "'prompt':'~c1'" config,           \
                 EXIT("e1", "long", "block.value != `hi`", "b2") DEF(                              \
                     "e2",                                                                         \
                     "b3")) "," BLOCK("b2", "ok", "MobilePrimitives.Message", "'prompt':'~c2'",    \
                                      DEF_END("e3")) "," BLOCK("b3", "other",                      \
                                                               "MobilePrimitives.Message",         \
                                                               "'prompt':'~c3'", DEF_END("e4")),   \
           RES("c1", "Say something") "," RES("c2", "You said @note") "," RES("c3", "Other"))

static void check(const char *config, const char *reply, const char *exit)
{
    fl_container *c = t_load(config);
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_reply(s, reply);
    cr_assert_str_eq(t_exit_of(ev, "note"), exit, "reply '%s'", reply);
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.note.value")), reply);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_open, any_text_is_the_value)
{
    check(OPEN_FLOW(""), "hello there", "long");
    check(OPEN_FLOW(""), "hi", "Default");
}

Test(block_open, limit_at_top_level_is_turns_off_by_one)
{
    check(OPEN_FLOW(",'max_response_characters':5"), "abcd", "long");
    check(OPEN_FLOW(",'max_response_characters':5"), "abcde", "Default");
}

Test(block_open, limit_in_the_text_sub_config)
{
    check(OPEN_FLOW(",'text':{'max_response_characters':3}"), "abcd", "Default");
    check(OPEN_FLOW(",'TEXT':{'max_response_characters':10}"), "abcd", "long");
}

Test(block_open, limit_counts_graphemes)
{
    /* Four graphemes (five code points: the flag is two). */
    check(OPEN_FLOW(",'max_response_characters':5"),
          "a\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
          "bc",
          "long");
    check(OPEN_FLOW(",'max_response_characters':4"),
          "a\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
          "bc",
          "Default");
    check(OPEN_FLOW(",'max_response_characters':5"), "\xc3\xa9t\xc3\xa9s", "long");
}

Test(block_open, media_reply_stores_its_link)
{
    fl_container *c = t_load(OPEN_FLOW(""));
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_message(
        s, "{'type':'image','image':{'link':'https://x.test/a.jpg','mime_type':'image/jpeg'}}");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.note.value")), "https://x.test/a.jpg");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_open, timeout_under_the_terminate_policy_expires_the_run)
{
    fl_container *c = t_load(OPEN_FLOW(""));
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_wait(s, 120000);
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "expired");
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "timeout", 0), "at")),
                     "1970-01-01T00:01:00.000Z", "the timeout happens at the deadline");
    cr_assert_eq(fl_session_now(s), 120000);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
