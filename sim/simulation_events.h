/*
 * simulation_events.h: reading an event the engine hands out as compact JSON text
 * (fl_session_event_json) without parsing it: the spans of an object's members. The transcript
 * copies those spans byte for byte; the text is exactly what json_dumps prints, so a span is the
 * compact dump of its value.
 */
#ifndef FL_SIM_SIMULATION_EVENTS_H
#define FL_SIM_SIMULATION_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sim_span {
    const char *p; /* NULL when absent */
    size_t len;
} sim_span;

/* The value of member key of an object's text; false (and out->p = NULL) when it has none. */
bool span_member(sim_span object, const char *key, sim_span *out);

#endif
