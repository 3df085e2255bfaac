/*
 * store.h: the live simulations, keyed by (journey uuid, simulation_id), with optional
 * persistence: every change is written to state_dir/sessions/<journey>_<hex id>.json through a
 * temporary file and a rename, and everything there is loaded again at start.
 */
#ifndef FL_SIM_STORE_H
#define FL_SIM_STORE_H

#include "sim/store_journeys.h"
#include "sim/store_transcript.h"

typedef struct sim_entry {
    char *id;                              /* simulation_id */
    journey *journey;                      /* a reference held for the session's life */
    fl_session *session;                   /* NULL while parked */
    char *parked;                          /* while parked: the saved session as compact JSON */
    struct sim_entry *lru_prev, *lru_next; /* live entries, most recently used first */
    sim_transcript transcript;             /* kept as text: cheap when idle */
    json_t *buttons; /* what the last message offered, [{title, id?, reply?}], for `press` */
    json_t *contact; /* as given at start */
    char *revision;  /* as given at start */
    int64_t created_at, updated_at; /* wall clock, ms */
    unsigned turns;
    struct sim_entry *next; /* hash chain */
} sim_entry;

typedef struct sim_store sim_store;

sim_store *store_new(const char *state_dir, FILE *log);
void store_free(sim_store *st);
size_t store_count(const sim_store *st);
sim_entry *store_get(const sim_store *st, const char *journey_uuid, const char *id);
/* Every entry with this simulation_id (any journey): up to max written to out; returns the count.
 */
size_t store_find_id(const sim_store *st, const char *id, sim_entry **out, size_t max);
/* Takes ownership of e (which must not be in the store yet). */
void store_put(sim_store *st, sim_entry *e);
/* Removes e from the store and its file from the state dir, then frees it. */
void store_delete(sim_store *st, sim_entry *e);
/*
 * Makes e live (restoring it when parked) and the most recently used; then parks the least
 * recently used live entries beyond the limit: an idle simulation costs its saved JSON (well under
 * a kilobyte for small journeys) instead of its live objects. Call before using e->session.
 */
int store_touch(sim_store *st, sim_entry *e, fl_error *err);
/* How many simulations stay live before the least recently used are parked (default 10000). */
void store_set_max_live(sim_store *st, size_t n);
size_t store_live(const sim_store *st);
/* Writes e to the state dir (no-op without one). 0 or FL_EIO (logged). */
int store_save(sim_store *st, const sim_entry *e);
/* Loads every saved session whose journey is in the catalogue; logs the others. Returns count. */
size_t store_load(sim_store *st, journey_catalog *cat);

sim_entry *entry_new(const char *id, journey *j, fl_session *s);
void entry_free(sim_entry *e);

#endif
