/*
 * context.c: the expression context of a session, one mutable object evaluated in place.
 *
 * Layout (docs/engine.md): contact, run, results, flow (rc3 alias of results), block, parent,
 * child, session, channel, date, event, log, the host's variables, and each block's value under
 * its name (Turn) when that name is not one of these. The innermost run's objects are the ones in
 * the root; entering or leaving a child run swaps them.
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

/* Creates the run's own objects. */
static void run_objects(fl_session *s, fl_run *r)
{
    const fl_flow *f = r->flow;
    r->results = json_object();
    r->flow_alias = json_object();
    json_t *lang = language_object(s, f);
    json_t *lang_id = json_object_get(lang, "id");
    FL_JSON_SET_NEW(r->flow_alias, "language", lang_id ? json_incref(lang_id) : json_incref(lang));
    FL_JSON_SET_NEW(r->flow_alias, "mode", fl_mode_json(s));

    r->run = json_object();
    FL_JSON_SET(r->run, "flow", f->context); /* the container's, never changed */
    FL_JSON_SET_NEW(r->run, "language", lang);
    FL_JSON_SET_NEW(r->run, "mode", fl_mode_json(s));
    FL_JSON_SET_NEW(r->run, "entered_at", fl_iso_json(s, r->entered_at));
    FL_JSON_SET_NEW(r->run, "results", json_incref(r->results));
}

void fl_context_free_run(fl_run *r)
{
    json_decref(r->results);
    json_decref(r->flow_alias);
    json_decref(r->run);
    r->results = r->flow_alias = r->run = NULL;
}

void fl_context_activate(fl_session *s, fl_run *r, const fl_run *parent)
{
    FL_JSON_SET(s->ctx, "results", r->results);
    FL_JSON_SET(s->ctx, "flow", r->flow_alias);
    FL_JSON_SET(s->ctx, "run", r->run);
    if (parent) {
        FL_JSON_SET(s->ctx, "parent", parent->run);
        FL_JSON_SET(r->run, "parent", parent->run);
    } else {
        FL_JSON_SET_NEW(s->ctx, "parent", json_null());
    }
}

void fl_context_push_run(fl_session *s, fl_run *r, const fl_run *parent)
{
    if (!r->results) run_objects(s, r);
    fl_context_activate(s, r, parent);
}

void fl_context_pop_run(fl_session *s, fl_run *child, fl_run *parent)
{
    /* parent.child = child without child.parent, so the objects never form a cycle. */
    json_object_del(child->run, "parent");
    FL_JSON_SET_NEW(child->run, "exited_at", fl_iso_json(s, s->now));
    FL_JSON_SET(parent->run, "child", child->run);
    FL_JSON_SET(s->ctx, "child", child->run);
    const fl_run *grand = s->n_runs >= 3 ? &s->runs[s->n_runs - 3] : NULL;
    fl_context_activate(s, parent, grand);
    if (!grand) json_object_del(parent->run, "parent");
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
