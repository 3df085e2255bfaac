/*
 * cmd_record.c: `floip record FLOW.json -o NAME.transcript.json|NAME_test.lua [chat options]`.
 * Runs `floip chat` (sim/chat.c) with a per-turn hook that writes each turn down; when the chat
 * is over the conversation is saved as a test that reproduces it: a transcript whose expects
 * hold text, buttons, block and state after each turn, or a Lua test asserting the same.
 */
#include "sim/chat.h"
#include "sim/commands.h"
#include "sim/test.h"
#include "engine/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct recording {
    json_t *steps; /* transcript steps; a restart begins them again */
} recording;

static json_t *expect_of(const fl_chat_turn *t)
{
    char *text = NULL;
    json_t *buttons = NULL;
    fl_turn_summary(t->events, &text, &buttons, NULL);
    json_t *expect = json_object();
    json_object_set_new(expect, "text", json_string(text));
    if (json_array_size(buttons)) json_object_set(expect, "buttons", buttons);
    const fl_block *b = fl_session_waiting_block(t->session);
    if (b) json_object_set_new(expect, "block", json_string(fl_block_name(b)));
    bool ended = fl_session_get_state(t->session) == FL_SESSION_ENDED;
    json_object_set_new(expect, "state", json_string(ended ? "end" : "waiting_for_input"));
    free(text);
    json_decref(buttons);
    return expect;
}

static void hook(void *ud, const fl_chat_turn *t)
{
    recording *r = ud;
    json_t *step = json_object();
    switch (t->kind) {
    case FL_CHAT_START:
        json_array_clear(r->steps);
        break;
    case FL_CHAT_REPLY:
        json_object_set_new(step, "send", json_string(t->input));
        break;
    case FL_CHAT_WAIT: {
        const char *d = t->input;
        if (!strncmp(d, "/wait", 5)) d += 5;
        while (*d == ' ') d++;
        json_object_set_new(step, "wait", json_string(d));
        break;
    }
    }
    json_object_set_new(step, "expect", expect_of(t));
    json_array_append_new(r->steps, step);
}

/* ---- the chat options that shape the simulation, written into the test ------------------- */

typedef struct sim_args {
    const char *flow_file, *flow, *lang, *mode, *now, *timeout_policy;
    json_t *contact, *vars;
    long long seed;
    bool has_seed;
} sim_args;

static void read_sim_args(int argc, char **argv, sim_args *s)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-') {
            if (!s->flow_file) s->flow_file = a;
            continue;
        }
        if (!v || !strcmp(a, "--json")) continue;
        if (!strcmp(a, "--flow"))
            s->flow = v;
        else if (!strcmp(a, "--lang"))
            s->lang = v;
        else if (!strcmp(a, "--mode"))
            s->mode = v;
        else if (!strcmp(a, "--now"))
            s->now = v;
        else if (!strcmp(a, "--timeout-policy"))
            s->timeout_policy = v;
        else if (!strcmp(a, "--seed"))
            s->seed = strtoll(v, NULL, 10), s->has_seed = true;
        else if (!strcmp(a, "--contact"))
            json_decref(s->contact), s->contact = json_loads(v, 0, NULL);
        else if (!strcmp(a, "--vars"))
            json_decref(s->vars), s->vars = json_loads(v, 0, NULL);
        i++;
    }
}

/* The flow file as seen from the folder of the output file. */
static char *relative_flow(const char *flow_file, const char *out)
{
    char *out_dir = fl_test_dirname(out);
    char *a = realpath(flow_file, NULL), *b = realpath(out_dir, NULL);
    free(out_dir);
    char *rel = NULL;
    if (a && b) {
        /* common prefix by whole components, then one "../" per remaining component of b */
        size_t i = 0, last = 0;
        while (a[i] && a[i] == b[i]) {
            if (a[i] == '/') last = i;
            i++;
        }
        if (!b[i] && a[i] == '/') last = i;
        fl_buf r = FL_BUF_INIT;
        for (const char *p = b + last; *p; p++)
            if (*p == '/') fl_buf_puts(&r, "../");
        fl_buf_puts(&r, a + last + 1);
        rel = fl_buf_steal(&r);
    }
    free(a), free(b);
    return rel ? rel : fl_xstrdup(flow_file);
}

