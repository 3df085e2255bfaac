/*
 * chat.h: the conversation loop behind `floip chat`, reusable by other commands (`floip record`
 * passes a per-turn hook and gets every turn's input and events).
 */
#ifndef FL_CHAT_H
#define FL_CHAT_H

#include "engine/floip.h"

#include <stdio.h>

typedef enum {
    FL_CHAT_START = 0, /* the session started (also after /restart and /load) */
    FL_CHAT_REPLY,     /* the contact sent input */
    FL_CHAT_WAIT,      /* /wait moved the clock */
} fl_chat_turn_kind;

typedef struct fl_chat_turn {
    fl_chat_turn_kind kind;
    const char *input;    /* the line typed (REPLY, WAIT), NULL for START */
    const json_t *events; /* borrowed: this turn's events */
    const fl_session *session;
} fl_chat_turn;

typedef void (*fl_chat_hook)(void *userdata, const fl_chat_turn *turn);

typedef struct fl_chat_options {
    const fl_container *container;
    fl_session_options session; /* strings and JSON borrowed for the whole loop */
    bool json;                  /* events as JSON lines instead of the conversation */
    FILE *in, *out;             /* NULL = stdin / stdout */
    bool line_editing;          /* libedit prompt + history (when in is a terminal) */
    fl_chat_hook hook;
    void *hook_userdata;
} fl_chat_options;

/* Runs the conversation until /quit or the end of input. Returns a process exit code. */
int fl_chat_run(const fl_chat_options *o);

/* `floip chat` as a function: parses argv (argv[0] is the command name), loads the flow and runs
 * the loop with hook (may be NULL). Returns a process exit code. */
int fl_chat_main(int argc, char **argv, fl_chat_hook hook, void *userdata);

/* Prints one event as the contact would see it (or nothing for bookkeeping events). */
void fl_chat_print_event(FILE *out, const json_t *ev);

#endif
