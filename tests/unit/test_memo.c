/* What the container keeps per language and mode (engine/memo.h): the turns of blocks that render
 * no template, which later runs send as the first run rendered them (nothing that depends on the
 * context or warns is ever kept), and SelectOne choice values, shared by later runs. */
#include "engine_test.h"

#define STATIC_FLOW(prompt)                                                                        \
    FLOW("f1", "drinks", "b1",                                                                     \
         BLOCK("b1", "drink", "MobilePrimitives.SelectOneResponse",                                \
               "'prompt':'~c1','choices':[{'name':'tea','prompt':'~c2'},"                          \
               "{'name':'coffee','prompt':'~c3'}]",                                                \
               DEF_END("e1")),                                                                     \
         prompt "," RES2("c2", "Tea", "The") "," RES2("c3", "Coffee", "Cafe"))

static fl_session *session_in(const fl_container *c, const char *lang, const char *mode,
                              const json_t *contact)
{
    fl_session_options o;
    fl_session_options_init(&o);
    o.language = lang;
    o.mode = mode;
    o.contact = contact;
    return t_session(c, &o);
}

/* The turn of the first message the session sent, as text (caller frees). */
static char *started_turn(const fl_container *c, const char *lang, const char *mode,
                          const json_t *contact)
{
    fl_session *s = session_in(c, lang, mode, contact);
    fl_error err;
    cr_assert_eq(fl_session_start(s, NULL, &err), 0, "%s", err.message);
    char *turn = NULL;
    for (size_t i = 0; i < fl_session_event_count(s) && !turn; i++) {
        const char *t = fl_session_event_turn(s, i, NULL);
        if (t) turn = fl_xstrdup(t);
    }
    cr_assert_not_null(turn, "the block sent a message");
    fl_session_free(s);
    return turn;
}

/* Every run in (lang, mode) on a shared container sends what a fresh container renders. */
static char *same_as_fresh(const char *flows, const fl_container *shared, const char *lang,
                           const char *mode)
{
    fl_container *fresh = t_load(flows);
    char *want = started_turn(fresh, lang, mode, NULL);
    fl_container_free(fresh);
    for (int run = 0; run < 3; run++) {
        char *got = started_turn(shared, lang, mode, NULL);
        cr_assert_str_eq(got, want, "run %d in %s/%s", run + 1, lang, mode);
        free(got);
    }
    return want;
}

Test(memo, each_language_and_mode_keeps_its_own_turn)
{
    const char *flows = STATIC_FLOW(RES2("c1", "Tea or coffee?", "The ou cafe ?"));
    fl_container *c = t_load(flows);
    char *eng_rich = same_as_fresh(flows, c, "eng", "RICH_MESSAGING");
    char *fra_rich = same_as_fresh(flows, c, "fra", "RICH_MESSAGING");
    char *eng_text = same_as_fresh(flows, c, "eng", "TEXT");
    char *fra_text = same_as_fresh(flows, c, "fra", "TEXT");
    cr_assert(strstr(eng_rich, "\"type\":\"button\"") && strstr(eng_rich, "\"title\":\"Tea\""),
              "%s", eng_rich);
    cr_assert(strstr(fra_rich, "\"title\":\"The\"") && strstr(fra_rich, "The ou cafe ?"), "%s",
              fra_rich);
    cr_assert(strstr(eng_text, "Tea or coffee?\\n\\n1. Tea\\n2. Coffee"), "%s", eng_text);
    cr_assert(strstr(fra_text, "1. The\\n2. Cafe"), "%s", fra_text);
    /* Interleaved again: each key still gives its own turn. */
    char *again = started_turn(c, "eng", "RICH_MESSAGING", NULL);
    cr_assert_str_eq(again, eng_rich);
    free(again);
    free(eng_rich);
    free(fra_rich);
    free(eng_text);
    free(fra_text);
    fl_container_free(c);
}

Test(memo, an_escaped_at_sign_is_sent_as_one)
{
    const char *flows = STATIC_FLOW(RES("c1", "Tea costs @@5, pay to info@@example.org"));
    fl_container *c = t_load(flows);
    char *turn = same_as_fresh(flows, c, "eng", "TEXT");
    cr_assert(strstr(turn, "Tea costs @5, pay to info@example.org\\n\\n1. Tea"), "%s", turn);
    free(turn);
    fl_container_free(c);
}

