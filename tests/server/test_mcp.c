/* floip mcp end to end: a scripted MCP client drives a whole conversation over stdio. */
#include "client.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SURVEY "5e000000-0000-4000-8000-000000000001"

typedef struct mcp {
    tc_proc proc;
    char *flows;
    int next_id;
} mcp;

static void mcp_start(mcp *m)
{
    const char *const files[] = {"server/flows/survey.json", NULL};
    m->flows = tc_flows_dir(files);
    const char *args[] = {"mcp", "--flows", m->flows, NULL};
    tc_spawn(&m->proc, args);
    m->next_id = 0;
}

static int mcp_finish(mcp *m)
{
    int status = tc_stop(&m->proc, 0); /* closing stdin ends the session */
    tc_rmtree(m->flows);
    free(m->flows);
    return status;
}

static void send_line(mcp *m, const char *line)
{
    size_t n = strlen(line);
    cr_assert_eq(write(m->proc.in, line, n), (ssize_t)n);
    cr_assert_eq(write(m->proc.in, "\n", 1), 1);
}

/* Reads one message; asserts it is a single line of JSON. */
static json_t *recv_msg(mcp *m)
{
    char *line = tc_readline(&m->proc);
    cr_assert_not_null(line, "floip mcp closed its output");
    json_error_t e;
    json_t *msg = json_loads(line, 0, &e);
    cr_assert_not_null(msg, "not JSON: %s", line);
    free(line);
    cr_assert_str_eq(json_string_value(json_object_get(msg, "jsonrpc")), "2.0");
    return msg;
}

/* Sends a request and returns its response (asserting the id matches). */
static json_t *request(mcp *m, const char *method, json_t *params)
{
    int id = ++m->next_id;
    json_t *req = json_pack("{s:s,s:i,s:s}", "jsonrpc", "2.0", "id", id, "method", method);
    if (params) json_object_set_new(req, "params", params);
    char *text = json_dumps(req, JSON_COMPACT);
    send_line(m, text);
    free(text);
    json_decref(req);
    json_t *resp = recv_msg(m);
    cr_assert_eq(json_integer_value(json_object_get(resp, "id")), id);
    return resp;
}

/* tools/call; returns the result object (owned by *resp). */
static json_t *call(mcp *m, json_t **resp, const char *tool, json_t *args)
{
    *resp = request(m, "tools/call", json_pack("{s:s,s:o}", "name", tool, "arguments", args));
    json_t *result = json_object_get(*resp, "result");
    cr_assert_not_null(result, "tools/call %s failed", tool);
    cr_assert(json_is_array(json_object_get(result, "content")));
    return result;
}

static const char *sc(const json_t *result, const char *key)
{
    return json_string_value(json_object_get(json_object_get(result, "structuredContent"), key));
}

static void initialize(mcp *m, const char *version, const char *expect)
{
    json_t *resp = request(m, "initialize",
                           json_pack("{s:s,s:{},s:{s:s,s:s}}", "protocolVersion", version,
                                     "capabilities", "clientInfo", "name", "test", "version", "1"));
    json_t *res = json_object_get(resp, "result");
    cr_assert_str_eq(json_string_value(json_object_get(res, "protocolVersion")), expect);
    cr_assert_not_null(json_object_get(json_object_get(res, "capabilities"), "tools"));
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(res, "serverInfo"), "name")),
                     "floip");
    json_decref(resp);
    send_line(m, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
}

