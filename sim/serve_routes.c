/* serve_routes.c: the HTTP routes of floip serve, mapped onto the simulation service. */
#include "sim/serve.h"

#include "engine/json_write.h"
#include "engine/util.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

void serve_set_token(serve_app *app, const char *token)
{
    app->auth = token != NULL;
    if (!token) return;
    unsigned len = 0;
    EVP_Digest(token, strlen(token), app->token_digest, &len, EVP_sha256(), NULL);
}

/* Hashing both sides first makes the comparison constant-time whatever the lengths. */
static bool authorized(const serve_app *app, const http_request *req)
{
    if (!app->auth) return true;
    const char *h = req->authorization;
    if (!h || fl_strcasecmp(h, "") == 0) return false;
    if (strncasecmp(h, "Bearer ", 7) != 0) return false;
    h += 7;
    while (*h == ' ') h++;
    unsigned char d[32];
    unsigned len = 0;
    EVP_Digest(h, strlen(h), d, &len, EVP_sha256(), NULL);
    return CRYPTO_memcmp(d, app->token_digest, sizeof d) == 0;
}

static void send_json(http_response *resp, int status, json_t *body)
{
    resp->status = status;
    fl_json_dump(&resp->body, body);
    json_decref(body);
}

static void send_error(http_response *resp, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void send_error(http_response *resp, int status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    http_error(resp, status, code, msg);
}

static void method_not_allowed(http_response *resp, const char *method, const char *allow)
{
    send_error(resp, 405, "method_not_allowed", "%s is not allowed here; use %s", method, allow);
    fl_buf_printf(&resp->headers, "Allow: %s\r\n", allow);
}

/* Parses the request body as a JSON document; answers 400 with the location when it is not. */
static json_t *parse_body(const http_request *req, http_response *resp)
{
    if (req->body_len == 0) {
        send_error(resp, 400, "malformed_json",
                   "the request body is empty; a JSON object is expected");
        return NULL;
    }
    json_error_t e;
    json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
    if (doc) return doc;
    json_t *body =
        json_pack("{s:{s:i,s:s,s:s,s:i,s:i,s:i}}", "error", "status", 400, "code", "malformed_json",
                  "message", e.text, "line", e.line, "column", e.column, "position", e.position);
    send_json(resp, 400, body);
    return NULL;
}

/* Splits the path into at most 8 segments, percent-decoding each in place. */
static size_t split_path(char *path, char **seg, size_t max)
{
    size_t n = 0;
    char *p = path;
    while (*p == '/') p++;
    while (*p && n < max) {
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (slash) *slash = 0;
        char *w = p;
        for (char *r = p; *r; r++) {
            if (*r == '%' && r[1] && r[2]) {
                char hex[3] = {r[1], r[2], 0};
                char *end;
                long v = strtol(hex, &end, 16);
                if (*end == 0 && v > 0) {
                    *w++ = (char)v;
                    r += 2;
                    continue;
                }
            }
            *w++ = *r;
        }
        *w = 0;
        if (!slash) break;
        p = slash + 1;
    }
    return n;
}

/* The value of ?journey=... (decoded into buf) or NULL. */
static const char *query_journey(const char *query, char *buf, size_t size)
{
    if (!query) return NULL;
    for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, "journey=", 8)) continue;
        p += 8;
        size_t n = strcspn(p, "&");
        if (n >= size) n = size - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        return buf;
    }
    return NULL;
}

static void healthz(serve_app *app, http_response *resp)
{
    send_json(resp, 200,
              json_pack("{s:s,s:s,s:I,s:I,s:I}", "status", "ok", "version", FLOIP_VERSION,
                        "journeys", (json_int_t)sim_journeys(app->svc), "simulations",
                        (json_int_t)sim_live(app->svc), "awake", (json_int_t)sim_awake(app->svc)));
}

