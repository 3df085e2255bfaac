/* The HTTP/1.1 layer on its own: a server loop in a thread with an echo handler, real sockets. */
#include "client.h"
#include "sim/http.h"

#include "engine/util.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>

typedef struct fixture {
    uv_loop_t loop;
    uv_async_t wake;
    http_server *srv;
    pthread_t thread;
    sem_t ready, drained_started;
    int port;
    int requests_done;
} fixture;

static fixture fx;

static void echo(void *ud, const http_request *req, http_response *resp)
{
    (void)ud;
    json_t *o = json_pack("{s:s,s:s,s:s?,s:s?,s:s%}", "method", req->method, "path", req->path,
                          "query", req->query, "authorization", req->authorization, "body",
                          req->body, req->body_len);
    char *t = json_dumps(o, JSON_COMPACT);
    fl_buf_puts(&resp->body, t);
    free(t);
    json_decref(o);
    resp->status = strcmp(req->path, "/missing") ? 200 : 404;
}

static void on_done(void *ud, const http_request *req, const http_response *resp, double s)
{
    (void)req, (void)resp, (void)s;
    ((fixture *)ud)->requests_done++;
}

static void drained(void *ud)
{
    fixture *f = ud;
    uv_close((uv_handle_t *)&f->wake, NULL);
}

static void on_wake(uv_async_t *a)
{
    fixture *f = a->data;
    http_server_drain(f->srv, drained, f);
    sem_post(&f->drained_started);
}

static void *run(void *arg)
{
    fixture *f = arg;
    uv_loop_init(&f->loop);
    uv_async_init(&f->loop, &f->wake, on_wake);
    f->wake.data = f;
    http_server_options o = {
        .port = 0, .max_body = 1024, .handler = echo, .done = on_done, .ud = f};
    fl_error err;
    cr_assert_eq(http_server_start(&f->loop, &o, &f->srv, &err), 0, "%s", err.message);
    f->port = http_server_port(f->srv);
    sem_post(&f->ready);
    uv_run(&f->loop, UV_RUN_DEFAULT);
    http_server_free(f->srv);
    uv_loop_close(&f->loop);
    return NULL;
}

static void setup(void)
{
    memset(&fx, 0, sizeof fx);
    sem_init(&fx.ready, 0, 0);
    sem_init(&fx.drained_started, 0, 0);
    pthread_create(&fx.thread, NULL, run, &fx);
    sem_wait(&fx.ready);
}

static void stop_server(void)
{
    uv_async_send(&fx.wake);
    pthread_join(fx.thread, NULL);
}

static void teardown(void)
{
    sem_destroy(&fx.ready);
    sem_destroy(&fx.drained_started);
}

static const char *field(const tc_response *r, const char *key)
{
    return json_string_value(json_object_get(r->json, key));
}

TestSuite(http, .init = setup, .fini = teardown);

Test(http, answers_a_request_with_path_query_and_body)
{
    tc_response r;
    tc_request(fx.port, "POST", "/a/b?x=1", "Authorization: Bearer t\r\n", "{\"k\":1}", &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(r.content_type, "application/json");
    cr_assert_str_eq(field(&r, "method"), "POST");
    cr_assert_str_eq(field(&r, "path"), "/a/b");
    cr_assert_str_eq(field(&r, "query"), "x=1");
    cr_assert_str_eq(field(&r, "authorization"), "Bearer t");
    cr_assert_str_eq(field(&r, "body"), "{\"k\":1}");
    tc_response_free(&r);
    stop_server();
}

Test(http, keeps_the_connection_alive_across_requests)
{
    tc_conn c;
    tc_open(&c, fx.port);
    for (int i = 0; i < 5; i++) {
        char path[32];
        snprintf(path, sizeof path, "/req/%d", i);
        tc_send(&c, "GET", path, NULL, NULL);
        tc_response r;
        cr_assert(tc_recv(&c, &r));
        cr_assert(r.keep_alive);
        cr_assert_str_eq(field(&r, "path"), path);
        tc_response_free(&r);
    }
    tc_close(&c);
    stop_server();
    cr_assert_eq(fx.requests_done, 5);
}

Test(http, answers_pipelined_requests_in_order)
{
    tc_conn c;
    tc_open(&c, fx.port);
    const char *burst = "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                        "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                        "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /four HTTP/1.1\r\nHost: x\r\n\r\n";
    tc_send_raw(&c, burst, strlen(burst));
    const char *paths[] = {"/one", "/two", "/missing", "/four"};
    for (int i = 0; i < 4; i++) {
        tc_response r;
        cr_assert(tc_recv(&c, &r));
        cr_assert_str_eq(field(&r, "path"), paths[i]);
        cr_assert_eq(r.status, i == 2 ? 404 : 200);
        if (i == 1) cr_assert_str_eq(field(&r, "body"), "abc");
        tc_response_free(&r);
    }
    tc_close(&c);
    stop_server();
}

Test(http, refuses_a_body_over_the_limit_with_413_and_closes)
{
    char body[2048];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = 0;
    tc_conn c;
    tc_open(&c, fx.port);
    tc_send(&c, "POST", "/big", NULL, body);
    tc_response r;
    cr_assert(tc_recv(&c, &r));
    cr_assert_eq(r.status, 413);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r.json, "error"), "code")),
                     "body_too_large");
    cr_assert_not(r.keep_alive);
    tc_response_free(&r);
    cr_assert(tc_eof(&c));
    tc_close(&c);
    stop_server();
    cr_assert_eq(fx.requests_done, 1); /* the handler never saw it: only the 413 was logged */
}

