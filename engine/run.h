/*
 * run.h: what a block can do during a run (internal; blocks/ call these, the step loop too).
 *
 * Every helper emits the events that go with it, so a block stays a few lines of decisions.
 */
#ifndef FL_RUN_H
#define FL_RUN_H

#include "engine/session.h"
#include "blocks/block.h"

/* The contact's reply, parsed from a Channel API `message` (engine/session_input.c). */
struct fl_input {
    const json_t *message; /* borrowed; NULL for a timeout */
    const char *type;      /* "text", "button", "interactive", "image", "location", ... */
    const char *text;      /* text body, button text, reply title, media caption; may be NULL */
    const char *reply_id;  /* button payload or interactive reply id; NULL otherwise */
    const char *media;     /* media id or link; NULL otherwise */
    const char *mime_type;
    double latitude, longitude;
    bool has_location;
    bool timed_out; /* a timeout under the default-exit policy: no reply at all */
};

/* Parses and checks a message. FL_EINVAL with err filled when it is malformed. */
int fl_input_parse(const json_t *message, fl_input *in, fl_error *err);
/* The raw response text of a reply ("" for none): text, reply title, media id, "lat,long". */
const char *fl_input_response(const fl_input *in, fl_buf *tmp);

/* ---- events (engine/events.c); each appends to the call's event array ---- */
static inline bool fl_wants(const fl_session *s, unsigned kind)
{
    return (s->events_mask & kind) != 0;
}
/* The same as a JSON string, shared with other users of the same instant (new reference). */
json_t *fl_iso_json(fl_session *s, int64_t ms);
/* A JSON string for s; the common ones are shared and never freed (new reference). */
json_t *fl_const_string(const char *s);
/* The session's mode name as a JSON string, and the context's `channel` object {mode}: shared
 * constants, never changed (new reference semantics). */
json_t *fl_mode_json(const fl_session *s);
json_t *fl_channel_json(const fl_session *s);
/* obj[key] from the container's JSON when it equals value (shared), else a copy of value. */
json_t *fl_shared_string(const json_t *obj, const char *key, const char *value);
json_t *fl_event_new(fl_session *s, const char *type);
void fl_event_add_block(fl_session *s, json_t *ev, const fl_block *b, bool with_flow);
void fl_emit(fl_session *s, json_t *ev); /* steals ev */
void fl_emit_error(fl_session *s, const fl_block *b, const char *code, const char *limit,
                   const char *fmt, ...) FL_PRINTF(5, 6);
void fl_emit_warning(fl_session *s, const fl_block *b, const char *code, const char *fmt, ...)
    FL_PRINTF(4, 5);
void fl_emit_log(fl_session *s, const fl_block *b, const char *message);
void fl_emit_exit(fl_session *s, const fl_block *b, const fl_exit *e);
/* flow_entered (entered) or flow_exited. */
void fl_emit_flow(fl_session *s, bool entered, const fl_flow *f, size_t depth);
void fl_emit_run_ended(fl_session *s, const fl_flow *f, const char *reason);

/* ---- evaluation against the context (engine/run_eval.c) ---- */
/* Options for one evaluation (advances the evaluation counter); s->env goes with them. */
void fl_run_eval_options(fl_session *s, fl_eval_options *o);
/* The roots of an evaluation (block, contact and the run's host maps); returns the count. */
size_t fl_run_roots(const fl_session *s, fl_root roots[FL_RUN_ROOTS]);
/* Template text into out (appended). On an error emits an error/warning event and returns it. */
int fl_run_eval_string(fl_session *s, const fl_block *b, const fl_expr *e, fl_buf *out);
/* Value (new reference in *out). On an error emits an event and returns the code. */
int fl_run_eval_value(fl_session *s, const fl_block *b, const fl_expr *e, json_t **out);
/* A template's value when it is one expression ("@x", "@(1 + 2)"), else its text. */
int fl_eval_text_or_value(const json_t *ctx, const fl_eval_options *o, const fl_eval_env *env,
                          const char *tpl, json_t **out, fl_error *err);
/* Turn truthiness of a test; an error is a warning event and counts as false. */
bool fl_run_test(fl_session *s, const fl_block *b, const fl_expr *e);
/* Between begin and end, tests share their context lookups (a block's exit tests, its choice
 * tests). Nothing may change the context in between: only tests run. */
