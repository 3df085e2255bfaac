/* Core.Log, Core.Case, Core.Output, Core.SetContactProperty, Core.SetGroupMembership,
 * MobilePrimitives.Message and ConsoleIO.Print. */
#include "engine_test.h"

#define CORE_FLOW                                                                                                                                                                                 \
    FLOW(                                                                                                                                                                                         \
        "f1", "main", "b1",                                                                                                                                                                       \
        BLOCK("b1", "hello", "MobilePrimitives.Message", "'prompt':'~c1'", DEF("e1", "b2")) "," BLOCK("b2", "note", "Core.Log", "'message':'seen @contact.name'", DEF("e2", "b3")) "," BLOCK(     \
            "b3", "total", "Core.Output", "'value':'contact.age + 1'",                                                                                                                            \
            DEF("e3",                                                                                                                                                                             \
                "b4")) "," BLOCK("b4", "setp", "Core.SetContactProperty",                                                                                                                         \
                                 "'set_contact_property':[{'property_key':'tier','property_value'"                                                                                                \
                                 ":'gold @total'}]",                                                                                                                                              \
                                 DEF("e4",                                                                                                                                                        \
                                     "b5")) "," BLOCK("b5", "join", "Core.SetGroupMembership",                                                                                                    \
                                                      "'groups':[{'group_key':'vip','group_name':"                                                                                                \
                                                      "'VIPs'}],'is_member':true",                                                                                                                \
                                                      DEF("e5",                                                                                                                                   \
                                                          "b6")) "," BLOCK("b6", "branch",                                                                                                        \
                                                                           "Core.Case", "",                                                                                                       \
                                                                           EXIT(                                                                                                                  \
                                                                               "e6", "minor",                                                                                                     \
                                                                               "contact.age < 18",                                                                                                \
                                                                               "b7") EXIT("e7",                                                                                                   \
                                                                                          "adult",                                                                                                \
                                                                                          "contac"                                                                                                \
                                                                                          "t.age "                                                                                                \
                                                                                          ">= 18",                                                                                                \
                                                                                          "b8")                                                                                                   \
                                                                               DEF("e8",                                                                                                          \
                                                                                   "b7")) "," BLOCK("b7",                                                                                         \
                                                                                                    "m1",                                                                                         \
                                                                                                    "MobilePrimitives.Message",                                                                   \
                                                                                                    "'prompt':'~c2'",                                                                             \
                                                                                                    DEF_END(                                                                                      \
                                                                                                        "e9")) "," BLOCK("b8",                                                                    \
                                                                                                                         "m2",                                                                    \
                                                                                                                         "ConsoleIO.Print",                                                       \
                                                                                                                         "'message':'~c3'",                                                       \
                                                                                                                         DEF("ea",                                                                \
                                                                                                                             "b9")) "," BLOCK("b9",                                               \
                                                                                                                                              "leave",                                            \
                                                                                                                                              "Core.SetGroupMembership",                          \
                                                                                                                                              "'groups':[{'group_key':'vip'}],'is_member':false", \
                                                                                                                                              DEF_END(                                            \
                                                                                                                                                  "eb")),                                         \
        RES("c1", "Hi @contact.name") "," RES("c2", "minor") "," RES(                                                                                                                             \
            "c3", "adult, tier @contact.tier, total @results.total.value"))

static json_t *run(fl_session **sp, fl_container **cp)
{
    *cp = t_load(CORE_FLOW);
    json_t *contact = json_pack("{s:s, s:i, s:s}", "name", "Ada", "age", 36, "phone", "27820001");
    fl_session_options o;
    fl_session_options_init(&o);
    o.contact = contact;
    *sp = t_session(*cp, &o);
    json_decref(contact);
    return t_start(*sp);
}

