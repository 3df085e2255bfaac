/* mcp.c: JSON-RPC dispatch and the simulation tools of the MCP server. */
#include "sim/mcp.h"

#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
};

static const char *const supported_versions[] = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                 "2024-11-05"};

struct mcp_server {
    sim_service *svc;
    json_t *tools; /* the tools/list result, built once */
    unsigned next_id;
};

/* ---- tool schemas -------------------------------------------------------------------------- */

static json_t *str_prop(const char *description)
{
    return json_pack("{s:s,s:s}", "type", "string", "description", description);
}

static json_t *id_prop(void)
{
    return json_pack("{s:s,s:i,s:i,s:s}", "type", "string", "minLength", 6, "maxLength", 24,
                     "description", "The simulation's id (6 to 24 characters).");
}

static json_t *journey_prop(bool required)
{
    return str_prop(required ? "The journey's uuid (see list_journeys)."
                             : "The journey's uuid; needed only when the same simulation_id "
                               "runs in several journeys.");
}

/* The structured result of every turn (start, message, press, time). */
static json_t *turn_schema(void)
{
    return json_pack(
        "{s:s,s:{s:{s:s},s:{s:s,s:[s,s,s]},s:{s:s,s:s},s:{s:s,s:{s:s},s:s},s:{s:s},s:{s:s,s:s},"
        "s:{s:s,s:s},s:{s:s},s:{s:s},s:{s:s}},s:[s,s,s,s,s]}",
        "type", "object", "properties", "simulation_id", "type", "string", "state", "type",
        "string", "enum", "waiting_for_input", "end", "new", "message", "type", "string",
        "description", "What the contact read this turn (every message, blank-line separated).",
        "buttons", "type", "array", "items", "type", "string", "description",
        "Button or list titles on offer: answer with press_button.", "waiting_for_user_input",
        "type", "boolean", "messages", "type", "array", "description",
        "This turn's Channel API `turn` payloads.", "events", "type", "array", "description",
        "This turn's engine events (docs/events.md).", "context", "type", "object", "journey",
        "type", "string", "now", "type", "string", "required", "simulation_id", "state", "message",
        "buttons", "waiting_for_user_input");
}

static json_t *tool(const char *name, const char *title, const char *description, json_t *props,
                    json_t *required, json_t *output)
{
    json_t *in = json_pack("{s:s,s:o,s:o,s:b}", "type", "object", "properties", props, "required",
                           required, "additionalProperties", 0);
    return json_pack("{s:s,s:s,s:s,s:o,s:o}", "name", name, "title", title, "description",
                     description, "inputSchema", in, "outputSchema", output);
}