void fl_run_tests_begin(fl_session *s);
void fl_run_tests_end(fl_session *s);

/* ---- exits (engine/run_exit.c) ---- */
/* Non-default exits in order, the first test that is true, else the default exit. */
const fl_exit *fl_run_select_exit(fl_session *s, const fl_block *b);
/* The first non-default exit whose test is absent or true, else the default exit (the "success"
 * exit of RunFlow, Webhook, Read). */
const fl_exit *fl_run_success_exit(fl_session *s, const fl_block *b);
/* The default exit, or (with an error event) NULL when the block has none. */
const fl_exit *fl_run_default_exit(fl_session *s, const fl_block *b);
/* Sets out to leave by the default exit; FL_NEXT_FAIL when there is none. */
void fl_run_leave_default(fl_session *s, const fl_block *b, fl_step *out);
void fl_run_leave_selected(fl_session *s, const fl_block *b, fl_step *out);

/* ---- values and results (engine/run_store.c) ---- */
/* Stores a block's value: results.<name>, flow.<name>, <name>, block.value, block.response, and a
 * result event. value is stolen (NULL = null); response may be NULL. */
void fl_run_store(fl_session *s, const fl_block *b, json_t *value, const char *response);
/* The same with a JSON response (Webhook: the body), stolen. */
void fl_run_store_json(fl_session *s, const fl_block *b, json_t *value, json_t *response);
/* Sets block.response before choice tests run. */
void fl_run_set_response(fl_session *s, const char *response);
/* text as a JSON string (new reference; NULL: null), shared with the reply when it is its text. */
json_t *fl_run_text_json(fl_session *s, const char *text);

/* ---- resources and prompts (engine/run_prompt.c) ---- */
typedef struct fl_prompt_choice {
    const char *name;
    char *title; /* evaluated, owned by the prompt call */
} fl_prompt_choice;
/* Evaluated text of a resource (TEXT value for the run's language and mode) into out; returns
 * false when the resource or a text value is missing. */
bool fl_run_resource_text(fl_session *s, const fl_block *b, const char *uuid, fl_buf *out);
/* The raw (unevaluated) text of a resource, or NULL. */
const char *fl_run_resource_raw(fl_session *s, const fl_block *b, const char *uuid);
/* The run's language id as flow f holds it (resource values and memos are keyed by it), or NULL
 * when the session names none f has. */
const char *fl_run_language_id(const fl_session *s, const fl_flow *f);
/* Sends the block's prompt (config.prompt, else question_prompt) as a message event. with_choices
 * adds the block's choices (their prompt texts, else names) for the renderer. */
void fl_run_prompt(fl_session *s, const fl_block *b, bool waiting, bool with_choices);
/* The enter of a block that asks a question: sends its prompt (fl_run_ask_choices: with its
 * choices) and waits for the reply. Usable directly as a block vtable's enter. */
int fl_run_ask(fl_session *s, const fl_block *b, fl_step *out);
int fl_run_ask_choices(fl_session *s, const fl_block *b, fl_step *out);
/* Ends the handling of a reply: a valid one (value, stolen) is stored and the block leaves by exit
 * selection; value NULL means invalid: the raw response is stored as text and the block leaves by
 * its default exit. */
void fl_run_answer(fl_session *s, const fl_block *b, json_t *value, const char *response,
                   fl_step *out);
/* Sends literal text as a message (Print, custom blocks). */
void fl_run_send_text(fl_session *s, const fl_block *b, const char *text, bool waiting);
/* Evaluated choice title i (prompt text, else name) into out. */
void fl_run_choice_title(fl_session *s, const fl_block *b, size_t i, fl_buf *out);

/* Text of a config field that is a resource uuid or a template (Log.message, Print.message):
 * the resource's evaluated text, else the compiled template, else the literal. */
bool fl_run_config_text(fl_session *s, const fl_block *b, const char *key, fl_buf *out);

/* Config helpers. */
const json_t *fl_config_get(const fl_block *b, const char *key);
/* Looks key up in config, config.TEXT/text and config.IVR/ivr (first found). */
const json_t *fl_config_find(const fl_block *b, const char *key);
/* config nests members in a per-mode object (TEXT, text, IVR, ivr) that fl_config_find reads. */
bool fl_config_has_modes(const json_t *config);
bool fl_config_number(const fl_block *b, const char *key, double *out);

#endif