Test(block_core, non_waiting_blocks_run_to_the_end_in_one_call)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    cr_assert_str_eq(t_texts(ev), "Hi Ada|adult, tier gold 37, total 37");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    cr_assert_eq(fl_session_steps(s), 8);
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "completed");
    cr_assert_eq(t_count(ev, "exit"), 8, "every block left has an exit event");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, log_event_and_context_log)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    json_t *log = t_event(ev, "log", 0);
    cr_assert_str_eq(json_string_value(json_object_get(log, "message")), "seen Ada");
    cr_assert_str_eq(
        json_string_value(json_object_get(t_ctx(s, "log"), "1970-01-01T00:00:00.000Z")),
        "seen Ada");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, output_stores_a_typed_value)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    cr_assert_eq(json_integer_value(t_ctx(s, "results.total.value")), 37);
    cr_assert_eq(json_integer_value(t_ctx(s, "total")), 37);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, set_contact_property_updates_the_contact_and_reports_it)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    json_t *p = t_event(ev, "contact_property", 0);
    cr_assert_str_eq(json_string_value(json_object_get(p, "key")), "tier");
    cr_assert_str_eq(json_string_value(json_object_get(p, "value")), "gold 37");
    cr_assert_str_eq(json_string_value(t_ctx(s, "contact.tier")), "gold 37");
    /* The envelope sent before the change keeps the contact as it was. */
    json_t *first = t_event(ev, "message", 0);
    json_t *snap =
        json_object_get(json_object_get(json_object_get(first, "envelope"), "context"), "contact");
    cr_assert_null(json_object_get(snap, "tier"));
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(first, "envelope"), "to")),
                     "27820001");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, group_membership_added_then_removed)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    json_t *g = t_event(ev, "group_membership", 0);
    cr_assert_str_eq(json_string_value(json_object_get(g, "group_key")), "vip");
    cr_assert_str_eq(json_string_value(json_object_get(g, "group_name")), "VIPs");
    cr_assert(json_is_true(json_object_get(g, "is_member")));
    g = t_event(ev, "group_membership", 1);
    cr_assert(json_is_false(json_object_get(g, "is_member")));
    cr_assert_eq(json_array_size(t_ctx(s, "contact.groups")), 0);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, case_takes_the_first_true_test_and_stores_the_exit_name)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(&s, &c);
    cr_assert_str_eq(t_exit_of(ev, "branch"), "adult");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.branch.value")), "adult");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.branch.exit.name")), "adult");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, a_test_that_errors_is_false_with_a_warning)
{
    fl_container *c = t_load(FLOW(
        "f1", "main", "b1",
        BLOCK("b1", "branch", "Core.Case", "",
              EXIT("e1", "bad", "1 > `x`", "b2") EXIT("e2", "good", "true", "b3") DEF(
                  "e3", "b2")) "," BLOCK("b2", "m1", "MobilePrimitives.Message", "'prompt':'~c1'",
                                         DEF_END("e4")) "," BLOCK("b3", "m2",
                                                                  "MobilePrimitives.Message",
                                                                  "'prompt':'~c2'", DEF_END("e5")),
        RES("c1", "bad") "," RES("c2", "good")));
    fl_session *s = t_session(c, NULL);
    json_t *ev = t_start(s);
    cr_assert_str_eq(t_texts(ev), "good");
    cr_assert_not_null(t_event(ev, "warning", 0));
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_core, message_in_a_missing_language_falls_back_to_the_first)
{
    fl_container *c = t_load(CORE_FLOW);
    fl_session_options o;
    fl_session_options_init(&o);
    o.language = "fra";
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    cr_assert(strncmp(t_texts(ev), "Hi ", 3) == 0);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

/* Turn's bare block names never replace the context's fixed names or the host's variables. */
Test(block_core, results_under_reserved_names_stay_in_results)
{
    fl_container *c = t_load(FLOW(
        "f1", "main", "b1",
        BLOCK("b1", "Contact", "Core.Output", "'value':'1'", DEF("e1", "b2")) "," BLOCK(
            "b2", "score", "Core.Output", "'value':'2'",
            DEF("e2", "b3")) "," BLOCK("b3", "plain", "Core.Output", "'value':'3'", DEF_END("e3")),
        ""));
    json_t *vars = json_pack("{s:s}", "score", "host");
    fl_session_options o;
    fl_session_options_init(&o);
    o.vars = vars;
    fl_session *s = t_session(c, &o);
    json_decref(t_start(s));
    cr_assert_eq(json_integer_value(t_ctx(s, "results.Contact.value")), 1);
    cr_assert(json_is_object(t_ctx(s, "contact")), "contact is still the contact");
    cr_assert_null(t_ctx(s, "Contact"));
    cr_assert_eq(json_integer_value(t_ctx(s, "results.score.value")), 2);
    cr_assert_str_eq(json_string_value(t_ctx(s, "score")), "host", "the host's variable stays");
    cr_assert_eq(json_integer_value(t_ctx(s, "plain")), 3);
    fl_session_free(s);
    json_decref(vars);
    fl_container_free(c);
}
