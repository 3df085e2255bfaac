/* cmd_serve.c: `floip serve`, Turn's Simulation API (and more) over HTTP on a libuv loop. */
#include "sim/commands.h"
#include "sim/serve.h"

#include "engine/util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

typedef struct serve_run {
    uv_loop_t *loop;
    serve_app app;
    uv_signal_t sigint, sigterm, sighup;
    uv_timer_t flush;
    bool stopping;
} serve_run;

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: floip serve --flows DIR [--host 127.0.0.1] [--port 8080] [--token T]\n"
        "                   [--state-dir D] [--max-body N] [--max-live N]\n"
        "                   [--access-log FILE | --no-access-log]\n"
        "\n"
        "Answers Turn's Journeys Simulation API for the journeys in DIR (see docs/http-api.md).\n"
        "  --flows DIR       journeys to load (*.json); SIGHUP reloads them\n"
        "  --host ADDR       address to listen on (default 127.0.0.1)\n"
        "  --port N          port (default 8080; 0 picks a free one)\n"
        "  --token T         require Authorization: Bearer T (all routes but /healthz)\n"
        "  --state-dir D     keep every simulation in D and load them again at start\n"
        "  --max-body N      largest request body in bytes (default 1048576)\n"
        "  --max-live N      simulations kept live; older idle ones are parked (default 10000)\n"
        "  --access-log FILE one line per request (default: standard error)\n"
        "  --no-access-log   no access log\n");
}

static void close_handle(uv_handle_t *h)
{
    if (!uv_is_closing(h)) uv_close(h, NULL);
}

static void drained(void *ud)
{
    serve_run *r = ud;
    close_handle((uv_handle_t *)&r->sigint);
    close_handle((uv_handle_t *)&r->sigterm);
    close_handle((uv_handle_t *)&r->sighup);
    close_handle((uv_handle_t *)&r->flush);
}

static void on_stop_signal(uv_signal_t *s, int signum)
{
    serve_run *r = s->data;
    if (r->stopping) return;
    r->stopping = true;
    fprintf(stderr, "floip serve: %s: draining %zu connection(s)\n",
            signum == SIGINT ? "SIGINT" : "SIGTERM", http_server_connections(r->app.http));
    http_server_drain(r->app.http, drained, r);
}

static void on_hup(uv_signal_t *s, int signum)
{
    (void)signum;
    serve_run *r = s->data;
    size_t n = sim_reload(r->app.svc);
    fprintf(stderr, "floip serve: reloaded: %zu journey(s)\n", n);
}

static void on_flush(uv_timer_t *t)
{
    serve_run *r = t->data;
    if (r->app.access_log) fflush(r->app.access_log);
}

