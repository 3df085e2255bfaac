/*
 * floip.h: the one public header of floip, a FLOIP flow engine and Turn.io conversation simulator.
 *
 * Conventions (the same everywhere below):
 *   - Every function that can fail returns 0 on success or a negative FL_E* code; results come
 *     back through out parameters, which are left untouched on failure.
 *   - Whoever receives an object from *_new / *_load / *_compile / *_restore owns it and frees it
 *     with the matching *_free. Every *_free accepts NULL.
 *   - json_t values follow jansson's reference rules. "borrowed" means the callee neither keeps nor
 *     releases the reference; "new reference" means the caller must json_decref() the result.
 *     An input marked "borrowed" may be released by the caller as soon as the call returns.
 *   - A fl_error filled by a failing call says what went wrong and where; a NULL fl_error pointer
 *     is always accepted.
 *   - Nothing reads the wall clock or a global random source: times are injected as milliseconds
 *     since the Unix epoch (UTC) and randomness comes from a seed.
 *   - A loaded fl_container is immutable and may be shared by any number of sessions and threads.
 */
#ifndef FLOIP_H
#define FLOIP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FLOIP_BUILDING) && defined(__GNUC__)
#define FL_API __attribute__((visibility("default")))
#else
#define FL_API
#endif

#define FLOIP_VERSION "0.1.0"

/* ------------------------------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------------------------------- */

enum {
    FL_OK = 0,
    FL_EINVAL = -1,    /* invalid argument or invalid document */
    FL_ENOMEM = -2,    /* out of memory */
    FL_EPARSE = -3,    /* malformed JSON or expression */
    FL_ENOTFOUND = -4, /* no such flow, block, resource or file */
    FL_ELIMIT = -5,    /* a configured limit was hit (size, depth, steps, budget) */
    FL_EIO = -6,       /* reading or writing a file failed */
    FL_ESTATE = -7,    /* the call does not fit the object's state (e.g. input after the end) */
    FL_EEVAL = -8,     /* an expression evaluated to an error */
    FL_EMISMATCH = -9, /* a signature or comparison did not match */
};

/* A static, human-readable name for an FL_E* code. */
FL_API const char *fl_strerror(int code);

/* An error as a value: a code, a message and where it happened. Plain data, no ownership. */
typedef struct fl_error {
    int code;          /* FL_E* */
    char message[512]; /* what went wrong, one line */
    char file[256];    /* input file name when known, else "" */
    char pointer[256]; /* JSON pointer into the document when known, else "" */
    int line, column;  /* 1-based line:column (JSON text or expression), 0 when unknown */
} fl_error;

/* ------------------------------------------------------------------------------------------------
 * Growable byte buffer (used where results are text, so hot paths can reuse one allocation)
 * --------------------------------------------------------------------------------------------- */

typedef struct fl_buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
} fl_buf;

#define FL_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
FL_API void fl_buf_reset(fl_buf *b); /* len = 0, keeps the allocation */
FL_API void fl_buf_free(fl_buf *b);  /* releases the allocation, back to FL_BUF_INIT */

/* ------------------------------------------------------------------------------------------------
 * Containers: loading, validation, lookup (spec 1.0.0-rc1 .. rc4, normalised to one model)
 * --------------------------------------------------------------------------------------------- */

typedef struct fl_container fl_container;
typedef struct fl_flow fl_flow;
typedef struct fl_block fl_block;
typedef struct fl_diagnostics fl_diagnostics;
typedef struct fl_block_types fl_block_types; /* registry of custom block types, see below */

typedef enum { FL_SEVERITY_ERROR = 0, FL_SEVERITY_WARNING = 1 } fl_severity;