Test(http, refuses_a_chunked_body_over_the_limit)
{
    tc_conn c;
    tc_open(&c, fx.port);
    const char *head = "POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    tc_send_raw(&c, head, strlen(head));
    char chunk[700];
    memset(chunk, 'y', sizeof chunk);
    for (int i = 0; i < 2; i++) {
        tc_send_raw(&c, "2bc\r\n", 5);
        tc_send_raw(&c, chunk, sizeof chunk);
        tc_send_raw(&c, "\r\n", 2);
    }
    tc_response r;
    cr_assert(tc_recv(&c, &r));
    cr_assert_eq(r.status, 413);
    tc_response_free(&r);
    tc_close(&c);
    stop_server();
}

Test(http, answers_malformed_http_with_400_and_closes)
{
    tc_conn c;
    tc_open(&c, fx.port);
    const char *junk = "GARBAGE\x01 / HTTP/9\r\n\r\n";
    tc_send_raw(&c, junk, strlen(junk));
    tc_response r;
    cr_assert(tc_recv(&c, &r));
    cr_assert_eq(r.status, 400);
    cr_assert_not(r.keep_alive);
    tc_response_free(&r);
    cr_assert(tc_eof(&c));
    tc_close(&c);
    stop_server();
}

Test(http, closes_after_connection_close_and_ignores_what_follows)
{
    tc_conn c;
    tc_open(&c, fx.port);
    const char *two = "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      "GET /never HTTP/1.1\r\nHost: x\r\n\r\n";
    tc_send_raw(&c, two, strlen(two));
    tc_response r;
    cr_assert(tc_recv(&c, &r));
    cr_assert_str_eq(field(&r, "path"), "/last");
    cr_assert_not(r.keep_alive);
    tc_response_free(&r);
    cr_assert_not(tc_recv(&c, &r));
    tc_close(&c);
    stop_server();
    cr_assert_eq(fx.requests_done, 1);
}

Test(http, serves_many_concurrent_connections)
{
    enum { N = 200 };
    static tc_conn cs[N];
    for (int i = 0; i < N; i++) tc_open(&cs[i], fx.port);
    for (int i = 0; i < N; i++) {
        char path[32];
        snprintf(path, sizeof path, "/c/%d", i);
        tc_send(&cs[i], "GET", path, NULL, NULL);
    }
    for (int i = N - 1; i >= 0; i--) {
        char path[32];
        snprintf(path, sizeof path, "/c/%d", i);
        tc_response r;
        cr_assert(tc_recv(&cs[i], &r));
        cr_assert_str_eq(field(&r, "path"), path);
        tc_response_free(&r);
        tc_close(&cs[i]);
    }
    stop_server();
    cr_assert_eq(fx.requests_done, N);
}

Test(http, drain_finishes_the_request_in_flight_and_closes_idle_connections)
{
    tc_conn idle, busy;
    tc_open(&idle, fx.port);
    tc_open(&busy, fx.port);
    tc_send(&idle, "GET", "/warm", NULL, NULL);
    tc_response r;
    cr_assert(tc_recv(&idle, &r));
    tc_response_free(&r);
    /* one segment: a whole request and the start of the next; the first answer proves the
     * server has read both */
    const char *seg = "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                      "POST /inflight HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab";
    tc_send_raw(&busy, seg, strlen(seg));
    cr_assert(tc_recv(&busy, &r));
    cr_assert_str_eq(field(&r, "path"), "/first");
    tc_response_free(&r);

    uv_async_send(&fx.wake);
    sem_wait(&fx.drained_started);
    cr_assert(tc_eof(&idle), "an idle connection is closed by the drain");
    tc_send_raw(&busy, "cd", 2);
    cr_assert(tc_recv(&busy, &r), "the request in flight is still answered");
    cr_assert_str_eq(field(&r, "body"), "abcd");
    cr_assert_not(r.keep_alive);
    tc_response_free(&r);
    cr_assert(tc_eof(&busy));
    tc_close(&idle);
    tc_close(&busy);
    pthread_join(fx.thread, NULL);     /* the loop ends once the last connection is closed */
    cr_assert_eq(fx.requests_done, 3); /* /warm, /first, /inflight */
}
