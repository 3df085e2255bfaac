/* Core.Webhook: mocked responses, the request built from templates, unmocked calls, async. */
#include "engine_test.h"

#define HOOK(extra)                                                                                \
    FLOW("f1", "main", "b1",                                                                       \
         BLOCK("b1", "lookup", "Core.Webhook",                                                     \
               "'method':'POST','url':'https://api.test/users/"                                    \
               "@contact.id','query_params':{'q':'a b'},"                                          \
               "'headers':{'X-Name':'@contact.name'},'body':'{`n`: `@contact.name`}'" extra,       \
               EXIT("e1", "ok", "block.value = 200", "b2")                                         \
                   DEF("e2", "b3")) "," BLOCK("b2", "good", "MobilePrimitives.Message",            \
                                              "'prompt':'~c1'",                                    \
                                              DEF_END("e3")) "," BLOCK("b3", "bad",                \
                                                                       "MobilePrimitives.Message", \
                                                                       "'prompt':'~c2'",           \
                                                                       DEF_END("e4")),             \
         RES("c1", "got @block.response.plan (@lookup)") "," RES("c2", "failed @block.value"))

static json_t *run(const char *flow, const char *mocks_json, fl_session **sp, fl_container **cp)
{
    *cp = t_load(flow);
    json_t *mocks = mocks_json ? json_loads(mocks_json, 0, NULL) : NULL;
    json_t *contact = json_pack("{s:s, s:s}", "id", "42", "name", "Ada");
    fl_session_options o;
    fl_session_options_init(&o);
    o.contact = contact;
    o.webhook_mocks = mocks;
    *sp = t_session(*cp, &o);
    json_decref(mocks);
    json_decref(contact);
    return t_start(*sp);
}

Test(block_webhook, mocked_json_response)
{
    fl_session *s;
    fl_container *c;
    json_t *ev =
        run(HOOK(""),
            "{\"https://api.test/users/42\": {\"status\": 200, \"body\": {\"plan\": \"gold\"}}}",
            &s, &c);
    json_t *w = t_event(ev, "webhook", 0);
    cr_assert(json_is_true(json_object_get(w, "mocked")));
    json_t *req = json_object_get(w, "request");
    cr_assert_str_eq(json_string_value(json_object_get(req, "method")), "POST");
    cr_assert_str_eq(json_string_value(json_object_get(req, "url")),
                     "https://api.test/users/42?q=a%20b");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(req, "headers"), "X-Name")),
                     "Ada");
    cr_assert_str_eq(json_string_value(json_object_get(req, "body")), "{'n': 'Ada'}");
    cr_assert_str_eq(t_texts(ev), "got gold (200)");
    cr_assert_str_eq(t_exit_of(ev, "lookup"), "ok");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_webhook, mock_by_block_name_with_an_error_status)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(HOOK(""), "{\"lookup\": {\"status\": 503}}", &s, &c);
    cr_assert_str_eq(t_texts(ev), "failed 503");
    cr_assert_str_eq(t_exit_of(ev, "lookup"), "Default");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_webhook, unmocked_call_fails_clearly)
{
    fl_session *s;
    fl_container *c;
    json_t *ev = run(HOOK(""), NULL, &s, &c);
    json_t *w = t_event(ev, "webhook", 0);
    cr_assert(json_is_false(json_object_get(w, "mocked")));
    cr_assert(json_is_null(json_object_get(w, "response")));
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "warning", 0), "code")),
                     "webhook_unmocked");
    cr_assert_str_eq(t_exit_of(ev, "lookup"), "Default");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_webhook, fire_and_forget_is_202)
{
    fl_session *s;
    fl_container *c;
    json_t *ev =
        run(HOOK(",'wait_for_response':false"),
            "[{\"url_prefix\": \"https://api.test/\", \"status\": 200, \"body\": \"x\"}]", &s, &c);
    cr_assert_eq(json_integer_value(t_ctx(s, "results.lookup.value")), 202);
    cr_assert(json_is_null(t_ctx(s, "block.response")));
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
