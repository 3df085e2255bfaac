/*
 * results.h: a run's results, kept by the session and read by evaluations in place.
 *
 * Storing a block's value is the engine's most frequent write. The results live in a small array
 * per run instead of a tree of JSON objects: evaluations read `results`, `flow` (rc3) and `run`
 * through host maps (expr/value.h, fl_host_map) over that array, and JSON is built only when
 * something asks for it (fl_session_context, a save, the first read of a child run that ended).
 * Both forms hold the same keys in the same order, so what an expression sees never depends on
 * which one it reads.
 */
#ifndef FL_RESULTS_H
#define FL_RESULTS_H

#include "expr/value.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fl_session;
struct fl_run;

/* results.<name>: {__value__, value, response, time, exit}. */
typedef struct fl_result {
    const char *name; /* the block's name, or owned (name_owned) when restored */
    size_t name_len;
    uint32_t hash; /* of the name, once there is an index */
    bool name_owned;
    json_t *value, *response, *time; /* owned references */
    const json_t *exit;              /* the exit's record (the container's) or NULL (null) */
    json_t *exit_owned;              /* a restored exit record, owned */
} fl_result;

typedef struct fl_results {
    fl_result *items; /* in the order names were first stored */
    size_t n, cap;
    uint32_t *index; /* by name hash, once there are more than a few (results.c) */
    size_t index_cap;
} fl_results;

/* The result named name (exact match), or NULL. */
fl_result *fl_results_find(const fl_results *rs, const char *name, size_t len);
/* Stores value, response and time (references stolen) under name (borrowed: must outlive the
 * run); a name stored before keeps its place. Returns the result, for its exit. */
fl_result *fl_results_put(fl_results *rs, const char *name, json_t *value, json_t *response,
                          json_t *time);
/* Adds a saved record {value, response, time, exit} under a copy of name. */
void fl_results_restore(fl_results *rs, const char *name, const json_t *record);
void fl_results_free(fl_results *rs);

/* JSON forms (new references). */
json_t *fl_result_json(const fl_result *r);
json_t *fl_results_json(const fl_results *rs);
/* flow (rc3): language, mode and the records of results (the run's fl_results_json). */
json_t *fl_flow_alias_json(const struct fl_session *s, const struct fl_run *r,
                           const json_t *results);
/* The run object {flow, language, mode, entered_at, results, parent, child}; with_parent false
 * leaves parent out (a child run that ended). */
json_t *fl_run_json(const struct fl_session *s, const struct fl_run *r, bool with_parent);

/* Host maps for evaluations; self is the fl_run (the session must not change meanwhile). */
extern const fl_host_map fl_results_map, fl_flow_alias_map, fl_run_map;

#endif
