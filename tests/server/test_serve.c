/* floip serve end to end: the built CLI on a free loopback port, real HTTP over sockets. */
#include "client.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY      "5e000000-0000-4000-8000-000000000001"
#define SURVEY_PATH "/v1/stacks/" SURVEY "/simulation"

static const char *const survey_only[] = {"server/flows/survey.json", NULL};

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const json_t *error_of(const tc_response *r)
{
    return json_object_get(r->json, "error");
}

/* POSTs a printf-formatted JSON body. */
static void post(int port, const char *path, const char *extra, tc_response *r, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
static void post(int port, const char *path, const char *extra, tc_response *r, const char *fmt,
                 ...)
{
    char body[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    tc_request(port, "POST", path, extra, body, r);
}

typedef struct server {
    tc_proc proc;
    int port;
    char *flows;
} server;

static void start(server *s, const char *const *files, const char *const *extra)
{
    s->flows = tc_flows_dir(files);
    const char *args[24] = {"--flows", s->flows};
    size_t n = 2;
    for (size_t i = 0; extra && extra[i]; i++) args[n++] = extra[i];
    args[n] = NULL;
    s->port = tc_serve(&s->proc, args);
}

static void stop(server *s)
{
    cr_assert_eq(tc_stop(&s->proc, SIGTERM), 0, "floip serve must exit 0 (and leak nothing)");
    tc_rmtree(s->flows);
    free(s->flows);
}

/* Starts a survey simulation for `name`; asserts the greeting and the buttons. */
static void begin(int port, const char *id, const char *name)
{
    tc_response r;
    post(port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"%s\",\"revision\":\"production\",\"contact\":{\"name\":\"%s\","
         "\"language\":\"eng\"}}",
         id, name);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "simulation_id"), id);
    cr_assert_str_eq(str(r.json, "state"), "waiting_for_input");
    cr_assert(json_is_true(json_object_get(r.json, "waiting_for_user_input")));
    char hello[128];
    snprintf(hello, sizeof hello, "Hello %s, welcome to the survey!", name);
    cr_assert(strstr(str(r.json, "message"), hello), "message: %s", str(r.json, "message"));
    cr_assert(strstr(str(r.json, "message"), "How are you today?"));
    json_t *buttons = json_object_get(r.json, "buttons");
    cr_assert_eq(json_array_size(buttons), 3, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_array_get(buttons, 1)), "Fine");
    cr_assert_eq(json_array_size(json_object_get(r.json, "messages")), 2);
    cr_assert(json_is_array(json_object_get(r.json, "events")));
    cr_assert_str_eq(str(json_object_get(json_object_get(r.json, "context"), "contact"), "name"),
                     name);
    tc_response_free(&r);
}

