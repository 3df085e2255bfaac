/* Run results kept by the session (engine/results.c): evaluations read results, flow, run and
 * parent in place, and what they see equals what the same expression sees in the context's JSON
 * form (fl_session_context), at every turn, in nested runs, after a save and a restore. */
#include "engine_test.h"
#include "engine/run.h"

/* main asks three questions (one block named with a capital, two named like the rc3 alias's own
 * keys), then runs a child flow that asks one more. */
#define FLOWS                                                                                              \
    FLOW(                                                                                                  \
        "f1", "main", "b1",                                                                                \
        BLOCK("b1", "Name", "MobilePrimitives.OpenResponse", "'prompt':'~c1'", DEF("e1", "b2")) "," BLOCK( \
            "b2", "language", "MobilePrimitives.OpenResponse", "'prompt':'~c2'",                           \
            DEF("e2", "b3")) "," BLOCK("b3", "mode", "MobilePrimitives.NumericResponse",                   \
                                       "'prompt':'~c3'",                                                   \
                                       EXIT("e3", "small", "block.value < 10", "b4") DEF(                  \
                                           "e4",                                                           \
                                           "b4")) "," BLOCK("b4", "call", "Core.RunFlow",                  \
                                                            "'flow_id':'~f2'",                             \
                                                            DEF("e5",                                      \
                                                                "b5")) "," BLOCK("b5", "after",            \
                                                                                 "MobilePrimitive"         \
                                                                                 "s.Message",              \
                                                                                 "'prompt':'~c5'",         \
                                                                                 DEF_END("e6")),           \
        RES("c1", "Name?") "," RES("c2", "Language?") "," RES("c3", "Mode?") "," RES(                      \
            "c5", "Bye @results.name.value, @child.results.color.value"))                                  \
    "," FLOW("f2", "child", "b6",                                                                          \
             BLOCK("b6", "color", "MobilePrimitives.OpenResponse", "'prompt':'~c6'",                       \
                   DEF("e7", "b7")) "," BLOCK("b7", "thanks", "MobilePrimitives.Message",                  \
                                              "'prompt':'~c7'", DEF_END("e8")),                            \
             RES("c6", "Colour, @parent.results.name.value?") "," RES("c7", "Thanks"))

static const char *const probes[] = {
    "@results",
    "@flow",
    "@run",
    "@parent",
    "@child",
    "@results.name",
    "@results.NAME.value",
    "@results.name.response",
    "@results.name.time",
    "@results.name.exit",
    "@results.language",
    "@results.mode.__value__",
    "@results.missing",
    "@results.missing.value",
    "@flow.language",
    "@flow.mode",
    "@flow.name.value",
    "@flow.language.value",
    "@flow.mode.value",
    "@flow.missing",
    "@run.results.name.value",
    "@run.language",
    "@run.mode",
    "@run.entered_at",
    "@run.flow.name",
    "@run.parent.flow.name",
    "@run.parent.results.mode.value",
    "@run.child",
    "@parent.results.name.value",
    "@parent.results",
    "@name",
    "@language",
    "@call",
    "@color",
    "@delete(results, \"name\")",
    "@delete(flow, \"language\")",
    "@(results = results)",
    "@(flow.name = results.name)",
    "@(results.mode.value + 1)",
    "@(results.name.value & \"!\")",
    "Everything: @results / @flow / @run / @parent / @results.name",
    "@contact",
    "@contact.name",
    "@block",
    "@session",
    "@session.k",
    "@channel.mode",
    "@date",
    "@date.today",
    "@event.message.text.body",
    "@custom",
    "@mixed",
    "@MIXED",
    "@Extra",
    "@delete(contact, \"name\")",
    "@block.x",
    "@block.Value",
    "x@block.value",
    "@block[\"$date\"]",
};

static char *eval_text(int rc, json_t *out, const fl_error *err)
{
    if (rc < 0) {
        char *msg = malloc(strlen(err->message) + 8);
        sprintf(msg, "error: %s", err->message);
        return msg;
    }
    char *dump = t_dump(out);
    json_decref(out);
    return dump;
}