static void route(serve_app *app, const http_request *req, http_response *resp)
{
    const char *m = req->method;
    bool get = !strcmp(m, "GET"), post = !strcmp(m, "POST"), del = !strcmp(m, "DELETE");
    char path[2048];
    size_t plen = strlen(req->path);
    if (plen >= sizeof path) plen = sizeof path - 1;
    memcpy(path, req->path, plen);
    path[plen] = '\0';
    char *seg[8];
    size_t n = split_path(path, seg, 8);
    json_t *out = NULL;
    int status;

    if (n == 1 && !strcmp(seg[0], "healthz")) {
        app->route = "/healthz";
        if (!get) return method_not_allowed(resp, m, "GET");
        return healthz(app, resp);
    }
    if (!authorized(app, req)) {
        app->route = "unauthorized";
        send_error(resp, 401, "unauthorized", "a valid Authorization: Bearer token is required");
        fl_buf_puts(&resp->headers, "WWW-Authenticate: Bearer realm=\"floip\"\r\n");
        return;
    }
    if (n == 1 && !strcmp(seg[0], "metrics")) {
        app->route = "/metrics";
        if (!get) return method_not_allowed(resp, m, "GET");
        resp->status = 200;
        resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
        metrics_render(app->metrics, sim_live(app->svc), sim_journeys(app->svc),
                       app->http ? http_server_connections(app->http) : 0, sim_turns(app->svc),
                       &resp->body);
        return;
    }
    if (n < 2 || strcmp(seg[0], "v1")) goto not_found;
    bool stacks = !strcmp(seg[1], "stacks") || !strcmp(seg[1], "journeys");
    if (stacks && n == 2) {
        app->route = "/v1/stacks";
        if (get)
            status = sim_list_journeys(app->svc, &out);
        else if (post) {
            json_t *body = parse_body(req, resp);
            if (!body) return;
            status = sim_create_journey(app->svc, body, &out);
            json_decref(body);
        } else
            return method_not_allowed(resp, m, "GET, POST");
        return send_json(resp, status, out);
    }
    if (stacks && n == 3) {
        app->route = "/v1/stacks/{uuid}";
        if (!get) return method_not_allowed(resp, m, "GET");
        status = sim_get_journey(app->svc, seg[2], &out);
        return send_json(resp, status, out);
    }
    if (stacks && n == 4 && !strcmp(seg[3], "simulation")) {
        app->route = "/v1/stacks/{uuid}/simulation";
        if (!post) return method_not_allowed(resp, m, "POST");
        json_t *body = parse_body(req, resp);
        if (!body) return;
        resp->status = sim_turn(app->svc, seg[2], body, &resp->body);
        json_decref(body);
        return;
    }
    if (!strcmp(seg[1], "simulations") && (n == 3 || n == 4)) {
        char jbuf[128];
        const char *juuid = query_journey(req->query, jbuf, sizeof jbuf);
        if (n == 3) {
            app->route = "/v1/simulations/{id}";
            if (get)
                status = sim_get(app->svc, seg[2], juuid, &out);
            else if (del)
                status = sim_delete(app->svc, seg[2], juuid, &out);
            else
                return method_not_allowed(resp, m, "GET, DELETE");
            return send_json(resp, status, out);
        }
        if (!strcmp(seg[3], "clock")) {
            app->route = "/v1/simulations/{id}/clock";
            if (!post) return method_not_allowed(resp, m, "POST");
            json_t *body = parse_body(req, resp);
            if (!body) return;
            resp->status = sim_clock(app->svc, seg[2], juuid, body, &resp->body);
            json_decref(body);
            return;
        }
    }
not_found:
    app->route = "other";
    send_error(resp, 404, "not_found", "no route for %s %s", m, req->path);
}

void serve_handle(void *ud, const http_request *req, http_response *resp)
{
    serve_app *app = ud;
    app->route = "other";
    route(app, req, resp);
}

void serve_done(void *ud, const http_request *req, const http_response *resp, double seconds)
{
    serve_app *app = ud;
    metrics_observe(app->metrics, req->method, app->route, resp->status, seconds);
    app->route = "other";
    if (!app->access_log) return;
    char at[48];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    fl_format_iso_ms((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, at);
    fprintf(app->access_log, "%s %s \"%s %s%s%s\" %d %zu %.3fms\n", at, req->remote, req->method,
            req->path, req->query ? "?" : "", req->query ? req->query : "", resp->status,
            resp->body.len, seconds * 1000.0);
}
