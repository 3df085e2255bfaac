/* test_sim.c: one simulated conversation, as tests see it: each call (start, send, press, wait)
 * leaves behind what the contact received in that turn (texts, `turn` payloads, buttons) and
 * counts the blocks and exits taken for coverage. */
#include "sim/test.h"
#include "engine/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void clear_turn(fl_tsim *sim)
{
    json_decref(sim->turn_events);
    json_decref(sim->messages);
    json_decref(sim->buttons);
    free(sim->text);
    sim->turn_events = NULL;
    sim->messages = NULL;
    sim->buttons = NULL;
    sim->text = NULL;
}

void fl_turn_summary(const json_t *events, char **text_out, json_t **buttons_out,
                     json_t **messages_out)
{
    json_t *messages = json_array(), *buttons = json_array();
    fl_buf text = FL_BUF_INIT, one = FL_BUF_INIT;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev)
    {
        if (strcmp(json_string_value(json_object_get(ev, "type")) ?: "", "message")) continue;
        json_t *turn = json_object_get(json_object_get(ev, "envelope"), "turn");
        if (!json_is_object(turn)) continue;
        json_array_append(messages, turn);
        if (fl_turn_text(turn, &one) == 0 && one.len) {
            if (text.len) fl_buf_putc(&text, '\n');
            fl_buf_append(&text, one.data, one.len);
        }
        json_t *offered = fl_turn_buttons(turn);
        if (json_array_size(offered)) {
            json_decref(buttons);
            buttons = offered;
        } else {
            json_decref(offered);
        }
    }
    fl_buf_free(&one);
    *text_out = text.len ? fl_buf_steal(&text) : fl_xstrdup("");
    fl_buf_free(&text);
    *buttons_out = buttons;
    if (messages_out)
        *messages_out = messages;
    else
        json_decref(messages);
}

/* Takes in the events of one call (stolen). */
static void absorb(fl_tsim *sim, json_t *events)
{
    clear_turn(sim);
    sim->turn_events = events ? events : json_array();
    if (sim->coverage) {
        size_t i;
        json_t *ev;
        json_array_foreach(sim->turn_events, i, ev) fl_coverage_count(sim->coverage, ev);
    }
    fl_turn_summary(sim->turn_events, &sim->text, &sim->buttons, &sim->messages);
    for (size_t i = json_array_size(sim->messages); i-- > 0;) {
        json_t *turn = json_array_get(sim->messages, i);
        const char *kind =
            json_string_value(json_object_get(json_object_get(turn, "interactive"), "type"));
        if (kind && (!strcmp(kind, "button") || !strcmp(kind, "list"))) {
            json_decref(sim->interactive);
            sim->interactive = json_incref(turn);
            break;
        }
    }
}

static int failed(fl_buf *err, const char *what, int rc, const fl_error *e)
{
    fl_buf_printf(err, "%s: %s", what, e && e->message[0] ? e->message : fl_strerror(rc));
    return rc;
}

int fl_tsim_begin(fl_tsim *sim, const fl_container *c, const fl_tsim_start *st, json_t *coverage,
                  fl_buf *err)
{
    memset(sim, 0, sizeof *sim);
    sim->container = c;
    sim->coverage = coverage;
    fl_session_options o;
    fl_session_options_init(&o);
    o.flow = st->flow;
    o.contact = st->contact;
    o.vars = st->vars;
    o.webhook_mocks = st->webhook_mocks;
    o.language = st->language;
    o.mode = st->mode;
    o.now_ms = st->now_ms;
    o.seed = st->seed;
    o.timeout_policy = st->timeout_default_exit ? FL_TIMEOUT_DEFAULT_EXIT : FL_TIMEOUT_TERMINATE;
    fl_error e = {0};
    int rc = fl_session_new(c, &o, &sim->session, &e);
    if (rc) return failed(err, "cannot start the simulation", rc, &e);
    json_t *events = NULL;
    rc = fl_session_start(sim->session, &events, &e);
    if (rc) {
        fl_session_free(sim->session);
        sim->session = NULL;
        return failed(err, "cannot start the simulation", rc, &e);
    }
    absorb(sim, events);
    return 0;
}

static int need_session(fl_tsim *sim, fl_buf *err)
{
    if (sim->session) return 0;
    fl_buf_puts(err, "this simulation is over (a simulation ends with the test that started it)");
    return FL_ESTATE;
}

int fl_tsim_send(fl_tsim *sim, const char *text, fl_buf *err)
{
    if (need_session(sim, err)) return FL_ESTATE;
    if (fl_session_get_state(sim->session) == FL_SESSION_ENDED) {
        fl_buf_printf(err, "the journey has ended: unexpectedly received user input \"%s\"", text);
        return FL_ESTATE;
    }
    json_t *events = NULL;
    fl_error e = {0};
    int rc = fl_session_resume_text(sim->session, text, &events, &e);
    if (rc) return failed(err, "send failed", rc, &e);
    absorb(sim, events);
    return 0;
}

