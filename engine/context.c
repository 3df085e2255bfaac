/*
 * context.c: the expression context of a session, one mutable object evaluated in place.
 *
 * Layout (docs/engine.md): contact, run, results, flow (rc3 alias of results), block, parent,
 * child, session, channel, date, event, log, the host's variables, and each block's value under
 * its name (Turn) when that name is not one of these. run, results, flow and parent are
 * placeholders in the root: evaluations read the innermost run's own (engine/results.c) and
 * fl_context_json puts their JSON in when a host asks for the context.
 */
#include "engine/run.h"

#include <pthread.h>
#include <string.h>

static const char *const reserved_names[] = {
    "contact", "run",     "results", "flow",  "block", "parent", "child",
    "session", "channel", "date",    "event", "log",   NULL,
};

bool fl_context_name_is_reserved(const char *name)
{
    char first = (char)(name[0] >= 'A' && name[0] <= 'Z' ? name[0] + 32 : name[0]);
    for (const char *const *r = reserved_names; *r; r++)
        if (**r == first && !fl_strcasecmp(*r, name)) return true;
    return false;
}

bool fl_context_reserved(const fl_session *s, const char *name)
{
    return fl_context_name_is_reserved(name) || (s->vars && json_object_get(s->vars, name));
}

bool fl_context_block_name_reserved(const fl_session *s, const fl_block *b)
{
    return b->name_reserved || (s->vars && json_object_get(s->vars, b->name));
}

static json_t *language_object(const fl_session *s, const fl_flow *f)
{
    const fl_language *l = fl_flow_language(f, s->language ? s->language : "");
    if (!l && f->n_languages) l = &f->languages[0];
    if (!l) return s->language ? json_string(s->language) : json_null();
    return json_incref(l->context); /* the container's, never changed */
}

/* Sets up the run's own values (the first time it becomes the innermost run). */
static void run_values(fl_session *s, fl_run *r)
{
    r->language = language_object(s, r->flow);
    json_t *lang_id = json_object_get(r->language, "id");
    r->language_id = json_incref(lang_id ? lang_id : r->language);
    r->entered_iso = fl_iso_json(s, r->entered_at);
}

void fl_context_free_run(fl_run *r)
{
    fl_results_free(&r->results);
    json_decref(r->language);
    json_decref(r->language_id);
    json_decref(r->entered_iso);
    json_decref(r->child);
    r->language = r->language_id = r->entered_iso = r->child = NULL;
}

void fl_context_push_run(fl_session *s, fl_run *r, const fl_run *parent)
{
    (void)parent; /* the run before r in s->runs */
    r->session = s;
    r->depth = (size_t)(r - s->runs);
    if (!r->language) run_values(s, r);
}

void fl_context_pop_run(fl_session *s, fl_run *child, fl_run *parent)
{
    /* parent.child is the child's run object without its parent, so they never form a cycle. */
    json_t *o = fl_run_json(s, child, false);
    FL_JSON_SET_NEW(o, "exited_at", fl_iso_json(s, s->now));
    json_decref(parent->child);
    parent->child = o;
    FL_JSON_SET(s->ctx, "child", o);
}

json_t *fl_context_json(const fl_session *s)
{
    json_t *root = json_copy(s->ctx);
    const fl_run *top = s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
    if (!top || !top->language) return root;
    json_t *run = fl_run_json(s, top, true);
    FL_JSON_SET_NEW(root, "results", json_incref(json_object_get(run, "results")));
    FL_JSON_SET_NEW(root, "flow", fl_flow_alias_json(s, top));
    FL_JSON_SET_NEW(root, "run", run);
    json_t *parent = json_object_get(run, "parent");
    FL_JSON_SET_NEW(root, "parent", parent ? json_incref(parent) : json_null());
    return root;
}

void fl_context_drop_views(fl_session *s)
{
    json_decref(s->view);
    json_decref(s->views);
    s->view = s->views = NULL;
}

