/*
 * test.h: the pieces of `floip test` (internal to the CLI).
 *
 *   test_sim.c        one simulated conversation over fl_session, shared by Lua tests and
 * transcripts test_json.c       dotted paths and comparisons of JSON values test_cache.c containers
 * loaded once per run, shared by every worker thread test_lua.c        the sandboxed Lua
 * journey-test API test_transcript.c *.transcript.json: parse, run, --update test_coverage.c blocks
 * and exits taken, from the sessions' "exit" events test_report.c     the human report, TAP and
 * JUnit XML test_discover.c   finding test files and flows under the given paths
 */
#ifndef FL_SIM_TEST_H
#define FL_SIM_TEST_H

#include "engine/floip.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- results ------------------------------------------------------------------------------- */

typedef enum { FL_TEST_PASS = 0, FL_TEST_FAIL = 1, FL_TEST_SKIP = 2 } fl_test_status;

typedef struct fl_test_result {
    char *name; /* full name: "describe > test" */
    fl_test_status status;
    char *message;  /* failure: one line */
    char *where;    /* failure: "file:line", or NULL */
    char *expected; /* failure: rendered expected value, or NULL */
    char *actual;   /* failure: rendered actual value, or NULL */
    char *output;   /* what the test printed, or NULL */
    double seconds;
} fl_test_result;

/* Everything one test file produced. */
typedef struct fl_test_file {
    char *path; /* as displayed (relative to where floip was started when possible) */
    bool is_transcript;
    char *error; /* the file itself is unusable (syntax error, bad JSON): exit 2 */
    fl_test_result *results;
    size_t n_results, cap_results;
    json_t *coverage; /* {"<flow uuid>": {"blocks": {uuid: n}, "exits": {uuid: n}}} */
    bool updated;     /* --update rewrote the file */
    double seconds;
} fl_test_file;

fl_test_result *fl_test_file_add(fl_test_file *f, const char *name);
void fl_test_result_fail(fl_test_result *r, const char *where, const char *message,
                         const char *expected, const char *actual);
void fl_test_file_clear(fl_test_file *f);

/* ---- options of one run -------------------------------------------------------------------- */

typedef struct fl_test_options {
    const char *filter;      /* substring, or a glob when it has * ? [ */
    bool update;             /* rewrite transcripts' golden keys */
    size_t max_instructions; /* Lua instructions per test (0 = default) */
    size_t max_memory;       /* Lua bytes per file (0 = default) */
} fl_test_options;

bool fl_test_filter_match(const char *filter, const char *name);

/* ---- containers, loaded once ---------------------------------------------------------------- */

typedef struct fl_test_cache fl_test_cache;

fl_test_cache *fl_test_cache_new(void);
void fl_test_cache_free(fl_test_cache *cache);
/* The container of a flow file (path as given; the key is its real path). On failure returns NULL
 * and writes the reason (the first error diagnostics) into err, which the caller frees. */
const fl_container *fl_test_cache_get(fl_test_cache *cache, const char *path, char **err);
/* Calls fn for every container loaded so far, with the path it was first asked by. */
void fl_test_cache_each(fl_test_cache *cache,
                        void (*fn)(void *ud, const char *path, const fl_container *c), void *ud);

/* ---- one simulated conversation ------------------------------------------------------------ */

typedef struct fl_tsim {
    const fl_container *container;
    fl_session *session;
    json_t *turn_events; /* events of the last call */
    json_t *messages;    /* `turn` payloads of the last call */
    json_t *buttons;     /* titles offered by the last message that offers any */
    char *text;          /* texts of the last call, joined by "\n" */
    json_t *coverage;    /* borrowed: where the "exit" events are counted, may be NULL */
    json_t *interactive; /* the last `turn` that offered buttons or rows, of any call */
} fl_tsim;

typedef struct fl_tsim_start {
    const char *flow;                       /* uuid or name; NULL = first */
    json_t *contact, *vars, *webhook_mocks; /* borrowed; may be NULL */
    const char *language, *mode;
    int64_t now_ms;
    uint64_t seed;
    bool timeout_default_exit;
} fl_tsim_start;

/* Starts a session and runs to the first wait. On failure err holds a one-line reason. */
int fl_tsim_begin(fl_tsim *sim, const fl_container *c, const fl_tsim_start *st, json_t *coverage,
                  fl_buf *err);
