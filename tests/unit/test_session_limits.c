/* Limits: steps per call, expression budget, input size (RunFlow depth is in
 * test_block_run_flow.c). Each is an error event naming the limit and the block; the session
 * stays usable. */
#include "engine_test.h"

#define LOOP                                                                                       \
    FLOW("f1", "main", "b1",                                                                       \
         BLOCK("b1", "spin", "Core.Case", "",                                                      \
               EXIT("e1", "never", "false", "b1")                                                  \
                   DEF("e2", "b2")) "," BLOCK("b2", "again", "Core.Log", "'message':'round'",      \
                                              DEF("e3", "b1")),                                    \
         "")

Test(session_limits, steps_per_call_detects_a_loop)
{
    fl_container *c = t_load(LOOP);
    fl_session_options o;
    fl_session_options_init(&o);
    o.max_steps = 50;
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    json_t *err = t_event(ev, "error", 0);
    cr_assert_not_null(err);
    cr_assert_str_eq(json_string_value(json_object_get(err, "limit")), "max_steps");
    cr_assert_str_eq(json_string_value(json_object_get(err, "block_name")), "spin");
    cr_assert_eq(fl_session_steps(s), 50);
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "failed");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    /* Usable: inspect, evaluate, save and restore. */
    json_t *v = NULL, *saved = NULL;
    cr_assert_eq(fl_session_eval(s, "@results.spin.value", &v, NULL), 0);
    cr_assert_str_eq(json_string_value(v), "Default");
    json_decref(v);
    cr_assert_eq(fl_session_save(s, &saved, NULL), 0);
    fl_session *r = NULL;
    cr_assert_eq(fl_session_restore(c, saved, &o, &r, NULL), 0);
    cr_assert_eq(fl_session_get_state(r), FL_SESSION_ENDED);
    json_decref(saved);
    fl_session_free(r);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_limits, default_step_limit_is_1000)
{
    fl_container *c = t_load(LOOP);
    fl_session *s = t_session(c, NULL);
    json_t *ev = t_start(s);
    cr_assert_eq(fl_session_steps(s), 1000);
    cr_assert_not_null(strstr(
        json_string_value(json_object_get(t_event(ev, "error", 0), "message")), "loop detected"));
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

/* A message whose template is a long sum: 1+1+...+1 (400 terms). */
static fl_container *heavy(void)
{
    char sum[1024] = "@(1";
    for (int i = 1; i < 400 / 2; i++) strcat(sum, "+1");
    strcat(sum, ")");
    char *flows = malloc(8192);
    snprintf(flows, 8192, "%s",
             FLOW("f1", "main", "b1",
                  BLOCK("b1", "heavy", "MobilePrimitives.Message", "'prompt':'~c1'",
                        DEF("e1", "b2")) "," BLOCK("b2", "light", "MobilePrimitives.Message",
                                                   "'prompt':'~c2'", DEF_END("e2")),
                  RES("c1", "SUM") "," RES("c2", "still here")));
    char *at = strstr(flows, "SUM");
    char *full = malloc(16384);
    snprintf(full, 16384, "%.*s%s%s", (int)(at - flows), flows, sum, at + 3);
    free(flows);
    fl_container *c = t_load(full);
    free(full);
    return c;
}

Test(session_limits, expression_budget)
{
    fl_container *c = heavy();
    fl_session_options o;
    fl_session_options_init(&o);
    o.eval_budget = 50;
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    json_t *err = t_event(ev, "error", 0);
    cr_assert_not_null(err);
    cr_assert_str_eq(json_string_value(json_object_get(err, "limit")), "eval_budget");
    cr_assert_str_eq(json_string_value(json_object_get(err, "block_name")), "heavy");
    cr_assert_str_eq(t_texts(ev), "still here");
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "completed");
    json_decref(ev);
    fl_session_free(s);
    /* Within the default budget it evaluates. */
    s = t_session(c, NULL);
    ev = t_start(s);
    cr_assert_str_eq(t_texts(ev), "200|still here");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_limits, input_size)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session_options o;
    fl_session_options_init(&o);
    o.max_input_bytes = 64;
    fl_session *s = t_session(c, &o);
    json_decref(t_start(s));
    json_t *before = NULL, *after = NULL;
    fl_session_save(s, &before, NULL);
    char big[200];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    json_t *ev = t_reply(s, big);
    cr_assert_eq(json_array_size(ev), 1);
    json_t *err = t_event(ev, "error", 0);
    cr_assert_str_eq(json_string_value(json_object_get(err, "limit")), "max_input_bytes");
    cr_assert_str_eq(json_string_value(json_object_get(err, "block_name")), "visitor_name");
    json_decref(ev);
    fl_session_save(s, &after, NULL);
    cr_assert(json_equal(before, after), "the oversized reply changed nothing");
    json_decref(before);
    json_decref(after);
    ev = t_reply(s, "ada");
    cr_assert_str_eq(t_texts(ev), "Thanks ada! How old are you?");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

/* After a text reply the next one is written into the context's message in place; a reply that
 * breaks the size limit or is not UTF-8 must still leave everything as it was. */
Test(session_limits, replies_after_a_text_reply)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session_options o;
    fl_session_options_init(&o);
    o.max_input_bytes = 100; /* a text message weighs its length + 36 */
    fl_session *s = t_session(c, &o);
    json_decref(t_start(s));
    json_decref(t_reply(s, "ada"));
    json_t *before = NULL, *after = NULL;
    fl_session_save(s, &before, NULL);
    char text[80];
    memset(text, '7', sizeof text);
    text[65] = '\0';
    json_t *ev = t_reply(s, text);
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "error", 0), "limit")),
                     "max_input_bytes", "65 characters weigh 101 bytes");
    json_decref(ev);
    fl_error err;
    cr_assert_eq(fl_session_resume_text(s, "bad \xff", NULL, &err), FL_EINVAL);
    fl_session_save(s, &after, NULL);
    cr_assert(json_equal(before, after), "neither reply changed the session");
    cr_assert_str_eq(json_string_value(t_ctx(s, "event.message.text.body")), "ada");
    json_decref(before);
    json_decref(after);
    text[64] = '\0';
    ev = t_reply(s, text);
    cr_assert_eq(t_count(ev, "error"), 0, "64 characters weigh 100 bytes: delivered");
    cr_assert_str_eq(json_string_value(t_ctx(s, "event.message.text.body")), text);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
