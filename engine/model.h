/*
 * model.h: the normalised, immutable in-memory model of a loaded FLOIP container (internal).
 *
 * The loader (engine/load*.c) builds it from any spec version (rc1..rc4) and owns every pointer in
 * it; nothing here changes after fl_container_load returns, so sessions on any thread may read it.
 * Strings point into the normalised JSON document (c->root) or into loader-owned memory; either way
 * they live exactly as long as the container.
 *
 * Every template and exit test is compiled once at load time (fl_expr); a NULL fl_expr means the
 * field was absent.
 *
 * Additions by the loader (documented in docs/flows.md):
 *   - `pointer` (JSON pointer into the file as written) on resources, exits and choices, so that
 *     run-time messages can point at the source like load-time diagnostics do;
 *   - fl_block: `type` is the canonical type name for the known kinds (both SelectMany spellings
 *     become "MobilePrimitives.SelectManyResponses"), as written for custom types;
 *     `digit_prompts` (IVR.digit_prompts), `group_action` / `is_member` / `clear_groups`
 *     (SetGroupMembership, both spec shapes), and Log / Print `message` naming a resource is
 *     reported through `prompt` (a literal message is the config template "message");
 *   - fl_flow: `lookup` (loader-private lookup tables: block by name, resource by uuid);
 *   - fl_container: `n_diag_warnings`, the warnings found at load time.
 */
#ifndef FL_MODEL_H
#define FL_MODEL_H

#include "floip.h"

/* A value as compact JSON text, prepared at load (a quoted string, or null). */
typedef struct fl_json_text {
    const char *text;
    size_t len;
} fl_json_text;

/* Modes as a bit set, so that "value supports this mode" is one AND. */
typedef enum {
    FL_MODE_TEXT = 1 << 0,
    FL_MODE_SMS = 1 << 1,
    FL_MODE_USSD = 1 << 2,
    FL_MODE_IVR = 1 << 3,
    FL_MODE_RICH_MESSAGING = 1 << 4,
    FL_MODE_OFFLINE = 1 << 5,
} fl_mode;

/* Returns the bit for a mode name (case-insensitive), 0 when unknown. */
unsigned fl_mode_from_name(const char *name);
const char *fl_mode_name(unsigned mode_bit);

/* Every block type floip knows, normalised (e.g. both SelectManyResponse spellings map to one). */
typedef enum {
    FL_BT_CUSTOM = 0, /* registered through fl_block_types; see block->custom */
    FL_BT_LOG,
    FL_BT_CASE,
    FL_BT_OUTPUT,
    FL_BT_RUN_FLOW,
    FL_BT_SET_CONTACT_PROPERTY,
    FL_BT_SET_GROUP_MEMBERSHIP,
    FL_BT_WEBHOOK,
    FL_BT_PRINT,
    FL_BT_READ,
    FL_BT_MESSAGE,
    FL_BT_SELECT_ONE,
    FL_BT_SELECT_MANY,
    FL_BT_NUMERIC,
    FL_BT_OPEN,
    FL_BT_LOCATION,
    FL_BT_PHOTO,
    FL_BT_COUNT
} fl_block_kind;

/* Canonical type name of a kind ("MobilePrimitives.SelectOneResponse", ...). */
const char *fl_block_kind_name(fl_block_kind kind);
/* Kind of a type string as written in a flow (accepts legacy spellings); FL_BT_CUSTOM if unknown.
 */
fl_block_kind fl_block_kind_from_type(const char *type);

typedef enum {
    FL_CONTENT_TEXT = 0,
    FL_CONTENT_AUDIO,
    FL_CONTENT_IMAGE,
    FL_CONTENT_VIDEO,
    FL_CONTENT_DOCUMENT, /* Turn extension: any other mime type sent as a file */
    FL_CONTENT_DATA,
} fl_content_type;

typedef struct fl_language {
    const char *id;        /* the identifier resource values refer to */
    const char *iso_639_3; /* e.g. "eng" */
    const char *label;     /* may be NULL */
    const char *variant;   /* may be NULL */
    const char *bcp_47;    /* may be NULL */
    json_t *context;       /* {id, iso_639_3, label, __value__}: run.language, shared */
} fl_language;