/* One validation finding. Strings are owned by the fl_diagnostics that holds it. */
typedef struct fl_diag {
    fl_severity severity;
    const char *code;       /* stable code, e.g. "E012"; documented in docs/diagnostics.md */
    const char *message;    /* one line */
    const char *pointer;    /* JSON pointer, e.g. "/flows/0/blocks/3/exits/1/destination_block" */
    const char *block_uuid; /* NULL when the finding is not about a block */
    const char *block_name; /* NULL when unknown */
    int line, column;       /* JSON text position (parse errors) or expression position, else 0 */
} fl_diag;

typedef struct fl_load_options {
    const char *filename;              /* used in messages; may be NULL */
    size_t max_bytes;                  /* 0 = default (64 MiB) */
    size_t max_depth;                  /* JSON nesting limit; 0 = default (64) */
    const fl_block_types *block_types; /* custom block types; NULL = none */
} fl_load_options;

/*
 * Parses, validates and normalises a FLOIP container.
 * Returns 0 and sets *out when there is no error-severity diagnostic (warnings may exist);
 * FL_EPARSE for malformed JSON, FL_ELIMIT for oversized or too deeply nested input, FL_EINVAL when
 * validation found errors. *diags (when diags is not NULL) always receives the findings, also on
 * failure; the caller frees it. opts may be NULL.
 */
FL_API int fl_container_load(const char *json, size_t len, const fl_load_options *opts,
                             fl_container **out, fl_diagnostics **diags);
/* Same, reading a file; opts->filename defaults to path. FL_EIO when it cannot be read. */
FL_API int fl_container_load_file(const char *path, const fl_load_options *opts, fl_container **out,
                                  fl_diagnostics **diags);
FL_API void fl_container_free(fl_container *c);

FL_API size_t fl_diagnostics_count(const fl_diagnostics *d);
FL_API size_t fl_diagnostics_errors(const fl_diagnostics *d); /* how many have ERROR severity */
FL_API const fl_diag *fl_diagnostics_get(const fl_diagnostics *d, size_t i);
FL_API void fl_diagnostics_free(fl_diagnostics *d);

/* The normalised container document (rc4 shape). Borrowed: valid while c lives. */
FL_API const json_t *fl_container_json(const fl_container *c);
FL_API const char *fl_container_uuid(const fl_container *c);
FL_API const char *fl_container_name(const fl_container *c);
FL_API const char *fl_container_spec_version(const fl_container *c); /* as written in the file */

FL_API size_t fl_container_flow_count(const fl_container *c);
FL_API const fl_flow *fl_container_flow_at(const fl_container *c, size_t i);
/* By uuid or by name; NULL when absent. */
FL_API const fl_flow *fl_container_find_flow(const fl_container *c, const char *uuid_or_name);

FL_API const char *fl_flow_uuid(const fl_flow *f);
FL_API const char *fl_flow_name(const fl_flow *f);
FL_API size_t fl_flow_block_count(const fl_flow *f);
FL_API const fl_block *fl_flow_block_at(const fl_flow *f, size_t i);
FL_API const fl_block *fl_flow_find_block(const fl_flow *f, const char *uuid_or_name);
FL_API const json_t *fl_flow_json(const fl_flow *f); /* borrowed, normalised */

FL_API const char *fl_block_uuid(const fl_block *b);
FL_API const char *fl_block_name(const fl_block *b);
FL_API const char *fl_block_type(const fl_block *b);
FL_API const fl_flow *fl_block_flow(const fl_block *b);
FL_API const json_t *fl_block_json(const fl_block *b); /* borrowed, normalised */

/* ------------------------------------------------------------------------------------------------
 * Expressions (Turn.io's Expression language, v1 semantics)
 *
 * Values cross this API as JSON with tags for the types JSON lacks:
 *   {"$date": "2022-01-31"}, {"$datetime": "2022-01-31T10:00:00Z"}, {"$time": "10:00:00"}.
 * Contexts may carry the same tags. Evaluation reads the context in place and never copies it.
 * --------------------------------------------------------------------------------------------- */

typedef struct fl_expr fl_expr;
typedef struct fl_functions fl_functions;

