/*
 * render.h: a block's Channel API `turn` payload (internal; the engine and the stateless
 * fl_render_turn both call it).
 *
 * fl_render picks the WhatsApp-shaped payload a connector receives for one block, from values the
 * caller has already evaluated (prompt text, media, choice titles). What it chooses, in order:
 *   1. a Message block whose config has `template` -> a template message;
 *   2. a block whose config has `whatsapp_flow` -> an interactive "flow" message;
 *   3. SelectOneResponse with choices, mode RICH_MESSAGING, a prompt text:
 *        at most 3 choices, every title <= 20 code points      -> reply buttons;
 *        at most 10 choices, every title <= 24 code points     -> a list message;
 *        otherwise                                              -> the numbered text menu;
 *      every other mode, SelectManyResponses, or no prompt text -> the numbered text menu;
 *   4. a media prompt value (image, video, audio, document)     -> that media message, caption =
 * text;
 *   5. prompt text                                              -> a text message;
 *   6. nothing to send                                          -> *turn = NULL (still returns 0).
 * The numbered text menu is a text message: the prompt text, a blank line, then one line per choice
 * "1. Title" (numbered from 1). The list message's button label is config.list_button (a template,
 * evaluated through req->eval) and defaults to "Options". Buttons and lists take optional
 * config.header and config.footer templates (text headers). A document is named by
 * config.filename (a template), else by the last segment of its URL's path.
 *
 * Limits are counted in Unicode code points. A broken limit is appended to `warnings` as
 * {"type":"warning","code":C,"message":M,"limit":N,"length":L,"path":P} and the payload is sent
 * unchanged: nothing is ever truncated. docs/channel-api.md lists every code.
 */
#ifndef FL_RENDER_H
#define FL_RENDER_H

#include "engine/floip.h"

typedef struct fl_render_choice {
    const char *name;
    const char *title;
    const char *description; /* may be NULL */
} fl_render_choice;

/* Evaluates a template against the run context and appends the text to out; 0 or FL_E*. */
typedef int (*fl_render_eval_fn)(void *ud, const char *tpl, fl_buf *out);

typedef struct fl_render_request {
    const json_t *block; /* normalised block JSON (type, config) */
    unsigned mode;       /* fl_mode bit of the run; 0 is taken as RICH_MESSAGING */
    const char *text;    /* evaluated TEXT value of the prompt, NULL when none */
    int media_type; /* fl_content_type of a media prompt value (IMAGE/VIDEO/AUDIO/DOCUMENT), or -1
                     */
    const char *media_url, *mime_type;
    const fl_render_choice *choices; /* SelectOne/SelectMany, titles evaluated */
    size_t n_choices;
    fl_render_eval_fn eval; /* for config templates (template params, WhatsApp flow fields) */
    void *eval_ud;
    /* Optional, for callers that know the block already (the engine, from the loaded model):
     * block.config, block.type and which optional config members exist (fl_render_members, with
     * FL_RENDER_KNOWN set). Zero/NULL: read from block. */
    const json_t *config;
    const char *type;
    unsigned config_has;
} fl_render_request;

/* Optional config members the renderer reads, as bits of fl_render_request.config_has. */
enum {
    FL_RENDER_HAS_TEMPLATE = 1 << 0,
    FL_RENDER_HAS_FLOW = 1 << 1,
    FL_RENDER_HAS_HEADER = 1 << 2,
    FL_RENDER_HAS_FOOTER = 1 << 3,
    FL_RENDER_HAS_LIST_BUTTON = 1 << 4,
    FL_RENDER_HAS_FILENAME = 1 << 5,
    FL_RENDER_KNOWN = 1 << 30, /* the bits above are set */
};
/* The FL_RENDER_HAS_* bits of a block config (with FL_RENDER_KNOWN). */
unsigned fl_render_members(const json_t *config);

/* Renders the turn payload as compact JSON text appended to out; *has_turn = false (and nothing
 * appended) when the block sends nothing. On an error out is left as it was. warnings as below. */