/* Every probe through the session (results read in place) and through the context's JSON. */
/* The root's fixed keys with host variables over some of them, and variables of its own. */
static fl_session *session_with_vars(const fl_container *c)
{
    fl_session_options o;
    fl_session_options_init(&o);
    json_t *contact = json_pack("{s:s}", "name", "Ada");
    json_t *vars = json_pack("{s:{s:i}, s:s, s:i, s:i, s:s}", "session", "k", 1, "date", "fixed",
                             "custom", 5, "Mixed", 6, "extra", "x");
    o.contact = contact;
    o.vars = vars;
    fl_session *s = t_session(c, &o);
    json_decref(contact);
    json_decref(vars);
    return s;
}

static void expect_same_views(const fl_session *s, const char *when)
{
    /* The context written as text is the context built as JSON, dumped. */
    fl_buf text = FL_BUF_INIT;
    cr_assert_eq(fl_session_context_write(s, &text), 0);
    const json_t *ctx = fl_session_context(s);
    cr_assert(ctx);
    char *dumped = json_dumps(ctx, JSON_COMPACT);
    cr_expect_str_eq(text.data, dumped, "%s: the context as text", when);
    free(dumped);
    fl_buf_free(&text);
    fl_eval_options o = {.now_ms = fl_session_now(s)};
    for (size_t i = 0; i < FL_ARRAY_LEN(probes); i++) {
        json_t *a = NULL, *b = NULL;
        fl_error ea = {0}, eb = {0};
        int ra = fl_session_eval(s, probes[i], &a, &ea);
        int rb = fl_eval_text_or_value(ctx, &o, NULL, probes[i], &b, &eb);
        char *ta = eval_text(ra, a, &ea), *tb = eval_text(rb, b, &eb);
        cr_expect_str_eq(ta, tb, "%s: %s", when, probes[i]);
        free(ta);
        free(tb);
    }
}

static char *session_eval(const fl_session *s, const char *tpl)
{
    json_t *out = NULL;
    fl_error err = {0};
    int rc = fl_session_eval(s, tpl, &out, &err);
    return eval_text(rc, out, &err);
}

static void expect_eval(const fl_session *s, const char *tpl, const char *want)
{
    char *got = session_eval(s, tpl);
    cr_expect_str_eq(got, want, "%s: got %s", tpl, got);
    free(got);
}

static fl_session *save_and_restore(const fl_container *c, fl_session *s)
{
    json_t *saved = NULL;
    fl_error err;
    cr_assert_eq(fl_session_save(s, &saved, &err), 0, "%s", err.message);
    fl_session *back = NULL;
    cr_assert_eq(fl_session_restore(c, saved, NULL, &back, &err), 0, "%s", err.message);
    json_decref(saved);
    fl_session_free(s);
    return back;
}

Test(results, read_in_place_as_the_json_context_reads)
{
    fl_container *c = t_load(FLOWS);
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    expect_same_views(s, "before any result");
    json_decref(t_reply(s, "Ada"));
    expect_same_views(s, "one result");
    json_decref(t_reply(s, "eng"));
    expect_same_views(s, "a result named language");
    json_t *ev = t_reply(s, "7");
    cr_assert_str_eq(t_texts(ev), "Colour, Ada?");
    json_decref(ev);
    expect_same_views(s, "in the child run");
    s = save_and_restore(c, s);
    expect_same_views(s, "in the child run, restored");

    /* The values themselves, not only agreement between the two forms. */
    expect_eval(s, "@parent.results.name.value", "\"Ada\"");
    expect_eval(s, "@parent.results.mode.exit.name", "\"small\"");
    expect_eval(s, "@run.parent.flow.name", "\"main\"");
    expect_eval(s, "@results", "{}");

    ev = t_reply(s, "blue");
    cr_assert_str_eq(t_texts(ev), "Thanks|Bye Ada, blue");
    json_decref(ev);
    expect_same_views(s, "ended");
    expect_eval(s, "@flow.language.value", "\"eng\"");
    expect_eval(s, "@flow.mode.value", "7");
    expect_eval(s, "@results.NAME.response", "\"Ada\"");
    expect_eval(s, "@child.results.color.value", "\"blue\"");
    expect_eval(s, "@call.color.value", "\"blue\"");
    s = save_and_restore(c, s);
    expect_same_views(s, "ended, restored");
    fl_session_free(s);
    fl_container_free(c);
}