Test(mcp, runs_a_whole_conversation_through_the_tools)
{
    mcp m;
    mcp_start(&m);
    initialize(&m, "2025-11-25", "2025-11-25");

    /* the notification got no answer: the next line is the ping's */
    json_t *resp = request(&m, "ping", NULL);
    cr_assert(json_is_object(json_object_get(resp, "result")));
    json_decref(resp);

    resp = request(&m, "tools/list", json_object());
    json_t *tools = json_object_get(json_object_get(resp, "result"), "tools");
    const char *names[] = {"list_journeys", "start_simulation", "send_message",  "press_button",
                           "advance_time",  "get_state",        "end_simulation"};
    cr_assert_eq(json_array_size(tools), 7);
    for (size_t i = 0; i < 7; i++) {
        json_t *t = json_array_get(tools, i);
        cr_assert_str_eq(json_string_value(json_object_get(t, "name")), names[i]);
        cr_assert_str_eq(
            json_string_value(json_object_get(json_object_get(t, "inputSchema"), "type")),
            "object");
        cr_assert_str_eq(
            json_string_value(json_object_get(json_object_get(t, "outputSchema"), "type")),
            "object");
        cr_assert(json_string_length(json_object_get(t, "description")) > 10);
    }
    json_decref(resp);

    json_t *res = call(&m, &resp, "list_journeys", json_object());
    json_t *journeys = json_object_get(json_object_get(res, "structuredContent"), "journeys");
    cr_assert_eq(json_array_size(journeys), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(journeys, 0), "uuid")),
                     SURVEY);
    json_decref(resp);

    res = call(&m, &resp, "start_simulation",
               json_pack("{s:s,s:s,s:{s:s}}", "journey", SURVEY, "simulation_id", "mcp-convo-1",
                         "contact", "name", "Max"));
    cr_assert(json_is_false(json_object_get(res, "isError")));
    cr_assert_str_eq(sc(res, "state"), "waiting_for_input");
    cr_assert(strstr(sc(res, "message"), "Hello Max, welcome to the survey!"));
    cr_assert_eq(
        json_array_size(json_object_get(json_object_get(res, "structuredContent"), "buttons")), 3);
    /* the text content carries the same result, serialised */
    json_t *text = json_loads(json_string_value(json_object_get(
                                  json_array_get(json_object_get(res, "content"), 0), "text")),
                              0, NULL);
    cr_assert_str_eq(json_string_value(json_object_get(text, "simulation_id")), "mcp-convo-1");
    json_decref(text);
    json_decref(resp);

    res = call(&m, &resp, "press_button",
               json_pack("{s:s,s:s}", "simulation_id", "mcp-convo-1", "button", "Great"));
    cr_assert_str_eq(sc(res, "message"), "What should we call you?");
    json_decref(resp);

    res = call(&m, &resp, "send_message",
               json_pack("{s:s,s:s}", "simulation_id", "mcp-convo-1", "text", "Maxi"));
    cr_assert_str_eq(sc(res, "state"), "end");
    cr_assert_str_eq(sc(res, "message"), "Thanks Maxi, you feel great. Goodbye!");
    json_decref(resp);

    res = call(&m, &resp, "get_state", json_pack("{s:s}", "simulation_id", "mcp-convo-1"));
    cr_assert_eq(
        json_array_size(json_object_get(json_object_get(res, "structuredContent"), "transcript")),
        8);
    json_decref(resp);

    /* after the end: a tool error the model can read, not a protocol error */
    res = call(&m, &resp, "send_message",
               json_pack("{s:s,s:s}", "simulation_id", "mcp-convo-1", "text", "again"));
    cr_assert(json_is_true(json_object_get(res, "isError")));
    cr_assert_null(json_object_get(res, "structuredContent"));
    cr_assert(strstr(json_string_value(json_object_get(
                         json_array_get(json_object_get(res, "content"), 0), "text")),
                     "has ended"));
    json_decref(resp);

    res = call(&m, &resp, "end_simulation", json_pack("{s:s}", "simulation_id", "mcp-convo-1"));
    cr_assert(json_is_true(json_object_get(json_object_get(res, "structuredContent"), "deleted")));
    json_decref(resp);
    res = call(&m, &resp, "get_state", json_pack("{s:s}", "simulation_id", "mcp-convo-1"));
    cr_assert(json_is_true(json_object_get(res, "isError")));
    json_decref(resp);

    cr_assert_eq(mcp_finish(&m), 0);
}

Test(mcp, advances_time_on_a_generated_simulation)
{
    mcp m;
    mcp_start(&m);
    initialize(&m, "2025-06-18", "2025-06-18");
    json_t *resp;
    json_t *res = call(&m, &resp, "start_simulation", json_pack("{s:s}", "journey", SURVEY));
    const char *id = sc(res, "simulation_id");
    cr_assert_not_null(id);
    cr_assert(strlen(id) >= 6 && strlen(id) <= 24);
    char *sid = strdup(id);
    json_decref(resp);
    res = call(&m, &resp, "advance_time",
               json_pack("{s:s,s:s}", "simulation_id", sid, "advance", "10m"));
    cr_assert_str_eq(sc(res, "state"), "end");
    json_decref(resp);
    res = call(&m, &resp, "advance_time",
               json_pack("{s:s,s:s}", "simulation_id", sid, "advance", "later"));
    cr_assert(json_is_true(json_object_get(res, "isError")));
    json_decref(resp);
    res = call(&m, &resp, "press_button", json_pack("{s:s}", "simulation_id", sid));
    cr_assert(json_is_true(json_object_get(res, "isError")), "button is required");
    json_decref(resp);
    free(sid);
    cr_assert_eq(mcp_finish(&m), 0);
}

Test(mcp, answers_protocol_errors_by_the_json_rpc_rules)
{
    mcp m;
    mcp_start(&m);
    initialize(&m, "1999-01-01", "2025-11-25"); /* unknown version: the server offers its own */

    send_line(&m, "{not json");
    json_t *resp = recv_msg(&m);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(resp, "error"), "code")),
                 -32700);
    cr_assert(json_is_null(json_object_get(resp, "id")));
    json_decref(resp);

    resp = request(&m, "resources/list", NULL);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(resp, "error"), "code")),
                 -32601);
    json_decref(resp);

    resp =
        request(&m, "tools/call", json_pack("{s:s,s:{}}", "name", "fly_to_the_moon", "arguments"));
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(resp, "error"), "code")),
                 -32602);
    json_decref(resp);

    send_line(&m, "{\"jsonrpc\":\"2.0\",\"id\":99,\"params\":{}}");
    resp = recv_msg(&m);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(resp, "error"), "code")),
                 -32600);
    json_decref(resp);

    cr_assert_eq(mcp_finish(&m), 0);
}
