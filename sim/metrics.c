/* metrics.c: Prometheus counters and histogram for floip serve. */
#include "sim/metrics.h"

#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

/* Upper bounds in seconds; a last implicit bucket is +Inf. */
static const double bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};
#define N_BOUNDS FL_ARRAY_LEN(bounds)

typedef struct series {
    char *method, *route;
    int status;
    unsigned long long count;
    struct series *next;
} series;

struct metrics {
    series *requests; /* one per (method, route, status); few distinct ones exist */
    unsigned long long buckets[N_BOUNDS + 1];
    unsigned long long observations;
    double sum;
    unsigned long long errors_4xx, errors_5xx;
};

metrics *metrics_new(void)
{
    return fl_xcalloc(1, sizeof(metrics));
}

void metrics_free(metrics *m)
{
    if (!m) return;
    for (series *s = m->requests, *n; s; s = n) {
        n = s->next;
        free(s->method), free(s->route), free(s);
    }
    free(m);
}

void metrics_observe(metrics *m, const char *method, const char *route, int status, double seconds)
{
    series *s = m->requests;
    while (s && !(s->status == status && !strcmp(s->route, route) && !strcmp(s->method, method)))
        s = s->next;
    if (!s) {
        s = fl_xcalloc(1, sizeof *s);
        s->method = fl_xstrdup(method);
        s->route = fl_xstrdup(route);
        s->status = status;
        s->next = m->requests;
        m->requests = s;
    }
    s->count++;
    size_t i = 0;
    while (i < N_BOUNDS && seconds > bounds[i]) i++;
    m->buckets[i]++;
    m->observations++;
    m->sum += seconds;
    if (status >= 500)
        m->errors_5xx++;
    else if (status >= 400)
        m->errors_4xx++;
}

void metrics_render(const metrics *m, size_t live_sessions, size_t journeys, size_t connections,
                    unsigned long long turns, fl_buf *out)
{
    fl_buf_puts(out, "# HELP floip_http_requests_total HTTP requests answered.\n"
                     "# TYPE floip_http_requests_total counter\n");
    for (const series *s = m->requests; s; s = s->next)
        fl_buf_printf(out,
                      "floip_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
                      s->method, s->route, s->status, s->count);
    fl_buf_puts(out, "# HELP floip_http_request_duration_seconds Time to answer a request.\n"
                     "# TYPE floip_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t i = 0; i < N_BOUNDS; i++) {
        cumulative += m->buckets[i];
        fl_buf_printf(out, "floip_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                      bounds[i], cumulative);
    }
    cumulative += m->buckets[N_BOUNDS];
    fl_buf_printf(out, "floip_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                  cumulative);
    fl_buf_printf(out, "floip_http_request_duration_seconds_sum %.9f\n", m->sum);
    fl_buf_printf(out, "floip_http_request_duration_seconds_count %llu\n", m->observations);
    fl_buf_printf(out,
                  "# HELP floip_http_errors_total Requests answered with an error status.\n"
                  "# TYPE floip_http_errors_total counter\n"
                  "floip_http_errors_total{class=\"4xx\"} %llu\n"
                  "floip_http_errors_total{class=\"5xx\"} %llu\n",
                  m->errors_4xx, m->errors_5xx);
    fl_buf_printf(out,
                  "# HELP floip_simulation_turns_total Simulation turns carried out.\n"
                  "# TYPE floip_simulation_turns_total counter\n"
                  "floip_simulation_turns_total %llu\n",
                  turns);
    fl_buf_printf(out,
                  "# HELP floip_simulation_sessions_live Simulations held in memory.\n"
                  "# TYPE floip_simulation_sessions_live gauge\n"
                  "floip_simulation_sessions_live %zu\n"
                  "# HELP floip_journeys_loaded Journeys that simulations can start.\n"
                  "# TYPE floip_journeys_loaded gauge\n"
                  "floip_journeys_loaded %zu\n"
                  "# HELP floip_http_connections_open Client connections open now.\n"
                  "# TYPE floip_http_connections_open gauge\n"
                  "floip_http_connections_open %zu\n",
                  live_sessions, journeys, connections);
}
