/* session_args.h: the session options `floip chat`, `floip run` and `floip record` share,
 * parsed in one place so every command spells and checks them the same way. */
#ifndef FL_SESSION_ARGS_H
#define FL_SESSION_ARGS_H

#include "engine/floip.h"

/*
 * Tries argv[*i] as a session option (--flow, --lang, --mode, --to, --seed, --now,
 * --timeout-policy, --contact, --vars, --webhook-mocks); the caller has checked that a value
 * follows. Returns 1 when it was one (*i is advanced past the value; JSON options replace the
 * object in *contact, *vars or *mocks, which the caller owns), 0 when it is not a session option,
 * -1 when its value is wrong (the message, prefixed with prog, is on stderr).
 */
int fl_session_arg(const char *prog, char **argv, int *i, fl_session_options *o, json_t **contact,
                   json_t **vars, json_t **mocks);

/* True for every option of chat and run that takes a value (for "needs a value" messages). */
bool fl_session_arg_takes_value(const char *a);

/* Loads the flow file a session runs; on failure prints every error diagnostic and
 * "prog: cannot load path" on stderr and returns NULL. The caller frees the container. */
fl_container *fl_session_load_flow(const char *prog, const char *path);

#endif
