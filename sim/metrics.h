/*
 * metrics.h: request counters, a latency histogram and gauges, rendered in the Prometheus text
 * exposition format (version 0.0.4). Single-threaded: the server loop is the only writer.
 */
#ifndef FL_SIM_METRICS_H
#define FL_SIM_METRICS_H

#include "engine/floip.h"

typedef struct metrics metrics;

metrics *metrics_new(void);
void metrics_free(metrics *m);
/* One finished request: route is the matched pattern ("/v1/stacks/{uuid}"), or "other". */
void metrics_observe(metrics *m, const char *method, const char *route, int status, double seconds);
/* Appends the exposition text; gauges are passed in by the caller, who knows them. */
void metrics_render(const metrics *m, size_t live_sessions, size_t journeys, size_t connections,
                    unsigned long long turns, fl_buf *out);

#endif
