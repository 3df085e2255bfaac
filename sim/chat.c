/*
 * chat.c: a conversation with a flow in the terminal (or through a pipe). Messages appear as the
 * contact would see them; slash commands move the virtual clock, look at the context, save and
 * load the session.
 */
#include "sim/chat.h"
#include "sim/commands.h"
#include "sim/session_args.h"
#include "engine/util.h"

#include <editline/readline.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *HELP =
    "commands:\n"
    "  /wait 5m         advance the virtual clock (90s, 5m, 2h, 1d, 1h30m); fires timeouts\n"
    "  /context [path]  show the context, or one value (e.g. /context contact.name)\n"
    "  /results         show the results of the current run\n"
    "  /restart         start the conversation again\n"
    "  /save FILE       save the session to FILE\n"
    "  /load FILE       continue a session saved with /save\n"
    "  /help            this help\n"
    "  /quit            leave\n"
    "anything else is sent as the contact's reply.\n";

static const char *str_at(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (b) v = json_object_get(v, b);
    return json_string_value(v);
}

static void print_turn(FILE *out, const json_t *turn)
{
    const char *type = str_at(turn, "type", NULL);
    if (!type) return;
    fl_buf text = FL_BUF_INIT;
    static const char *const media[] = {"image", "video", "audio", "document", "sticker"};
    for (size_t i = 0; i < FL_ARRAY_LEN(media); i++) {
        if (strcmp(type, media[i])) continue;
        const json_t *m = json_object_get(turn, type);
        const char *url = str_at(m, "link", NULL);
        if (!url) url = str_at(m, "id", NULL);
        const char *caption = str_at(m, "caption", NULL);
        fprintf(out, "[%s] %s%s%s\n", type, url ? url : "", caption && *caption ? " — " : "",
                caption && *caption ? caption : "");
        return;
    }
    if (fl_turn_text(turn, &text) == 0 && text.len) fprintf(out, "%s\n", text.data);
    json_t *buttons = fl_turn_buttons(turn);
    size_t n = json_array_size(buttons);
    bool list = type && !strcmp(type, "interactive") &&
                (str_at(turn, "interactive", "type") &&
                 !strcmp(str_at(turn, "interactive", "type"), "list"));
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_array_get(buttons, i));
        if (list)
            fprintf(out, "  [%zu] %s\n", i + 1, t ? t : "");
        else
            fprintf(out, "%s[%zu] %s", i ? "  " : "", i + 1, t ? t : "");
    }
    if (n && !list) fputc('\n', out);
    json_decref(buttons);
    fl_buf_free(&text);
}

void fl_chat_print_event(FILE *out, const json_t *ev)
{
    const char *type = str_at(ev, "type", NULL);
    if (!type) return;
    if (!strcmp(type, "message")) {
        print_turn(out, json_object_get(json_object_get(ev, "envelope"), "turn"));
    } else if (!strcmp(type, "log")) {
        fprintf(out, "[log] %s\n", str_at(ev, "message", NULL));
    } else if (!strcmp(type, "error") || !strcmp(type, "warning")) {
        const char *limit = str_at(ev, "limit", NULL);
        fprintf(out, "[%s%s%s] %s\n", type, limit ? " " : "", limit ? limit : "",
                str_at(ev, "message", NULL));
    } else if (!strcmp(type, "timeout")) {
        fprintf(out, "[timeout at %s]\n", str_at(ev, "at", NULL));
    } else if (!strcmp(type, "late_reply")) {
        fprintf(out, "[late reply: the conversation had expired]\n");
    } else if (!strcmp(type, "run_ended")) {
        fprintf(out, "[conversation %s]\n", str_at(ev, "reason", NULL));
    } else if (!strcmp(type, "webhook")) {
        fprintf(out, "[webhook %s %s%s]\n", str_at(ev, "request", "method"),
                str_at(ev, "request", "url"),
                json_is_true(json_object_get(ev, "mocked")) ? "" : " (not mocked)");
    }
}

typedef struct chat {
    const fl_chat_options *o;
    FILE *in, *out;
    fl_session *s;
    bool tty;
} chat;

