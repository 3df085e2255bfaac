/* http.c: connections, request parsing and response writing for the HTTP/1.1 server. */
#include "sim/http.h"

#include "engine/json_write.h"
#include "engine/util.h"

#include <http_parser.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_BODY (1u << 20)
/* Stop reading from a client that does not read its responses once this much is queued. */
#define WRITE_HIGH_WATER (4u << 20)
/* How long a drain waits for slow clients before closing their connections. */
#define DRAIN_TIMEOUT_MS 10000
/* A connection keeps its response and output buffers between requests, so that answering does
 * not allocate; one that grew past this (a big GET) is released instead of kept. */
#define RETAIN_MAX (256u << 10)
#define READ_BUF   (64u << 10)

typedef struct conn conn;

struct http_server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    http_server_options opts;
    int port;
    conn *conns; /* doubly linked list of open connections */
    size_t n_conns;
    bool listener_closed, draining;
    uv_timer_t drain_timer;
    bool drain_timer_on;
    void (*drain_done)(void *ud);
    void *drain_ud;
    http_parser_settings settings;
    /* cached Date header, refreshed once a second */
    time_t date_at;
    char date[40];
    /* every read lands here: on_read parses it synchronously, one connection at a time */
    char read_buf[READ_BUF];
};

struct conn {
    uv_tcp_t tcp;
    http_server *srv;
    conn *prev, *next;
    http_parser parser;
    char remote[64];
    /* the request being parsed */
    fl_buf url, hname, hval, body, auth, ctype;
    bool in_message, last_was_value, want_auth, want_ctype;
    bool too_large;
    uint64_t started_ns;
    /* output gathered while one read is parsed, written in one go */
    fl_buf out;
    fl_buf resp_body, resp_headers; /* lent to each response in turn */
    struct write_req *spare;        /* a finished write, kept with its buffer for the next one */
    size_t pending_writes;
    bool close_after; /* close once pending writes finish */
    bool paused;      /* reading stopped until the client reads its responses */
    bool closing;
};

typedef struct write_req {
    uv_write_t req;
    conn *c;
    fl_buf data;
} write_req;

const char *http_status_text(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

void http_error(http_response *resp, int status, const char *code, const char *message)
{
    json_t *body =
        json_pack("{s:{s:i,s:s,s:s}}", "error", "status", status, "code", code, "message", message);
    resp->status = status;
    fl_buf_reset(&resp->body);
    fl_json_dump(&resp->body, body);
    json_decref(body);
}

static void refresh_date(http_server *s)
{
    time_t now = time(NULL);
    if (now == s->date_at) return;
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(s->date, sizeof s->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    s->date_at = now;
}

/* ---- closing ------------------------------------------------------------------------------- */

static void maybe_finish_drain(http_server *s)
{
    if (!s->draining || s->n_conns || !s->listener_closed) return;
    if (s->drain_timer_on) {
        s->drain_timer_on = false;
        uv_timer_stop(&s->drain_timer);
        uv_close((uv_handle_t *)&s->drain_timer, NULL);
    }
    if (s->drain_done) {
        void (*done)(void *) = s->drain_done;
        s->drain_done = NULL;
        done(s->drain_ud);
    }
}

static void write_req_free(write_req *w)
{
    if (!w) return;
    fl_buf_free(&w->data);
    free(w);
}

static void conn_free_bufs(conn *c)
{
    fl_buf_free(&c->url), fl_buf_free(&c->hname), fl_buf_free(&c->hval);
    fl_buf_free(&c->body), fl_buf_free(&c->auth), fl_buf_free(&c->ctype), fl_buf_free(&c->out);
    fl_buf_free(&c->resp_body), fl_buf_free(&c->resp_headers);
    write_req_free(c->spare);
}

/* Empties b for reuse, or releases it when it grew too large to keep idle. */
static void recycle(fl_buf *b)
{
    if (b->cap > RETAIN_MAX)
        fl_buf_free(b);
    else
        fl_buf_reset(b);
}

static void on_conn_closed(uv_handle_t *h)
{
    conn *c = h->data;
    http_server *s = c->srv;
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    s->n_conns--;
    conn_free_bufs(c);
    free(c);
    maybe_finish_drain(s);
}

static void conn_close(conn *c)
{
    if (c->closing) return;
    c->closing = true;
    uv_read_stop((uv_stream_t *)&c->tcp);
    uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

/* ---- writing ------------------------------------------------------------------------------- */

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf);

static void on_write(uv_write_t *req, int status)
{
    write_req *w = (write_req *)req;
    conn *c = w->c;
    recycle(&w->data);
    if (!c->spare && !c->closing)
        c->spare = w;
    else
        write_req_free(w);
    c->pending_writes--;
    if (c->closing) return;
    if (status < 0) {
        conn_close(c);
        return;
    }
    if (c->pending_writes == 0 && c->close_after) {
        conn_close(c);
        return;
    }
    /* resume a client paused for not reading its responses */
    if (c->paused &&
        uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) < WRITE_HIGH_WATER / 2) {
        c->paused = false;
        uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
    }
}

static void conn_flush(conn *c)
{
    if (c->closing) return;
    if (c->out.len == 0) {
        if (c->close_after && c->pending_writes == 0) conn_close(c);
        return;
    }
    write_req *w = c->spare ? c->spare : fl_xcalloc(1, sizeof *w);
    c->spare = NULL;
    w->c = c;
    /* the output goes with the write; the spare's empty buffer gathers the next one */
    fl_buf next = w->data;
    w->data = c->out;
    c->out = next;
    uv_buf_t b = uv_buf_init(w->data.data, (unsigned)w->data.len);
    c->pending_writes++;
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_write);
    if (rc < 0) {
        c->pending_writes--;
        write_req_free(w);
        conn_close(c);
        return;
    }
    if (!c->close_after &&
        uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) > WRITE_HIGH_WATER) {
        c->paused = true;
        uv_read_stop((uv_stream_t *)&c->tcp);
    }
}

