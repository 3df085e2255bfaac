/*
 * floip run: a whole conversation from a list of replies, for scripts and benchmarks.
 *   floip run FLOW.json (--inputs JSON | --inputs-file FILE) [--json] [--repeat N] [session
 * options]
 * --inputs-file takes a JSON array, or an object keyed by flow file name (tests/bench/flows/
 * inputs.json). Each input is a string (a text reply) or a Channel API message object.
 * --repeat N holds the same conversation N times in one process, a fresh session each time, and
 * prints `runs=N steps=S seconds=T steps_per_sec=X` (steps = blocks entered).
 */
#include "sim/chat.h"
#include "sim/commands.h"
#include "sim/session_args.h"
#include "engine/util.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct run_opts {
    fl_session_options session;
    json_t *inputs;
    bool json;
    long repeat;
} run_opts;

/* Prints one call's events (text or JSON lines). */
static void print_events(const run_opts *o, const json_t *events)
{
    for (size_t k = 0; k < json_array_size(events); k++) {
        const json_t *ev = json_array_get(events, k);
        if (o->json) {
            char *line = json_dumps(ev, JSON_COMPACT);
            printf("%s\n", line);
            free(line);
        } else {
            fl_chat_print_event(stdout, ev);
        }
    }
}

/* One conversation. print: show it (text or JSON lines); otherwise the events stay records and
 * only the messages' rendered turns are read, as a connector relaying them would. Returns -1 on
 * an API failure. */
static int converse(const fl_container *c, const run_opts *o, bool print, size_t *steps,
                    fl_session_state *final, const char **reason, size_t *messages)
{
    fl_session *s = NULL;
    fl_error err;
    json_t *events = NULL;
    json_t **want = print ? &events : NULL;
    if (fl_session_new(c, &o->session, &s, &err) < 0 || fl_session_start(s, want, &err) < 0) {
        fprintf(stderr, "floip run: %s\n", err.message);
        fl_session_free(s);
        return -1;
    }
    size_t n = json_array_size(o->inputs);
    for (size_t i = 0;; i++) {
        if (print) print_events(o, events);
        for (size_t k = 0; k < fl_session_event_count(s); k++)
            if (fl_session_event_turn(s, k, NULL)) (*messages)++;
        json_decref(events);
        events = NULL;
        if (i >= n || fl_session_get_state(s) != FL_SESSION_WAITING) break;
        const json_t *in = json_array_get(o->inputs, i);
        int rc;
        if (json_is_string(in)) {
            if (print && !o->json) printf("> %s\n", json_string_value(in));
            rc = fl_session_resume_text(s, json_string_value(in), want, &err);
        } else if (json_is_number(in)) {
            char num[64];
            snprintf(num, sizeof num, "%.17g", json_number_value(in));
            if (print && !o->json) printf("> %s\n", num);
            rc = fl_session_resume_text(s, num, want, &err);
        } else {
            if (print && !o->json) printf("> (message)\n");
            rc = fl_session_resume(s, in, want, &err);
        }
        if (rc < 0) {
            fprintf(stderr, "floip run: input %zu: %s\n", i + 1, err.message);
            fl_session_free(s);
            return -1;
        }
    }
    *steps = fl_session_steps(s);
    *final = fl_session_get_state(s);
    *reason = fl_session_end_reason(s);
    fl_session_free(s);
    return 0;
}

/* "message,waiting,..." or "all" -> FL_EVENT_* bits; 0 on an unknown name. */
static unsigned parse_events(const char *list)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"all", FL_EVENT_ALL},
                 {"message", FL_EVENT_MESSAGE},
                 {"waiting", FL_EVENT_WAITING},
                 {"log", FL_EVENT_LOG},
                 {"contact", FL_EVENT_CONTACT},
                 {"result", FL_EVENT_RESULT},
                 {"exit", FL_EVENT_EXIT},
                 {"flow", FL_EVENT_FLOW},
                 {"run_ended", FL_EVENT_RUN_ENDED},
                 {"timeout", FL_EVENT_TIMEOUT}};
    unsigned bits = 0;
    char *copy = fl_xstrdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (size_t i = 0; i < FL_ARRAY_LEN(names); i++)
            if (!strcmp(names[i].name, t)) bit = names[i].bit;
        if (!bit) {
            free(copy);
            return 0;
        }
        bits |= bit;
    }
    free(copy);
    return bits;
}

static int usage(void)
{
    fprintf(
        stderr,
        "usage: floip run FLOW.json (--inputs JSON | --inputs-file FILE) [--json] [--repeat N]\n"
        "                 [--flow UUID|NAME] [--contact JSON] [--vars JSON] [--lang LANG]\n"
        "                 [--mode MODE] [--now ISO] [--seed N]\n"
        "                 [--timeout-policy terminate|default_exit] [--webhook-mocks FILE]\n"
        "                 [--events "
        "all|message,waiting,log,contact,result,exit,flow,run_ended,timeout]\n");
    return FL_EXIT_USAGE;
}