typedef struct fl_resource_value {
    const char *language_id;
    fl_content_type content_type;
    const char *content_type_name; /* as written, e.g. "TEXT" */
    const char *mime_type;         /* may be NULL */
    unsigned modes;                /* fl_mode bits */
    const char *value;             /* template text (TEXT) or URL / media id */
    fl_expr *tmpl;                 /* compiled template for TEXT values; NULL otherwise */
    const char *literal;           /* tmpl's text when it has no expression, else NULL */
    const json_t *json;            /* the normalised value object */
    /* The value object as compact JSON text split around its "value" member, so that an evaluated
     * copy (envelope evaluated_resources) is written as prefix + quoted text + suffix. */
    const char *eval_prefix, *eval_suffix;
    size_t eval_prefix_len, eval_suffix_len;
} fl_resource_value;

typedef struct fl_resource {
    const char *uuid;
    fl_resource_value *values;
    size_t n_values;
    const json_t *json;
    const char *json_text; /* json as compact JSON text */
    size_t json_text_len;
    const char *pointer; /* "/flows/0/resources/2" or "/resources/2" (rc1..rc3) */
} fl_resource;

typedef struct fl_exit {
    const char *uuid;
    const char *name;
    const char *test;   /* source text; NULL when absent */
    fl_expr *test_expr; /* compiled test; NULL when absent */
    bool is_default;
    const char *destination; /* uuid, or NULL when the path ends the flow */
    const fl_block *dest;    /* resolved destination; NULL when none */
    const json_t *json;
    const char *pointer; /* "/flows/0/blocks/3/exits/1" */
    json_t *record;      /* {name, id, __value__}: a result's `exit`, shared by every run */
    fl_json_text uuid_json, name_json; /* for events */
} fl_exit;

/* One entry of config.set_contact_property (rc3 object and rc4 array both become a list). */
typedef struct fl_property_op {
    const char *key;
    const char *value_src;
    fl_expr *value; /* compiled as a template */
} fl_property_op;

/* One text test of a choice: rc3 `test` (language NULL) or rc4 `text_tests[]` entries. */
typedef struct fl_choice_test {
    const char *language; /* NULL = every language */
    const char *src;
    fl_expr *expr; /* compiled as a bare expression */
} fl_choice_test;

/* A SelectOne / SelectMany choice; rc2 maps, rc3 and rc4 arrays all become this. */
typedef struct fl_choice {
    const char *name;
    const char *prompt;                 /* resource uuid or NULL */
    const fl_resource *prompt_resource; /* prompt resolved, NULL when missing */
    fl_choice_test *tests;
    size_t n_tests;
    fl_choice_test ivr_test; /* src NULL when absent */
    const char *pointer;     /* "/flows/0/blocks/3/config/choices/1" (rc2: ".../choices/<name>") */
    struct fl_memo_slot *value_memo; /* the stored value per language and mode (engine/memo.h) */
} fl_choice;

/* Group operations of SetGroupMembership; rc3 (group_key, is_member expression) and rc4 (groups[],
 * is_member bool, clear) both become this. */
typedef struct fl_group_op {
    const char *group_key;
    const char *group_name; /* may be NULL */
} fl_group_op;

/* What SetGroupMembership does with its groups. */
typedef enum {
    FL_GROUP_LEAVE = 0, /* is_member absent or null: membership unchanged */
    FL_GROUP_ADD,       /* is_member true */
    FL_GROUP_REMOVE,    /* is_member false */
    FL_GROUP_EVALUATE,  /* is_member is an expression (rc3): truthy adds, false removes, nil leaves
                         */
} fl_group_action;

/* A compiled config field: config key path (e.g. "value", "url", "headers.X-Token") -> template. */
typedef struct fl_config_expr {
    const char *key;
    fl_expr *expr;
} fl_config_expr;

typedef struct fl_custom_block_type fl_custom_block_type; /* blocks/custom.c */

