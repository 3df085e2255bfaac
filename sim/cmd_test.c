/*
 * cmd_test.c: `floip test [PATH...]`, runs Lua journey tests and transcripts, reports them
 * (human, TAP, JUnit XML), measures coverage of the journeys, and exits 0 (all passed),
 * 1 (a test failed, or coverage is under --min-coverage) or 2 (unusable input).
 *
 * Files run on -j N worker threads (containers are loaded once and shared); results are printed
 * in file order as soon as every earlier file is done, so the output never depends on -j.
 */
#include "sim/commands.h"
#include "sim/test.h"
#include "engine/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run {
    fl_test_paths paths;
    fl_test_options opt;
    fl_test_cache *cache;
    fl_test_file *files;
    bool *done;
    size_t next;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} run;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: floip test [options] [PATH...]\n"
            "\n"
            "Runs *_test.lua (Lua journey tests) and *.transcript.json files found under each\n"
            "PATH (default: the current directory).\n"
            "\n"
            "options:\n"
            "  --filter PATTERN      run only tests whose name contains PATTERN (a glob when it\n"
            "                        has * ? or [)\n"
            "  -j, --jobs N          run N files at a time (default 1)\n"
            "  --tap                 print TAP 13 instead of the report\n"
            "  --junit FILE          also write a JUnit XML report to FILE\n"
            "  --coverage            print the blocks and exits no test took, per flow\n"
            "  --coverage-json FILE  write the coverage report as JSON to FILE\n"
            "  --min-coverage PCT    fail when fewer than PCT %% of the blocks were taken\n"
            "  --update              rewrite transcripts' text/buttons/block/state from what the\n"
            "                        journeys do now (golden files)\n"
            "  --max-instructions N  Lua instructions allowed per test (default 50000000)\n"
            "  --max-memory BYTES    Lua memory allowed per file (default 64 MiB)\n"
            "  --no-color            plain output even on a terminal\n"
            "\n"
            "exit status: 0 all passed, 1 a test failed (or coverage too low), 2 unusable input\n");
}

static bool is_transcript(const char *path)
{
    size_t n = strlen(path), m = strlen(".transcript.json");
    return n >= m && !strcmp(path + n - m, ".transcript.json");
}