Test(serve, holds_a_whole_conversation_the_turn_way)
{
    server s;
    start(&s, survey_only, NULL);
    begin(s.port, "conversation-1", "Ada");

    tc_response r;
    post(s.port, "/v1/journeys/" SURVEY "/simulation", NULL, &r,
         "{\"simulation_id\":\"conversation-1\",\"press\":2}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "message"), "What should we call you?");
    cr_assert_eq(json_array_size(json_object_get(r.json, "buttons")), 0);
    tc_response_free(&r);

    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"conversation-1\",\"input\":\"Countess\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "state"), "end");
    cr_assert(json_is_false(json_object_get(r.json, "waiting_for_user_input")));
    cr_assert_str_eq(str(r.json, "message"), "Thanks Countess, you feel fine. Goodbye!");
    tc_response_free(&r);

    /* input after the end: refused, with a body that says so */
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"conversation-1\",\"input\":\"hello?\"}");
    cr_assert_eq(r.status, 409);
    cr_assert_str_eq(str(error_of(&r), "code"), "session_ended");
    cr_assert(strstr(str(error_of(&r), "message"), "unexpectedly received user input"));
    cr_assert(strstr(str(error_of(&r), "message"), "has ended"));
    tc_response_free(&r);

    tc_request(s.port, "GET", "/v1/simulations/conversation-1", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(str(r.json, "state"), "end");
    cr_assert_str_eq(str(r.json, "journey"), SURVEY);
    cr_assert_str_eq(str(r.json, "revision"), "production");
    json_t *t = json_object_get(r.json, "transcript");
    /* start, hello, mood, in(Fine), nickname, in(Countess), bye, end */
    cr_assert_eq(json_array_size(t), 8, "%s", r.body);
    cr_assert_str_eq(str(json_array_get(t, 3), "text"), "Fine");
    cr_assert_str_eq(str(json_array_get(t, 5), "text"), "Countess");
    cr_assert_str_eq(str(json_array_get(t, 7), "direction"), "end");
    cr_assert(json_is_object(json_object_get(r.json, "results")));
    cr_assert(json_is_object(json_object_get(r.json, "context")));
    tc_response_free(&r);
    stop(&s);
}

Test(serve, accepts_channel_messages_and_button_titles)
{
    server s;
    start(&s, survey_only, NULL);
    begin(s.port, "message-ext", "Bo");
    tc_response r;
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"message-ext\",\"press\":\"great\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "message"), "What should we call you?");
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"message-ext\",\"message\":{\"type\":\"text\",\"text\":{\"body\":"
         "\"Bobo\"}}}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "message"), "Thanks Bobo, you feel great. Goodbye!");
    tc_response_free(&r);
    stop(&s);
}

/* The keys of an object, in order, comma separated. */
static void keys_of(const json_t *o, char *out, size_t size)
{
    const char *key;
    json_t *v;
    out[0] = '\0';
    json_object_foreach((json_t *)o, key, v)
    {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s%s", n ? "," : "", key);
    }
}

/* A turn's answer is compact JSON exactly as jansson prints it, in Turn's order of keys. */
static void assert_turn_text(const tc_response *r)
{
    cr_assert_eq(r->status, 200, "%s", r->body);
    char *again = json_dumps(r->json, JSON_COMPACT);
    cr_assert_str_eq(r->body, again);
    free(again);
    char keys[512];
    keys_of(r->json, keys, sizeof keys);
    cr_assert_str_eq(keys, "simulation_id,state,message,context,messages,buttons,"
                           "waiting_for_user_input,events,journey,now");
}

Test(serve, writes_turns_and_transcripts_as_compact_json_in_a_fixed_key_order)
{
    server s;
    start(&s, survey_only, NULL);
    tc_response r;
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"text-0001\",\"input\":\"hi\",\"now\":\"2026-01-01T09:00:00Z\","
         "\"contact\":{\"name\":\"A\\\"d\\\\a\\n\\u00e9\\u0001\",\"x\":[1,2.5,null,true]}}");
    assert_turn_text(&r);
    cr_assert(strstr(str(r.json, "message"), "Hello A\"d\\a\n\u00e9\x01,"), "%s", r.body);
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"text-0001\",\"press\":2}");
    assert_turn_text(&r);
    tc_response_free(&r);
    post(s.port, "/v1/simulations/text-0001/clock", NULL, &r, "{\"advance\":\"1m\"}");
    assert_turn_text(&r);
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"text-0001\",\"message\":{\"type\":\"text\",\"text\":{\"body\":"
         "\"Bo\"}}}");
    assert_turn_text(&r);
    cr_assert_str_eq(str(r.json, "state"), "end");
    tc_response_free(&r);

    tc_request(s.port, "GET", "/v1/simulations/text-0001", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    json_t *t = json_object_get(r.json, "transcript");
    /* every kind of item keeps its keys in one order */
    static const char *const shapes[][2] = {
        {"start", "direction,at,contact,opening_input"},
        {"out", "direction,at,block,block_name,text,turn"},
        {"in", "direction,message,text,press,at"},
        {"clock", "direction,at,advanced_ms"},
        {"end", "direction,at,flow,reason"},
    };
    size_t i, seen = 0;
    json_t *item;
    json_array_foreach(t, i, item)
    {
        char keys[256];
        keys_of(item, keys, sizeof keys);
        const char *dir = str(item, "direction");
        for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
            if (strcmp(dir, shapes[k][0])) continue;
            seen |= 1u << k;
            /* a typed or Channel API answer has no press */
            if (!strcmp(dir, "in") && !json_object_get(item, "press"))
                cr_assert_str_eq(keys, "direction,message,text,at", "%s", r.body);
            else
                cr_assert_str_eq(keys, shapes[k][1], "%s", r.body);
        }
    }
    cr_assert_eq(seen, 0x1f, "every kind of transcript item: %s", r.body);
    cr_assert_str_eq(str(json_array_get(t, 0), "opening_input"), "hi");
    tc_response_free(&r);
    stop(&s);
}