/* The root: host variables replace fixed keys in place and add their own after them, in both
 * forms, and the JSON form lists the keys every session has first, in order. */
Test(results, root_with_host_variables)
{
    fl_container *c = t_load(FLOWS);
    fl_session *s = session_with_vars(c);
    expect_same_views(s, "new");
    json_decref(t_start(s));
    json_decref(t_reply(s, "Ada"));
    expect_same_views(s, "one result");
    expect_eval(s, "@session.k", "1");
    expect_eval(s, "@date", "\"fixed\"");
    expect_eval(s, "@(custom + mixed)", "11");
    expect_eval(s, "@event.message.text.body", "\"Ada\"");
    const char *order[] = {"contact", "run",     "results", "flow",  "block",  "parent", "child",
                           "session", "channel", "date",    "event", "custom", "Mixed",  "extra"};
    void *it = json_object_iter((json_t *)fl_session_context(s));
    for (size_t i = 0; i < FL_ARRAY_LEN(order);
         i++, it = json_object_iter_next((json_t *)fl_session_context(s), it)) {
        cr_assert(it, "key %zu", i);
        cr_expect_str_eq(json_object_iter_key(it), order[i]);
    }
    cr_expect_str_eq(json_object_iter_key(it), "Name", "the bare block name comes after");
    s = save_and_restore(c, s);
    expect_same_views(s, "one result, restored");
    expect_eval(s, "@date", "\"fixed\"");
    fl_session_free(s);
    fl_container_free(c);
}

/* A stored result keeps its place; a new one goes last, in both forms. */
Test(results, order_of_first_store_kept)
{
    fl_container *c = t_load(FLOWS);
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    t_replies(s, "Ada", "eng");
    /* Keys read as the library sees them: lower case, in the order first stored. */
    expect_eval(s, "@results",
                "{\"name\":{\"__value__\":\"Ada\",\"value\":\"Ada\",\"response\":\"Ada\","
                "\"time\":{\"$datetime\":\"1970-01-01T00:00:00.0Z\"},\"exit\":{\"name\":"
                "\"Default\",\"id\":\"00000000-0000-4000-8000-0000000000e1\",\"__value__\":"
                "\"Default\"}},\"language\":{\"__value__\":\"eng\",\"value\":\"eng\","
                "\"response\":\"eng\",\"time\":{\"$datetime\":\"1970-01-01T00:00:00.0Z\"},"
                "\"exit\":{\"name\":\"Default\",\"id\":\"00000000-0000-4000-8000-0000000000e2\","
                "\"__value__\":\"Default\"}}}");
    const json_t *results = json_object_get(fl_session_context(s), "results");
    const char *first = json_object_iter_key(json_object_iter((json_t *)results));
    cr_expect_str_eq(first, "Name");
    fl_session_free(s);
    fl_container_free(c);
}

/* Past a few results the store finds names through an index: every name is still found, a
 * name stored again keeps its place, and a missing one is missing. */
Test(results, many_names_found_through_the_index)
{
    fl_results rs = {0};
    static char names[40][16];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], i % 3 ? "q%d" : "Q_%d", i);
        fl_results_put(&rs, names[i], json_integer(i), json_null(), json_string("t"));
    }
    for (int i = 0; i < 40; i += 7)
        fl_results_put(&rs, names[i], json_integer(100 + i), json_null(), json_string("t"));
    cr_assert_eq(rs.n, 40);
    for (int i = 0; i < 40; i++) {
        char copy[16];
        strcpy(copy, names[i]); /* another pointer with the same text */
        fl_result *r = fl_results_find(&rs, copy, strlen(copy));
        cr_assert(r, "%s", copy);
        cr_expect_eq(r, &rs.items[i], "%s keeps its place", copy);
        cr_expect_eq(json_integer_value(r->value), i % 7 ? i : 100 + i, "%s", copy);
    }
    cr_expect_null(fl_results_find(&rs, "q3x", 3));
    cr_expect_null(fl_results_find(&rs, "q_0", 3), "exact names only");
    fl_results_free(&rs);
}