#define PUT_LITERAL(b, s) fl_buf_append((b), (s), sizeof(s) - 1)

static void put_decimal(fl_buf *b, size_t v)
{
    char t[24], *p = t + sizeof t;
    do *--p = (char)('0' + v % 10);
    while (v /= 10);
    fl_buf_append(b, p, (size_t)(t + sizeof t - p));
}

/* The status line and headers are appended piece by piece: printf's parsing of the format was
 * a visible share of a small answer. */
static void conn_respond(conn *c, const http_response *r)
{
    http_server *s = c->srv;
    refresh_date(s);
    bool close = r->close || c->close_after || s->draining;
    fl_buf *out = &c->out;
    fl_buf_reserve(out, 192 + r->headers.len + r->body.len);
    PUT_LITERAL(out, "HTTP/1.1 ");
    put_decimal(out, (size_t)(r->status > 0 ? r->status : 0));
    fl_buf_putc(out, ' ');
    fl_buf_puts(out, http_status_text(r->status));
    PUT_LITERAL(out, "\r\nContent-Type: ");
    fl_buf_puts(out, r->content_type ? r->content_type : "application/json");
    PUT_LITERAL(out, "\r\nContent-Length: ");
    put_decimal(out, r->body.len);
    PUT_LITERAL(out, "\r\nDate: ");
    fl_buf_puts(out, s->date);
    if (close)
        PUT_LITERAL(out, "\r\nConnection: close\r\n");
    else
        PUT_LITERAL(out, "\r\nConnection: keep-alive\r\n");
    if (r->headers.len) fl_buf_append(out, r->headers.data, r->headers.len);
    PUT_LITERAL(out, "\r\n");
    if (r->body.len) fl_buf_append(out, r->body.data, r->body.len);
    if (close) c->close_after = true;
}

/* Answers a request the parser could not complete (bad syntax, body too large) and closes. */
static void conn_fail(conn *c, int status, const char *code, const char *message)
{
    http_response r = {0};
    http_error(&r, status, code, message);
    r.close = true;
    conn_respond(c, &r);
    http_server *s = c->srv;
    if (s->opts.done) {
        http_request req = {.method = http_method_str(c->parser.method),
                            .path = c->url.len ? c->url.data : "-",
                            .body = "",
                            .remote = c->remote};
        s->opts.done(s->opts.ud, &req, &r, (double)(uv_hrtime() - c->started_ns) / 1e9);
    }
    fl_buf_free(&r.body);
    fl_buf_free(&r.headers);
}

/* ---- parsing ------------------------------------------------------------------------------- */

static void reset_request(conn *c)
{
    fl_buf_reset(&c->url), fl_buf_reset(&c->hname), fl_buf_reset(&c->hval);
    fl_buf_reset(&c->body), fl_buf_reset(&c->auth), fl_buf_reset(&c->ctype);
    c->last_was_value = false;
    c->too_large = false;
}

