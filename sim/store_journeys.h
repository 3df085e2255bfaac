/*
 * store_journeys.h: the journeys a simulation can start, loaded from --flows DIR and from
 * POST /v1/stacks. A journey is reference counted: a reload swaps the catalogue while running
 * simulations keep the container they started with.
 */
#ifndef FL_SIM_STORE_JOURNEYS_H
#define FL_SIM_STORE_JOURNEYS_H

#include "engine/floip.h"

#include <stdio.h>

typedef struct journey {
    int refs;
    fl_container *container;
    char *uuid;          /* the container's uuid: the journey's id in every URL */
    char *name;          /* the name given when created, else the container's */
    char *source;        /* the file it came from, or NULL when created over the API */
    char revision[37];   /* a uuid derived from the content: changes when the file changes */
    int64_t inserted_at; /* ms */
    int64_t updated_at;  /* ms */
} journey;

journey *journey_ref(journey *j);
void journey_unref(journey *j);

typedef struct journey_catalog journey_catalog;

/* dir may be NULL (nothing to load); state_dir may be NULL (API journeys are not kept). */
journey_catalog *catalog_new(const char *flows_dir, const char *state_dir, FILE *log);
void catalog_free(journey_catalog *cat);
/* (Re)loads every *.json in the flows dir (and journeys kept in state_dir/journeys). A file that
 * does not load is reported on the log and skipped; journeys created over the API stay.
 * Returns how many journeys are loaded. */
size_t catalog_reload(journey_catalog *cat);
size_t catalog_count(const journey_catalog *cat);
journey *catalog_at(const journey_catalog *cat, size_t i);           /* borrowed */
journey *catalog_find(const journey_catalog *cat, const char *uuid); /* borrowed, or NULL */
/*
 * Loads a container from JSON text and adds it (replacing a journey with the same uuid).
 * On success *out is borrowed and *replaced tells whether one was replaced. On failure returns
 * the loader's code and *problems (new reference) lists the diagnostics.
 */
int catalog_add(journey_catalog *cat, const char *name, const char *json, size_t len,
                int64_t now_ms, journey **out, bool *replaced, json_t **problems);

/* The Journeys API shape of a journey ({uuid, name, url, is_canvas, ...}); new reference. */
json_t *journey_summary(const journey *j, const char *base_url);

#endif