static void show(chat *c, fl_chat_turn_kind kind, const char *input, json_t *events)
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        const json_t *ev = json_array_get(events, i);
        if (c->o->json) {
            char *line = json_dumps(ev, JSON_COMPACT);
            fprintf(c->out, "%s\n", line);
            free(line);
        } else {
            fl_chat_print_event(c->out, ev);
        }
    }
    if (c->o->hook) {
        fl_chat_turn t = {kind, input, events, c->s};
        c->o->hook(c->o->hook_userdata, &t);
    }
    json_decref(events);
    fflush(c->out);
}

static int start(chat *c)
{
    fl_error err;
    json_t *events = NULL;
    fl_session_free(c->s);
    c->s = NULL;
    if (fl_session_new(c->o->container, &c->o->session, &c->s, &err) < 0 ||
        fl_session_start(c->s, &events, &err) < 0) {
        fprintf(stderr, "floip chat: %s\n", err.message);
        return -1;
    }
    show(c, FL_CHAT_START, NULL, events);
    return 0;
}

static void print_json(chat *c, const json_t *v)
{
    char *d = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);
    fprintf(c->out, "%s\n", d ? d : "null");
    free(d);
}

static void cmd_context(chat *c, const char *path)
{
    const json_t *v = fl_session_context(c->s);
    if (path && *path) {
        char *copy = fl_xstrdup(path), *save = NULL;
        for (char *tok = strtok_r(copy, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save)) {
            if (json_is_array(v)) {
                char *end;
                long i = strtol(tok, &end, 10);
                v = *end ? NULL : json_array_get(v, (size_t)i);
            } else {
                v = json_object_get(v, tok);
            }
        }
        free(copy);
        if (!v) {
            fprintf(c->out, "no such path: %s\n", path);
            return;
        }
    }
    print_json(c, v);
}

static void cmd_load(chat *c, const char *file)
{
    json_error_t je;
    json_t *saved = json_load_file(file, 0, &je);
    if (!saved) {
        fprintf(c->out, "cannot load %s: %s\n", file, je.text);
        return;
    }
    fl_session *s = NULL;
    fl_error err;
    if (fl_session_restore(c->o->container, saved, &c->o->session, &s, &err) < 0) {
        fprintf(c->out, "cannot load %s: %s\n", file, err.message);
    } else {
        fl_session_free(c->s);
        c->s = s;
        fprintf(c->out, "loaded %s\n", file);
        if (c->o->hook) {
            json_t *none = json_array();
            fl_chat_turn t = {FL_CHAT_START, NULL, none, c->s};
            c->o->hook(c->o->hook_userdata, &t);
            json_decref(none);
        }
    }
    json_decref(saved);
}

/* Returns 1 to quit. */
static int command(chat *c, char *line)
{
    char *arg = line + strcspn(line, " \t");
    if (*arg) *arg++ = '\0';
    while (*arg == ' ' || *arg == '\t') arg++;
    fl_error err;
    json_t *events = NULL;
    if (!strcmp(line, "/quit") || !strcmp(line, "/exit")) return 1;
    if (!strcmp(line, "/help")) {
        fputs(HELP, c->out);
    } else if (!strcmp(line, "/wait")) {
        int64_t ms;
        if (fl_parse_duration_ms(arg, &ms) < 0 || ms < 0) {
            fprintf(c->out, "usage: /wait DURATION (e.g. 30s, 5m, 2h, 1d)\n");
        } else if (fl_session_advance_clock(c->s, fl_session_now(c->s) + ms, &events, &err) < 0) {
            fprintf(c->out, "%s\n", err.message);
        } else {
            if (!c->o->json) {
                char iso[48];
                fl_format_iso_ms(fl_session_now(c->s), iso);
                fprintf(c->out, "[clock: %s]\n", iso);
            }
            fl_buf in = FL_BUF_INIT;
            fl_buf_printf(&in, "/wait %s", arg);
            show(c, FL_CHAT_WAIT, in.data, events);
            fl_buf_free(&in);
        }
    } else if (!strcmp(line, "/context")) {
        cmd_context(c, arg);
    } else if (!strcmp(line, "/results")) {
        cmd_context(c, "results");
    } else if (!strcmp(line, "/restart")) {
        if (start(c) < 0) return 1;
    } else if (!strcmp(line, "/save")) {
        json_t *saved = NULL;
        if (!*arg)
            fprintf(c->out, "usage: /save FILE\n");
        else if (fl_session_save(c->s, &saved, &err) < 0 || json_dump_file(saved, arg, 0) < 0)
            fprintf(c->out, "cannot save to %s\n", arg);
        else
            fprintf(c->out, "saved %s\n", arg);
        json_decref(saved);
    } else if (!strcmp(line, "/load")) {
        if (!*arg)
            fprintf(c->out, "usage: /load FILE\n");
        else
            cmd_load(c, arg);
    } else {
        fprintf(c->out, "unknown command %s (/help lists them)\n", line);
    }
    fflush(c->out);
    return 0;
}