static int on_message_begin(http_parser *p)
{
    conn *c = p->data;
    reset_request(c);
    c->in_message = true;
    c->started_ns = uv_hrtime();
    return 0;
}

static int on_url(http_parser *p, const char *at, size_t len)
{
    conn *c = p->data;
    fl_buf_append(&c->url, at, len);
    return 0;
}

static void header_done(conn *c)
{
    if (!c->hname.len) return;
    if (!fl_strcasecmp(c->hname.data, "authorization")) {
        fl_buf_reset(&c->auth);
        fl_buf_append(&c->auth, c->hval.data ? c->hval.data : "", c->hval.len);
    } else if (!fl_strcasecmp(c->hname.data, "content-type")) {
        fl_buf_reset(&c->ctype);
        fl_buf_append(&c->ctype, c->hval.data ? c->hval.data : "", c->hval.len);
    }
    fl_buf_reset(&c->hname);
    fl_buf_reset(&c->hval);
}

static int on_header_field(http_parser *p, const char *at, size_t len)
{
    conn *c = p->data;
    if (c->last_was_value) header_done(c);
    c->last_was_value = false;
    fl_buf_append(&c->hname, at, len);
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
    conn *c = p->data;
    c->last_was_value = true;
    fl_buf_append(&c->hval, at, len);
    return 0;
}

static int on_headers_complete(http_parser *p)
{
    conn *c = p->data;
    if (c->last_was_value) header_done(c);
    size_t max = c->srv->opts.max_body;
    /* content_length is ULLONG_MAX when the length is not given */
    if (p->content_length != (uint64_t)-1 && p->content_length > max) {
        c->too_large = true;
        return -1;
    }
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t len)
{
    conn *c = p->data;
    if (c->body.len + len > c->srv->opts.max_body) {
        c->too_large = true;
        return -1;
    }
    fl_buf_append(&c->body, at, len);
    return 0;
}

static int on_message_complete(http_parser *p)
{
    conn *c = p->data;
    http_server *s = c->srv;
    c->in_message = false;
    if (c->closing || c->close_after) return 0; /* a response already said Connection: close */

    char *url = c->url.data ? c->url.data : (char *)"/";
    char *q = strchr(url, '?');
    if (q) *q++ = '\0';
    http_request req = {
        .method = http_method_str(p->method),
        .path = url,
        .query = q,
        .authorization = c->auth.len ? c->auth.data : NULL,
        .content_type = c->ctype.len ? c->ctype.data : NULL,
        .body = c->body.data ? c->body.data : "",
        .body_len = c->body.len,
        .remote = c->remote,
        .keep_alive = http_should_keep_alive(p) != 0,
    };
    /* the connection's buffers are lent to the response and taken back, capacity and all */
    http_response resp = {.status = 500, .body = c->resp_body, .headers = c->resp_headers};
    c->resp_body = (fl_buf)FL_BUF_INIT;
    c->resp_headers = (fl_buf)FL_BUF_INIT;
    s->opts.handler(s->opts.ud, &req, &resp);
    if (!req.keep_alive) resp.close = true;
    conn_respond(c, &resp);
    if (s->opts.done)
        s->opts.done(s->opts.ud, &req, &resp, (double)(uv_hrtime() - c->started_ns) / 1e9);
    if (q) q[-1] = '?';
    recycle(&resp.body);
    recycle(&resp.headers);
    c->resp_body = resp.body;
    c->resp_headers = resp.headers;
    return 0;
}

/* ---- reading ------------------------------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    conn *c = h->data;
    *buf = uv_buf_init(c->srv->read_buf, sizeof c->srv->read_buf);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    conn *c = stream->data;
    if (nread < 0) {
        /* EOF: answer nothing more; close once queued responses are out */
        c->close_after = true;
        if (c->pending_writes == 0) conn_close(c);
        return;
    }
    if (nread == 0 || c->closing || c->close_after) return;
    size_t done = http_parser_execute(&c->parser, &c->srv->settings, buf->base, (size_t)nread);
    enum http_errno e = HTTP_PARSER_ERRNO(&c->parser);
    if (c->too_large) {
        conn_fail(c, 413, "body_too_large", "the request body is larger than --max-body");
    } else if (e != HPE_OK && e != HPE_PAUSED) {
        fl_buf msg = FL_BUF_INIT;
        fl_buf_printf(&msg, "malformed HTTP request at byte %zu: %s", done,
                      http_errno_description(e));
        conn_fail(c, 400, "bad_request", msg.data);
        fl_buf_free(&msg);
    } else if (c->parser.upgrade) {
        conn_fail(c, 400, "bad_request", "protocol upgrades are not supported");
    }
    conn_flush(c);
}