typedef enum {
    FL_EXPR_TEMPLATE = 0, /* text with @expressions, e.g. "Hello @contact.name" */
    FL_EXPR_BLOCK = 1,    /* a bare expression, e.g. "block.value > 3" */
} fl_expr_kind;

/* A top-level name bound to a value for one evaluation (fl_eval_options.bindings). */
typedef struct fl_binding {
    const char *name;    /* lower case, as expressions name variables */
    const json_t *value; /* borrowed for the evaluation; NULL: read the context as usual */
} fl_binding;

typedef struct fl_eval_options {
    int64_t now_ms;                /* the clock for now()/today(); 0 = 1970-01-01T00:00:00Z */
    uint64_t seed;                 /* for rand() and friends */
    const fl_functions *functions; /* custom functions, consulted before the standard ones */
    size_t budget;                 /* evaluation steps allowed; 0 = default (100000) */
    /* Optional top-level variables read before the context, as if it held name: value; the
     * context is not changed. A host that keeps pointers to objects it placed in the context
     * passes them here to skip looking them up by name. NULL/0: none. */
    const fl_binding *bindings;
    size_t n_bindings;
} fl_eval_options;

/* Compiles src (len bytes, need not be NUL-terminated) once; evaluate the result many times.
 * A parse error is FL_EPARSE with err->line/column set. */
FL_API int fl_expr_compile(const char *src, size_t len, fl_expr_kind kind, fl_expr **out,
                           fl_error *err);
FL_API void fl_expr_free(fl_expr *e);
FL_API const char *fl_expr_source(const fl_expr *e); /* owned by e */

/* Library `evaluate`: the list of chunk values, or the single chunk's value bare.
 * *out is a new reference. context is borrowed; opts may be NULL. */
FL_API int fl_expr_evaluate(const fl_expr *e, const json_t *context, const fl_eval_options *opts,
                            json_t **out, fl_error *err);
/* Library `evaluate_as_string`: the text is appended to out (which the caller owns and reuses). */
FL_API int fl_expr_evaluate_as_string(const fl_expr *e, const json_t *context,
                                      const fl_eval_options *opts, fl_buf *out, fl_error *err);
/* Library `evaluate_block`: a bare expression's raw value. *out is a new reference. */
FL_API int fl_expr_evaluate_block(const fl_expr *e, const json_t *context,
                                  const fl_eval_options *opts, json_t **out, fl_error *err);

/*
 * Custom functions. A callback receives its arguments as tagged JSON (borrowed, argc of them) and
 * returns a new reference in *result, or a negative code with err filled in. Names are
 * case-insensitive. A registry must outlive every evaluation that uses it.
 */
typedef int (*fl_function_fn)(void *userdata, json_t *const *args, size_t argc, json_t **result,
                              fl_error *err);
FL_API int fl_functions_new(fl_functions **out);
FL_API int fl_functions_add(fl_functions *fns, const char *name, fl_function_fn fn, void *userdata);
FL_API void fl_functions_free(fl_functions *fns);

/* ------------------------------------------------------------------------------------------------
 * Sessions: holding a conversation with a container
 *
 * start / resume / advance_clock each run blocks until the session waits for input, ends, or hits
 * a limit, and return that call's events as a new JSON array (documented in docs/events.md).
 * A call that fails leaves the session exactly as it was before the call.
 * --------------------------------------------------------------------------------------------- */

typedef struct fl_session fl_session;

typedef enum {
    FL_SESSION_NEW = 0,     /* created, not started */
    FL_SESSION_WAITING = 1, /* waiting for the contact's input */
    FL_SESSION_ENDED = 2,   /* the top-level run ended (completed, expired or failed) */
} fl_session_state;

typedef enum {
    FL_TIMEOUT_TERMINATE = 0,    /* spec: the run is terminated (exit_block_id when set) */
    FL_TIMEOUT_DEFAULT_EXIT = 1, /* the waiting block leaves by its default exit, value null */
} fl_timeout_policy;

