/*
 * load_internal.h: what the loader's files share (engine/load*.c, normalise.c, validate.c,
 * container.c, diagnostics.c). Internal; nothing outside the loader includes it except through
 * the functions of model.h.
 */
#ifndef FL_LOAD_INTERNAL_H
#define FL_LOAD_INTERNAL_H

#include "model.h"
#include "util.h"

/* Defaults of fl_load_options. */
#define FL_LOAD_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define FL_LOAD_DEFAULT_MAX_DEPTH ((size_t)64)

/* ---- Arena: the model's arrays and strings, released all at once with the container. ---- */
typedef struct ld_arena ld_arena;
void *ld_arena_alloc(ld_arena **a, size_t n); /* zeroed, aligned for any type */
char *ld_arena_strdup(ld_arena **a, const char *s);
char *ld_arena_printf(ld_arena **a, const char *fmt, ...) FL_PRINTF(2, 3);
void ld_arena_free(ld_arena *a);

/* ---- String map (open addressing): uuid or name -> pointer. Keys are borrowed. ---- */
typedef struct fl_strmap_entry {
    const char *key;
    void *value;
} fl_strmap_entry;
typedef struct fl_strmap {
    fl_strmap_entry *slots;
    size_t cap, n;
} fl_strmap;
/* Inserts key; when it is already there keeps the first value and returns it, else NULL. */
void *fl_strmap_put(fl_strmap *m, const char *key, void *value);
void *fl_strmap_get(const fl_strmap *m, const char *key);
void fl_strmap_free(fl_strmap *m);

/* ---- Loader-private lookup tables hung on the model. ---- */
typedef struct fl_index {
    ld_arena *arena;
    fl_strmap flows_by_uuid, flows_by_name;
    fl_strmap blocks_by_uuid;    /* every block of every flow */
    fl_strmap resources_by_uuid; /* container-level resources (rc1..rc3) */
    fl_expr **exprs;             /* every compiled expression, freed with the container */
    size_t n_exprs, cap_exprs;
    json_t *container_resources; /* rc1..rc3 container `resources` (moved into each flow) */
} fl_index;

typedef struct fl_flow_lookup {
    fl_strmap blocks_by_name;
    fl_strmap resources_by_uuid;
} fl_flow_lookup;

/* ---- Diagnostics ---- */
fl_diagnostics *fl_diagnostics_new(void);
void fl_diagnostics_add(fl_diagnostics *d, fl_severity sev, const char *code, const char *pointer,
                        const char *block_uuid, const char *block_name, int line, int column,
                        const char *message);

/* ---- The loader's working state ---- */
typedef struct fl_loader {
    fl_container *c;
    fl_index *ix;
    fl_diagnostics *d;
    const fl_load_options *opts;
    int version; /* 1..4: the spec release candidate the document declares */
    /* How the current block's config was written, so that diagnostics about the normalised
     * config still point at the text as written. */
    struct {
        bool scp_single;        /* set_contact_property was one object (rc2/rc3) */
        int choices_shape;      /* 2: map name -> prompt, 3: {name,test,prompt}, 4: rc4 */
        bool groups_single;     /* SetGroupMembership group_key/group_name (rc3) */
        const char *prompt_key; /* "message" when a Message used the rc2 key */
    } shape;
    fl_strmap covered; /* resources of the current flow already checked for coverage (W009) */
    const fl_flow *covered_flow;
} fl_loader;

/* Reports a finding at pointer (base followed by an optional key; key may be NULL). */
void ld_diag(fl_loader *L, fl_severity sev, const char *code, const char *base, const char *key,
             const fl_block *b, const char *fmt, ...) FL_PRINTF(7, 8);
#define ld_error(L, code, base, key, b, ...)                                                       \
    ld_diag(L, FL_SEVERITY_ERROR, code, base, key, b, __VA_ARGS__)
#define ld_warn(L, code, base, key, b, ...)                                                        \
    ld_diag(L, FL_SEVERITY_WARNING, code, base, key, b, __VA_ARGS__)

/* "base/key" (escaped) or "base/index" in the arena. */
const char *ld_ptr(fl_loader *L, const char *base, const char *key);
const char *ld_ptr_index(fl_loader *L, const char *base, size_t i);

/* Typed member access with diagnostics: missing + required -> E010, wrong type -> E011.
 * Return NULL (or false) when absent or wrong. JSON null counts as absent. */
const char *ld_string(fl_loader *L, const json_t *obj, const char *key, const char *base,
                      const fl_block *b, bool required);
json_t *ld_object(fl_loader *L, const json_t *obj, const char *key, const char *base,
                  const fl_block *b, bool required);
json_t *ld_array(fl_loader *L, const json_t *obj, const char *key, const char *base,
                 const fl_block *b, bool required);
/* A number member; *out untouched when absent. Returns true when present and numeric. */
bool ld_number(fl_loader *L, const json_t *obj, const char *key, const char *base,
               const fl_block *b, bool required, double *out);
bool ld_integer(fl_loader *L, const json_t *obj, const char *key, const char *base,
                const fl_block *b, bool required, json_int_t *out);
bool ld_boolean(fl_loader *L, const json_t *obj, const char *key, const char *base,
                const fl_block *b, bool *out);
/* Checks a uuid member's shape (E012); returns it, or NULL when absent / malformed. */
const char *ld_uuid(fl_loader *L, const json_t *obj, const char *key, const char *base,
                    const fl_block *b, bool required);
/* Reports keys of obj not in the NULL-terminated list `known` (W010). */
void ld_unknown_keys(fl_loader *L, const json_t *obj, const char *base, const fl_block *b,
                     const char *const *known);

/* Compiles src; a parse error is E030 at base/key with the expression's line:column.
 * kind < 0 picks the rule for tests and values: "@..." is a template, else a bare expression.
 * The expression is owned by the container. */
fl_expr *ld_compile(fl_loader *L, const char *src, int kind, const char *base, const char *key,
                    const fl_block *b);

/* Modes array -> bit set; unknown names are E018; upper-cases the names in place. */
unsigned ld_modes(fl_loader *L, json_t *arr, const char *base, const fl_block *b);

/* ---- Stages ---- */
/* load_flow.c: one flow (languages, own resources, blocks); resources of the container. */
void ld_flow(fl_loader *L, json_t *jf, fl_flow *f);
void ld_resources(fl_loader *L, json_t *arr, const char *base, fl_resource **out, size_t *n,
                  fl_strmap *by_uuid);
/* load_block.c: block envelope and exits; calls the config loader. */
void ld_block(fl_loader *L, json_t *jb, fl_block *b);
/* load_config.c: per-type config (after normalisation). */
void ld_config(fl_loader *L, fl_block *b, json_t *config);
/* normalise.c: rewrites older shapes of a block config into the rc4 shape, in place. */
void ld_normalise_config(fl_loader *L, fl_block *b, json_t *config);
/* validate.c: references, reachability and resource coverage over the built model. */
void ld_validate(fl_loader *L);

/* container.c: builds the lookup tables of the whole container. */
void ld_index(fl_loader *L);
/* Envelope texts and resolved prompts (engine/load_texts.c); after ld_index. */
void ld_texts(fl_loader *L);
void ld_flow_lookup_free(fl_flow *f);

#endif
