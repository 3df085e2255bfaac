/*
 * session.h: the state of a conversation (internal to engine/ and blocks/).
 *
 * A session holds one mutable context object (ctx) that every evaluation reads in place (each
 * run's results, flow alias and run object are its own, engine/results.c), a stack of runs
 * (Core.RunFlow nests), the cursor (the block the innermost run is at), the clock, the pending
 * deadline and the events of the call in progress. Everything an event depends on is in
 * here and in the saved form (engine/session_save.c), so a restored session continues with
 * byte-identical events.
 */
#ifndef FL_SESSION_H
#define FL_SESSION_H

#include "engine/floip.h"
#include "engine/event_log.h"
#include "engine/model.h"
#include "engine/results.h"
#include "engine/util.h"
#include "expr/expr.h"

/* One run of a flow. Evaluations read its results, rc3 `flow` alias and `run` object through
 * host maps over this struct (engine/results.c); their JSON is built only when asked for. */
typedef struct fl_run {
    const fl_flow *flow;
    const fl_block *block; /* the cursor: the block entered last (NULL before the first) */
    fl_results results;    /* results.<name>, also flow.<name> */
    json_t *language;    /* run.language: the flow's language object (NULL before the first push) */
    json_t *language_id; /* flow.language (rc3): the language's id */
    json_t *entered_iso; /* run.entered_at */
    json_t *child;       /* run.child: the child run that ended last, as JSON; NULL for none */
    bool child_pending;  /* a child run ended since: it is in session->ended until asked for */
    struct fl_session *session;
    size_t depth; /* index in session->runs: the parent is the run before it */
    int64_t entered_at;
} fl_run;

/* Evaluation roots the session binds at most (engine/run_eval.c). */
#define FL_RUN_ROOTS 6

/* The context root's keys that every session has, in the root's order. */
enum {
    FL_ROOT_CONTACT,
    FL_ROOT_RUN,
    FL_ROOT_RESULTS,
    FL_ROOT_FLOW,
    FL_ROOT_BLOCK,
    FL_ROOT_PARENT,
    FL_ROOT_CHILD,
    FL_ROOT_SESSION,
    FL_ROOT_CHANNEL,
    FL_ROOT_DATE,
    FL_ROOT_EVENT,
    FL_ROOT_N
};

/* A child run that ended, kept as it was until its JSON is asked for (engine/context.c): most
 * conversations never read `child` or the RunFlow block's name, so building them is deferred. */
typedef struct fl_ended {
    fl_run run; /* moved off the stack */
    json_t *exited_iso;
    size_t parent_depth;
    const char *bare_name; /* the RunFlow block's name, to hold the results; NULL: none */
} fl_ended;

typedef enum { FL_END_NONE = 0, FL_END_COMPLETED, FL_END_EXPIRED, FL_END_FAILED } fl_end_reason;

struct fl_session {
    const fl_container *c;
    /* Options (strings owned). */
    char *flow_id, *language, *mode_name, *to;
    unsigned mode;
    fl_timeout_policy timeout_policy;
    const fl_functions *functions;
    size_t max_steps, max_depth, eval_budget, max_input_bytes;
    unsigned events_mask; /* FL_EVENT_* bits emitted */
    json_t *vars;         /* host variables, merged into the root at start */
    json_t *mocks;        /* webhook mocks */

    /* State. */
    fl_session_state state;
    fl_end_reason end_reason;
    bool waiting;          /* the innermost run waits at its block for input */
    int64_t now, deadline; /* deadline -1 when none */
    int64_t block_entered_at;
    uint64_t seed, evals;    /* evals: evaluations so far, mixed into the seed of each one */
    const fl_block *pending; /* the block to enter next */
    fl_run *runs;
    size_t n_runs, cap_runs;
    fl_ended *ended; /* child runs that ended, in order, their JSON not built yet */
    size_t n_ended, cap_ended;
    /* The context root: the keys every session has (root, owned; at run, results, flow and
     * parent evaluations read the innermost run's own once there is one, engine/results.c), then
     * ctx with the rest in the order first set: host variables, Turn's bare block names, log...
     * (engine/context.c). */
    json_t *root[FL_ROOT_N];
    json_t *ctx;
    /* block: value and response are the session's own, root[FL_ROOT_BLOCK] (block) holds its
     * other members (Webhook's response_headers); block_json: a host's own block object that
     * did not start with value and response, which is then the whole block (context.c). */
    json_t *block;
    json_t *block_value, *block_response;
    bool block_json;
    json_t *contact; /* root[FL_ROOT_CONTACT] (copied on write when shared with an envelope) */
    fl_root run_roots[FL_RUN_ROOTS]; /* block, contact and the innermost run's host maps */
    fl_eval_env env;       /* run_roots, the root and the tests' lookup cache, for evaluations */
    bool roots_valid;      /* false once a run begins or ends or contact or block is replaced */
    unsigned contact_gen;  /* bumped whenever the contact may change (fl_context_contact_mut) */
    unsigned to_gen;       /* contact_gen when to_cached was read from the contact */
    const char *to_cached; /* the envelope's `to` read from the contact */