Test(serve, refuses_a_button_that_is_not_offered_without_changing_anything)
{
    server s;
    start(&s, survey_only, NULL);
    begin(s.port, "bad-press", "Cy");
    tc_response r;
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"bad-press\",\"press\":7}");
    cr_assert_eq(r.status, 422);
    cr_assert_str_eq(str(json_array_get(json_object_get(error_of(&r), "problems"), 0), "field"),
                     "press");
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"bad-press\",\"press\":\"Wonderful\"}");
    cr_assert_eq(r.status, 422);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/bad-press", NULL, NULL, &r);
    cr_assert_eq(json_integer_value(json_object_get(r.json, "turns")), 1);
    cr_assert_eq(json_array_size(json_object_get(r.json, "buttons")), 3);
    tc_response_free(&r);
    stop(&s);
}

Test(serve, answers_every_error_status_and_changes_no_session)
{
    const char *const extra[] = {"--max-body", "600", NULL};
    server s;
    start(&s, survey_only, extra);
    begin(s.port, "errors-01", "Di");
    tc_response before, r, after;
    tc_request(s.port, "GET", "/v1/simulations/errors-01", NULL, NULL, &before);

    /* 400: malformed JSON, with where it broke */
    tc_request(s.port, "POST", SURVEY_PATH, NULL,
               "{\"simulation_id\": \"errors-01\",\n \"input\": }", &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(str(error_of(&r), "code"), "malformed_json");
    cr_assert_eq(json_integer_value(json_object_get(error_of(&r), "line")), 2);
    cr_assert(json_integer_value(json_object_get(error_of(&r), "column")) > 0);
    tc_response_free(&r);
    tc_request(s.port, "POST", SURVEY_PATH, NULL, "", &r);
    cr_assert_eq(r.status, 400);
    tc_response_free(&r);

    /* 422: every problem listed */
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"abc\",\"revision\":5,\"contact\":[],\"input\":7,\"now\":\"soon\"}");
    cr_assert_eq(r.status, 422);
    json_t *problems = json_object_get(error_of(&r), "problems");
    cr_assert_eq(json_array_size(problems), 5, "%s", r.body);
    const char *fields[] = {"simulation_id", "revision", "contact", "input", "now"};
    for (size_t i = 0; i < 5; i++)
        cr_assert_str_eq(str(json_array_get(problems, i), "field"), fields[i]);
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"errors-01\"}");
    cr_assert_eq(r.status, 422, "an existing simulation needs input");
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r,
         "{\"simulation_id\":\"errors-01\",\"input\":\"a\",\"press\":1}");
    cr_assert_eq(r.status, 422);
    tc_response_free(&r);
    tc_request(s.port, "POST", SURVEY_PATH, NULL, "[1,2]", &r);
    cr_assert_eq(r.status, 422);
    tc_response_free(&r);

    /* 404: unknown journey, simulation, route */
    post(s.port, "/v1/stacks/00000000-0000-4000-8000-000000000000/simulation", NULL, &r,
         "{\"simulation_id\":\"errors-01\",\"input\":\"x\"}");
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(str(error_of(&r), "code"), "journey_not_found");
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/stacks/00000000-0000-4000-8000-000000000000", NULL, NULL, &r);
    cr_assert_eq(r.status, 404);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/nobody-here", NULL, NULL, &r);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(str(error_of(&r), "code"), "simulation_not_found");
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v2/nothing", NULL, NULL, &r);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(str(error_of(&r), "code"), "not_found");
    tc_response_free(&r);

    /* 405 with Allow */
    tc_request(s.port, "GET", SURVEY_PATH, NULL, NULL, &r);
    cr_assert_eq(r.status, 405);
    cr_assert_str_eq(r.allow, "POST");
    tc_response_free(&r);
    tc_request(s.port, "PUT", "/v1/simulations/errors-01", NULL, "{}", &r);
    cr_assert_eq(r.status, 405);
    cr_assert_str_eq(r.allow, "GET, DELETE");
    tc_response_free(&r);
    tc_request(s.port, "DELETE", "/v1/stacks", NULL, NULL, &r);
    cr_assert_eq(r.status, 405);
    cr_assert_str_eq(r.allow, "GET, POST");
    tc_response_free(&r);

    /* 413 */
    char big[1024];
    memset(big, ' ', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "{\"simulation_id\":\"errors-01\",\"input\":\"x\"", 40);
    big[sizeof big - 2] = '}';
    tc_request(s.port, "POST", SURVEY_PATH, NULL, big, &r);
    cr_assert_eq(r.status, 413);
    tc_response_free(&r);

    tc_request(s.port, "GET", "/v1/simulations/errors-01", NULL, NULL, &after);
    cr_assert_str_eq(before.body, after.body, "no refused request changed the simulation");
    tc_response_free(&before);
    tc_response_free(&after);

    /* the metrics saw all of it */
    tc_request(s.port, "GET", "/metrics", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.content_type, "text/plain"));
    cr_assert(strstr(r.body, "floip_http_requests_total{method=\"POST\",route=\"/v1/stacks/{uuid}/"
                             "simulation\",status=\"422\"} 4"),
              "%s", r.body);
    cr_assert(strstr(r.body, "floip_http_requests_total{method=\"GET\",route=\"/v1/simulations/"
                             "{id}\",status=\"405\"}") == NULL);
    cr_assert(strstr(r.body, "floip_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    cr_assert(strstr(r.body, "floip_simulation_sessions_live 1\n"));
    cr_assert(strstr(r.body, "floip_http_errors_total{class=\"4xx\"}"));
    tc_response_free(&r);
    stop(&s);
}

Test(serve, requires_the_bearer_token_when_configured)
{
    const char *const extra[] = {"--token", "s3cret-token", NULL};
    server s;
    start(&s, survey_only, extra);
    tc_response r;
    tc_request(s.port, "GET", "/v1/stacks", NULL, NULL, &r);
    cr_assert_eq(r.status, 401);
    cr_assert(strstr(r.www_authenticate, "Bearer"));
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/stacks", "Authorization: Bearer s3cret-toke\r\n", NULL, &r);
    cr_assert_eq(r.status, 401);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/stacks", "Authorization: Bearer s3cret-token-and-more\r\n", NULL,
               &r);
    cr_assert_eq(r.status, 401);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/stacks", "Authorization: Basic s3cret-token\r\n", NULL, &r);
    cr_assert_eq(r.status, 401);
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"no-auth-1\"}");
    cr_assert_eq(r.status, 401);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/stacks", "Authorization: Bearer s3cret-token\r\n", NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(json_array_size(r.json), 1);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/healthz", NULL, NULL, &r);
    cr_assert_eq(r.status, 200, "health checks need no token");
    cr_assert_str_eq(str(r.json, "status"), "ok");
    cr_assert_eq(json_integer_value(json_object_get(r.json, "simulations")), 0,
                 "the refused start created nothing");
    tc_response_free(&r);
    stop(&s);
}