static void on_connection(uv_stream_t *server, int status)
{
    http_server *s = server->data;
    if (status < 0 || s->draining) return;
    conn *c = fl_xcalloc(1, sizeof *c);
    c->srv = s;
    uv_tcp_init(s->loop, &c->tcp);
    c->tcp.data = c;
    c->next = s->conns;
    if (s->conns) s->conns->prev = c;
    s->conns = c;
    s->n_conns++;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) < 0) {
        conn_close(c);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    struct sockaddr_storage ss;
    int len = sizeof ss;
    strcpy(c->remote, "-");
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET6)
            uv_ip6_name((struct sockaddr_in6 *)&ss, c->remote, sizeof c->remote);
        else
            uv_ip4_name((struct sockaddr_in *)&ss, c->remote, sizeof c->remote);
    }
    http_parser_init(&c->parser, HTTP_REQUEST);
    c->parser.data = c;
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

int http_server_start(uv_loop_t *loop, const http_server_options *opts, http_server **out,
                      fl_error *err)
{
    http_server *s = fl_xcalloc(1, sizeof *s);
    s->loop = loop;
    s->opts = *opts;
    if (!s->opts.host) s->opts.host = "127.0.0.1";
    if (!s->opts.max_body) s->opts.max_body = DEFAULT_MAX_BODY;
    s->settings.on_message_begin = on_message_begin;
    s->settings.on_url = on_url;
    s->settings.on_header_field = on_header_field;
    s->settings.on_header_value = on_header_value;
    s->settings.on_headers_complete = on_headers_complete;
    s->settings.on_body = on_body;
    s->settings.on_message_complete = on_message_complete;

    struct sockaddr_storage addr;
    int rc = uv_ip4_addr(s->opts.host, opts->port, (struct sockaddr_in *)&addr);
    if (rc < 0) rc = uv_ip6_addr(s->opts.host, opts->port, (struct sockaddr_in6 *)&addr);
    if (rc < 0) {
        free(s);
        return fl_error_set(err, FL_EINVAL, "invalid --host address '%s'", opts->host);
    }
    uv_tcp_init(loop, &s->listener);
    s->listener.data = s;
    rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&addr, 0);
    if (rc == 0) rc = uv_listen((uv_stream_t *)&s->listener, 1024, on_connection);
    if (rc < 0) {
        fl_error_set(err, FL_EIO, "cannot listen on %s:%d: %s", s->opts.host, opts->port,
                     uv_strerror(rc));
        s->draining = true;
        uv_close((uv_handle_t *)&s->listener, NULL);
        uv_run(loop, UV_RUN_NOWAIT);
        free(s);
        return FL_EIO;
    }
    struct sockaddr_storage bound;
    int len = sizeof bound;
    uv_tcp_getsockname(&s->listener, (struct sockaddr *)&bound, &len);
    s->port = bound.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)&bound)->sin_port);
    *out = s;
    return 0;
}

int http_server_port(const http_server *s)
{
    return s->port;
}

size_t http_server_connections(const http_server *s)
{
    return s->n_conns;
}

static void on_listener_closed(uv_handle_t *h)
{
    http_server *s = h->data;
    s->listener_closed = true;
    maybe_finish_drain(s);
}

static void on_drain_timeout(uv_timer_t *t)
{
    http_server *s = t->data;
    for (conn *c = s->conns; c; c = c->next) conn_close(c);
}

void http_server_drain(http_server *s, void (*done)(void *ud), void *ud)
{
    if (s->draining) return;
    s->draining = true;
    s->drain_done = done;
    s->drain_ud = ud;
    uv_close((uv_handle_t *)&s->listener, on_listener_closed);
    for (conn *c = s->conns, *next; c; c = next) {
        next = c->next;
        /* a half-received request may still complete; its response will close the connection */
        c->close_after = !c->in_message;
        if (c->in_message) continue;
        if (c->pending_writes == 0)
            conn_close(c);
        else
            uv_read_stop((uv_stream_t *)&c->tcp);
        c->paused = false;
    }
    if (s->n_conns) {
        uv_timer_init(s->loop, &s->drain_timer);
        s->drain_timer.data = s;
        s->drain_timer_on = true;
        uv_timer_start(&s->drain_timer, on_drain_timeout, DRAIN_TIMEOUT_MS, 0);
    }
}

void http_server_free(http_server *s)
{
    free(s);
}
