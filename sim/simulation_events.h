/*
 * simulation_events.h: reading the events the engine hands out as compact JSON text
 * (fl_session_events_json) without parsing them: the spans of the array's elements and of an
 * object's members. The answer and the transcript copy those spans byte for byte; the text is
 * exactly what json_dumps prints, so a span is the compact dump of its value.
 */
#ifndef FL_SIM_SIMULATION_EVENTS_H
#define FL_SIM_SIMULATION_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sim_span {
    const char *p; /* NULL when absent */
    size_t len;
} sim_span;

/* Walks an array's elements: start *cursor at the array's first byte ('['); each call gives the
 * next element, false after the last one. */
bool span_element(const char **cursor, const char *end, sim_span *out);
/* The value of member key of an object's text; false (and out->p = NULL) when it has none. */
bool span_member(sim_span object, const char *key, sim_span *out);

#endif