int fl_render_write(const fl_render_request *req, fl_buf *out, bool *has_turn, json_t *warnings,
                    fl_error *err);

/* The same as a jansson value. *turn: new reference, or NULL when the block sends nothing.
 * warnings: an array to append warning events to (borrowed), may be NULL.
 * Fails with FL_EINVAL (bad request or config) or the eval callback's code. */
int fl_render(const fl_render_request *req, json_t **turn, json_t *warnings, fl_error *err);

/* The outbound envelope {to, version, block, context, resources, evaluated_resources, turn,
 * waiting_for_user_input}. The JSON inputs are borrowed and deep-copied (the run goes on changing
 * its context); NULL becomes JSON null. turn is stolen (NULL allowed). Returns a new reference. */
json_t *fl_envelope_new(const char *to, const json_t *block, const json_t *context,
                        const json_t *resources, const json_t *evaluated_resources, json_t *turn,
                        bool waiting_for_user_input);

/* The id Turn gives a button or list row: standard base64 (with padding) of the UTF-8 title.
 * Replaces out's content. */
int fl_render_choice_id(const char *title, fl_buf *out);

/* Code points in a UTF-8 string; each byte of an invalid sequence counts as one. */
size_t fl_render_length(const char *s);

/* True when the mode gets WhatsApp interactive and media messages (RICH_MESSAGING, 0 = unset). */
bool fl_render_rich(unsigned mode);

/* The block types that render, by their "type" string (legacy spellings accepted). */
bool fl_render_is_select_one(const char *type);
bool fl_render_is_select_many(const char *type);

/* Appends {"type":"warning","code","message","limit","length","path"} to warnings (may be NULL);
 * `what` names the field in the message ("button title \"Yes\""). */
void fl_render_warn(json_t *warnings, const char *code, const char *path, size_t limit,
                    size_t length, const char *what);
/* Appends {"type":"warning","code","message","path"} (a break that is not about a length). */
void fl_render_warn_msg(json_t *warnings, const char *code, const char *path, const char *message);
/* Checks one length limit; on a break appends a warning and returns false. */
bool fl_render_check(json_t *warnings, const char *s, size_t limit, const char *code,
                     const char *path, const char *what);

/*
 * Static check for `floip validate`: every limit break and config error of a loaded block that can
 * be seen without running it, for each language of the flow and each mode it supports. Template
 * texts count only their literal parts (expressions removed), a lower bound, so every report is a
 * certain break. sink receives severity, a stable code (docs/channel-api.md), an absolute JSON
 * pointer (the resource value or the config field) and a message; duplicates are reported once.
 *   W401 text > 4096    W402 interactive body > 1024    W403 header/footer > 60
 *   W404 list button > 20    W405 flow_cta > 20    W406 caption > 1024
 *   W407 row description > 72    W408 audio prompt with text (the text is not sent)
 *   W409 two choices with one title (buttons/list impossible: numbered menu)
 *   E401 config.template invalid    E402 config.whatsapp_flow invalid
 *   E403 config.header/footer/list_button not a string
 */
typedef void (*fl_render_diag_fn)(void *ud, fl_severity severity, const char *code,
                                  const char *pointer, const char *message);
void fl_render_check_block(const fl_block *b, fl_render_diag_fn sink, void *ud);

/* WhatsApp limits, in code points. */
enum {
    FL_LIMIT_TEXT_BODY = 4096,
    FL_LIMIT_INTERACTIVE_BODY = 1024,
    FL_LIMIT_CAPTION = 1024,
    FL_LIMIT_HEADER = 60,
    FL_LIMIT_FOOTER = 60,
    FL_LIMIT_BUTTONS = 3,
    FL_LIMIT_BUTTON_TITLE = 20,
    FL_LIMIT_ROWS = 10,
    FL_LIMIT_ROW_TITLE = 24,
    FL_LIMIT_ROW_DESCRIPTION = 72,
    FL_LIMIT_LIST_BUTTON = 20,
};

#endif