/* ---- writers ------------------------------------------------------------------------------- */

static int write_transcript(const char *out, const sim_args *s, const char *flow, json_t *steps)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "flow", json_string(flow));
    if (s->flow) json_object_set_new(doc, "flow_uuid", json_string(s->flow));
    if (s->contact) json_object_set(doc, "contact", s->contact);
    if (s->vars) json_object_set(doc, "vars", s->vars);
    if (s->lang) json_object_set_new(doc, "language", json_string(s->lang));
    if (s->mode) json_object_set_new(doc, "mode", json_string(s->mode));
    if (s->now) json_object_set_new(doc, "now", json_string(s->now));
    if (s->has_seed) json_object_set_new(doc, "seed", json_integer(s->seed));
    if (s->timeout_policy && !strcmp(s->timeout_policy, "default_exit"))
        json_object_set_new(doc, "options", json_pack("{s:s}", "timeout_exit", "default"));
    json_object_set(doc, "steps", steps);
    char *text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    FILE *f = fopen(out, "w");
    int rc = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
    if (f && fclose(f)) rc = -1;
    free(text);
    return rc;
}

static void lua_string(fl_buf *b, const char *s)
{
    fl_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fl_buf_putc(b, '\\'), fl_buf_putc(b, (char)*p);
        else if (*p == '\n')
            fl_buf_puts(b, "\\n");
        else if (*p < 0x20 || *p == 0x7F)
            fl_buf_printf(b, "\\%03u", *p);
        else
            fl_buf_putc(b, (char)*p);
    }
    fl_buf_putc(b, '"');
}

static bool lua_name(const char *k)
{
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_')) return false;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_' ||
              (*k >= '0' && *k <= '9')))
            return false;
    return true;
}

static void lua_value(fl_buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        fl_buf_puts(b, "{ ");
        const char *k;
        json_t *x;
        int n = 0;
        json_object_foreach((json_t *)v, k, x)
        {
            if (n++) fl_buf_puts(b, ", ");
            if (lua_name(k))
                fl_buf_puts(b, k);
            else
                fl_buf_putc(b, '['), lua_string(b, k), fl_buf_putc(b, ']');
            fl_buf_puts(b, " = ");
            lua_value(b, x);
        }
        fl_buf_puts(b, n ? " }" : "}");
        break;
    }
    case JSON_ARRAY: {
        fl_buf_puts(b, "{ ");
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) fl_buf_puts(b, ", ");
            lua_value(b, json_array_get(v, i));
        }
        fl_buf_puts(b, json_array_size(v) ? " }" : "}");
        break;
    }
    case JSON_STRING:
        lua_string(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        fl_buf_printf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        fl_buf_printf(b, "%.17g", json_real_value(v));
        break;
    case JSON_TRUE:
        fl_buf_puts(b, "true");
        break;
    case JSON_FALSE:
        fl_buf_puts(b, "false");
        break;
    default:
        fl_buf_puts(b, "nil");
    }
}

static char *test_name_of(const char *out)
{
    const char *base = strrchr(out, '/');
    base = base ? base + 1 : out;
    size_t n = strlen(base);
    if (n > 9 && !strcmp(base + n - 9, "_test.lua")) n -= 9;
    char *name = fl_xstrndup(base, n);
    for (char *p = name; *p; p++)
        if (*p == '_') *p = ' ';
    return name;
}