static void *worker(void *arg)
{
    run *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        size_t i = r->next++;
        pthread_mutex_unlock(&r->lock);
        if (i >= r->paths.n_tests) break;
        fl_test_file *f = &r->files[i];
        f->path = fl_xstrdup(r->paths.tests[i]);
        if (is_transcript(f->path))
            fl_test_run_transcript(f->path, r->cache, &r->opt, f);
        else
            fl_test_run_lua(f->path, r->cache, &r->opt, f);
        pthread_mutex_lock(&r->lock);
        r->done[i] = true;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

typedef struct collected {
    const char **files;
    const fl_container **containers;
    size_t n;
} collected;

static void collect(void *ud, const char *path, const fl_container *c)
{
    collected *col = ud;
    col->files = fl_xrealloc(col->files, (col->n + 1) * sizeof *col->files);
    col->containers = fl_xrealloc(col->containers, (col->n + 1) * sizeof *col->containers);
    col->files[col->n] = path;
    col->containers[col->n++] = c;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return -1;
    *out = (size_t)v;
    return 0;
}

int cmd_test(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof r);
    const char *junit = NULL, *coverage_json = NULL;
    bool tap = false, coverage = false, color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    double min_coverage = -1;
    size_t jobs = 1;
    const char **paths = fl_xcalloc((size_t)argc, sizeof *paths);
    size_t n_paths = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE()                                                                               \
    do {                                                                                           \
        if (!val) {                                                                                \
            fprintf(stderr, "floip test: %s needs a value\n", a);                                  \
            free(paths);                                                                           \
            return FL_EXIT_USAGE;                                                                  \
        }                                                                                          \
        i++;                                                                                       \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(paths);
            return FL_EXIT_OK;
        } else if (!strcmp(a, "--filter")) {
            NEED_VALUE();
            r.opt.filter = val;
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NEED_VALUE();
            if (parse_size(val, &jobs) || jobs < 1 || jobs > 256) {
                fprintf(stderr, "floip test: -j takes a number from 1 to 256\n");
                free(paths);
                return FL_EXIT_USAGE;
            }
        } else if (!strncmp(a, "-j", 2) && a[2]) {
            if (parse_size(a + 2, &jobs) || jobs < 1 || jobs > 256) {
                fprintf(stderr, "floip test: -j takes a number from 1 to 256\n");
                free(paths);
                return FL_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--tap")) {
            tap = true;
        } else if (!strcmp(a, "--junit")) {
            NEED_VALUE();
            junit = val;
        } else if (!strcmp(a, "--coverage")) {
            coverage = true;
        } else if (!strcmp(a, "--coverage-json")) {
            NEED_VALUE();
            coverage_json = val;
        } else if (!strcmp(a, "--min-coverage")) {
            NEED_VALUE();
            char *end;
            min_coverage = strtod(val, &end);
            if (end == val || *end || min_coverage < 0 || min_coverage > 100) {
                fprintf(stderr, "floip test: --min-coverage takes a percentage (0-100)\n");
                free(paths);
                return FL_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--update")) {
            r.opt.update = true;
        } else if (!strcmp(a, "--max-instructions") || !strcmp(a, "--max-memory")) {
            NEED_VALUE();
            size_t *dst = a[6] == 'i' ? &r.opt.max_instructions : &r.opt.max_memory;
            if (parse_size(val, dst) || !*dst) {
                fprintf(stderr, "floip test: %s takes a positive number\n", a);
                free(paths);
                return FL_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--no-color")) {
            color = false;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "floip test: unknown option %s\n", a);
            usage(stderr);
            free(paths);
            return FL_EXIT_USAGE;
        } else {
            paths[n_paths++] = a;
        }
#undef NEED_VALUE
    }
    if (tap) color = false;

    fl_buf err = FL_BUF_INIT;
    if (fl_test_discover(paths, n_paths, &r.paths, &err)) {
        fprintf(stderr, "floip test: %s\n", err.data);
        fl_buf_free(&err);
        free(paths);
        return FL_EXIT_USAGE;
    }
    free(paths);
    if (!r.paths.n_tests) {
        fprintf(stderr, "floip test: no *_test.lua or *.transcript.json files found\n");
        fl_test_paths_free(&r.paths);
        return FL_EXIT_USAGE;
    }

    size_t n = r.paths.n_tests;
    r.cache = fl_test_cache_new();
    r.files = fl_xcalloc(n, sizeof *r.files);
    r.done = fl_xcalloc(n, sizeof *r.done);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.cond, NULL);
    if (jobs > n) jobs = n;
    pthread_t *threads = fl_xcalloc(jobs, sizeof *threads);
    size_t started = 0;
    for (size_t i = 0; i < jobs; i++)
        if (pthread_create(&threads[i], NULL, worker, &r) == 0) started++;
    if (!started) worker(&r); /* no thread could start: run here */

    fl_test_totals totals = {0};
    size_t tap_counter = 0;
    if (tap) printf("TAP version 13\n");
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&r.lock);
        while (!r.done[i]) pthread_cond_wait(&r.cond, &r.lock);
        pthread_mutex_unlock(&r.lock);
        fl_test_file *f = &r.files[i];
        if (f->error) totals.errors++;
        for (size_t j = 0; j < f->n_results; j++) {
            switch (f->results[j].status) {
            case FL_TEST_PASS:
                totals.passed++;
                break;
            case FL_TEST_FAIL:
                totals.failed++;
                break;
            case FL_TEST_SKIP:
                totals.skipped++;
                break;
            }
        }
        if (tap)
            fl_report_file_tap(stdout, f, &tap_counter);
        else
            fl_report_file_human(stdout, f, color);
        fflush(stdout);
    }
    for (size_t i = 0; i < jobs; i++)
        if (i < started) pthread_join(threads[i], NULL);
    free(threads);

    int code = totals.errors ? FL_EXIT_USAGE : totals.failed ? FL_EXIT_FAIL : FL_EXIT_OK;

    if (coverage || coverage_json || min_coverage >= 0) {
        json_t *counts = json_object();
        for (size_t i = 0; i < n; i++)
            if (r.files[i].coverage) fl_coverage_merge(counts, r.files[i].coverage);
        /* journeys under the paths that no test opened count too: nothing of them is tested */
        for (size_t i = 0; i < r.paths.n_flows; i++) {
            char *ignored = NULL;
            fl_test_cache_get(r.cache, r.paths.flows[i], &ignored);
            free(ignored);
        }
        collected col = {0};
        fl_test_cache_each(r.cache, collect, &col);
        json_t *report = fl_coverage_report(counts, col.files, col.containers, col.n);
        if (coverage) fl_coverage_print(tap ? stderr : stdout, report);
        if (coverage_json && json_dump_file(report, coverage_json, JSON_INDENT(2))) {
            fprintf(stderr, "floip test: cannot write %s\n", coverage_json);
            code = FL_EXIT_USAGE;
        }
        double pct = json_real_value(json_object_get(json_object_get(report, "blocks"), "percent"));
        if (min_coverage >= 0 && pct + 1e-9 < min_coverage) {
            fprintf(tap ? stderr : stdout,
                    "coverage: %.1f%% of blocks taken, under the required %.1f%%\n", pct,
                    min_coverage);
            if (code == FL_EXIT_OK) code = FL_EXIT_FAIL;
        }
        free(col.files);
        free(col.containers);
        json_decref(report);
        json_decref(counts);
    }

    if (junit) {
        fl_test_file **ptrs = fl_xcalloc(n, sizeof *ptrs);
        for (size_t i = 0; i < n; i++) ptrs[i] = &r.files[i];
        if (fl_report_junit(junit, ptrs, n, &err)) {
            fprintf(stderr, "floip test: %s\n", err.data);
            code = FL_EXIT_USAGE;
        }
        free(ptrs);
    }
    if (tap)
        fl_report_tap_end(stdout, tap_counter, &totals);
    else
        fl_report_summary(stdout, &totals);

    fl_buf_free(&err);
    for (size_t i = 0; i < n; i++) fl_test_file_clear(&r.files[i]);
    free(r.files);
    free(r.done);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.cond);
    fl_test_cache_free(r.cache);
    fl_test_paths_free(&r.paths);
    return code;
}
