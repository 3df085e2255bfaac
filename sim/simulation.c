/* simulation.c: starting, answering, timing, inspecting and ending simulations; the journeys
 * catalogue. Shared by the HTTP server and the MCP server. */
#include "sim/simulation.h"

#include "engine/json_write.h"
#include "engine/util.h"
#include "sim/simulation_events.h"
#include "sim/simulation_turns.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TEXT_BYTES 65536

struct sim_service {
    journey_catalog *catalog;
    sim_store *store;
    char *base_url;
    FILE *log;
    unsigned long long turns;
    fl_buf item;         /* where transcript items are written before they are kept */
    turn_reader *reader; /* what turn payloads show and offer, cached by their text */
};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static json_t *iso_json(int64_t ms)
{
    char t[48];
    fl_iso_ms(ms, t);
    return json_string(t);
}

int sim_error(json_t **out, int status, const char *code, json_t *problems, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *err = json_pack("{s:i,s:s,s:s}", "status", status, "code", code, "message", msg);
    if (problems) json_object_set_new(err, "problems", problems);
    *out = json_pack("{s:o}", "error", err);
    return status;
}

sim_service *sim_service_new(const sim_options *opts)
{
    sim_service *svc = fl_xcalloc(1, sizeof *svc);
    svc->log = opts->log ? opts->log : stderr;
    svc->base_url = fl_xstrdup(opts->base_url ? opts->base_url : "");
    svc->catalog = catalog_new(opts->flows_dir, opts->state_dir, svc->log);
    catalog_reload(svc->catalog);
    svc->store = store_new(opts->state_dir, svc->log);
    svc->reader = turn_reader_new();
    store_set_max_live(svc->store, opts->max_live);
    store_load(svc->store, svc->catalog);
    return svc;
}

void sim_service_free(sim_service *svc)
{
    if (!svc) return;
    store_free(svc->store);
    catalog_free(svc->catalog);
    fl_buf_free(&svc->item);
    turn_reader_free(svc->reader);
    free(svc->base_url);
    free(svc);
}

size_t sim_reload(sim_service *svc)
{
    return catalog_reload(svc->catalog);
}
size_t sim_live(const sim_service *svc)
{
    return store_count(svc->store);
}

size_t sim_awake(const sim_service *svc)
{
    return store_live(svc->store);
}
size_t sim_journeys(const sim_service *svc)
{
    return catalog_count(svc->catalog);
}
unsigned long long sim_turns(const sim_service *svc)
{
    return svc->turns;
}

void sim_set_base_url(sim_service *svc, const char *base_url)
{
    free(svc->base_url);
    svc->base_url = fl_xstrdup(base_url);
}

/* ---- journeys ------------------------------------------------------------------------------ */

int sim_list_journeys(sim_service *svc, json_t **out)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < catalog_count(svc->catalog); i++)
        json_array_append_new(arr, journey_summary(catalog_at(svc->catalog, i), svc->base_url));
    *out = arr;
    return 200;
}

int sim_get_journey(sim_service *svc, const char *uuid, json_t **out)
{
    journey *j = catalog_find(svc->catalog, uuid);
    if (!j) return sim_error(out, 404, "journey_not_found", NULL, "no journey with uuid %s", uuid);
    *out = json_incref((json_t *)fl_container_json(j->container));
    return 200;
}