/* Event types, as bits for fl_session_options.events (docs/events.md). */
enum {
    FL_EVENT_MESSAGE = 1 << 0,
    FL_EVENT_WAITING = 1 << 1,
    FL_EVENT_LOG = 1 << 2,
    FL_EVENT_CONTACT = 1 << 3, /* contact_property and group_membership */
    FL_EVENT_RESULT = 1 << 4,
    FL_EVENT_EXIT = 1 << 5,
    FL_EVENT_FLOW = 1 << 6, /* flow_entered and flow_exited */
    FL_EVENT_RUN_ENDED = 1 << 7,
    FL_EVENT_TIMEOUT = 1 << 8,
    FL_EVENT_ALL = (1 << 9) - 1, /* late_reply, webhook, warning and error: always emitted */
};

typedef struct fl_session_options {
    const char *flow;      /* flow uuid or name; NULL = the container's first flow */
    const json_t *contact; /* borrowed, copied: the contact's fields; NULL = {} */
    const json_t *vars;    /* borrowed, copied: extra top-level context variables; NULL = {} */
    const json_t *webhook_mocks; /* borrowed, copied: responses for Core.Webhook, see docs */
    const char *language;        /* language id or ISO 639-3 code; NULL = the flow's first */
    const char *mode;            /* FLOIP mode; NULL = "RICH_MESSAGING" */
    const char *to; /* contact address for the outbound envelope; NULL = contact.phone */
    int64_t now_ms; /* the virtual clock at start */
    uint64_t seed;
    fl_timeout_policy timeout_policy;
    const fl_functions *functions; /* custom expression functions; may be NULL */
    /* Limits; 0 = default. */
    size_t max_steps;       /* blocks per call (default 1000: "loop detected") */
    size_t max_depth;       /* Core.RunFlow nesting (default 32) */
    size_t eval_budget;     /* per expression evaluation (default 100000) */
    size_t max_input_bytes; /* inbound message size (default 65536) */
    /* Which events to emit (FL_EVENT_* bits); 0 = all. Hosts that only relay messages save the
     * cost of the others. Not saved with the session. */
    unsigned events;
} fl_session_options;

FL_API void fl_session_options_init(fl_session_options *opts);

/* Creates a session (nothing runs yet). The container must outlive the session. */
FL_API int fl_session_new(const fl_container *c, const fl_session_options *opts, fl_session **out,
                          fl_error *err);
FL_API void fl_session_free(fl_session *s);

/* Each call below runs the session and reports that call's events (docs/events.md). events: the
 * events as a JSON array (new reference), or NULL to skip building jansson trees: the events are
 * then read with fl_session_event_* and fl_session_events_json until the next call on s. */

/* Runs from the first block. FL_ESTATE when already started. */
FL_API int fl_session_start(fl_session *s, json_t **events, fl_error *err);
/* Delivers an inbound Channel API `message` object (borrowed). */
FL_API int fl_session_resume(fl_session *s, const json_t *message, json_t **events, fl_error *err);
/* Convenience: a text message with this body. */
FL_API int fl_session_resume_text(fl_session *s, const char *text, json_t **events, fl_error *err);
/* Moves the virtual clock to now_ms (never backwards) and fires what falls due. */
FL_API int fl_session_advance_clock(fl_session *s, int64_t now_ms, json_t **events, fl_error *err);

/* The last call's events without jansson: how many, and the "type" of event i (NULL past the
 * end). */
FL_API size_t fl_session_event_count(const fl_session *s);
FL_API const char *fl_session_event_type(const fl_session *s, size_t i);
/* The Channel API `turn` of message event i as JSON text (NUL-terminated), borrowed until the next
 * call on s; NULL
 * when event i is not a message or sends nothing. *len (may be NULL) gets its length. */
FL_API const char *fl_session_event_turn(const fl_session *s, size_t i, size_t *len);
/* The last call's events as one JSON array text, exactly what json_dumps(events, JSON_COMPACT)
 * prints for the array the call returns. Borrowed until the next call on s. */