static json_t *build_tools(void)
{
    json_t *tools = json_array();
    json_array_append_new(tools,
                          tool("list_journeys", "List journeys",
                               "Lists the journeys that simulations can run (uuid, name, flows).",
                               json_object(), json_array(),
                               json_pack("{s:s,s:{s:{s:s,s:{s:s}}},s:[s]}", "type", "object",
                                         "properties", "journeys", "type", "array", "items", "type",
                                         "object", "required", "journeys")));
    json_array_append_new(
        tools,
        tool("start_simulation", "Start a simulation",
             "Starts a journey for a simulated contact and returns what the contact receives "
             "first. No real message is sent.",
             json_pack("{s:o,s:o,s:{s:s,s:s},s:o}", "journey", journey_prop(true), "simulation_id",
                       id_prop(), "contact", "type", "object", "description",
                       "The contact's fields, e.g. {\"name\": \"Pat\", \"language\": \"eng\"}.",
                       "now",
                       str_prop("ISO 8601 time for the simulation's clock at start (default: "
                                "now).")),
             json_pack("[s]", "journey"), turn_schema()));
    json_array_append_new(
        tools, tool("send_message", "Send a message",
                    "Sends the contact's reply: free text, or any inbound Channel API message.",
                    json_pack("{s:o,s:o,s:o,s:{s:s,s:s}}", "simulation_id", id_prop(), "journey",
                              journey_prop(false), "text", str_prop("What the contact types."),
                              "message", "type", "object", "description",
                              "An inbound Channel API message (instead of text)."),
                    json_pack("[s]", "simulation_id"), turn_schema()));
    json_array_append_new(
        tools, tool("press_button", "Press a button",
                    "Presses one of the buttons or list rows on offer, by title or by number (1 = "
                    "first).",
                    json_pack("{s:o,s:o,s:{s:[s,s],s:s}}", "simulation_id", id_prop(), "journey",
                              journey_prop(false), "button", "type", "string", "integer",
                              "description", "A title from `buttons`, or its 1-based number."),
                    json_pack("[s,s]", "simulation_id", "button"), turn_schema()));
    json_array_append_new(
        tools, tool("advance_time", "Advance time",
                    "Moves the simulation's clock forward and fires what falls due (timeouts, "
                    "reminders).",
                    json_pack("{s:o,s:o,s:{s:s,s:s}}", "simulation_id", id_prop(), "journey",
                              journey_prop(false), "advance", "type", "string", "description",
                              "How long: \"90s\", \"5m\", \"2h\", \"1d\", \"1h30m\"."),
                    json_pack("[s,s]", "simulation_id", "advance"), turn_schema()));
    json_array_append_new(
        tools,
        tool("get_state", "Get a simulation's state",
             "Returns the state, the context, the results and the whole transcript.",
             json_pack("{s:o,s:o}", "simulation_id", id_prop(), "journey", journey_prop(false)),
             json_pack("[s]", "simulation_id"),
             json_pack("{s:s,s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s}},s:[s,s,s]}",
                       "type", "object", "properties", "simulation_id", "type", "string", "state",
                       "type", "string", "context", "type", "object", "results", "type", "object",
                       "transcript", "type", "array", "buttons", "type", "array", "required",
                       "simulation_id", "state", "transcript")));
    json_array_append_new(
        tools,
        tool("end_simulation", "End a simulation", "Ends a simulation and forgets it.",
             json_pack("{s:o,s:o}", "simulation_id", id_prop(), "journey", journey_prop(false)),
             json_pack("[s]", "simulation_id"),
             json_pack("{s:s,s:{s:{s:s},s:{s:s},s:{s:s}},s:[s,s]}", "type", "object", "properties",
                       "simulation_id", "type", "string", "deleted", "type", "boolean", "state",
                       "type", "string", "required", "simulation_id", "deleted")));
    return tools;
}

mcp_server *mcp_new(sim_service *svc)
{
    mcp_server *m = fl_xcalloc(1, sizeof *m);
    m->svc = svc;
    m->tools = json_pack("{s:o}", "tools", build_tools());
    return m;
}

void mcp_free(mcp_server *m)
{
    if (!m) return;
    json_decref(m->tools);
    free(m);
}

/* ---- tool calls ---------------------------------------------------------------------------- */

/* A tool result: structured on success; isError with the error's text otherwise. */
static json_t *tool_result(int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_t *res;
    if (status < 400) {
        res = json_pack("{s:[{s:s,s:s}],s:O,s:b}", "content", "type", "text", "text", text,
                        "structuredContent", body, "isError", 0);
    } else {
        json_t *err = json_object_get(body, "error");
        fl_buf msg = FL_BUF_INIT;
        fl_buf_printf(&msg, "%s", json_string_value(json_object_get(err, "message")));
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(err, "problems"), i, p)
            fl_buf_printf(&msg, "\n- %s: %s", json_string_value(json_object_get(p, "field")),
                          json_string_value(json_object_get(p, "message")));
        res = json_pack("{s:[{s:s}],s:b}", "content", "type", "text", "isError", 1);
        json_object_set_new(json_array_get(json_object_get(res, "content"), 0), "text",
                            json_string(msg.data));
        fl_buf_free(&msg);
    }
    free(text);
    json_decref(body);
    return res;
}

/* tool_result of a turn, answered as JSON text. */
static json_t *turn_result(int status, fl_buf *text)
{
    json_t *body = json_loadb(text->data ? text->data : "", text->len, 0, NULL);
    fl_buf_free(text);
    return tool_result(status, body);
}