int fl_tsim_message(fl_tsim *sim, const json_t *message, fl_buf *err)
{
    if (need_session(sim, err)) return FL_ESTATE;
    if (fl_session_get_state(sim->session) == FL_SESSION_ENDED) {
        fl_buf_puts(err, "the journey has ended: unexpectedly received user input");
        return FL_ESTATE;
    }
    json_t *events = NULL;
    fl_error e = {0};
    int rc = fl_session_resume(sim->session, message, &events, &e);
    if (rc) return failed(err, "message failed", rc, &e);
    absorb(sim, events);
    return 0;
}

/* The entries of the last message that offered buttons or list rows: a turn that sent nothing
 * new (a wait that fired nothing) leaves the earlier buttons on the contact's screen. */
static json_t *last_interactive(const fl_tsim *sim, const char **reply_type)
{
    json_t *inter = json_object_get(sim->interactive, "interactive");
    const char *kind = json_string_value(json_object_get(inter, "type"));
    json_t *action = json_object_get(inter, "action");
    if (kind && !strcmp(kind, "button")) {
        *reply_type = "button_reply";
        json_t *out = json_array(), *b;
        size_t k;
        json_array_foreach(json_object_get(action, "buttons"), k, b)
            json_array_append(out, json_object_get(b, "reply"));
        return out;
    }
    if (kind && !strcmp(kind, "list")) {
        *reply_type = "list_reply";
        json_t *out = json_array(), *sec, *row;
        size_t k, r;
        json_array_foreach(json_object_get(action, "sections"), k, sec)
            json_array_foreach(json_object_get(sec, "rows"), r, row) json_array_append(out, row);
        return out;
    }
    return NULL;
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

int fl_tsim_press(fl_tsim *sim, const char *choice, fl_buf *err)
{
    if (need_session(sim, err)) return FL_ESTATE;
    const char *reply_type = NULL;
    json_t *entries = last_interactive(sim, &reply_type);
    if (!json_array_size(entries)) {
        json_decref(entries);
        fl_buf_printf(err, "cannot press \"%s\": no buttons were offered", choice);
        return FL_ENOTFOUND;
    }
    json_t *picked = NULL, *entry;
    size_t i;
    json_array_foreach(entries, i, entry)
    {
        const char *title = json_string_value(json_object_get(entry, "title"));
        if (title && !strcmp(title, choice)) {
            picked = entry;
            break;
        }
    }
    if (!picked && all_digits(choice)) {
        size_t n = strtoul(choice, NULL, 10);
        if (n >= 1 && n <= json_array_size(entries)) picked = json_array_get(entries, n - 1);
    }
    if (!picked) {
        fl_buf_printf(err, "cannot press \"%s\": offered ", choice);
        json_array_foreach(entries, i, entry)
            fl_buf_printf(err, "%s\"%s\"", i ? ", " : "",
                          json_string_value(json_object_get(entry, "title")) ?: "");
        json_decref(entries);
        return FL_ENOTFOUND;
    }
    json_t *reply = json_pack("{s:O?, s:O?}", "id", json_object_get(picked, "id"), "title",
                              json_object_get(picked, "title"));
    json_t *msg = json_pack("{s:s, s:{s:s, s:o}}", "type", "interactive", "interactive", "type",
                            reply_type, reply_type, reply);
    json_decref(entries);
    int rc = fl_tsim_message(sim, msg, err);
    json_decref(msg);
    return rc;
}

int fl_tsim_wait(fl_tsim *sim, const char *duration, fl_buf *err)
{
    if (need_session(sim, err)) return FL_ESTATE;
    int64_t ms;
    if (fl_parse_duration_ms(duration, &ms) || ms < 0) {
        fl_buf_printf(err, "wait: \"%s\" is not a duration (try 90s, 5m, 2h, 1d)", duration);
        return FL_EINVAL;
    }
    json_t *events = NULL;
    fl_error e = {0};
    int rc = fl_session_advance_clock(sim->session, fl_session_now(sim->session) + ms, &events, &e);
    if (rc) return failed(err, "wait failed", rc, &e);
    absorb(sim, events);
    return 0;
}

void fl_tsim_end(fl_tsim *sim)
{
    clear_turn(sim);
    json_decref(sim->interactive);
    sim->interactive = NULL;
    fl_session_free(sim->session);
    sim->session = NULL;
}

const char *fl_tsim_state(const fl_tsim *sim)
{
    if (!sim->session) return "new";
    switch (fl_session_get_state(sim->session)) {
    case FL_SESSION_WAITING:
        return "waiting_for_input";
    case FL_SESSION_ENDED:
        return "end";
    default:
        return "new";
    }
}

const char *fl_tsim_block(const fl_tsim *sim)
{
    const fl_block *b = sim->session ? fl_session_waiting_block(sim->session) : NULL;
    return b ? fl_block_name(b) : NULL;
}

json_t *fl_tsim_logs(const fl_tsim *sim)
{
    json_t *out = json_array(), *ev;
    size_t i;
    json_array_foreach(sim->turn_events, i, ev)
    {
        const char *type = json_string_value(json_object_get(ev, "type"));
        json_t *msg = json_object_get(ev, "message");
        if (type && !strcmp(type, "log") && msg) json_array_append(out, msg);
    }
    return out;
}