static void problem(json_t *problems, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(json_t *problems, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(problems, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

static void optional_bool(const json_t *body, const char *key, json_t *problems)
{
    json_t *v = json_object_get(body, key);
    if (v && !json_is_boolean(v)) problem(problems, key, "must be true or false");
}

int sim_create_journey(sim_service *svc, const json_t *body, json_t **out)
{
    json_t *problems = json_array();
    if (!json_is_object(body)) {
        problem(problems, "", "the body must be a JSON object");
        return sim_error(out, 422, "invalid_request", problems, "the journey cannot be created");
    }
    json_t *name = json_object_get(body, "name");
    json_t *nb = json_object_get(body, "notebook");
    if (!name)
        problem(problems, "name", "is required");
    else if (!json_is_string(name) || !json_string_length(name))
        problem(problems, "name", "must be a non-empty string");
    if (!nb)
        problem(problems, "notebook", "is required");
    else if (!json_is_string(nb) && !json_is_object(nb))
        problem(problems, "notebook", "must be FLOIP JSON, as a string or an object");
    optional_bool(body, "enabled", problems);
    optional_bool(body, "publish_latest_changes", problems);
    if (json_array_size(problems))
        return sim_error(out, 422, "invalid_request", problems, "the journey cannot be created");
    json_decref(problems);

    char *text = json_is_string(nb) ? NULL : json_dumps(nb, JSON_COMPACT);
    const char *src = text ? text : json_string_value(nb);
    size_t len = text ? strlen(text) : json_string_length(nb);
    journey *j = NULL;
    bool replaced = false;
    json_t *diags = NULL;
    int rc = catalog_add(svc->catalog, json_string_value(name), src, len, wall_ms(), &j, &replaced,
                         &diags);
    free(text);
    if (rc < 0) {
        json_t *ps = json_array();
        size_t i;
        json_t *d;
        json_array_foreach(diags, i, d)
        {
            json_t *p = json_deep_copy(d);
            const char *ptr = json_string_value(json_object_get(d, "pointer"));
            fl_buf f = FL_BUF_INIT;
            fl_buf_printf(&f, "notebook%s", ptr ? ptr : "");
            json_object_set_new(p, "field", json_string(f.data));
            fl_buf_free(&f);
            json_array_append_new(ps, p);
        }
        json_decref(diags);
        return sim_error(out, 422, "invalid_notebook", ps,
                         "the notebook is not a valid FLOIP container (%s)", fl_strerror(rc));
    }
    *out = journey_summary(j, svc->base_url);
    return replaced ? 200 : 201;
}

/* ---- turns --------------------------------------------------------------------------------- */

static const char *state_name(fl_session_state s)
{
    return s == FL_SESSION_ENDED ? "end" : s == FL_SESSION_WAITING ? "waiting_for_input" : "new";
}

/* Checks the simulation body and returns every problem found (an empty array when none). */
static json_t *check_turn_body(const json_t *body)
{
    json_t *problems = json_array();
    if (!json_is_object(body)) {
        problem(problems, "", "the body must be a JSON object");
        return problems;
    }
    json_t *id = json_object_get(body, "simulation_id");
    if (!id)
        problem(problems, "simulation_id", "is required");
    else if (!json_is_string(id))
        problem(problems, "simulation_id", "must be a string");
    else if (json_string_length(id) < 6 || json_string_length(id) > 24)
        problem(problems, "simulation_id", "must be 6 to 24 characters long (got %zu)",
                json_string_length(id));
    json_t *rev = json_object_get(body, "revision");
    if (rev && !json_is_string(rev)) problem(problems, "revision", "must be a string");
    json_t *contact = json_object_get(body, "contact");
    if (contact && !json_is_object(contact))
        problem(problems, "contact", "must be an object");
    else if (contact) {
        const char *keys[] = {"name", "language", "phone", "whatsapp_id"};
        for (size_t i = 0; i < FL_ARRAY_LEN(keys); i++) {
            json_t *v = json_object_get(contact, keys[i]);
            if (v && !json_is_string(v) && !json_is_null(v)) {
                char f[64];
                snprintf(f, sizeof f, "contact.%s", keys[i]);
                problem(problems, f, "must be a string");
            }
        }
    }
    json_t *input = json_object_get(body, "input");
    json_t *msg = json_object_get(body, "message");
    json_t *press = json_object_get(body, "press");
    if (input && !json_is_string(input))
        problem(problems, "input", "must be a string");
    else if (input && json_string_length(input) > MAX_TEXT_BYTES)
        problem(problems, "input", "is longer than %d bytes", MAX_TEXT_BYTES);
    if (msg && !json_is_object(msg))
        problem(problems, "message", "must be an inbound Channel API message object");
    else if (msg && !json_is_string(json_object_get(msg, "type")))
        problem(problems, "message.type", "is required (text, interactive, image, ...)");
    if (press && !json_is_string(press) && !json_is_integer(press))
        problem(problems, "press", "must be a button title or a 1-based button number");
    if (!!input + !!msg + !!press > 1)
        problem(problems, "input", "give only one of input, message and press");
    json_t *now = json_object_get(body, "now");
    int64_t ms;
    if (now && (!json_is_string(now) || fl_parse_iso_ms(json_string_value(now), &ms) < 0))
        problem(problems, "now", "must be an ISO 8601 time such as 2025-01-01T09:00:00Z");
    return problems;
}

static void write_iso(fl_jw *w, int64_t ms)
{
    char t[48];
    fl_iso_ms(ms, t);
    fl_jw_string(w, t);
}

/* A member copied from the events text; null when the event has none (as jansson would). */
static void member_or_null(fl_jw *w, sim_span event, const char *key)
{
    sim_span v;
    if (span_member(event, key, &v))
        fl_jw_raw(w, v.p, v.len);
    else
        fl_jw_null(w);
}

/* What one call's events show the contact. */
typedef struct turn_fold {
    fl_buf message;  /* a JSON string: every message's text, separated by a blank line */
    fl_buf messages; /* a JSON array: the turn payloads sent */
    fl_buf one;      /* a JSON string: the text of the message being read; then the context */
} turn_fold;

/* Logs one message event: its text joins the message, its turn the messages, and what it offers
 * becomes the buttons on offer. */
static void fold_message(sim_service *svc, sim_entry *e, sim_span ev, sim_span turn, turn_fold *f)
{
    json_t *offer = turn_read(svc->reader, turn.p, turn.len, &f->one);
    json_decref(e->buttons);
    e->buttons = offer;
    if (f->one.len > 2) { /* not "" */
        if (f->message.len > 1) fl_buf_append(&f->message, "\\n\\n", 4);
        fl_buf_append(&f->message, f->one.data + 1, f->one.len - 2);
    }
    fl_buf_putc(&f->messages, f->messages.len ? ',' : '[');
    fl_buf_append(&f->messages, turn.p, turn.len);
    fl_jw w;
    transcript_begin(&w, &svc->item, "out");
    fl_jw_key(&w, "at"), member_or_null(&w, ev, "at");
    fl_jw_key(&w, "block"), member_or_null(&w, ev, "block");
    fl_jw_key(&w, "block_name"), member_or_null(&w, ev, "block_name");
    fl_jw_key(&w, "text"), fl_jw_raw(&w, f->one.data, f->one.len);
    fl_jw_key(&w, "turn"), fl_jw_raw(&w, turn.p, turn.len);
    transcript_end(&e->transcript, &w);
}

/* Reads the last call's events (as the engine's text): logs what they show the contact and the
 * end of the conversation, keeps what they offer. */
static void fold_events(sim_service *svc, sim_entry *e, turn_fold *f)
{
    fl_buf_putc(&f->message, '"');
    size_t n = fl_session_event_count(e->session);
    for (size_t i = 0; i < n; i++) {
        const char *type = fl_session_event_type(e->session, i);
        sim_span ev;
        ev.p = fl_session_event_json(e->session, i, &ev.len);
        if (!type || !ev.p) continue;
        sim_span envelope, turn, depth;
        if (!strcmp(type, "message")) {
            /* the engine hands the turn out directly; a message that rendered nothing has a
             * null turn in its envelope */
            turn.p = fl_session_event_turn(e->session, i, &turn.len);
            if (turn.p ||
                (span_member(ev, "envelope", &envelope) && span_member(envelope, "turn", &turn)))
                fold_message(svc, e, ev, turn, f);
        } else if (!strcmp(type, "run_ended") && !span_member(ev, "depth", &depth)) {
            fl_jw w;
            transcript_begin(&w, &svc->item, "end");
            fl_jw_key(&w, "at"), member_or_null(&w, ev, "at");
            fl_jw_key(&w, "flow"), member_or_null(&w, ev, "flow");
            fl_jw_key(&w, "reason"), member_or_null(&w, ev, "reason");
            transcript_end(&e->transcript, &w);
        }
    }
    fl_buf_putc(&f->message, '"');
    fl_buf_append(&f->messages, f->messages.len ? "]" : "[]", f->messages.len ? 1 : 2);
}

/* Folds the last call's events into the transcript and writes the answer to out, straight as
 * text: {simulation_id, state, message, context, messages, buttons, waiting_for_user_input,
 * events, journey, now}. The events and turns are the engine's text, copied. */
static void turn_response(sim_service *svc, sim_entry *e, fl_buf *out)
{
    size_t len = 0;
    const char *events = fl_session_events_json(e->session, &len);
    if (!events) events = "[]", len = 2;
    turn_fold f = {FL_BUF_INIT, FL_BUF_INIT, FL_BUF_INIT};
    fold_events(svc, e, &f);
    fl_session_state st = fl_session_get_state(e->session);
    fl_jw w;
    fl_jw_init(&w, out);
    fl_jw_object(&w);
    fl_jw_key(&w, "simulation_id"), fl_jw_string(&w, e->id);
    fl_jw_key(&w, "state"), fl_jw_string(&w, state_name(st));
    fl_jw_key(&w, "message"), fl_jw_raw(&w, f.message.data, f.message.len);
    /* The context is written from the session as text; no JSON tree is built for it. */
    fl_buf_reset(&f.one);
    fl_session_context_write(e->session, &f.one);
    fl_jw_key(&w, "context"), fl_jw_raw(&w, f.one.data, f.one.len);
    fl_jw_key(&w, "messages"), fl_jw_raw(&w, f.messages.data, f.messages.len);
    fl_jw_key(&w, "buttons"), offer_write_titles(&w, e->buttons);
    fl_jw_key(&w, "waiting_for_user_input"), fl_jw_bool(&w, st == FL_SESSION_WAITING);
    fl_jw_key(&w, "events"), fl_jw_raw(&w, events, len);
    fl_jw_key(&w, "journey"), fl_jw_string(&w, e->journey->uuid);
    fl_jw_key(&w, "now"), write_iso(&w, fl_session_now(e->session));
    fl_jw_end(&w);
    fl_buf_free(&f.message), fl_buf_free(&f.messages), fl_buf_free(&f.one);
    e->turns++;
    e->updated_at = wall_ms();
    svc->turns++;
    store_save(svc->store, e);
}

static uint64_t seed_of(const char *id)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *id; id++) h = (h ^ (unsigned char)*id) * 1099511628211ULL;
    return h;
}

static int engine_error(json_t **out, int rc, const fl_error *err, const char *id)
{
    if (rc == FL_ESTATE)
        return sim_error(out, 409, "session_ended", NULL,
                         "unexpectedly received user input: simulation %s has ended (%s)", id,
                         err->message);
    if (rc == FL_EINVAL || rc == FL_ELIMIT)
        return sim_error(out, 422, "input_refused", NULL, "%s", err->message);
    return sim_error(out, 500, "engine_error", NULL, "%s: %s", fl_strerror(rc), err->message);
}

static int start(sim_service *svc, const char *juuid, const json_t *body, json_t **out,
                 fl_buf *answer)
{
    json_t *problems = check_turn_body(body);
    if (json_array_size(problems))
        return sim_error(out, 422, "invalid_request", problems,
                         "the simulation request is invalid");
    json_decref(problems);
    journey *j = catalog_find(svc->catalog, juuid);
    if (!j) return sim_error(out, 404, "journey_not_found", NULL, "no journey with uuid %s", juuid);
    const char *id = json_string_value(json_object_get(body, "simulation_id"));
    if (store_get(svc->store, j->uuid, id))
        return sim_error(out, 409, "simulation_exists", NULL,
                         "simulation %s of journey %s already exists", id, j->uuid);

    json_t *contact = json_object_get(body, "contact");
    fl_session_options o;
    fl_session_options_init(&o);
    o.contact = contact;
    o.language = json_string_value(json_object_get(contact, "language"));
    o.seed = seed_of(id);
    o.now_ms = wall_ms();
    const char *now = json_string_value(json_object_get(body, "now"));
    if (now) fl_parse_iso_ms(now, &o.now_ms);
    fl_session *s = NULL;
    fl_error err;
    fl_error_clear(&err);
    int rc = fl_session_new(j->container, &o, &s, &err);
    /* events = NULL: the engine keeps them as text, which the answer copies */
    if (rc == 0) rc = fl_session_start(s, NULL, &err);
    if (rc < 0) {
        fl_session_free(s);
        return sim_error(out, rc == FL_EINVAL ? 422 : 500, "start_failed", NULL,
                         "the simulation cannot start: %s", err.message);
    }
    sim_entry *e = entry_new(id, j, s);
    e->created_at = wall_ms();
    const char *rev = json_string_value(json_object_get(body, "revision"));
    e->revision = rev ? fl_xstrdup(rev) : NULL;
    e->contact = json_incref(contact);
    fl_jw w;
    transcript_begin(&w, &svc->item, "start");
    fl_jw_key(&w, "at"), write_iso(&w, fl_session_now(s));
    fl_jw_key(&w, "contact"), fl_jw_json(&w, contact);
    json_t *opening = json_object_get(body, "input");
    if (opening) fl_jw_key(&w, "opening_input"), fl_jw_json(&w, opening);
    transcript_end(&e->transcript, &w);
    store_put(svc->store, e);
    store_touch(svc->store, e, NULL);
    turn_response(svc, e, answer);
    return 200;
}

/* Brings a parked simulation back to life before it is used. */
static int wake(sim_service *svc, sim_entry *e, json_t **out)
{
    fl_error err;
    fl_error_clear(&err);
    if (store_touch(svc->store, e, &err) < 0)
        return sim_error(out, 500, "engine_error", NULL, "simulation %s cannot be restored: %s",
                         e->id, err.message);
    return 0;
}

/* Finds a simulation by id (and journey when given); a 404 or 409 body when there is not one. */
static int lookup(sim_service *svc, const char *id, const char *juuid, sim_entry **e, json_t **out)
{
    if (juuid) {
        if (!catalog_find(svc->catalog, juuid) && !store_find_id(svc->store, id, NULL, 0))
            return sim_error(out, 404, "journey_not_found", NULL, "no journey with uuid %s", juuid);
        *e = store_get(svc->store, juuid, id);
        if (!*e)
            return sim_error(out, 404, "simulation_not_found", NULL,
                             "no simulation %s for journey %s", id, juuid);
        return wake(svc, *e, out);
    }
    sim_entry *found[2];
    size_t n = store_find_id(svc->store, id, found, 2);
    if (n == 0) return sim_error(out, 404, "simulation_not_found", NULL, "no simulation %s", id);
    if (n > 1)
        return sim_error(
            out, 409, "ambiguous_simulation", NULL,
            "simulation %s exists for several journeys: name the journey (?journey=UUID)", id);
    *e = found[0];
    return wake(svc, *e, out);
}

/* A press names a button: its number (1-based) or its title. It becomes the interactive reply
 * WhatsApp would send, or the title as text. Numbers with nothing on offer are typed as text, which
 * is how a numbered text menu is answered. *msg: new reference, or NULL with text filled. */
static int resolve_press(const sim_entry *e, const json_t *press, json_t **msg, fl_buf *text,
                         json_t **out)
{
    size_t n = json_array_size(e->buttons);
    long long num = -1;
    const char *s = json_string_value(press);
    if (json_is_integer(press))
        num = json_integer_value(press);
    else if (s && *s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (*end == '\0') num = v;
    }
    const json_t *chosen = NULL;
    if (num >= 1 && (size_t)num <= n) chosen = json_array_get(e->buttons, (size_t)num - 1);
    for (size_t i = 0; !chosen && s && i < n; i++) {
        const json_t *o = json_array_get(e->buttons, i);
        const char *t = json_string_value(json_object_get(o, "title"));
        if (t && !fl_strcasecmp(t, s)) chosen = o;
    }
    if (chosen) {
        const char *title = json_string_value(json_object_get(chosen, "title"));
        const char *reply = json_string_value(json_object_get(chosen, "reply"));
        if (reply)
            *msg =
                json_pack("{s:s,s:{s:s,s:{s:O,s:s}}}", "type", "interactive", "interactive", "type",
                          reply, reply, "id", json_object_get(chosen, "id"), "title", title);
        else
            fl_buf_puts(text, title);
        return 0;
    }
    if (n == 0 && num >= 0) {
        fl_buf_printf(text, "%lld", num);
        return 0;
    }
    json_t *titles = offer_titles(e->buttons);
    char *offered = json_dumps(titles, JSON_COMPACT);
    json_decref(titles);
    json_t *problems = json_array();
    problem(problems, "press", "%s is not one of the buttons offered: %s", s ? s : "that number",
            offered);
    free(offered);
    return sim_error(out, 422, "invalid_request", problems, "no such button");
}

static int submit(sim_service *svc, const char *juuid, const json_t *body, json_t **out,
                  fl_buf *answer)
{
    json_t *problems = check_turn_body(body);
    json_t *input = json_object_get(body, "input");
    json_t *msg = json_object_get(body, "message");
    json_t *press = json_object_get(body, "press");
    if (json_is_object(body) && !input && !msg && !press)
        problem(problems, "input",
                "is required once the simulation has started (or message, or press)");
    if (json_array_size(problems))
        return sim_error(out, 422, "invalid_request", problems,
                         "the simulation request is invalid");
    json_decref(problems);
    const char *id = json_string_value(json_object_get(body, "simulation_id"));
    sim_entry *e = NULL;
    int st = lookup(svc, id, juuid, &e, out);
    if (st) return st;
    if (fl_session_get_state(e->session) == FL_SESSION_ENDED)
        return sim_error(out, 409, "session_ended", NULL,
                         "unexpectedly received user input: simulation %s has ended; start a new "
                         "simulation_id (or DELETE this one) to run the journey again",
                         e->id);
    fl_buf text = FL_BUF_INIT;
    json_t *pressed = NULL;
    if (press && (st = resolve_press(e, press, &pressed, &text, out))) {
        fl_buf_free(&text);
        return st;
    }
    fl_error err;
    fl_error_clear(&err);
    json_t *deliver = msg ? msg : pressed;
    const char *typed = press ? text.data : json_string_value(input);
    int rc = deliver ? fl_session_resume(e->session, deliver, NULL, &err)
                     : fl_session_resume_text(e->session, typed, NULL, &err);
    if (rc == 0) {
        fl_jw w;
        transcript_begin(&w, &svc->item, "in");
        if (deliver) {
            fl_jw_key(&w, "message"), fl_jw_json(&w, deliver);
            /* what the contact is shown to have said: the reply's title, else the text body */
            json_t *it = json_object_get(deliver, "interactive");
            json_t *title = json_object_get(
                json_object_get(it, json_string_value(json_object_get(it, "type"))), "title");
            json_t *body_text = json_object_get(json_object_get(deliver, "text"), "body");
            if (json_is_string(title) || json_is_string(body_text))
                fl_jw_key(&w, "text"), fl_jw_json(&w, json_is_string(title) ? title : body_text);
        } else {
            fl_jw_key(&w, "text"), fl_jw_string(&w, typed);
        }
        if (press) fl_jw_key(&w, "press"), fl_jw_json(&w, press);
        fl_jw_key(&w, "at"), write_iso(&w, fl_session_now(e->session));
        transcript_end(&e->transcript, &w);
    }
    json_decref(pressed);
    fl_buf_free(&text);
    if (rc < 0) return engine_error(out, rc, &err, e->id);
    turn_response(svc, e, answer);
    return 200;
}

static int clock_turn(sim_service *svc, const char *id, const char *juuid, const json_t *body,
                      json_t **out, fl_buf *answer)
{
    json_t *problems = json_array();
    json_t *adv = json_object_get(body, "advance"), *to = json_object_get(body, "to");
    int64_t delta = 0, target = 0;
    if (!json_is_object(body))
        problem(problems, "", "the body must be a JSON object");
    else if (!adv && !to)
        problem(problems, "advance", "is required (a duration such as \"5m\")");
    else if (adv && to)
        problem(problems, "advance", "give only one of advance and to");
    else if (adv && json_is_integer(adv) && json_integer_value(adv) >= 0)
        delta = json_integer_value(adv) * 1000;
    else if (adv && (!json_is_string(adv) ||
                     fl_parse_duration_ms(json_string_value(adv), &delta) < 0 || delta < 0))
        problem(problems, "advance", "must be a duration such as \"90s\", \"5m\", \"2h\", \"1d\"");
    else if (to && (!json_is_string(to) || fl_parse_iso_ms(json_string_value(to), &target) < 0))
        problem(problems, "to", "must be an ISO 8601 time");
    if (json_array_size(problems))
        return sim_error(out, 422, "invalid_request", problems, "the clock request is invalid");
    json_decref(problems);
    sim_entry *e = NULL;
    int st = lookup(svc, id, juuid, &e, out);
    if (st) return st;
    int64_t now = fl_session_now(e->session);
    if (to && target < now)
        return sim_error(out, 422, "invalid_request",
                         json_pack("[{s:s,s:s}]", "field", "to", "message",
                                   "is before the simulation's clock: time never goes back"),
                         "the clock request is invalid");
    int64_t next = to ? target : now + delta;
    fl_error err;
    fl_error_clear(&err);
    int rc = fl_session_advance_clock(e->session, next, NULL, &err);
    if (rc < 0) return engine_error(out, rc, &err, e->id);
    fl_jw w;
    transcript_begin(&w, &svc->item, "clock");
    fl_jw_key(&w, "at"), write_iso(&w, next);
    fl_jw_key(&w, "advanced_ms"), fl_jw_int(&w, next - now);
    transcript_end(&e->transcript, &w);
    turn_response(svc, e, answer);
    return 200;
}

/* The answer of a turn: its text, or the error body's. */
static int answered(int status, json_t *error, fl_buf *out)
{
    if (error) {
        fl_json_dump(out, error);
        json_decref(error);
    }
    return status;
}

int sim_start(sim_service *svc, const char *juuid, const json_t *body, fl_buf *out)
{
    json_t *error = NULL;
    int status = start(svc, juuid, body, &error, out);
    return answered(status, error, out);
}

int sim_submit(sim_service *svc, const char *juuid, const json_t *body, fl_buf *out)
{
    json_t *error = NULL;
    int status = submit(svc, juuid, body, &error, out);
    return answered(status, error, out);
}

int sim_turn(sim_service *svc, const char *juuid, const json_t *body, fl_buf *out)
{
    const char *id = json_string_value(json_object_get(body, "simulation_id"));
    if (id && json_is_object(body) && store_get(svc->store, juuid, id))
        return sim_submit(svc, juuid, body, out);
    return sim_start(svc, juuid, body, out);
}

int sim_clock(sim_service *svc, const char *id, const char *juuid, const json_t *body, fl_buf *out)
{
    json_t *error = NULL;
    int status = clock_turn(svc, id, juuid, body, &error, out);
    return answered(status, error, out);
}

int sim_get(sim_service *svc, const char *id, const char *juuid, json_t **out)
{
    sim_entry *e = NULL;
    int st = lookup(svc, id, juuid, &e, out);
    if (st) return st;
    fl_session_state s = fl_session_get_state(e->session);
    const json_t *ctx = fl_session_context(e->session);
    const fl_block *wb = fl_session_waiting_block(e->session);
    int64_t deadline = fl_session_deadline(e->session);
    json_t *results = json_object_get(ctx, "results");
    *out = json_pack(
        "{s:s,s:s,s:s?,s:s,s:b,s:o,s:o,s:o,s:O?,s:O,s:o,s:o,s:i,s:o,s:o,s:o}", "simulation_id",
        e->id, "journey", e->journey->uuid, "revision", e->revision, "state", state_name(s),
        "waiting_for_user_input", s == FL_SESSION_WAITING, "now",
        iso_json(fl_session_now(e->session)), "deadline",
        deadline >= 0 ? iso_json(deadline) : json_null(), "waiting_block",
        wb ? json_pack("{s:s?,s:s?}", "uuid", fl_block_uuid(wb), "name", fl_block_name(wb))
           : json_null(),
        "contact", e->contact, "context", ctx, "results",
        results ? json_incref(results) : json_object(), "buttons", offer_titles(e->buttons),
        "turns", (int)e->turns, "created_at", iso_json(e->created_at), "updated_at",
        iso_json(e->updated_at), "transcript", transcript_json(&e->transcript));
    return 200;
}

int sim_delete(sim_service *svc, const char *id, const char *juuid, json_t **out)
{
    sim_entry *e = NULL;
    int st = lookup(svc, id, juuid, &e, out);
    if (st) return st;
    *out = json_pack("{s:s,s:s,s:s,s:b}", "simulation_id", e->id, "journey", e->journey->uuid,
                     "state", state_name(fl_session_get_state(e->session)), "deleted", 1);
    store_delete(svc->store, e);
    return 200;
}

bool sim_exists(const sim_service *svc, const char *id, const char *juuid)
{
    return store_get(svc->store, juuid, id) != NULL;
}