static json_t *invalid(const char *field, const char *message)
{
    json_t *out = NULL;
    sim_error(&out, 422, "invalid_arguments",
              json_pack("[{s:s,s:s}]", "field", field, "message", message),
              "the tool arguments are invalid");
    return tool_result(422, out);
}

static const char *opt_string(const json_t *args, const char *key, bool *bad)
{
    json_t *v = json_object_get(args, key);
    if (v && !json_is_string(v)) *bad = true;
    return json_string_value(v);
}

/* Copies key from args to body when present. */
static void pass(json_t *body, const char *to, const json_t *args, const char *from)
{
    json_t *v = json_object_get(args, from);
    if (v) json_object_set(body, to, v);
}

static json_t *call_tool(mcp_server *m, const char *name, const json_t *args)
{
    json_t *out = NULL;
    fl_buf answer = FL_BUF_INIT;
    int status;
    bool bad = false;
    const char *juuid = opt_string(args, "journey", &bad);
    if (bad) return invalid("journey", "must be a string (a journey uuid)");
    const char *id = opt_string(args, "simulation_id", &bad);
    if (bad) return invalid("simulation_id", "must be a string");

    if (!strcmp(name, "list_journeys")) {
        json_t *arr = NULL;
        sim_list_journeys(m->svc, &arr);
        return tool_result(200, json_pack("{s:o}", "journeys", arr));
    }
    if (!strcmp(name, "start_simulation")) {
        if (!juuid) return invalid("journey", "is required");
        json_t *body = json_object();
        char gen[32];
        if (!id) { /* a fresh id, unused in this journey */
            do snprintf(gen, sizeof gen, "mcp-%06u", ++m->next_id);
            while (sim_exists(m->svc, gen, juuid));
            id = gen;
        }
        json_object_set_new(body, "simulation_id", json_string(id));
        pass(body, "contact", args, "contact");
        pass(body, "now", args, "now");
        status = sim_start(m->svc, juuid, body, &answer);
        json_decref(body);
        return turn_result(status, &answer);
    }
    if (!id) return invalid("simulation_id", "is required");
    if (!strcmp(name, "send_message") || !strcmp(name, "press_button")) {
        json_t *body = json_pack("{s:s}", "simulation_id", id);
        if (!strcmp(name, "press_button")) {
            if (!json_object_get(args, "button")) {
                json_decref(body);
                return invalid("button", "is required");
            }
            pass(body, "press", args, "button");
        } else {
            pass(body, "input", args, "text");
            pass(body, "message", args, "message");
            if (!json_object_get(args, "text") && !json_object_get(args, "message")) {
                json_decref(body);
                return invalid("text", "is required (or message)");
            }
        }
        status = sim_submit(m->svc, juuid, body, &answer);
        json_decref(body);
        return turn_result(status, &answer);
    }
    if (!strcmp(name, "advance_time")) {
        json_t *body = json_object();
        pass(body, "advance", args, "advance");
        status = sim_clock(m->svc, id, juuid, body, &answer);
        json_decref(body);
        return turn_result(status, &answer);
    }
    if (!strcmp(name, "get_state"))
        status = sim_get(m->svc, id, juuid, &out);
    else
        status = sim_delete(m->svc, id, juuid, &out); /* end_simulation */
    return tool_result(status, out);
}

static bool known_tool(const mcp_server *m, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(
        json_object_get(m->tools, "tools"), i,
        t) if (!strcmp(json_string_value(json_object_get(t, "name")), name)) return true;
    return false;
}

/* ---- JSON-RPC ------------------------------------------------------------------------------ */

static json_t *rpc_error(const json_t *id, int code, const char *message)
{
    return json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                     "error", "code", code, "message", message);
}

static json_t *rpc_result(const json_t *id, json_t *result)
{
    return json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", result);
}