static json_t *load_inputs_file(const char *file, const char *flow_path)
{
    json_error_t je;
    json_t *j = json_load_file(file, 0, &je);
    if (!j) {
        fprintf(stderr, "floip run: %s: %s\n", file, je.text);
        return NULL;
    }
    if (json_is_array(j)) return j;
    if (json_is_object(j)) {
        char *copy = fl_xstrdup(flow_path);
        json_t *a = json_object_get(j, basename(copy));
        free(copy);
        if (json_is_array(a)) {
            json_incref(a);
            json_decref(j);
            return a;
        }
        fprintf(stderr, "floip run: %s has no inputs for %s\n", file, flow_path);
    } else {
        fprintf(stderr, "floip run: %s: want a JSON array or object\n", file);
    }
    json_decref(j);
    return NULL;
}

int cmd_run(int argc, char **argv)
{
    run_opts o;
    memset(&o, 0, sizeof o);
    fl_session_options_init(&o.session);
    const char *path = NULL, *inputs_file = NULL, *inputs_text = NULL;
    json_t *contact = NULL, *vars = NULL, *mocks = NULL;
    int rc = FL_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int parsed;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return FL_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            o.json = true;
        } else if (a[0] == '-' && !v) {
            fprintf(stderr, "floip run: %s %s\n", a,
                    fl_session_arg_takes_value(a) ? "needs a value" : "is an unknown option");
            goto done;
        } else if (!strcmp(a, "--inputs")) {
            inputs_text = argv[++i];
        } else if (!strcmp(a, "--inputs-file")) {
            inputs_file = argv[++i];
        } else if (!strcmp(a, "--repeat")) {
            char *end;
            o.repeat = strtol(argv[++i], &end, 10);
            if (*end || o.repeat < 1) {
                fprintf(stderr, "floip run: --repeat wants a positive number\n");
                goto done;
            }
        } else if (!strcmp(a, "--events")) {
            o.session.events = parse_events(argv[++i]);
            if (!o.session.events) {
                fprintf(stderr, "floip run: --events: unknown event type in %s\n", argv[i]);
                goto done;
            }
        } else if ((parsed = fl_session_arg("floip run", argv, &i, &o.session, &contact, &vars,
                                            &mocks)) != 0) {
            if (parsed < 0) goto done;
        } else if (a[0] == '-') {
            fprintf(stderr, "floip run: %s is an unknown option\n", a);
            goto done;
        } else if (!path) {
            path = a;
        } else {
            usage();
            goto done;
        }
    }
    if (!path || (!inputs_file && !inputs_text)) {
        usage();
        goto done;
    }
    if (inputs_text) {
        json_error_t je;
        o.inputs = json_loads(inputs_text, 0, &je);
        if (!json_is_array(o.inputs)) {
            fprintf(stderr, "floip run: --inputs wants a JSON array\n");
            goto done;
        }
    } else if (!(o.inputs = load_inputs_file(inputs_file, path))) {
        goto done;
    }
    o.session.contact = contact;
    o.session.vars = vars;
    o.session.webhook_mocks = mocks;

    fl_container *c = fl_session_load_flow("floip run", path);
    if (!c) {
        rc = FL_EXIT_FAIL;
        goto done;
    }

    size_t steps = 0;
    fl_session_state st = FL_SESSION_NEW;
    const char *reason = NULL;
    size_t messages = 0;
    if (!o.repeat) {
        rc = converse(c, &o, true, &steps, &st, &reason, &messages) < 0 ? FL_EXIT_FAIL : FL_EXIT_OK;
        if (rc == FL_EXIT_OK && st == FL_SESSION_ENDED && reason && !strcmp(reason, "failed"))
            rc = FL_EXIT_FAIL;
    } else {
        struct timespec t0, t1;
        size_t total = 0, first = 0, first_messages = 0;
        rc = FL_EXIT_OK;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < o.repeat; i++) {
            messages = 0;
            if (converse(c, &o, false, &steps, &st, &reason, &messages) < 0) {
                rc = FL_EXIT_FAIL;
                break;
            }
            if (i == 0) first = steps, first_messages = messages;
            if (steps != first || messages != first_messages) {
                fprintf(stderr,
                        "floip run: run %ld took %zu steps and sent %zu messages, run 1 %zu and "
                        "%zu\n",
                        i + 1, steps, messages, first, first_messages);
                rc = FL_EXIT_FAIL;
                break;
            }
            total += steps;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc == FL_EXIT_OK)
            printf("runs=%ld steps=%zu seconds=%.3f steps_per_sec=%.1f\n", o.repeat, total, secs,
                   secs > 0 ? (double)total / secs : 0.0);
    }
    fl_container_free(c);
done:
    json_decref(o.inputs);
    json_decref(contact);
    json_decref(vars);
    json_decref(mocks);
    return rc;
}
