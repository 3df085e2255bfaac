/* Interaction timeouts on the injected clock: both policies, exit_block_id, nested runs, late
 * replies, save/restore across a deadline. */
#include "engine_test.h"

#define ASK(extra_flow)                                                                                           \
    "{'uuid':'~f1','name':'main','last_modified':'2024-01-01 00:00:00.000000',"                                   \
    "'interaction_timeout':300,'supported_modes':['TEXT'],"                                                       \
    "'languages':[{'id':'eng','iso_639_3':'eng','label':'English'}],'first_block_id':'~b1'"                       \
    "," extra_flow                                                                                                \
    "'blocks':[" BLOCK("b1", "q1", "MobilePrimitives.OpenResponse", "'prompt':'~c1'", DEF("e1", "b2")) "," BLOCK( \
        "b2", "q2", "MobilePrimitives.OpenResponse", "'prompt':'~c2'",                                            \
        DEF_END(                                                                                                  \
            "e2")) "," BLOCK("b3", "bye", "MobilePrimitives.Message", "'prompt':'~c3'",                           \
                             DEF_END(                                                                             \
                                 "e3")) "],'resources':[" RES("c1",                                               \
                                                              "first?") "," RES("c2",                             \
                                                                                "second? "                        \
                                                                                "(@q1)") "," RES("c3",            \
                                                                                                 "timed out") "]}"

static fl_session *begin(fl_container **c, const char *flow, fl_timeout_policy p)
{
    *c = t_load(flow);
    fl_session_options o;
    fl_session_options_init(&o);
    o.timeout_policy = p;
    o.now_ms = 1000;
    fl_session *s = t_session(*c, &o);
    json_decref(t_start(s));
    cr_assert_eq(fl_session_deadline(s), 301000);
    return s;
}

Test(session_timeout, terminate_policy_expires_the_run)
{
    fl_container *c;
    fl_session *s = begin(&c, ASK(""), FL_TIMEOUT_TERMINATE);
    json_t *ev = t_wait(s, 299999);
    cr_assert_eq(json_array_size(ev), 0);
    json_decref(ev);
    ev = t_wait(s, 1);
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "expired");
    cr_assert_eq(fl_session_deadline(s), -1);
    json_decref(ev);
    ev = t_reply(s, "late");
    json_t *late = t_event(ev, "late_reply", 0);
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_object_get(late, "message"), "text"), "body")),
                     "late");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_timeout, terminate_policy_jumps_to_exit_block_id)
{
    fl_container *c;
    fl_session *s = begin(&c, ASK("'exit_block_id':'~b3',"), FL_TIMEOUT_TERMINATE);
    json_t *ev = t_wait(s, 600000);
    cr_assert_str_eq(t_texts(ev), "timed out");
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "message", 0), "at")),
                     "1970-01-01T00:05:01.000Z");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_timeout, default_exit_policy_moves_on_and_each_wait_has_its_deadline)
{
    fl_container *c;
    fl_session *s = begin(&c, ASK(""), FL_TIMEOUT_DEFAULT_EXIT);
    /* One long wait passes both deadlines: q1 then q2 time out in turn. */
    json_t *ev = t_wait(s, 3600000);
    cr_assert_eq(t_count(ev, "timeout"), 2);
    cr_assert_str_eq(t_exit_of(ev, "q1"), "Default");
    cr_assert(json_is_null(t_ctx(s, "results.q1.value")));
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "timeout", 1), "at")),
                     "1970-01-01T00:10:01.000Z");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    cr_assert_eq(fl_session_now(s), 3601000);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_timeout, a_reply_before_the_deadline_is_on_time)
{
    fl_container *c;
    fl_session *s = begin(&c, ASK(""), FL_TIMEOUT_TERMINATE);
    json_decref(t_wait(s, 200000));
    json_t *ev = t_reply(s, "in time");
    cr_assert_str_eq(t_texts(ev), "second? (in time)");
    cr_assert_eq(fl_session_deadline(s), 501000, "the new wait counts from now");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session_timeout, deadline_survives_save_and_restore)
{
    fl_container *c;
    fl_session *s = begin(&c, ASK(""), FL_TIMEOUT_DEFAULT_EXIT);
    json_t *saved = NULL;
    cr_assert_eq(fl_session_save(s, &saved, NULL), 0);
    fl_session *r = NULL;
    cr_assert_eq(fl_session_restore(c, saved, NULL, &r, NULL), 0);
    json_decref(saved);
    cr_assert_eq(fl_session_deadline(r), 301000);
    json_t *ev = t_wait(r, 300000);
    cr_assert_eq(t_count(ev, "timeout"), 1);
    cr_assert_str_eq(t_texts(ev), "second? ()");
    json_decref(ev);
    fl_session_free(r);
    fl_session_free(s);
    fl_container_free(c);
}