FL_API const char *fl_session_events_json(fl_session *s, size_t *len);
/* Event i of that array as JSON text (not NUL-terminated: use *len), borrowed likewise; NULL past
 * the end. */
FL_API const char *fl_session_event_json(fl_session *s, size_t i, size_t *len);

FL_API fl_session_state fl_session_get_state(const fl_session *s);
/* Why the session ended: "completed", "expired" or "failed"; NULL while it has not ended. */
FL_API const char *fl_session_end_reason(const fl_session *s);
FL_API int64_t fl_session_now(const fl_session *s);
/* The pending deadline in ms, or -1 when nothing is due. */
FL_API int64_t fl_session_deadline(const fl_session *s);
/* The expression context as blocks see it now. Borrowed: valid until the next call on s. */
FL_API const json_t *fl_session_context(const fl_session *s);
/* The same context appended to out as compact JSON text (the bytes dumping fl_session_context
 * gives), written without building it: for hosts that only pass it on. 0 or FL_EINVAL. */
FL_API int fl_session_context_write(const fl_session *s, fl_buf *out);
/* The block the session waits at, or NULL. */
FL_API const fl_block *fl_session_waiting_block(const fl_session *s);
/* Blocks entered since the session started (Case and RunFlow included). */
FL_API size_t fl_session_steps(const fl_session *s);
/* Evaluates a template against the session's current context. *out: new reference. */
FL_API int fl_session_eval(const fl_session *s, const char *tpl, json_t **out, fl_error *err);

/* Serialises everything needed to continue later. *out: new reference. */
FL_API int fl_session_save(const fl_session *s, json_t **out, fl_error *err);
/* Rebuilds a saved session against the same container. saved is borrowed. opts supplies only what
 * cannot be saved (functions, limits); may be NULL. */
FL_API int fl_session_restore(const fl_container *c, const json_t *saved,
                              const fl_session_options *opts, fl_session **out, fl_error *err);

/* ------------------------------------------------------------------------------------------------
 * Channel API: `turn` rendering, the outbound envelope, inbound parsing, HMAC signatures
 * --------------------------------------------------------------------------------------------- */

/*
 * Renders the `turn` payload for a block, statelessly, from the three JSON pieces a Channel API
 * webhook carries: the FLOIP block, the context and the resources (each borrowed). language and
 * mode may be NULL (the flow's first language; RICH_MESSAGING). *turn: new reference.
 * *warnings (may be NULL): new reference to an array of warning events (limits broken).
 */
FL_API int fl_render_turn(const json_t *block, const json_t *context, const json_t *resources,
                          const char *language, const char *mode, const fl_eval_options *opts,
                          json_t **turn, json_t **warnings, fl_error *err);

/*
 * Parses and validates an inbound Channel API request body ({contact, message} or {status}).
 * On success *request is a new reference to the parsed document. On a validation failure returns
 * FL_EINVAL and *error_body is a new reference to the Channel API error body
 * ({"errors": {...}, "message": "Bad Request"}) listing every problem.
 */
FL_API int fl_inbound_parse(const char *body, size_t len, json_t **request, json_t **error_body,
                            fl_error *err);

/*
 * Reading a rendered `turn` payload (any kind fl_render_turn produces, or one Turn sent).
 * fl_turn_text writes what the contact reads into out (replacing its content): a text body; a media
 * caption ("" when none); an interactive message's header, body and footer, one per line; a
 * template's text parameters, one per line (the template name when it has none). FL_EINVAL for a
 * payload of unknown kind.
 * fl_turn_buttons returns a new reference to an array of the titles offered: reply button titles,
 * list row titles (every section), a WhatsApp flow's call-to-action; [] for everything else
 * (a numbered text menu is plain text).
 */
FL_API int fl_turn_text(const json_t *turn, fl_buf *out);
FL_API json_t *fl_turn_buttons(const json_t *turn);