static json_t *date_object(int64_t now)
{
    char iso[48], day[16];
    json_t *date = json_object();
    fl_iso_ms(now, iso);
    memcpy(day, iso, 10);
    day[10] = '\0';
    json_t *today = json_pack("{s:s}", "$date", day);
    FL_JSON_SET_NEW(date, "now", json_pack("{s:s}", "$datetime", iso));
    FL_JSON_SET_NEW(date, "today", today);
    static const int64_t day_ms = 86400000;
    fl_iso_ms(now + day_ms, iso);
    memcpy(day, iso, 10);
    FL_JSON_SET_NEW(date, "tomorrow", json_pack("{s:s}", "$date", day));
    fl_iso_ms(now - day_ms, iso);
    memcpy(day, iso, 10);
    FL_JSON_SET_NEW(date, "yesterday", json_pack("{s:s}", "$date", day));
    FL_JSON_SET_NEW(date, "__value__", json_incref(today));
    return date;
}

/* The date object depends on the instant alone and is never changed once built, so sessions at
 * the same instant (a simulation server's burst, floip run --repeat) share the last one built.
 * A process-wide slot under a lock: a thread-local one would leak when its thread ends. */
static pthread_mutex_t last_date_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_date_now;
static json_t *last_date;

void fl_context_set_clock(fl_session *s)
{
    pthread_mutex_lock(&last_date_lock);
    if (!last_date || last_date_now != s->now) {
        json_decref(last_date);
        last_date = date_object(s->now);
        last_date_now = s->now;
    }
    FL_JSON_SET(s->ctx, "date", last_date);
    pthread_mutex_unlock(&last_date_lock);
}

void fl_context_init(fl_session *s, const json_t *contact)
{
    s->ctx = json_object();
    s->contact = contact ? json_deep_copy(contact) : json_object();
    FL_JSON_SET_NEW(s->ctx, "contact", s->contact);
    FL_JSON_SET_NEW(s->ctx, "run", json_null());
    FL_JSON_SET_NEW(s->ctx, "results", json_null());
    FL_JSON_SET_NEW(s->ctx, "flow", json_null());
    s->block = json_object();
    FL_JSON_SET_NEW(s->block, "value", json_null());
    FL_JSON_SET_NEW(s->block, "response", json_null());
    FL_JSON_SET_NEW(s->ctx, "block", s->block);
    FL_JSON_SET_NEW(s->ctx, "parent", json_null());
    FL_JSON_SET_NEW(s->ctx, "child", json_null());
    FL_JSON_SET_NEW(s->ctx, "session", json_object());
    FL_JSON_SET_NEW(s->ctx, "channel", fl_channel_json(s));
    fl_context_set_clock(s);
    json_t *event = json_object();
    FL_JSON_SET_NEW(event, "message", json_null());
    FL_JSON_SET_NEW(s->ctx, "event", event);
    s->contact_gen++;
    if (!s->vars) return;
    json_object_update(s->ctx, s->vars);
    /* The host may have replaced contact or block: keep the cached pointers honest. */
    json_t *c = json_object_get(s->ctx, "contact");
    if (!json_is_object(c)) {
        c = json_object();
        FL_JSON_SET_NEW(s->ctx, "contact", c);
    }
    s->contact = c;
    json_t *b = json_object_get(s->ctx, "block");
    if (!json_is_object(b)) {
        b = json_object();
        FL_JSON_SET_NEW(s->ctx, "block", b);
    }
    s->block = b;
}

json_t *fl_context_contact_mut(fl_session *s)
{
    s->contact_gen++; /* whatever was read from the contact may change now */
    if (s->contact->refcount > 1) {
        /* An envelope holds the current contact: give the context its own copy. */
        json_t *copy = json_copy(s->contact);
        FL_JSON_SET_NEW(s->ctx, "contact", copy);
        s->contact = copy;
    }
    return s->contact;
}