/* Every block type that waits, under both policies. */
static const char *const waiting_types[] = {
    "MobilePrimitives.SelectOneResponse",
    "MobilePrimitives.SelectManyResponses",
    "MobilePrimitives.NumericResponse",
    "MobilePrimitives.OpenResponse",
    "SmartDevices.LocationResponse",
    "SmartDevices.PhotoResponse",
    "ConsoleIO.Read",
};

static fl_container *one_waiting(const char *type)
{
    char flow[4096];
    char *tpl = t_expand(
        "{'uuid':'~f1','name':'main','last_modified':'2024-01-01 00:00:00.000000',"
        "'interaction_timeout':60,'supported_modes':['TEXT'],"
        "'languages':[{'id':'eng','iso_639_3':'eng','label':'English'}],'first_block_id':'~b1',"
        "'blocks':[{'uuid':'~b1','name':'ask','type':'%s','config':{'prompt':'~c1',"
        "'choices':[{'name':'a','prompt':'~c1'}],'format_string':'%%d','destination_variables':['n'"
        "]},"
        "'exits':[{'uuid':'~e1','name':'Default','default':true,'destination_block':'~b2'}]},"
        "{'uuid':'~b2','name':'after','type':'MobilePrimitives.Message','config':{'prompt':'~c2'},"
        "'exits':[{'uuid':'~e2','name':'Default','default':true}]}],"
        "'resources':[" RES("c1", "ask") "," RES("c2", "after") "]}");
    snprintf(flow, sizeof flow, tpl, type);
    free(tpl);
    return t_load(flow);
}

Test(session_timeout, every_waiting_block_type_under_both_policies)
{
    for (size_t i = 0; i < FL_ARRAY_LEN(waiting_types); i++) {
        fl_container *c = one_waiting(waiting_types[i]);
        for (int p = 0; p < 2; p++) {
            fl_session_options o;
            fl_session_options_init(&o);
            o.timeout_policy = p ? FL_TIMEOUT_DEFAULT_EXIT : FL_TIMEOUT_TERMINATE;
            fl_session *s = t_session(c, &o);
            json_decref(t_start(s));
            cr_assert_eq(fl_session_get_state(s), FL_SESSION_WAITING, "%s waits", waiting_types[i]);
            json_t *ev = t_wait(s, 60000);
            cr_assert_eq(t_count(ev, "timeout"), 1, "%s times out", waiting_types[i]);
            if (p) {
                cr_assert_str_eq(t_exit_of(ev, "ask"), "Default", "%s", waiting_types[i]);
                cr_assert(json_is_null(t_ctx(s, "results.ask.value")), "%s", waiting_types[i]);
                cr_assert_str_eq(t_texts(ev), "after", "%s", waiting_types[i]);
            } else {
                cr_assert_str_eq(
                    json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                    "expired", "%s", waiting_types[i]);
                cr_assert_null(t_exit_of(ev, "ask"));
            }
            cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
            json_decref(ev);
            fl_session_free(s);
        }
        fl_container_free(c);
    }
}
