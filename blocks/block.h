/*
 * block.h: the one small vtable every block type implements (internal).
 *
 * The step loop (engine/session_step.c) enters a block, and for blocks that wait it later resumes
 * it with the contact's reply (or a timeout). Each call tells the loop what happens next through an
 * fl_step: leave by an exit, wait for input, enter a child flow, or fail the run. Blocks never
 * touch the run stack themselves; they use the helpers of engine/run.h (prompting, storing a value,
 * choosing an exit, evaluating templates), which also emit the events.
 */
#ifndef FL_BLOCK_H
#define FL_BLOCK_H

#include "engine/floip.h"
#include "engine/model.h"

typedef struct fl_input fl_input;

typedef enum {
    FL_NEXT_EXIT = 0, /* leave through step->exit (NULL: the path ends) */
    FL_NEXT_WAIT,     /* wait for the contact's input; resume() gets it */
    FL_NEXT_FLOW,     /* run step->flow as a child; child_done() is called when it ends */
    FL_NEXT_FAIL,     /* the run fails (an error event was emitted) */
} fl_next;

typedef struct fl_step {
    fl_next next;
    const fl_exit *exit;
    const fl_flow *flow;
} fl_step;

typedef struct fl_block_vtable {
    /* Called when the run reaches the block. */
    int (*enter)(fl_session *s, const fl_block *b, fl_step *out);
    /* Called with the reply when the block waits (in->timed_out for a timeout under the
     * default-exit policy). NULL for blocks that never wait. */
    int (*resume)(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out);
    /* Core.RunFlow: the child run ended; ok is false when it failed or expired. */
    int (*child_done)(fl_session *s, const fl_block *b, bool ok, fl_step *out);
} fl_block_vtable;

/* The vtable of a block (its kind, or its registered custom type). Never NULL. */
const fl_block_vtable *fl_block_vtable_of(const fl_block *b);

/* One vtable per file in blocks/. */
extern const fl_block_vtable fl_block_log, fl_block_case, fl_block_output, fl_block_run_flow,
    fl_block_set_contact_property, fl_block_set_group_membership, fl_block_webhook, fl_block_print,
    fl_block_read, fl_block_message, fl_block_select_one, fl_block_select_many, fl_block_numeric,
    fl_block_open, fl_block_location, fl_block_photo, fl_block_custom;

#endif
