/* cmd_mcp.c: `floip mcp`, the MCP server on stdin/stdout (one JSON-RPC message per line). */
#include "sim/commands.h"
#include "sim/mcp.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_mcp(int argc, char **argv)
{
    const char *flows = NULL, *state = NULL;
    static const struct option longopts[] = {{"flows", required_argument, 0, 'f'},
                                             {"state-dir", required_argument, 0, 's'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            flows = optarg;
            break;
        case 's':
            state = optarg;
            break;
        case 'h':
            printf("usage: floip mcp --flows DIR [--state-dir D]\n\n"
                   "A Model Context Protocol server on stdin/stdout (see docs/mcp.md).\n");
            return FL_EXIT_OK;
        default:
            return FL_EXIT_USAGE;
        }
    }
    if (!flows || optind < argc) {
        fprintf(stderr, "usage: floip mcp --flows DIR [--state-dir D]\n");
        return FL_EXIT_USAGE;
    }
    sim_options so = {.flows_dir = flows, .state_dir = state, .log = stderr};
    sim_service *svc = sim_service_new(&so);
    mcp_server *m = mcp_new(svc);
    fprintf(stderr, "floip mcp: %zu journey(s) from %s\n", sim_journeys(svc), flows);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        char *out = mcp_handle_line(m, line, (size_t)n);
        if (!out) continue;
        fputs(out, stdout);
        fputc('\n', stdout);
        fflush(stdout);
        free(out);
    }
    free(line);
    mcp_free(m);
    sim_service_free(svc);
    return FL_EXIT_OK;
}
