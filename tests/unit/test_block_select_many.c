/* MobilePrimitives.SelectManyResponses: several choices by number, name or tests; bounds. */
#include "engine_test.h"

#define MANY(extra)                                                                                \
    FLOW("f1", "main", "b1",                                                                       \
         BLOCK("b1", "fruit", "MobilePrimitives.SelectManyResponses",                              \
               "'prompt':'~c1','choices':[{'name':'apple','prompt':'~c2'},{'name':'pear','prompt'" \
               ":'~c3'},"                                                                          \
               "{'name':'plum','prompt':'~c4','text_tests':[{'test_expression':'block.response = " \
               "`P!`'}]}]" extra,                                                                  \
               EXIT_END("e1", "valid", "true") DEF_END("e2")),                                     \
         RES("c1", "Which fruit?") "," RES("c2", "Apple") "," RES("c3", "Pear") "," RES("c4",      \
                                                                                        "Plum"))

static void check(const char *flow, const char *reply, const char *exit, const char *value)
{
    fl_container *c = t_load(flow);
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_reply(s, reply);
    cr_assert_str_eq(t_exit_of(ev, "fruit"), exit, "reply '%s'", reply);
    char *v = t_dump(t_ctx(s, "results.fruit.value"));
    cr_assert_str_eq(v, value, "reply '%s' gives %s", reply, v);
    free(v);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_select_many, numbers_names_and_titles)
{
    check(MANY(""), "1, 3", "valid", "[\"apple\",\"plum\"]");
    check(MANY(""), "pear apple", "valid", "[\"apple\",\"pear\"]");
    check(MANY(""), "Pear", "valid", "[\"pear\"]");
}

Test(block_select_many, tests_select_when_tokens_do_not)
{
    check(MANY(""), "P!", "valid", "[\"plum\"]");
}

Test(block_select_many, invalid_and_bounds)
{
    check(MANY(""), "banana", "Default", "\"banana\"");
    check(MANY(""), "1, banana", "Default", "\"1, banana\"");
    check(MANY(",'maximum_choices':1"), "1,2", "Default", "\"1,2\"");
    check(MANY(",'minimum_choices':2"), "2", "Default", "\"2\"");
}
