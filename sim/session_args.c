/* session_args.c: parsing of the session options shared by chat, run and record. */
#include "sim/session_args.h"
#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

bool fl_session_arg_takes_value(const char *a)
{
    static const char *const opts[] = {
        "--flow",   "--lang",           "--mode",    "--to",     "--seed",
        "--now",    "--timeout-policy", "--contact", "--vars",   "--webhook-mocks",
        "--inputs", "--inputs-file",    "--repeat",  "--events", NULL};
    for (const char *const *o = opts; *o; o++)
        if (!strcmp(*o, a)) return true;
    return false;
}

/* Replaces *slot with the JSON object in text; -1 when it is not an object. */
static int json_object_arg(const char *prog, const char *name, const char *text, json_t **slot)
{
    json_t *j = json_loads(text, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        fprintf(stderr, "%s: %s wants a JSON object\n", prog, name);
        return -1;
    }
    json_decref(*slot);
    *slot = j;
    return 1;
}

int fl_session_arg(const char *prog, char **argv, int *i, fl_session_options *o, json_t **contact,
                   json_t **vars, json_t **mocks)
{
    const char *a = argv[*i], *v = argv[*i + 1];
    if (!strcmp(a, "--flow"))
        o->flow = v;
    else if (!strcmp(a, "--lang"))
        o->language = v;
    else if (!strcmp(a, "--mode"))
        o->mode = v;
    else if (!strcmp(a, "--to"))
        o->to = v;
    else if (!strcmp(a, "--seed"))
        o->seed = strtoull(v, NULL, 10);
    else if (!strcmp(a, "--now")) {
        if (fl_parse_iso_ms(v, &o->now_ms) < 0) {
            fprintf(stderr, "%s: --now wants an ISO 8601 time\n", prog);
            return -1;
        }
    } else if (!strcmp(a, "--timeout-policy")) {
        if (!strcmp(v, "default_exit"))
            o->timeout_policy = FL_TIMEOUT_DEFAULT_EXIT;
        else if (!strcmp(v, "terminate"))
            o->timeout_policy = FL_TIMEOUT_TERMINATE;
        else {
            fprintf(stderr, "%s: --timeout-policy is terminate or default_exit\n", prog);
            return -1;
        }
    } else if (!strcmp(a, "--contact")) {
        if (json_object_arg(prog, a, v, contact) < 0) return -1;
    } else if (!strcmp(a, "--vars")) {
        if (json_object_arg(prog, a, v, vars) < 0) return -1;
    } else if (!strcmp(a, "--webhook-mocks")) {
        json_error_t je;
        json_t *j = json_load_file(v, 0, &je);
        if (!j) {
            fprintf(stderr, "%s: %s: %s\n", prog, v, je.text);
            return -1;
        }
        json_decref(*mocks);
        *mocks = j;
    } else {
        return 0;
    }
    (*i)++;
    return 1;
}

fl_container *fl_session_load_flow(const char *prog, const char *path)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    if (fl_container_load_file(path, NULL, &c, &d) < 0) {
        for (size_t i = 0; i < fl_diagnostics_count(d); i++) {
            const fl_diag *g = fl_diagnostics_get(d, i);
            if (g->severity == FL_SEVERITY_ERROR)
                fprintf(stderr, "%s: %s %s: %s\n", path, g->code, g->pointer ? g->pointer : "",
                        g->message);
        }
        fprintf(stderr, "%s: cannot load %s\n", prog, path);
        c = NULL;
    }
    fl_diagnostics_free(d);
    return c;
}