int fl_tsim_send(fl_tsim *sim, const char *text, fl_buf *err);
/* A button or list reply, by title or by 1-based position ("2"). */
int fl_tsim_press(fl_tsim *sim, const char *title_or_number, fl_buf *err);
int fl_tsim_message(fl_tsim *sim, const json_t *message, fl_buf *err);
int fl_tsim_wait(fl_tsim *sim, const char *duration, fl_buf *err);
void fl_tsim_end(fl_tsim *sim);

/* "waiting_for_input" or "end" (Turn's words); "new" before start. */
const char *fl_tsim_state(const fl_tsim *sim);
/* The name of the block waited at, or NULL. */
const char *fl_tsim_block(const fl_tsim *sim);
/* Value at a dotted path ("results.age.value", "a.b[0].c") in the context, borrowed or NULL. */
const json_t *fl_tsim_path(const json_t *root, const char *path);
/* What one call's events showed the contact: the texts joined by "\n" (malloc'd), the titles of
 * the last message offering buttons (new array) and every `turn` payload (new array; may be NULL).
 */
void fl_turn_summary(const json_t *events, char **text, json_t **buttons, json_t **messages);
/* Messages of Core.Log in the last call, as a new array of strings. */
json_t *fl_tsim_logs(const fl_tsim *sim);

/* JSON equality where 36 == 36.0 (jansson keeps integers and reals apart). */
bool fl_json_equal_loose(const json_t *a, const json_t *b);
/* Every key of `want` holds in `have` (recursively for objects; arrays element-wise). */
bool fl_json_subset(const json_t *want, const json_t *have);

/* ---- the two kinds of test file ------------------------------------------------------------ */

int fl_test_run_lua(const char *path, fl_test_cache *cache, const fl_test_options *opt,
                    fl_test_file *out);
int fl_test_run_transcript(const char *path, fl_test_cache *cache, const fl_test_options *opt,
                           fl_test_file *out);

/* The directory part of path ("." when none), malloc'd; and dir/rel unless rel is absolute. */
char *fl_test_dirname(const char *path);
char *fl_test_join(const char *dir, const char *rel);

/* ---- coverage ------------------------------------------------------------------------------ */

/* Counts one event ("exit", "message", "waiting") into cov. */
void fl_coverage_count(json_t *cov, const json_t *event);
/* Adds every count of src into dst. */
void fl_coverage_merge(json_t *dst, const json_t *src);
/* The report over every flow of the given containers:
 * {"blocks": {"total", "covered", "percent"}, "exits": {...},
 *  "flows": [{"file", "flow", "name", "blocks": {...}, "exits": {...},
 *             "uncovered_blocks": [{"uuid","name","type"}], "uncovered_exits": [{"block",
 *             "block_name","exit","exit_name"}]}]}   (new reference) */
json_t *fl_coverage_report(const json_t *counts, const char *const *files,
                           const fl_container *const *containers, size_t n);
void fl_coverage_print(FILE *out, const json_t *report);

/* ---- reports -------------------------------------------------------------------------------- */

typedef struct fl_test_totals {
    size_t passed, failed, skipped, errors;
} fl_test_totals;

void fl_report_file_human(FILE *out, const fl_test_file *f, bool color);
void fl_report_summary(FILE *out, const fl_test_totals *t);
/* TAP: call per file with a running counter; the plan comes last. */
void fl_report_file_tap(FILE *out, const fl_test_file *f, size_t *counter);
void fl_report_tap_end(FILE *out, size_t counter, const fl_test_totals *t);
int fl_report_junit(const char *path, fl_test_file *const *files, size_t n, fl_buf *err);
/* XML text escaping (also drops what XML 1.0 cannot carry). */
void fl_xml_escape(fl_buf *out, const char *s);

/* ---- discovery ------------------------------------------------------------------------------ */

typedef struct fl_test_paths {
    char **tests; /* *_test.lua and *.transcript.json, sorted */
    size_t n_tests;
    char **flows; /* other *.json files (candidate journeys, for coverage) */
    size_t n_flows;
} fl_test_paths;

/* Walks each path (file or directory). FL_ENOTFOUND (with err) when a path does not exist. */
int fl_test_discover(const char *const *paths, size_t n, fl_test_paths *out, fl_buf *err);
void fl_test_paths_free(fl_test_paths *p);

#endif