    /* The call in progress. */
    fl_event_log log;
    json_t *render_warnings; /* reused: the renderer's warnings for one message */
    json_t *at;              /* cached "at" string for at_ms */
    int64_t at_ms;
    size_t steps; /* blocks entered in this call */
    size_t total_steps;
    fl_result *record; /* the result of the block being left, gets its exit (valid until the
                        * next result of its run is stored) */
    /* fl_session_context's JSON form of the context, built when asked and dropped by the next
     * call; views: more built during a call (custom blocks), dropped when it ends. */
    json_t *view;
    json_t *views;
    fl_buf scratch;
    fl_buf prompt_text; /* a prompt's evaluated text (run_prompt.c) */
    /* A text reply's body not yet written into event.message: the message is built when
     * something reads it (fl_context_settle), which most conversations never do. */
    json_t *reply_body;
    /* Lookups shared by a run of tests on an unchanged context (fl_run_tests_begin). */
    fl_lookup_cache tests_cache;
    bool tests_cached;
};

static inline fl_run *fl_session_top(fl_session *s)
{
    return s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
}

/* Context building (engine/context.c). */
void fl_context_init(fl_session *s, const json_t *contact);
void fl_context_free(fl_session *s);
/* root[key] = value, a key every session has, or else ctx[key] (value borrowed; NULL: nothing
 * changes). The cached contact and block pointers follow. */
void fl_context_set(fl_session *s, const char *key, json_t *value);
/* block.value and block.response (references stolen; response NULL: unchanged). */
void fl_context_set_block(fl_session *s, json_t *value, json_t *response);
/* block as JSON (new reference). */
json_t *fl_context_block_json(const fl_session *s);
/* block as an expression value. */
fl_value fl_context_block_value(const fl_session *s);
/* The context as JSON text (engine/context_write.c). */
struct fl_jw;
void fl_context_write(const fl_session *s, struct fl_jw *w);
/* The name of root[i]. */
const char *fl_context_root_name(int i);
/* The whole root as a map for evaluations (fl_eval_env.context). */
fl_value fl_context_root(const fl_session *s);
/* r (in s->runs; its parent is the run before it) becomes the innermost run. */
void fl_context_push_run(fl_session *s, fl_run *r);
/* The innermost run ended: parent.child, the root's child and, when bare_name is not NULL, the
 * root's bare_name (the child's results) follow, built when first read (fl_context_settle). */
void fl_context_pop_run(fl_session *s, fl_run *child, fl_run *parent, const char *bare_name);
/* Builds what was deferred: the JSON of the child runs that ended since the last time, and
 * event.message for a text reply (a cache: const callers). */
void fl_context_settle(const fl_session *s);
void fl_context_free_run(fl_run *r);
/* The context as JSON: the root with the innermost run's objects built (new reference). */
json_t *fl_context_json(const fl_session *s);
/* Drops the JSON views built for the host (fl_session_context, custom blocks). */
void fl_context_drop_views(fl_session *s);
void fl_context_set_clock(fl_session *s);
/* contact, writable: copied first when an envelope shares it. */
json_t *fl_context_contact_mut(fl_session *s);
bool fl_context_reserved(const fl_session *s, const char *name);
/* The same for a block's name (the loader checked the fixed names). */
bool fl_context_block_name_reserved(const fl_session *s, const fl_block *b);
/* name is one of the context's fixed names (contact, run, results, ...), in any case. */
bool fl_context_name_is_reserved(const char *name);

/* engine/session.c */
/* The Channel API text message {type: "text", text: {body}} (body stolen). */
json_t *fl_text_message(json_t *body);
void fl_session_apply_limits(fl_session *s, const fl_session_options *o);
const fl_flow *fl_session_find_flow(const fl_container *c, const char *uuid_or_name);

/* The step loop (engine/session_step.c). */
int fl_session_run_loop(fl_session *s);
void fl_session_begin_call(fl_session *s);
/* Gives the waiting block its reply (or a timeout) and runs on. */
struct fl_input;
void fl_session_deliver(fl_session *s, const struct fl_input *in);
/* The deadline passed: default exit or termination, per the session's policy. */
void fl_session_fire_timeout(fl_session *s);
/* Ends a call: *events (when not NULL) gets the call's events as JSON. 0 or FL_EINVAL. */
int fl_session_end_call(fl_session *s, json_t **events, fl_error *err);

#endif