static char *read_line(chat *c)
{
    if (c->tty) {
        char *l = readline("> ");
        if (l && *l) add_history(l);
        return l;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, c->in);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    return line;
}

int fl_chat_run(const fl_chat_options *o)
{
    chat c = {o, o->in ? o->in : stdin, o->out ? o->out : stdout, NULL, false};
    c.tty = o->line_editing && c.in == stdin && isatty(STDIN_FILENO);
    if (start(&c) < 0) return FL_EXIT_FAIL;
    if (c.tty && !o->json) fprintf(c.out, "(type /help for commands)\n");
    for (;;) {
        char *line = read_line(&c);
        if (!line) break;
        int quit = 0;
        if (line[0] == '/') {
            quit = command(&c, line);
        } else {
            if (!c.tty && !o->json) fprintf(c.out, "> %s\n", line);
            fl_error err;
            json_t *events = NULL;
            if (fl_session_resume_text(c.s, line, &events, &err) < 0) {
                if (fl_session_get_state(c.s) == FL_SESSION_ENDED)
                    fprintf(c.out, "[the conversation has ended: /restart to begin again]\n");
                else
                    fprintf(c.out, "[not sent: %s]\n", err.message);
            } else {
                show(&c, FL_CHAT_REPLY, line, events);
            }
        }
        free(line);
        if (quit) break;
    }
    fl_session_free(c.s);
    return FL_EXIT_OK;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: floip chat FLOW.json [--flow UUID|NAME] [--contact JSON] [--vars JSON]\n"
            "                  [--lang LANG] [--mode MODE] [--now ISO] [--seed N] [--to ADDR]\n"
            "                  [--timeout-policy terminate|default_exit] [--webhook-mocks FILE]\n"
            "                  [--json]\n");
    return FL_EXIT_USAGE;
}

int fl_chat_main(int argc, char **argv, fl_chat_hook hook, void *userdata)
{
    fl_chat_options o;
    memset(&o, 0, sizeof o);
    fl_session_options_init(&o.session);
    o.line_editing = true;
    o.hook = hook;
    o.hook_userdata = userdata;
    const char *path = NULL;
    json_t *contact = NULL, *vars = NULL, *mocks = NULL;
    int rc = FL_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int parsed;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            fputs(HELP, stderr);
            return FL_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            o.json = true;
        } else if (a[0] == '-' && !v) {
            fprintf(stderr, "floip chat: %s %s\n", a,
                    fl_session_arg_takes_value(a) ? "needs a value" : "is an unknown option");
            goto done;
        } else if ((parsed = fl_session_arg("floip chat", argv, &i, &o.session, &contact, &vars,
                                            &mocks)) != 0) {
            if (parsed < 0) goto done;
        } else if (a[0] == '-') {
            fprintf(stderr, "floip chat: %s is an unknown option\n", a);
            goto done;
        } else if (!path) {
            path = a;
        } else {
            goto done;
        }
    }
    if (!path) {
        usage();
        goto done;
    }
    o.session.contact = contact;
    o.session.vars = vars;
    o.session.webhook_mocks = mocks;
    fl_container *c = fl_session_load_flow("floip chat", path);
    if (!c) {
        rc = FL_EXIT_FAIL;
        goto done;
    }
    o.container = c;
    rc = fl_chat_run(&o);
    fl_container_free(c);
done:
    json_decref(contact);
    json_decref(vars);
    json_decref(mocks);
    return rc;
}
