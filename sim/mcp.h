/*
 * mcp.h: a Model Context Protocol server (JSON-RPC 2.0, protocol revision 2025-11-25, older
 * revisions negotiated) exposing the simulation service as tools: list_journeys,
 * start_simulation, send_message, press_button, advance_time, get_state, end_simulation.
 * Transport-free: it takes one message and returns the reply; cmd_mcp.c runs it over stdio.
 */
#ifndef FL_SIM_MCP_H
#define FL_SIM_MCP_H

#include "sim/simulation.h"

#define MCP_PROTOCOL_VERSION "2025-11-25"

typedef struct mcp_server mcp_server;

mcp_server *mcp_new(sim_service *svc);
void mcp_free(mcp_server *m);
/* One JSON-RPC message (borrowed). Returns the response (new reference), or NULL when none is due
 * (a notification, or a response from the client). */
json_t *mcp_handle(mcp_server *m, const json_t *msg);
/* One line of the stdio transport: parses it (answering -32700 when it is not JSON) and handles
 * it. Returns the response line without the newline (malloc'd), or NULL. */
char *mcp_handle_line(mcp_server *m, const char *line, size_t len);

#endif