/* An ended child run is built when first read, through whichever path reads it first. */
Test(results, ended_child_built_when_first_read)
{
    fl_container *c = t_load(FLOWS);
    const char *first[] = {"@child.results.color.value", "@call.color.value",
                           "@run.child.results.color.value", "@(child.flow.name)", NULL};
    for (size_t i = 0; i < FL_ARRAY_LEN(first); i++) {
        fl_session *s = t_session(c, NULL);
        json_decref(t_start(s));
        t_replies(s, "Ada", "eng", "7", "blue");
        if (first[i] && !strstr(first[i], "flow.name"))
            expect_eval(s, first[i], "\"blue\"");
        else if (first[i])
            expect_eval(s, first[i], "\"child\"");
        else
            s = save_and_restore(c, s); /* a save reads it first */
        expect_eval(s, "@call.color.value", "\"blue\"");
        expect_eval(s, "@run.child.exited_at", "{\"$datetime\":\"1970-01-01T00:00:00.0Z\"}");
        expect_same_views(s, first[i] ? first[i] : "saved first");
        fl_session_free(s);
    }
    fl_container_free(c);
}

/* main -> middle -> inner (asks), and nothing reads child until the whole session ended: the
 * inner run is built when the middle one ends, each under its parent. */
#define THREE_LEVELS                                                                               \
    FLOW("f1", "main", "b1",                                                                       \
         BLOCK("b1", "call", "Core.RunFlow", "'flow_id':'~f2'", DEF_END("e1")), )                  \
    "," FLOW("f2", "middle", "b2",                                                                 \
             BLOCK("b2", "deeper", "Core.RunFlow", "'flow_id':'~f3'",                              \
                   DEF_END("e2")), ) "," FLOW("f3", "inner", "b3",                                 \
                                              BLOCK("b3", "color",                                 \
                                                    "MobilePrimitives.OpenResponse",               \
                                                    "'prompt':'~c3'", DEF_END("e3")),              \
                                              RES("c3", "Colour?"))

Test(results, nested_children_that_ended_unread)
{
    fl_container *c = t_load(THREE_LEVELS);
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *ev = t_reply(s, "blue");
    cr_expect_eq(t_count(ev, "flow_exited"), 3);
    json_decref(ev);
    expect_eval(s, "@child.flow.name", "\"middle\"");
    expect_eval(s, "@child.child.flow.name", "\"inner\"");
    expect_eval(s, "@child.child.results.color.value", "\"blue\"");
    expect_eval(s, "@call.deeper.value", "null");
    expect_eval(s, "@deeper.color.value", "\"blue\"");
    expect_same_views(s, "three levels ended");
    fl_session_free(s);
    fl_container_free(c);
}

/* block: the session's own value and response ahead of any other members, or a host's object
 * kept as it is when it does not start with them; both forms agree before and after a store. */
Test(results, block_from_host_variables)
{
    fl_container *c = t_load(FLOWS);
    const char *blocks[] = {"{}",
                            "{\"x\": 3}",
                            "{\"value\": 1, \"response\": 2, \"x\": 3}",
                            "{\"response\": 2, \"value\": 1}",
                            "7",
                            "{\"value\": 1, \"response\": 2, \"$date\": \"2022-01-31\"}"};
    const char *before[] = {"\"x@value\"", "\"x@value\"", "\"x1\"",
                            "\"x1\"",      "\"x@value\"", "\"x1\""};
    for (size_t i = 0; i < FL_ARRAY_LEN(blocks); i++) {
        fl_session_options o;
        fl_session_options_init(&o);
        json_t *block = json_loads(blocks[i], JSON_DECODE_ANY, NULL);
        json_t *vars = json_pack("{s:o}", "block", block);
        o.vars = vars;
        fl_session *s = t_session(c, &o);
        json_decref(vars);
        json_decref(t_start(s));
        expect_eval(s, "x@block.value", before[i]);
        expect_same_views(s, blocks[i]);
        json_decref(t_reply(s, "Ada"));
        expect_eval(s, "@block.value", "\"Ada\"");
        expect_same_views(s, blocks[i]);
        s = save_and_restore(c, s);
        expect_eval(s, "@block.value", "\"Ada\"");
        expect_same_views(s, blocks[i]);
        fl_session_free(s);
    }
    fl_container_free(c);
}