struct fl_block {
    const char *uuid;
    const char *name;
    const char *label; /* may be NULL */
    const char *type;  /* canonical name for known kinds; as written for custom types */
    fl_block_kind kind;
    const fl_custom_block_type *custom; /* FL_BT_CUSTOM only */
    const fl_flow *flow;
    size_t index;          /* position in flow->blocks */
    const char *pointer;   /* "/flows/0/blocks/3" */
    const json_t *config;  /* normalised config object (never NULL; {} when absent) */
    const json_t *json;    /* the normalised block object */
    const char *json_text; /* json as compact JSON text (the envelope's `block`) */
    size_t json_text_len;
    fl_json_text uuid_json, name_json; /* for events */
    unsigned render_members;           /* fl_render_members(config): what the renderer reads */
    bool config_has_modes; /* config has a TEXT/text/IVR/ivr object (fl_config_find looks in) */
    bool name_reserved;    /* name is a fixed context name: results are not stored under it */
    /* Turns rendered once per language and mode, for blocks that render no template
     * (engine/memo.h); NULL for the others. */
    struct fl_memo_slot *turn_memo;

    fl_exit *exits;
    size_t n_exits;
    const fl_exit *default_exit; /* NULL when none (validation reports it) */

    fl_property_op *set_contact_property;
    size_t n_set_contact_property;

    /* Type-specific, filled by the loader for the kinds that use them. */
    const char *prompt;                 /* resource uuid (Message, responses) or NULL */
    const char *question_prompt;        /* resource uuid or NULL */
    const fl_resource *prompt_resource; /* prompt, else question_prompt, resolved (or NULL) */
    fl_choice *choices;                 /* SelectOne / SelectMany */
    size_t n_choices;
    const char **digit_prompts; /* IVR.digit_prompts resource uuids (SelectOne / SelectMany) */
    size_t n_digit_prompts;
    fl_group_op *groups; /* SetGroupMembership */
    size_t n_groups;
    fl_group_action group_action;
    fl_expr *is_member;           /* FL_GROUP_EVALUATE only */
    bool clear_groups;            /* rc4 `clear`: leave every group first */
    const fl_flow *run_flow;      /* Core.RunFlow target, resolved */
    fl_config_expr *config_exprs; /* other templates in config (Output.value, Log.message, ...) */
    size_t n_config_exprs;
};

struct fl_flow {
    const char *uuid;
    const char *name;
    const char *label;
    const fl_container *container;
    size_t index;
    const char *pointer;            /* "/flows/0" */
    int64_t interaction_timeout_ms; /* 0 = none */
    unsigned supported_modes;       /* fl_mode bits */
    fl_language *languages;
    size_t n_languages;
    fl_block *blocks;
    size_t n_blocks;
    const fl_block *first_block; /* first_block_id resolved, else blocks[0] */
    const fl_block *exit_block;  /* exit_block_id resolved, or NULL */
    fl_resource *resources;      /* flow-level (rc4) */
    size_t n_resources;
    const json_t *json;
    json_t *context; /* {id, name, __value__}: run.flow in the context, shared by every run */
    fl_json_text uuid_json, name_json; /* for events */
    void *lookup;                      /* loader-private: block by name, resource by uuid */
};

struct fl_container {
    const char *uuid;
    const char *name;
    const char *spec_version;
    json_t *root; /* normalised document; owns the strings above */
    fl_flow *flows;
    size_t n_flows;
    fl_resource *resources; /* container-level (rc1..rc3) */
    size_t n_resources;
    void *index;            /* loader-private lookup tables (uuid -> flow / block / resource) */
    size_t n_diag_warnings; /* warnings reported when it was loaded */
};

/* Lookups (engine/container.c). Resources: the flow's own first, then the container's. */
const fl_resource *fl_find_resource(const fl_flow *f, const char *uuid);
const fl_block *fl_find_block_by_uuid(const fl_container *c, const char *uuid);
const fl_flow *fl_find_flow_by_uuid(const fl_container *c, const char *uuid);
const fl_language *fl_flow_language(const fl_flow *f, const char *id_or_iso);
/* The config template compiled for key, or NULL. */
const fl_expr *fl_block_config_expr(const fl_block *b, const char *key);

/*
 * Picks a resource's value for a language and mode, with the documented fallbacks:
 * exact language + mode; then the TEXT family (TEXT for SMS/USSD/RICH_MESSAGING and back); then the
 * flow's first language. want_content < 0 means "any content type, first match"; otherwise only
 * values of that content type are considered.
 */
const fl_resource_value *fl_resource_pick(const fl_resource *r, const fl_flow *f,
                                          const char *language_id, unsigned mode, int want_content);

#endif
