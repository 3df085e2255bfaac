/* commands.h: the floip subcommands. Each lives in sim/cmd_<name>.c and returns the exit code. */
#ifndef FL_COMMANDS_H
#define FL_COMMANDS_H

typedef struct fl_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} fl_command;

/* Exit codes shared by every command. */
enum { FL_EXIT_OK = 0, FL_EXIT_FAIL = 1, FL_EXIT_USAGE = 2 };

int cmd_version(int argc, char **argv);
int cmd_chat(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_eval(int argc, char **argv);   /* sim/cmd_eval.c */
int cmd_render(int argc, char **argv); /* sim/cmd_render.c */
int cmd_sign(int argc, char **argv);   /* sim/cmd_sign.c */
int cmd_verify(int argc, char **argv); /* sim/cmd_sign.c */
int cmd_test(int argc, char **argv);   /* sim/cmd_test.c */
int cmd_record(int argc, char **argv); /* sim/cmd_record.c */
int cmd_serve(int argc, char **argv);
int cmd_mcp(int argc, char **argv);

#endif
