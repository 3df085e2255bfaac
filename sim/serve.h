/* serve.h: the `floip serve` application: routes, auth, access log and metrics around http.c. */
#ifndef FL_SIM_SERVE_H
#define FL_SIM_SERVE_H

#include "sim/http.h"
#include "sim/metrics.h"
#include "sim/simulation.h"

#include <stdio.h>

typedef struct serve_app {
    sim_service *svc;
    metrics *metrics;
    http_server *http;
    bool auth;                      /* --token given */
    unsigned char token_digest[32]; /* SHA-256 of the token: compared in constant time */
    FILE *access_log;               /* NULL = none */
    const char *route;              /* the pattern matched by the request being answered */
} serve_app;

/* Sets the token (NULL = no auth). */
void serve_set_token(serve_app *app, const char *token);
/* http_handler_fn and http_done_fn for the app. */
void serve_handle(void *ud, const http_request *req, http_response *resp);
void serve_done(void *ud, const http_request *req, const http_response *resp, double seconds);

#endif
