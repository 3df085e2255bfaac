/* Core.RunFlow: nested two levels deep, parent/child in the context, the error exit, the depth
 * limit. */
#include "engine_test.h"

/* main -> RunFlow(middle) -> RunFlow(inner: asks a question) -> back out. */
#define NESTED                                                                                        \
    FLOW("f1", "main", "b1",                                                                          \
         BLOCK("b1", "call", "Core.RunFlow", "'flow_id':'~f2'",                                       \
               EXIT("e1", "done", "true", "b2")                                                       \
                   DEF("e2", "b3")) "," BLOCK("b2", "after", "MobilePrimitives.Message",              \
                                              "'prompt':'~c1'",                                       \
                                              DEF_END("e3")) "," BLOCK("b3", "failed",                \
                                                                       "MobilePrimitives.Message",    \
                                                                       "'prompt':'~c2'",              \
                                                                       DEF_END("e4")),                \
         RES("c1", "back in main from @child.flow.name") "," RES("c2", "failed"))                     \
    "," FLOW(                                                                                         \
        "f2", "middle", "b4",                                                                         \
        BLOCK("b4", "deeper", "Core.RunFlow", "'flow_id':'~f3'",                                      \
              EXIT("e5", "done", "true", "b5")                                                        \
                  DEF("e6", "b5")) "," BLOCK("b5", "mid_msg", "MobilePrimitives.Message",             \
                                             "'prompt':'~c3'", DEF_END("e7")),                        \
        RES("c3",                                                                                     \
            "middle got @child.results.color.value and @deeper.color.value")) "," FLOW("f3",          \
                                                                                       "inner",       \
                                                                                       "b6",          \
                                                                                       BLOCK(         \
                                                                                           "b6",      \
                                                                                           "colo"     \
                                                                                           "r",       \
                                                                                           "Mobil"    \
                                                                                           "ePrim"    \
                                                                                           "itive"    \
                                                                                           "s."       \
                                                                                           "OpenR"    \
                                                                                           "espon"    \
                                                                                           "se",      \
                                                                                           "'prom"    \
                                                                                           "pt':'"    \
                                                                                           "~c4'",    \
                                                                                           DEF_END(   \
                                                                                               "e"    \
                                                                                               "8")), \
                                                                                       RES("c4",      \
                                                                                           "Colou"    \
                                                                                           "r? "      \
                                                                                           "(dept"    \
                                                                                           "h 2, "    \
                                                                                           "paren"    \
                                                                                           "t "       \
                                                                                           "flow "    \
                                                                                           "@pare"    \
                                                                                           "nt."      \
                                                                                           "flow."    \
                                                                                           "name"     \
                                                                                           ")"))

Test(block_run_flow, nested_two_levels)
{
    fl_container *c = t_load(NESTED);
    fl_session *s = t_session(c, NULL);
    json_t *ev = t_start(s);
    cr_assert_eq(t_count(ev, "flow_entered"), 3);
    cr_assert_eq(json_integer_value(json_object_get(t_event(ev, "flow_entered", 2), "depth")), 2);
    cr_assert_str_eq(t_texts(ev), "Colour? (depth 2, parent flow middle)");
    cr_assert_str_eq(json_string_value(t_ctx(s, "run.flow.name")), "inner");
    cr_assert_str_eq(json_string_value(t_ctx(s, "parent.flow.name")), "middle");
    cr_assert_str_eq(json_string_value(t_ctx(s, "parent.parent.flow.name")), "main");
    json_decref(ev);
    ev = t_reply(s, "blue");
    cr_assert_str_eq(t_texts(ev), "middle got blue and blue|back in main from middle");
    cr_assert_eq(t_count(ev, "flow_exited"), 3);
    cr_assert_str_eq(t_exit_of(ev, "call"), "done");
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "completed");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_run_flow, depth_limit_is_an_error_event_and_the_error_exit)
{
    fl_container *c = t_load(FLOW(
        "f1", "main", "b1",
        BLOCK("b1", "again", "Core.RunFlow", "'flow_id':'~f1'",
              EXIT("e1", "done", "true", "b2") DEF(
                  "e2", "b3")) "," BLOCK("b2", "ok", "MobilePrimitives.Message", "'prompt':'~c1'",
                                         DEF_END("e3")) "," BLOCK("b3", "deep",
                                                                  "MobilePrimitives.Message",
                                                                  "'prompt':'~c2'", DEF_END("e4")),
        RES("c1", "ok") "," RES("c2", "too deep")));
    fl_session_options o;
    fl_session_options_init(&o);
    o.max_depth = 3;
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    json_t *err = t_event(ev, "error", 0);
    cr_assert_not_null(err);
    cr_assert_str_eq(json_string_value(json_object_get(err, "limit")), "max_depth");
    cr_assert_str_eq(json_string_value(json_object_get(err, "block_name")), "again");
    cr_assert_eq(t_count(ev, "flow_entered"), 3);
    /* The innermost leaves by its error exit, the outer ones by their normal exit. */
    cr_assert_str_eq(t_texts(ev), "too deep|ok|ok");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