static json_t *initialize(const json_t *params)
{
    const char *asked = json_string_value(json_object_get(params, "protocolVersion"));
    const char *version = MCP_PROTOCOL_VERSION;
    for (size_t i = 0; asked && i < FL_ARRAY_LEN(supported_versions); i++)
        if (!strcmp(asked, supported_versions[i])) version = supported_versions[i];
    return json_pack(
        "{s:s,s:{s:{s:b}},s:{s:s,s:s,s:s},s:s}", "protocolVersion", version, "capabilities",
        "tools", "listChanged", 0, "serverInfo", "name", "floip", "title",
        "floip journey simulator", "version", FLOIP_VERSION, "instructions",
        "Simulates conversations with Turn.io journeys (FLOIP flows) offline. Call "
        "list_journeys, then start_simulation; answer with send_message or press_button "
        "until state is \"end\". advance_time fires timeouts; get_state shows the context and "
        "the transcript.");
}

json_t *mcp_handle(mcp_server *m, const json_t *msg)
{
    if (!json_is_object(msg))
        return rpc_error(NULL, RPC_INVALID_REQUEST, "expected a JSON-RPC object");
    const json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    bool notification = id == NULL;
    if (!method) {
        /* a response to a request we never send, or junk: nothing to answer */
        if (json_object_get(msg, "result") || json_object_get(msg, "error")) return NULL;
        return rpc_error(id, RPC_INVALID_REQUEST, "a request needs a method");
    }
    if (id && !json_is_string(id) && !json_is_integer(id))
        return rpc_error(NULL, RPC_INVALID_REQUEST, "id must be a string or an integer");
    if (strcmp(json_string_value(json_object_get(msg, "jsonrpc"))
                   ? json_string_value(json_object_get(msg, "jsonrpc"))
                   : "",
               "2.0"))
        return notification ? NULL : rpc_error(id, RPC_INVALID_REQUEST, "jsonrpc must be \"2.0\"");
    if (notification) return NULL; /* notifications/initialized, cancelled, ...: nothing to do */

    const json_t *params = json_object_get(msg, "params");
    if (!strcmp(method, "initialize")) return rpc_result(id, initialize(params));
    if (!strcmp(method, "ping")) return rpc_result(id, json_object());
    if (!strcmp(method, "tools/list")) return rpc_result(id, json_deep_copy(m->tools));
    if (!strcmp(method, "tools/call")) {
        const char *name = json_string_value(json_object_get(params, "name"));
        const json_t *args = json_object_get(params, "arguments");
        if (!name) return rpc_error(id, RPC_INVALID_PARAMS, "params.name is required");
        if (!known_tool(m, name)) {
            fl_buf b = FL_BUF_INIT;
            fl_buf_printf(&b, "unknown tool: %s", name);
            json_t *r = rpc_error(id, RPC_INVALID_PARAMS, b.data);
            fl_buf_free(&b);
            return r;
        }
        if (args && !json_is_object(args))
            return rpc_error(id, RPC_INVALID_PARAMS, "params.arguments must be an object");
        json_t *empty = args ? NULL : json_object();
        json_t *res = call_tool(m, name, args ? args : empty);
        json_decref(empty);
        return rpc_result(id, res);
    }
    fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "method not found: %s", method);
    json_t *r = rpc_error(id, RPC_METHOD_NOT_FOUND, b.data);
    fl_buf_free(&b);
    return r;
}

char *mcp_handle_line(mcp_server *m, const char *line, size_t len)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (!len) return NULL;
    json_error_t e;
    json_t *msg = json_loadb(line, len, 0, &e);
    json_t *resp;
    if (!msg) {
        char text[256];
        snprintf(text, sizeof text, "parse error at line %d, column %d: %s", e.line, e.column,
                 e.text);
        resp = rpc_error(NULL, RPC_PARSE_ERROR, text);
    } else {
        resp = mcp_handle(m, msg);
        json_decref(msg);
    }
    if (!resp) return NULL;
    /* compact output never holds a raw newline: one message per line, as stdio requires */
    char *out = json_dumps(resp, JSON_COMPACT);
    json_decref(resp);
    return out;
}
