/*
 * simulation.h: the simulation service behind both `floip serve` (HTTP) and `floip mcp` (stdio).
 * Every operation returns an HTTP-style status (200, 201, 404, 409, 422, 500) and a new reference
 * to the body: the result, or {"error": {status, code, message, problems?}}. A request that is
 * refused never changes any simulation.
 */
#ifndef FL_SIM_SIMULATION_H
#define FL_SIM_SIMULATION_H

#include "sim/store.h"

typedef struct sim_options {
    const char *flows_dir; /* may be NULL */
    const char *state_dir; /* NULL = simulations live in memory only */
    const char *base_url;  /* prefix of the "url" of journeys, e.g. http://127.0.0.1:8080 */
    FILE *log;             /* diagnostics; NULL = stderr */
    size_t max_live;       /* simulations kept live before parking the idle ones; 0 = 10000 */
} sim_options;

typedef struct sim_service sim_service;

sim_service *sim_service_new(const sim_options *opts);
void sim_service_free(sim_service *svc);
/* Reloads the flows dir (SIGHUP); running simulations keep their journey. Returns the count. */
size_t sim_reload(sim_service *svc);
size_t sim_live(const sim_service *svc);
/* Simulations held as live engine sessions; the others are parked as saved JSON. */
size_t sim_awake(const sim_service *svc);
/* How many stay live before the least recently used are parked (0 = default, 10000). */
void sim_set_max_live(sim_service *svc, size_t n);
size_t sim_journeys(const sim_service *svc);
/* Simulation turns carried out so far (start, input, clock). */
unsigned long long sim_turns(const sim_service *svc);
void sim_set_base_url(sim_service *svc, const char *base_url);

/* Journeys API */
int sim_list_journeys(sim_service *svc, json_t **out);                 /* array */
int sim_get_journey(sim_service *svc, const char *uuid, json_t **out); /* the FLOIP JSON */
/* body: {name, notebook (FLOIP JSON as text or object), enabled?, publish_latest_changes?} */
int sim_create_journey(sim_service *svc, const json_t *body, json_t **out);

/*
 * Simulation API. body is Turn's: {simulation_id, revision?, contact?, input?} plus the
 * extensions message (an inbound Channel API message), press (a button title or 1-based number)
 * and now (ISO time for a new session's clock). sim_turn starts the session when the pair
 * (journey, simulation_id) is new, else submits the input. sim_start refuses an existing pair
 * (409); sim_submit refuses an unknown one (404) and takes journey NULL to find the simulation by
 * its id alone.
 * Turns are the hot path: their answer (or error body) is appended to out as compact JSON text,
 * written straight from the engine's events, byte for byte what json_dumps would print.
 */
int sim_turn(sim_service *svc, const char *journey, const json_t *body, fl_buf *out);
int sim_start(sim_service *svc, const char *journey, const json_t *body, fl_buf *out);
int sim_submit(sim_service *svc, const char *journey, const json_t *body, fl_buf *out);
/* body: {"advance": "5m"} or {"to": ISO time}. journey may be NULL. */
int sim_clock(sim_service *svc, const char *id, const char *journey, const json_t *body,
              fl_buf *out);
/* State, context, results and the whole transcript. */
int sim_get(sim_service *svc, const char *id, const char *journey, json_t **out);
int sim_delete(sim_service *svc, const char *id, const char *journey, json_t **out);
bool sim_exists(const sim_service *svc, const char *id, const char *journey);

/* {"error": {"status", "code", "message"}} (+ "problems" when given, stolen). Returns status. */
int sim_error(json_t **out, int status, const char *code, json_t *problems, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
