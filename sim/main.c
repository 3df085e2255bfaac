/* main.c: the floip command line; dispatches to one subcommand per file. */
#include "sim/commands.h"
#include "engine/floip.h"

#include <stdio.h>
#include <string.h>

static const fl_command commands[] = {
    {"version", cmd_version, "print the version"},
    {"chat", cmd_chat, "hold a conversation with a flow in the terminal"},
    {"run", cmd_run, "run a conversation from a list of replies (--repeat N: benchmark)"},
    {"validate", cmd_validate, "check FLOIP flow files and report located diagnostics"},
    {"eval", cmd_eval, "evaluate an expression or template, or run conformance cases"},
    {"render", cmd_render, "render a block's Channel API turn payload"},
    {"sign", cmd_sign, "sign a webhook body (X-Turn-Hook-Signature)"},
    {"verify", cmd_verify, "verify a webhook body's signature (exit 0 or 1)"},
    {"test", cmd_test, "run journey tests (*_test.lua, *.transcript.json)"},
    {"record", cmd_record, "hold a chat and save it as a test (transcript or Lua)"},
    {"serve", cmd_serve, "Turn's Simulation API over HTTP, for agents and tests"},
    {"mcp", cmd_mcp, "the simulator as a Model Context Protocol server on stdio"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: floip <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nfloip <command> --help shows a command's options.\n");
}

int cmd_version(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("floip %s\n", FLOIP_VERSION);
    return FL_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return FL_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return FL_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) return cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "floip: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return FL_EXIT_USAGE;
}