static int write_lua(const char *out, const sim_args *s, const char *flow, json_t *steps)
{
    fl_buf b = FL_BUF_INIT;
    char *name = test_name_of(out);
    fl_buf_printf(&b, "-- Recorded with `floip record` from %s.\n\ntest(", s->flow_file);
    lua_string(&b, name);
    fl_buf_puts(&b, ", function()\n  local sim = simulation.start({\n    journey = ");
    lua_string(&b, flow);
    fl_buf_puts(&b, ",\n");
    const char *keys[] = {"flow", "language", "mode", "now"};
    const char *vals[] = {s->flow, s->lang, s->mode, s->now};
    for (size_t i = 0; i < 4; i++) {
        if (!vals[i]) continue;
        fl_buf_printf(&b, "    %s = ", keys[i]);
        lua_string(&b, vals[i]);
        fl_buf_puts(&b, ",\n");
    }
    if (s->contact)
        fl_buf_puts(&b, "    contact = "), lua_value(&b, s->contact), fl_buf_puts(&b, ",\n");
    if (s->vars) fl_buf_puts(&b, "    vars = "), lua_value(&b, s->vars), fl_buf_puts(&b, ",\n");
    if (s->has_seed) fl_buf_printf(&b, "    seed = %lld,\n", s->seed);
    if (s->timeout_policy && !strcmp(s->timeout_policy, "default_exit"))
        fl_buf_puts(&b, "    timeout = \"default\",\n");
    fl_buf_puts(&b, "  })\n");
    json_t *step;
    size_t i;
    json_array_foreach(steps, i, step)
    {
        json_t *send = json_object_get(step, "send"), *wait = json_object_get(step, "wait");
        if (send)
            fl_buf_puts(&b, "  sim:send("), lua_string(&b, json_string_value(send)),
                fl_buf_puts(&b, ")\n");
        if (wait)
            fl_buf_puts(&b, "  sim:wait("), lua_string(&b, json_string_value(wait)),
                fl_buf_puts(&b, ")\n");
        json_t *e = json_object_get(step, "expect");
        fl_buf_puts(&b, "  assert.equals(sim.text, ");
        lua_string(&b, json_string_value(json_object_get(e, "text")));
        fl_buf_puts(&b, ")\n");
        json_t *buttons = json_object_get(e, "buttons");
        if (buttons)
            fl_buf_puts(&b, "  assert.buttons(sim, "), lua_value(&b, buttons),
                fl_buf_puts(&b, ")\n");
        json_t *block = json_object_get(e, "block");
        if (block)
            fl_buf_puts(&b, "  assert.equals(sim.block, "), lua_value(&b, block),
                fl_buf_puts(&b, ")\n");
        fl_buf_puts(&b, "  assert.equals(sim.state, ");
        lua_value(&b, json_object_get(e, "state"));
        fl_buf_puts(&b, ")\n");
    }
    fl_buf_puts(&b, "end)\n");
    free(name);
    FILE *f = fopen(out, "w");
    int rc = f && fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
    if (f && fclose(f)) rc = -1;
    fl_buf_free(&b);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

int cmd_record(int argc, char **argv)
{
    const char *out = NULL;
    char **chat_argv = fl_xcalloc((size_t)argc + 1, sizeof *chat_argv);
    int chat_argc = 0;
    chat_argv[chat_argc++] = "chat";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc) break;
            out = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: floip record FLOW.json -o NAME.transcript.json|NAME_test.lua "
                   "[floip chat options]\n\nHolds a `floip chat` conversation and saves it as a "
                   "test that reproduces it.\n");
            free(chat_argv);
            return FL_EXIT_OK;
        } else {
            chat_argv[chat_argc++] = argv[i];
        }
    }
    if (!out || !(ends_with(out, ".transcript.json") || ends_with(out, "_test.lua"))) {
        fprintf(stderr, "floip record: -o NAME.transcript.json or -o NAME_test.lua is required\n");
        free(chat_argv);
        return FL_EXIT_USAGE;
    }
    sim_args s = {0};
    read_sim_args(chat_argc, chat_argv, &s);
    recording r = {json_array()};
    int rc = fl_chat_main(chat_argc, chat_argv, hook, &r);
    if (rc == FL_EXIT_OK && s.flow_file) {
        if (!json_array_size(r.steps)) {
            fprintf(stderr, "floip record: nothing to record\n");
            rc = FL_EXIT_FAIL;
        } else {
            char *flow = relative_flow(s.flow_file, out);
            int w = ends_with(out, "_test.lua") ? write_lua(out, &s, flow, r.steps)
                                                : write_transcript(out, &s, flow, r.steps);
            free(flow);
            if (w) {
                fprintf(stderr, "floip record: cannot write %s: %s\n", out, strerror(errno));
                rc = FL_EXIT_FAIL;
            } else {
                fprintf(stderr, "recorded %zu turn%s in %s\n", json_array_size(r.steps),
                        json_array_size(r.steps) == 1 ? "" : "s", out);
            }
        }
    }
    json_decref(r.steps);
    json_decref(s.contact);
    json_decref(s.vars);
    free(chat_argv);
    return rc;
}