/*
 * The answer an inbound `message` object (borrowed, as fl_inbound_parse returns it under
 * "message") carries, as the text a block reads, written into out (replacing its content): text
 * body; button text (else payload); interactive button_reply / list_reply title; nfm_reply
 * response_json (the JSON text); location "latitude,longitude"; media id (else link).
 * FL_EINVAL for an unknown type or a message without that field.
 */
FL_API int fl_inbound_text(const json_t *message, fl_buf *out);

/* base64(HMAC-SHA256(secret, body)) into out (NUL-terminated; 45 bytes needed). */
#define FL_SIGNATURE_SIZE 45
FL_API int fl_sign(const char *secret, const void *body, size_t len, char out[FL_SIGNATURE_SIZE]);
/* 0 when signature matches (compared in constant time), FL_EMISMATCH when not. */
FL_API int fl_verify(const char *secret, const void *body, size_t len, const char *signature);

/* ------------------------------------------------------------------------------------------------
 * Custom block types (C callbacks; Lua-defined types build on the same registry)
 * --------------------------------------------------------------------------------------------- */

FL_API int fl_block_types_new(fl_block_types **out);
FL_API void fl_block_types_free(fl_block_types *types);

/* ---- engine section: registering a custom block type ----
 *
 * A registered type may be used by any container loaded with this registry in
 * fl_load_options.block_types; the registry must outlive those containers. The engine calls:
 *   enter(userdata, bx)            when a run reaches a block of this type;
 *   resume(userdata, bx, message)  with the contact's reply (Channel API message, borrowed), when
 *                                  enter asked to wait (fl_block_ctx_wait).
 * Inside a callback, bx gives the block and the context and lets the callback send text, store
 * a value, and choose the exit. A callback that neither chooses an exit nor waits leaves by exit
 * selection (tests in order, else the default exit). A negative return is an error event and the
 * default exit. */
typedef struct fl_block_ctx fl_block_ctx;
typedef struct fl_block_type_def {
    const char *type; /* e.g. "Io.Turn.Custom"; copied */
    /* Checks a block of this type at load time (normalised block JSON); a negative return is a
     * load error (E033) with err's message. May be NULL. */
    int (*validate)(void *userdata, const json_t *block, fl_error *err);
    int (*enter)(void *userdata, fl_block_ctx *bx);
    int (*resume)(void *userdata, fl_block_ctx *bx, const json_t *message);
    void *userdata;
} fl_block_type_def;

/* Adds (or replaces) a type. FL_EINVAL when def->type or def->enter is missing. resume may be
 * NULL for a type that never waits. */
FL_API int fl_block_types_add(fl_block_types *types, const fl_block_type_def *def);

FL_API const fl_block *fl_block_ctx_block(const fl_block_ctx *bx);
/* The session context (borrowed; valid during the callback). */
FL_API const json_t *fl_block_ctx_context(const fl_block_ctx *bx);
/* Evaluates a template against the context. *out: new reference. */
FL_API int fl_block_ctx_eval(fl_block_ctx *bx, const char *tpl, json_t **out, fl_error *err);
/* Sends text to the contact (a message event). */
FL_API int fl_block_ctx_send_text(fl_block_ctx *bx, const char *text);
/* Sends the block's config.prompt resource, as built-in blocks do. */
FL_API int fl_block_ctx_send_prompt(fl_block_ctx *bx);
/* Stores the block's value (stolen; NULL = null) and the raw response (may be NULL). */
FL_API int fl_block_ctx_set_value(fl_block_ctx *bx, json_t *value, const char *response);
/* Waits for the contact's reply (enter only); resume receives it. */
FL_API int fl_block_ctx_wait(fl_block_ctx *bx);
/* Leaves by the exit with this name or uuid; NULL = the default exit. FL_ENOTFOUND if absent. */
FL_API int fl_block_ctx_exit(fl_block_ctx *bx, const char *name_or_uuid);

#ifdef __cplusplus
}
#endif
#endif /* FLOIP_H */