/* arg as a whole number in [min, max]; otherwise prints problem and returns false. */
static bool number_arg(const char *arg, long long min, long long max, const char *problem,
                       long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (end == arg || *end || errno || v < min || v > max) {
        fprintf(stderr, "floip serve: %s\n", problem);
        return false;
    }
    *out = v;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    const char *flows = NULL, *host = "127.0.0.1", *token = NULL, *state = NULL;
    const char *access = NULL;
    bool no_access = false;
    long long port = 8080;
    long long max_body = 1 << 20, max_live = 0;
    static const struct option longopts[] = {{"flows", required_argument, 0, 'f'},
                                             {"host", required_argument, 0, 'H'},
                                             {"port", required_argument, 0, 'p'},
                                             {"token", required_argument, 0, 't'},
                                             {"state-dir", required_argument, 0, 's'},
                                             {"max-body", required_argument, 0, 'b'},
                                             {"access-log", required_argument, 0, 'a'},
                                             {"no-access-log", no_argument, 0, 'n'},
                                             {"max-live", required_argument, 0, 'm'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            flows = optarg;
            break;
        case 'H':
            host = optarg;
            break;
        case 't':
            token = optarg;
            break;
        case 's':
            state = optarg;
            break;
        case 'a':
            access = optarg;
            break;
        case 'n':
            no_access = true;
            break;
        case 'p':
            if (!number_arg(optarg, 0, 65535, "--port must be 0..65535", &port))
                return FL_EXIT_USAGE;
            break;
        case 'b':
            if (!number_arg(optarg, 1, LLONG_MAX, "--max-body must be a positive number of bytes",
                            &max_body))
                return FL_EXIT_USAGE;
            break;
        case 'm':
            if (!number_arg(optarg, 1, LLONG_MAX, "--max-live must be a positive number",
                            &max_live))
                return FL_EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return FL_EXIT_OK;
        default:
            usage(stderr);
            return FL_EXIT_USAGE;
        }
    }
    if (!flows || optind < argc) {
        fprintf(stderr, "floip serve: --flows DIR is required\n");
        usage(stderr);
        return FL_EXIT_USAGE;
    }
    if (token && !*token) {
        fprintf(stderr, "floip serve: --token must not be empty\n");
        return FL_EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);
    /* every turn allocates and frees a few hundred kilobytes of JSON: keep the heap's top instead
     * of giving it back to the kernel after each request and faulting it in again */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);

    serve_run r = {0};
    r.loop = uv_default_loop();
    sim_options so = {.flows_dir = flows, .state_dir = state, .log = stderr};
    so.max_live = (size_t)max_live;
    r.app.svc = sim_service_new(&so);
    r.app.metrics = metrics_new();
    serve_set_token(&r.app, token);
    if (!no_access) {
        r.app.access_log = access ? fopen(access, "a") : stderr;
        if (!r.app.access_log) {
            fprintf(stderr, "floip serve: cannot open %s\n", access);
            sim_service_free(r.app.svc);
            metrics_free(r.app.metrics);
            return FL_EXIT_FAIL;
        }
        /* buffered, flushed every second: a write per request would cost more than the request */
        setvbuf(r.app.access_log, NULL, _IOFBF, 1 << 16);
    }

    http_server_options ho = {.host = host,
                              .port = (int)port,
                              .max_body = (size_t)max_body,
                              .handler = serve_handle,
                              .done = serve_done,
                              .ud = &r.app};
    fl_error err;
    fl_error_clear(&err);
    if (http_server_start(r.loop, &ho, &r.app.http, &err) < 0) {
        fprintf(stderr, "floip serve: %s\n", err.message);
        if (r.app.access_log && r.app.access_log != stderr) fclose(r.app.access_log);
        sim_service_free(r.app.svc);
        metrics_free(r.app.metrics);
        uv_loop_close(r.loop);
        return FL_EXIT_FAIL;
    }
    fl_buf base = FL_BUF_INIT;
    fl_buf_printf(&base, strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d", host,
                  http_server_port(r.app.http));
    sim_set_base_url(r.app.svc, base.data);
    fprintf(stderr, "floip serve: %zu journey(s), %zu simulation(s) restored\n",
            sim_journeys(r.app.svc), sim_live(r.app.svc));
    printf("floip serve: listening on %s\n", base.data);
    fflush(stdout);
    fl_buf_free(&base);

    uv_signal_init(r.loop, &r.sigint);
    uv_signal_init(r.loop, &r.sigterm);
    uv_signal_init(r.loop, &r.sighup);
    r.sigint.data = r.sigterm.data = r.sighup.data = &r;
    uv_signal_start(&r.sigint, on_stop_signal, SIGINT);
    uv_signal_start(&r.sigterm, on_stop_signal, SIGTERM);
    uv_signal_start(&r.sighup, on_hup, SIGHUP);
    uv_timer_init(r.loop, &r.flush);
    r.flush.data = &r;
    uv_timer_start(&r.flush, on_flush, 1000, 1000);
    uv_unref((uv_handle_t *)&r.flush);

    uv_run(r.loop, UV_RUN_DEFAULT);

    http_server_free(r.app.http);
    if (r.app.access_log) {
        fflush(r.app.access_log);
        if (r.app.access_log != stderr) fclose(r.app.access_log);
    }
    fprintf(stderr, "floip serve: stopped; %zu simulation(s) %s\n", sim_live(r.app.svc),
            state ? "saved" : "discarded");
    sim_service_free(r.app.svc);
    metrics_free(r.app.metrics);
    uv_loop_close(r.loop);
    return FL_EXIT_OK;
}
