/* Events read without jansson (events = NULL, fl_session_event_*, fl_session_events_json) are the
 * same events as the JSON arrays the calls return. */
#include "engine_test.h"

/* The text API of s (called with events = NULL) tells what `events` (from a twin session called
 * with a pointer) holds. */
static void assert_same_call(fl_session *s, const json_t *events, const char *what)
{
    char *want = json_dumps(events, JSON_COMPACT);
    size_t len = 0;
    const char *got = fl_session_events_json(s, &len);
    cr_assert_str_eq(got, want, "%s: the text is the array's JSON", what);
    cr_assert_eq(len, strlen(want));
    free(want);
    cr_assert_eq(fl_session_event_count(s), json_array_size(events), "%s: count", what);
    for (size_t i = 0; i < json_array_size(events); i++) {
        const json_t *ev = json_array_get(events, i);
        const char *type = json_string_value(json_object_get(ev, "type"));
        cr_assert_str_eq(fl_session_event_type(s, i), type, "%s: type of event %zu", what, i);
        char *one = json_dumps(ev, JSON_COMPACT);
        size_t elen = 0;
        const char *etext = fl_session_event_json(s, i, &elen);
        cr_assert_eq(elen, strlen(one), "%s: length of event %zu", what, i);
        cr_assert(!memcmp(etext, one, elen), "%s: text of event %zu", what, i);
        free(one);
        const json_t *turn = json_object_get(json_object_get(ev, "envelope"), "turn");
        size_t tlen = 0;
        const char *text = fl_session_event_turn(s, i, &tlen);
        if (json_is_object(turn)) {
            char *t = json_dumps(turn, JSON_COMPACT);
            cr_assert_not_null(text, "%s: message %zu has its turn", what, i);
            cr_assert_str_eq(text, t, "%s: turn of event %zu", what, i);
            cr_assert_eq(tlen, strlen(t));
            free(t);
        } else {
            cr_assert_null(text, "%s: event %zu (%s) has no turn", what, i, type);
        }
    }
    cr_assert_null(fl_session_event_type(s, json_array_size(events)));
    cr_assert_null(fl_session_event_json(s, json_array_size(events), NULL));
    cr_assert_null(fl_session_event_turn(s, json_array_size(events), NULL));
}

static void twins(const char *flow_file)
{
    fl_container *c = t_load_bench(flow_file);
    json_t *inputs = t_bench_inputs(flow_file);
    json_t *contact = json_pack("{s:s, s:s}", "name", "Ada", "phone", "+27820001");
    fl_session_options o;
    fl_session_options_init(&o);
    o.contact = contact;
    o.now_ms = 1700000000000;
    fl_session *a = t_session(c, &o), *b = t_session(c, &o);
    fl_error err;
    json_t *events = t_start(a);
    cr_assert_eq(fl_session_start(b, NULL, &err), 0, "%s", err.message);
    assert_same_call(b, events, flow_file);
    json_decref(events);
    cr_assert_null(fl_session_end_reason(b), "no reason while the session runs");
    for (size_t i = 0; i < json_array_size(inputs); i++) {
        const char *reply = json_string_value(json_array_get(inputs, i));
        events = t_reply(a, reply);
        cr_assert_eq(fl_session_resume_text(b, reply, NULL, &err), 0, "%s", err.message);
        assert_same_call(b, events, flow_file);
        json_decref(events);
    }
    cr_assert_eq(fl_session_get_state(b), FL_SESSION_ENDED);
    cr_assert_str_eq(fl_session_end_reason(b), "completed");
    cr_assert_eq(fl_session_steps(a), fl_session_steps(b));
    fl_session_free(a);
    fl_session_free(b);
    json_decref(contact);
    json_decref(inputs);
    fl_container_free(c);
}

Test(session_events, text_api_matches_json_small_linear)
{
    twins("small_linear.json");
}

Test(session_events, text_api_matches_json_run_flow)
{
    twins("run_flow.json");
}

Test(session_events, text_api_matches_json_large)
{
    twins("large.json");
}

/* Warnings the renderer raises land among the events, before the message they are about. */
Test(session_events, render_warnings_are_events_before_their_message)
{
    fl_container *c = t_load(
        FLOW("f1", "main", "b1",
             BLOCK("b1", "hello", "MobilePrimitives.Message", "'prompt':'~c1'", DEF_END("e1")),
             RES("c1", "@(rept(`x`, 4100))")));
    fl_session *s = t_session(c, NULL);
    fl_error err;
    cr_assert_eq(fl_session_start(s, NULL, &err), 0, "%s", err.message);
    size_t warning = SIZE_MAX, message = SIZE_MAX;
    for (size_t i = 0; i < fl_session_event_count(s); i++) {
        if (!strcmp(fl_session_event_type(s, i), "warning") && warning == SIZE_MAX) warning = i;
        if (!strcmp(fl_session_event_type(s, i), "message")) message = i;
    }
    cr_assert_lt(warning, message, "warning %zu before message %zu", warning, message);
    const char *text = fl_session_events_json(s, NULL);
    cr_assert_not_null(strstr(text, "\"code\":\"text_too_long\""));
    cr_assert_not_null(strstr(text, "\"block\":\"00000000-0000-4000-8000-0000000000b1\""));
    fl_session_free(s);
    fl_container_free(c);
}

/* A failed call leaves the previous call's events readable as they were. */
Test(session_events, refused_call_keeps_the_last_events)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    fl_error err;
    cr_assert_eq(fl_session_start(s, NULL, &err), 0);
    char *before = strdup(fl_session_events_json(s, NULL));
    json_t *bad = json_pack("{s:s}", "type", "image");
    cr_assert_lt(fl_session_resume(s, bad, NULL, &err), 0);
    json_decref(bad);
    cr_assert_str_eq(fl_session_events_json(s, NULL), before);
    free(before);
    fl_session_free(s);
    fl_container_free(c);
}