Test(serve, lists_returns_and_creates_journeys)
{
    server s;
    start(&s, survey_only, NULL);
    tc_response r;
    tc_request(s.port, "GET", "/v1/stacks", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(json_array_size(r.json), 1);
    json_t *j = json_array_get(r.json, 0);
    cr_assert_str_eq(str(j, "uuid"), SURVEY);
    cr_assert_str_eq(str(j, "name"), "server_survey");
    cr_assert(strstr(str(j, "url"), "/v1/stacks/" SURVEY));
    cr_assert(json_is_true(json_object_get(j, "is_notebook_valid")));
    cr_assert(json_is_true(json_object_get(j, "enabled")));
    cr_assert(json_is_string(json_object_get(j, "production_notebook_revision_uuid")));
    cr_assert(json_is_string(json_object_get(j, "inserted_at")));
    tc_response_free(&r);

    tc_request(s.port, "GET", "/v1/stacks/" SURVEY, NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(str(r.json, "uuid"), SURVEY);
    cr_assert(json_is_array(json_object_get(r.json, "flows")));
    /* the FLOIP document, changed into a new journey and posted as an object */
    json_t *doc = json_deep_copy(r.json);
    tc_response_free(&r);
    json_object_set_new(doc, "uuid", json_string("5e000000-0000-4000-8000-0000000000aa"));
    json_t *create = json_pack("{s:s,s:b,s:b,s:O}", "name", "Copied survey",
                               "publish_latest_changes", 1, "enabled", 1, "notebook", doc);
    char *body = json_dumps(create, JSON_COMPACT);
    tc_request(s.port, "POST", "/v1/stacks", NULL, body, &r);
    free(body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(str(r.json, "uuid"), "5e000000-0000-4000-8000-0000000000aa");
    cr_assert_str_eq(str(r.json, "name"), "Copied survey");
    cr_assert(json_is_false(json_object_get(r.json, "has_unpublished_changes")));
    cr_assert(strstr(str(r.json, "url"), "/v1/stacks/5e000000-0000-4000-8000-0000000000aa"));
    tc_response_free(&r);
    /* the same, as a string: replaces it */
    char *text = json_dumps(doc, JSON_COMPACT);
    json_object_set_new(create, "notebook", json_string(text));
    free(text);
    body = json_dumps(create, JSON_COMPACT);
    tc_request(s.port, "POST", "/v1/stacks", NULL, body, &r);
    free(body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tc_response_free(&r);
    json_decref(create);
    json_decref(doc);

    tc_request(s.port, "GET", "/v1/stacks", NULL, NULL, &r);
    cr_assert_eq(json_array_size(r.json), 2);
    tc_response_free(&r);
    post(s.port, "/v1/stacks/5e000000-0000-4000-8000-0000000000aa/simulation", NULL, &r,
         "{\"simulation_id\":\"copied-1\",\"contact\":{\"name\":\"Eve\"}}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(str(r.json, "message"), "Hello Eve"));
    tc_response_free(&r);

    /* invalid creations */
    tc_request(s.port, "POST", "/v1/stacks", NULL, "{\"notebook\": 5}", &r);
    cr_assert_eq(r.status, 422);
    cr_assert_eq(json_array_size(json_object_get(error_of(&r), "problems")), 2);
    tc_response_free(&r);
    tc_request(s.port, "POST", "/v1/stacks", NULL,
               "{\"name\":\"broken\",\"notebook\":\"{\\\"flows\\\": 1}\"}", &r);
    cr_assert_eq(r.status, 422);
    cr_assert_str_eq(str(error_of(&r), "code"), "invalid_notebook");
    tc_response_free(&r);
    stop(&s);
}

Test(serve, keeps_alive_and_answers_pipelined_simulation_turns_in_order)
{
    server s;
    start(&s, survey_only, NULL);
    tc_conn c;
    tc_open(&c, s.port);
    char burst[4096];
    size_t len = 0;
    for (int i = 0; i < 3; i++) {
        char body[256];
        int n = snprintf(body, sizeof body,
                         "{\"simulation_id\":\"pipe-%04d\",\"contact\":{\"name\":\"P%d\"}}", i, i);
        len += (size_t)snprintf(
            burst + len, sizeof burst - len,
            "POST " SURVEY_PATH " HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", n, body);
    }
    len += (size_t)snprintf(burst + len, sizeof burst - len,
                            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    tc_send_raw(&c, burst, len);
    for (int i = 0; i < 3; i++) {
        tc_response r;
        cr_assert(tc_recv(&c, &r));
        cr_assert_eq(r.status, 200, "%s", r.body);
        cr_assert(r.keep_alive);
        char id[32], hello[32];
        snprintf(id, sizeof id, "pipe-%04d", i);
        snprintf(hello, sizeof hello, "Hello P%d,", i);
        cr_assert_str_eq(str(r.json, "simulation_id"), id);
        cr_assert(strstr(str(r.json, "message"), hello));
        tc_response_free(&r);
    }
    tc_response r;
    cr_assert(tc_recv(&c, &r));
    cr_assert_eq(json_integer_value(json_object_get(r.json, "simulations")), 3);
    tc_response_free(&r);
    /* the same connection goes on serving */
    tc_send(&c, "GET", "/v1/simulations/pipe-0001", NULL, NULL);
    cr_assert(tc_recv(&c, &r));
    cr_assert_eq(r.status, 200);
    tc_response_free(&r);
    tc_close(&c);
    stop(&s);
}

Test(serve, concurrent_simulations_do_not_interfere)
{
    enum { N = 24 };
    server s;
    start(&s, survey_only, NULL);
    static tc_conn cs[N];
    char names[N][16], ids[N][16];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Name%02d", i);
        snprintf(ids[i], sizeof ids[i], "concurrent-%02d", i);
        tc_open(&cs[i], s.port);
    }
    /* three rounds; in each, every connection sends before any answer is read */
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            char body[256];
            if (round == 0)
                snprintf(body, sizeof body,
                         "{\"simulation_id\":\"%s\",\"contact\":{\"name\":\"%s\"}}", ids[i],
                         names[i]);
            else if (round == 1)
                snprintf(body, sizeof body, "{\"simulation_id\":\"%s\",\"press\":%d}", ids[i],
                         1 + i % 3);
            else
                snprintf(body, sizeof body, "{\"simulation_id\":\"%s\",\"input\":\"nick-%s\"}",
                         ids[i], names[i]);
            tc_send(&cs[i], "POST", SURVEY_PATH, NULL, body);
        }
        for (int i = N - 1; i >= 0; i--) {
            tc_response r;
            cr_assert(tc_recv(&cs[i], &r));
            cr_assert_eq(r.status, 200, "%s", r.body);
            cr_assert_str_eq(str(r.json, "simulation_id"), ids[i]);
            if (round == 2) {
                static const char *moods[] = {"great", "fine", "bad"};
                char want[128];
                snprintf(want, sizeof want, "Thanks nick-%s, you feel %s. Goodbye!", names[i],
                         moods[i % 3]);
                cr_assert_str_eq(str(r.json, "message"), want);
                cr_assert_str_eq(str(r.json, "state"), "end");
            }
            tc_response_free(&r);
        }
    }
    for (int i = 0; i < N; i++) tc_close(&cs[i]);
    stop(&s);
}

Test(serve, advances_the_clock_and_deletes_simulations)
{
    server s;
    start(&s, survey_only, NULL);
    begin(s.port, "clock-0001", "Fay");
    tc_response r;
    post(s.port, "/v1/simulations/clock-0001/clock", NULL, &r, "{\"advance\":\"soon\"}");
    cr_assert_eq(r.status, 422);
    tc_response_free(&r);
    post(s.port, "/v1/simulations/clock-0001/clock", NULL, &r, "{\"advance\":\"1m\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "state"), "waiting_for_input", "a minute is within the timeout");
    tc_response_free(&r);
    /* interaction_timeout is 300 s: ten more minutes expire the run */
    post(s.port, "/v1/simulations/clock-0001/clock", NULL, &r, "{\"advance\":\"10m\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "state"), "end", "%s", r.body);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/clock-0001", NULL, NULL, &r);
    cr_assert_str_eq(str(r.json, "state"), "end");
    tc_response_free(&r);

    tc_request(s.port, "DELETE", "/v1/simulations/clock-0001", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert(json_is_true(json_object_get(r.json, "deleted")));
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/clock-0001", NULL, NULL, &r);
    cr_assert_eq(r.status, 404);
    tc_response_free(&r);
    /* the id is free again: a new simulation starts from the beginning */
    begin(s.port, "clock-0001", "Gus");
    stop(&s);
}

Test(serve, asks_for_the_journey_when_an_id_is_in_two_journeys)
{
    server s;
    const char *const files[] = {"server/flows/survey.json", "bench/flows/small_linear.json", NULL};
    start(&s, files, NULL);
    begin(s.port, "shared-id", "Hal");
    tc_response r;
    post(s.port, "/v1/stacks/a0000000-0000-4000-8000-000000000000/simulation", NULL, &r,
         "{\"simulation_id\":\"shared-id\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/shared-id", NULL, NULL, &r);
    cr_assert_eq(r.status, 409);
    cr_assert_str_eq(str(error_of(&r), "code"), "ambiguous_simulation");
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/shared-id?journey=" SURVEY, NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(str(r.json, "journey"), SURVEY);
    tc_response_free(&r);
    stop(&s);
}

Test(serve, resumes_conversations_after_a_restart_with_state_dir)
{
    char *state = tc_tempdir();
    const char *const extra[] = {"--state-dir", state, NULL};
    server s;
    start(&s, survey_only, extra);
    begin(s.port, "persisted-1", "Ivy");
    begin(s.port, "persisted-2", "Jon");
    tc_response r;
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"persisted-1\",\"press\":\"Bad\"}");
    cr_assert_eq(r.status, 200);
    tc_response_free(&r);
    tc_request(s.port, "DELETE", "/v1/simulations/persisted-2", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    tc_response_free(&r);
    cr_assert_eq(tc_stop(&s.proc, SIGINT), 0);

    /* a new process on the same state dir */
    const char *args[] = {"--flows", s.flows, "--state-dir", state, NULL};
    s.port = tc_serve(&s.proc, args);
    tc_request(s.port, "GET", "/healthz", NULL, NULL, &r);
    cr_assert_eq(json_integer_value(json_object_get(r.json, "simulations")), 1,
                 "the deleted simulation stays deleted");
    tc_response_free(&r);
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"persisted-1\",\"input\":\"Ivy-2\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "message"), "Thanks Ivy-2, you feel bad. Goodbye!");
    cr_assert_str_eq(str(r.json, "state"), "end");
    tc_response_free(&r);
    tc_request(s.port, "GET", "/v1/simulations/persisted-1", NULL, NULL, &r);
    cr_assert_eq(json_array_size(json_object_get(r.json, "transcript")), 8, "%s", r.body);
    cr_assert_eq(json_integer_value(json_object_get(r.json, "turns")), 3);
    tc_response_free(&r);

    /* journeys created over the API survive a restart too */
    tc_request(s.port, "GET", "/v1/stacks/" SURVEY, NULL, NULL, &r);
    json_t *doc = json_deep_copy(r.json);
    tc_response_free(&r);
    json_object_set_new(doc, "uuid", json_string("5e000000-0000-4000-8000-0000000000bb"));
    json_t *create = json_pack("{s:s,s:o}", "name", "Kept", "notebook", doc);
    char *body = json_dumps(create, JSON_COMPACT);
    json_decref(create);
    tc_request(s.port, "POST", "/v1/stacks", NULL, body, &r);
    free(body);
    cr_assert_eq(r.status, 201);
    tc_response_free(&r);
    post(s.port, "/v1/stacks/5e000000-0000-4000-8000-0000000000bb/simulation", NULL, &r,
         "{\"simulation_id\":\"on-kept-1\",\"contact\":{\"name\":\"Kim\"}}");
    cr_assert_eq(r.status, 200);
    tc_response_free(&r);
    cr_assert_eq(tc_stop(&s.proc, SIGTERM), 0);

    s.port = tc_serve(&s.proc, args);
    tc_request(s.port, "GET", "/v1/stacks", NULL, NULL, &r);
    cr_assert_eq(json_array_size(r.json), 2);
    tc_response_free(&r);
    post(s.port, "/v1/stacks/5e000000-0000-4000-8000-0000000000bb/simulation", NULL, &r,
         "{\"simulation_id\":\"on-kept-1\",\"press\":1}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(str(r.json, "message"), "What should we call you?");
    tc_response_free(&r);
    stop(&s);
    tc_rmtree(state);
    free(state);
}

Test(serve, reloads_the_flows_dir_on_sighup)
{
    server s;
    start(&s, survey_only, NULL);
    begin(s.port, "before-hup", "Lea");
    char src[1024], dst[1024];
    snprintf(src, sizeof src, "%s/bench/flows/small_linear.json", FLOIP_DATA_DIR);
    snprintf(dst, sizeof dst, "%s/small_linear.json", s.flows);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
    kill(s.proc.pid, SIGHUP);
    size_t count = 0;
    for (int tries = 0; tries < 200 && count != 2; tries++) {
        tc_response r;
        tc_request(s.port, "GET", "/v1/stacks", NULL, NULL, &r);
        count = json_array_size(r.json);
        tc_response_free(&r);
    }
    cr_assert_eq(count, 2, "the new journey is listed after SIGHUP");
    /* the running simulation carries on */
    tc_response r;
    post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"before-hup\",\"press\":3}");
    cr_assert_eq(r.status, 200);
    tc_response_free(&r);
    stop(&s);
}

Test(serve, parks_idle_simulations_and_wakes_them_where_they_were)
{
    char *state = tc_tempdir();
    const char *const extra[] = {"--max-live", "2", "--state-dir", state, NULL};
    server s;
    start(&s, survey_only, extra);
    const char *names[] = {"Oli", "Pam", "Quin", "Rae"};
    char ids[4][16];
    for (int i = 0; i < 4; i++) {
        snprintf(ids[i], sizeof ids[i], "parked-%d", i);
        begin(s.port, ids[i], names[i]);
    }
    tc_response r;
    tc_request(s.port, "GET", "/healthz", NULL, NULL, &r);
    cr_assert_eq(json_integer_value(json_object_get(r.json, "simulations")), 4);
    cr_assert_eq(json_integer_value(json_object_get(r.json, "awake")), 2, "%s", r.body);
    tc_response_free(&r);
    /* the oldest two were parked; each carries on where it was */
    for (int i = 0; i < 4; i++) {
        post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"%s\",\"press\":%d}", ids[i],
             1 + i % 3);
        cr_assert_eq(r.status, 200, "%s", r.body);
        cr_assert_str_eq(str(r.json, "message"), "What should we call you?");
        tc_response_free(&r);
    }
    /* parked simulations are saved as they are, and restored at start */
    cr_assert_eq(tc_stop(&s.proc, SIGTERM), 0);
    const char *args[] = {"--flows", s.flows, "--max-live", "2", "--state-dir", state, NULL};
    s.port = tc_serve(&s.proc, args);
    static const char *moods[] = {"great", "fine", "bad"};
    for (int i = 0; i < 4; i++) {
        post(s.port, SURVEY_PATH, NULL, &r, "{\"simulation_id\":\"%s\",\"input\":\"%s!\"}", ids[i],
             names[i]);
        cr_assert_eq(r.status, 200, "%s", r.body);
        char want[128];
        snprintf(want, sizeof want, "Thanks %s!, you feel %s. Goodbye!", names[i], moods[i % 3]);
        cr_assert_str_eq(str(r.json, "message"), want);
        tc_response_free(&r);
    }
    stop(&s);
    tc_rmtree(state);
    free(state);
}
