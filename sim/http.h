/*
 * http.h: a small HTTP/1.1 server on libuv + http-parser (keep-alive, pipelining, many
 * connections on one loop). It knows nothing about routes: every complete request goes to one
 * handler, which fills a response synchronously. Responses leave in request order.
 */
#ifndef FL_SIM_HTTP_H
#define FL_SIM_HTTP_H

#include "engine/floip.h"

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct http_request {
    const char *method;        /* "GET", "POST", ... */
    const char *path;          /* the URL path, without the query */
    const char *query;         /* text after '?', or NULL */
    const char *authorization; /* the Authorization header, or NULL */
    const char *content_type;  /* the Content-Type header, or NULL */
    const char *body;          /* NUL-terminated; "" when there is none */
    size_t body_len;
    const char *remote; /* peer address as text */
    bool keep_alive;
} http_request;

typedef struct http_response {
    int status;
    const char *content_type; /* static string; NULL = application/json */
    fl_buf body;              /* owned by the server; the handler appends */
    fl_buf headers;           /* extra header lines, each ending in \r\n */
    bool close;               /* close the connection after this response */
} http_response;

/* Handles one request; must set resp->status and may append to resp->body and resp->headers. */
typedef void (*http_handler_fn)(void *ud, const http_request *req, http_response *resp);
/* Called after every response is queued (access log, metrics). seconds: time spent on it. */
typedef void (*http_done_fn)(void *ud, const http_request *req, const http_response *resp,
                             double seconds);

typedef struct http_server_options {
    const char *host; /* NULL = 127.0.0.1 */
    int port;         /* 0 = any free port (see http_server_port) */
    size_t max_body;  /* 0 = 1 MiB; larger bodies are answered 413 */
    http_handler_fn handler;
    http_done_fn done; /* may be NULL */
    void *ud;
} http_server_options;

typedef struct http_server http_server;

int http_server_start(uv_loop_t *loop, const http_server_options *opts, http_server **out,
                      fl_error *err);
/* The port actually bound. */
int http_server_port(const http_server *s);
size_t http_server_connections(const http_server *s);
/* Stops accepting, lets in-flight requests finish, closes every connection; calls done (may be
 * NULL) once the last connection and the listener are closed. Idempotent. */
void http_server_drain(http_server *s, void (*done)(void *ud), void *ud);
/* Frees the server after the loop has closed all its handles (after drain completed). */
void http_server_free(http_server *s);

/* The reason phrase of a status code ("Not Found"). */
const char *http_status_text(int status);
/* Appends a JSON error body {"error": {"status", "code", "message"}} and sets the status. */
void http_error(http_response *resp, int status, const char *code, const char *message);

#endif