Test(memo, templates_are_rendered_for_every_run)
{
    fl_container *c = t_load(
        FLOW("f1", "drinks", "b1",
             BLOCK("b1", "drink", "MobilePrimitives.SelectOneResponse",
                   "'prompt':'~c1','choices':[{'name':'tea','prompt':'~c2'},"
                   "{'name':'coffee','prompt':'~c3'}]",
                   DEF_END("e1")),
             RES("c1", "Hello") "," RES("c2", "Tea for @contact.name") "," RES("c3", "Coffee")));
    json_t *ada = json_pack("{s:s}", "name", "Ada");
    json_t *bo = json_pack("{s:s}", "name", "Bo");
    for (int run = 0; run < 2; run++) {
        char *a = started_turn(c, NULL, NULL, ada), *b = started_turn(c, NULL, NULL, bo);
        cr_assert(strstr(a, "\"title\":\"Tea for Ada\""), "%s", a);
        cr_assert(strstr(b, "\"title\":\"Tea for Bo\""), "%s", b);
        free(a);
        free(b);
    }
    json_decref(ada);
    json_decref(bo);
    fl_container_free(c);
}

Test(memo, a_turn_that_warns_warns_in_every_run)
{
    /* An interactive body over WhatsApp's 1024 code points. */
    char body[1100];
    memset(body, 'x', 1030);
    body[1030] = '\0';
    char flows[4096];
    snprintf(flows, sizeof flows, STATIC_FLOW(RES("c1", "%s")), body);
    fl_container *c = t_load(flows);
    for (int run = 0; run < 3; run++) {
        fl_session *s = t_session(c, NULL);
        json_t *events = t_start(s);
        const json_t *w = t_event(events, "warning", 0);
        cr_assert_not_null(w, "run %d warns", run + 1);
        cr_assert_str_eq(json_string_value(json_object_get(w, "code")), "body_too_long");
        cr_assert_eq(t_count(events, "message"), 1);
        json_decref(events);
        fl_session_free(s);
    }
    fl_container_free(c);
}

/* The stored value of the choice picked by reply in (lang, mode), as compact JSON. */
static char *picked_value(const fl_container *c, const char *lang, const char *mode,
                          const char *reply)
{
    fl_session *s = session_in(c, lang, mode, NULL);
    json_decref(t_start(s));
    json_decref(t_reply(s, reply));
    char *v = t_dump(t_ctx(s, "results.drink.value"));
    fl_session_free(s);
    return v;
}

Test(memo, choice_values_follow_language_and_mode)
{
    const char *flows = STATIC_FLOW(RES2("c1", "Tea or coffee?", "The ou cafe ?"));
    fl_container *c = t_load(flows);
    const struct {
        const char *lang, *mode, *reply, *want;
    } runs[] = {
        {"eng", "TEXT", "1",
         "{\"__value__\":\"tea\",\"name\":\"tea\",\"index\":0,\"label\":\"Tea\"}"},
        {"fra", "TEXT", "1",
         "{\"__value__\":\"tea\",\"name\":\"tea\",\"index\":0,\"label\":\"The\"}"},
        {"eng", "TEXT", "2",
         "{\"__value__\":\"coffee\",\"name\":\"coffee\",\"index\":1,\"label\":\"Coffee\"}"},
        {"eng", "TEXT", "1",
         "{\"__value__\":\"tea\",\"name\":\"tea\",\"index\":0,\"label\":\"Tea\"}"},
        {"fra", "RICH_MESSAGING", "2",
         "{\"__value__\":\"coffee\",\"name\":\"coffee\",\"index\":1,\"label\":\"Cafe\"}"},
        {"fra", "TEXT", "1",
         "{\"__value__\":\"tea\",\"name\":\"tea\",\"index\":0,\"label\":\"The\"}"},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char *v = picked_value(c, runs[i].lang, runs[i].mode, runs[i].reply);
        cr_assert_str_eq(v, runs[i].want, "run %zu (%s/%s)", i + 1, runs[i].lang, runs[i].mode);
        free(v);
    }
    fl_container_free(c);
}
