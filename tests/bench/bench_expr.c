/*
 * bench_expr.c: expression evaluation speed. Evaluates the benchmark templates and expressions
 * of Turn's expression library (and a plain substitution) against a small context, compiled
 * once, and reports evaluations per second and heap allocations per evaluation. A "cold" row
 * compiles on every call, as the library's own benchmark does.
 *
 *   bench_expr [seconds-per-case]      (default 0.5)
 */
#include "engine/floip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Heap allocations are counted by wrapping glibc's allocator (not under sanitizers, which
 * replace it themselves). */
#if defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COUNT_ALLOCS 0
#endif
#endif
#ifndef COUNT_ALLOCS
#define COUNT_ALLOCS 1
#endif

static unsigned long long allocations;

#if COUNT_ALLOCS
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
void *malloc(size_t n)
{
    allocations++;
    return __libc_malloc(n);
}
void *calloc(size_t n, size_t m)
{
    allocations++;
    return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n)
{
    allocations++;
    return __libc_realloc(p, n);
}
#endif

typedef enum { AS_STRING, EVALUATE, BLOCK } api;

typedef struct bench_case {
    const char *label;
    const char *src;
    fl_expr_kind kind;
    api how;
    int cold; /* compile on every evaluation */
} bench_case;

static const bench_case cases[] = {
    {"template simple substitution", "Hello @contact.name", FL_EXPR_TEMPLATE, AS_STRING, 0},
    {"template three functions", "@if(has_text(contact.name), upper(contact.name), \"x\")",
     FL_EXPR_TEMPLATE, AS_STRING, 0},
    {"template simple (library bench)",
     "Hello @contact.name, you were born in @(YEAR(contact.birthday))", FL_EXPR_TEMPLATE, EVALUATE,
     0},
    {"template map (library bench)", "hi @map(0..10, &([&1, concatenate(\"Button \", &1)])) there",
     FL_EXPR_TEMPLATE, EVALUATE, 0},
    {"template if (library bench)", "yebo @if(something.false, 1, contact.bar) yes",
     FL_EXPR_TEMPLATE, EVALUATE, 0},
    {"template arithmetic (library bench)", "3 * (5 + 2) = @(3 * (5 + 2))", FL_EXPR_TEMPLATE,
     EVALUATE, 0},
    {"block simple (library bench)", "YEAR(contact.birthday)", FL_EXPR_BLOCK, BLOCK, 0},
    {"block map (library bench)", "map(0..10, &([&1, concatenate(\"Button \", &1)]))",
     FL_EXPR_BLOCK, BLOCK, 0},
    {"block if (library bench)", "if(something.false, 1, contact.bar)", FL_EXPR_BLOCK, BLOCK, 0},
    {"block arithmetic (library bench)", "3 * (5 + 2)", FL_EXPR_BLOCK, BLOCK, 0},
    {"cold: compile + evaluate simple",
     "Hello @contact.name, you were born in @(YEAR(contact.birthday))", FL_EXPR_TEMPLATE, EVALUATE,
     1},
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_once(const bench_case *c, const fl_expr *e, const json_t *ctx, fl_buf *buf)
{
    fl_expr *owned = NULL;
    if (c->cold) {
        if (fl_expr_compile(c->src, strlen(c->src), c->kind, &owned, NULL)) return -1;
        e = owned;
    }
    int rc;
    json_t *out = NULL;
    switch (c->how) {
    case AS_STRING:
        fl_buf_reset(buf);
        rc = fl_expr_evaluate_as_string(e, ctx, NULL, buf, NULL);
        break;
    case EVALUATE:
        rc = fl_expr_evaluate(e, ctx, NULL, &out, NULL);
        break;
    default:
        rc = fl_expr_evaluate_block(e, ctx, NULL, &out, NULL);
        break;
    }
    json_decref(out);
    fl_expr_free(owned);
    return rc;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    if (seconds <= 0) seconds = 0.5;
    json_t *ctx = json_loads("{\"contact\": {\"name\": \"Bob\", \"birthday\": "
                             "\"1990-05-12T10:00:00Z\", \"bar\": \"baz\"}, "
                             "\"something\": {\"false\": false}}",
                             0, NULL);
    fl_buf buf = FL_BUF_INIT;
    printf("%-40s %14s %12s %14s\n", "case", "evals/s", "ns/eval", "allocs/eval");
    int status = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bench_case *c = &cases[i];
        fl_expr *e = NULL;
        fl_error err;
        if (fl_expr_compile(c->src, strlen(c->src), c->kind, &e, &err)) {
            fprintf(stderr, "%s: %s\n", c->label, err.message);
            status = 1;
            continue;
        }
        if (run_once(c, e, ctx, &buf)) { /* also warms up */
            fprintf(stderr, "%s: evaluation failed\n", c->label);
            status = 1;
        }
        unsigned long long n = 0, batch = 1000;
        unsigned long long allocs_before = allocations;
        double start = now_s(), elapsed;
        do {
            for (unsigned long long k = 0; k < batch; k++) run_once(c, e, ctx, &buf);
            n += batch;
            elapsed = now_s() - start;
        } while (elapsed < seconds);
        unsigned long long allocs = allocations - allocs_before;
        if (COUNT_ALLOCS)
            printf("%-40s %14.0f %12.1f %14.2f\n", c->label, (double)n / elapsed,
                   elapsed * 1e9 / (double)n, (double)allocs / (double)n);
        else
            printf("%-40s %14.0f %12.1f %14s\n", c->label, (double)n / elapsed,
                   elapsed * 1e9 / (double)n, "n/a");
        fl_expr_free(e);
    }
    fl_buf_free(&buf);
    json_decref(ctx);
    return status;
}
