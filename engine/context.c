/*
 * context.c: the expression context of a session, evaluated in place.
 *
 * Layout (docs/engine.md): contact, run, results, flow (rc3 alias of results), block, parent,
 * child, session, channel, date, event (the keys every session has, kept in s->root), then the
 * host's variables, each block's value under its name (Turn) when that name is not one of these,
 * log (s->ctx, in the order first set). root[] holds null (or a host variable) at run, results,
 * flow and parent until the first run: from then on evaluations read the innermost run's own
 * (engine/results.c). Evaluations read the root as a host map; fl_context_json builds its JSON
 * when a host asks for the context.
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

void fl_context_push_run(fl_session *s, fl_run *r)
{
    r->session = s;
    r->depth = (size_t)(r - s->runs);
    s->roots_valid = false;
    if (!r->language) run_values(s, r);
}

void fl_context_pop_run(fl_session *s, fl_run *child, fl_run *parent, const char *bare_name)
{
    /* A child's own ended child is built now: its entry names a parent that is leaving. */
    if (child->child_pending) fl_context_settle(s);
    if (s->n_ended == s->cap_ended) {
        s->cap_ended = s->cap_ended ? 2 * s->cap_ended : 4;
        s->ended = fl_xrealloc(s->ended, s->cap_ended * sizeof *s->ended);
    }
    fl_ended *e = &s->ended[s->n_ended++];
    e->run = *child;
    memset(child, 0, sizeof *child); /* moved */
    e->exited_iso = fl_iso_json(s, s->now);
    e->parent_depth = parent->depth;
    e->bare_name = bare_name;
    parent->child_pending = true;
    s->roots_valid = false;
    /* The name takes its place in the root's order now; its value comes with the JSON. */
    if (bare_name) json_object_set_new_nocheck(s->ctx, bare_name, json_null());
}

static void free_ended(fl_ended *e)
{
    fl_context_free_run(&e->run);
    json_decref(e->exited_iso);
}

void fl_context_settle(const fl_session *cs)
{
    fl_session *s = (fl_session *)cs; /* what is built was there to read all along */
    if (s->reply_body) {
        json_object_set_new_nocheck(s->root[FL_ROOT_EVENT], "message",
                                    fl_text_message(s->reply_body));
        s->reply_body = NULL;
    }
    for (size_t i = 0; i < s->n_ended; i++) {
        fl_ended *e = &s->ended[i];
        /* parent.child is the child's run object without its parent: no cycle. */
        json_t *o = fl_run_json(s, &e->run, false);
        FL_JSON_SET(o, "exited_at", e->exited_iso);
        fl_run *parent = &s->runs[e->parent_depth];
        json_decref(parent->child);
        parent->child = json_incref(o);
        parent->child_pending = false;
        fl_context_set(s, "child", o);
        if (e->bare_name) json_object_set(s->ctx, e->bare_name, json_object_get(o, "results"));
        json_decref(o);
        free_ended(e);
    }
    s->n_ended = 0;
}

/* The keys of root[], in order (FL_ROOT_*). */
static const char *const root_names[FL_ROOT_N] = {
    "contact", "run",     "results", "flow", "block", "parent",
    "child",   "session", "channel", "date", "event",
};
static const uint8_t root_lens[FL_ROOT_N] = {7, 3, 7, 4, 5, 6, 5, 7, 7, 4, 5};

const char *fl_context_root_name(int i)
{
    return root_names[i];
}

static int root_index(const char *key, size_t len)
{
    for (int i = 0; i < FL_ROOT_N; i++)
        if (root_lens[i] == len && root_names[i][0] == key[0] && !memcmp(root_names[i], key, len))
            return i;
    return -1;
}

/* A block object from a host (variables, a restore): one that starts with value and response
 * is kept as the session's own block, anything else as it is. */
static void set_block(fl_session *s, json_t *block)
{
    void *it = json_object_iter(block);
    void *next = it ? json_object_iter_next(block, it) : NULL;
    bool own = json_is_object(block) && it && next && !strcmp(json_object_iter_key(it), "value") &&
               !strcmp(json_object_iter_key(next), "response");
    json_decref(s->block_value);
    json_decref(s->block_response);
    s->block_value = s->block_response = NULL;
    json_decref(s->root[FL_ROOT_BLOCK]);
    s->block_json = !own;
    if (!own) {
        s->root[FL_ROOT_BLOCK] = s->block = json_incref(block);
        return;
    }
    s->block_value = json_incref(json_object_iter_value(it));
    s->block_response = json_incref(json_object_iter_value(next));
    json_t *rest = json_object();
    for (void *k = json_object_iter_next(block, next); k; k = json_object_iter_next(block, k))
        json_object_set(rest, json_object_iter_key(k), json_object_iter_value(k));
    s->root[FL_ROOT_BLOCK] = s->block = rest;
}

void fl_context_set_block(fl_session *s, json_t *value, json_t *response)
{
    if (s->block_json) {
        if (value) json_object_set_new_nocheck(s->block, "value", value);
        if (response) json_object_set_new_nocheck(s->block, "response", response);
        return;
    }
    if (value) {
        json_decref(s->block_value);
        s->block_value = value;
    }
    if (response) {
        json_decref(s->block_response);
        s->block_response = response;
    }
}

json_t *fl_context_block_json(const fl_session *s)
{
    if (s->block_json) return json_incref(s->block);
    json_t *o = json_object();
    FL_JSON_SET(o, "value", s->block_value);
    FL_JSON_SET(o, "response", s->block_response);
    json_object_update(o, s->block);
    return o;
}

/* The members of o (the root's rest, block's other members) as a context map: never read as a
 * tagged date, whatever keys it has, since it is only part of an object. */
static fl_value members(const json_t *o)
{
    fl_value v = {.type = FL_MAP, .form = FL_FORM_JSON};
    v.u.json = o;
    return v;
}

/* block as a map: value, response, then the other members. */
static size_t block_size(const void *self)
{
    const fl_session *s = self;
    return 2 + json_object_size(s->block);
}

static bool block_get(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out)
{
    const fl_session *s = self;
    if (keylen == 5 && !memcmp(key, "value", 5)) {
        *out = fl_from_json(ev, s->block_value);
        return true;
    }
    if (keylen == 8 && !memcmp(key, "response", 8)) {
        *out = fl_from_json(ev, s->block_response);
        return true;
    }
    fl_value rest = members(s->block);
    bool found;
    *out = fl_map_get_name(ev, &rest, key, keylen, &found);
    return found;
}

static void block_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    const fl_session *s = self;
    if (i < 2) {
        *key = i ? "response" : "value";
        *out = fl_from_json(ev, i ? s->block_response : s->block_value);
        return;
    }
    void *it = json_object_iter(s->block);
    for (i -= 2; i; i--) it = json_object_iter_next(s->block, it);
    *key = json_object_iter_key(it);
    *out = fl_from_json(ev, json_object_iter_value(it));
}

static const fl_host_map block_map = {block_size, block_get, block_at};

fl_value fl_context_block_value(const fl_session *s)
{
    return s->block_json ? fl_object_value(s->block) : fl_host_map_value(&block_map, s);
}

void fl_context_set(fl_session *s, const char *key, json_t *value)
{
    if (!value) return;
    int i = root_index(key, strlen(key));
    if (i < 0) {
        json_object_set(s->ctx, key, value);
        return;
    }
    s->roots_valid = false;
    if (i == FL_ROOT_BLOCK) {
        set_block(s, value);
        return;
    }
    json_incref(value);
    json_decref(s->root[i]);
    s->root[i] = value;
    if (i == FL_ROOT_CONTACT) s->contact = value;
}

static void set_root(fl_session *s, int i, json_t *value)
{
    fl_context_set(s, root_names[i], value);
    json_decref(value);
}

json_t *fl_context_json(const fl_session *s)
{
    fl_context_settle(s);
    json_t *o = json_object();
    const fl_run *top = s->n_runs ? &s->runs[s->n_runs - 1] : NULL;
    json_t *run = top && top->language ? fl_run_json(s, top, true) : NULL;
    for (int i = 0; i < FL_ROOT_N; i++) {
        json_t *v = s->root[i];
        if (run && i == FL_ROOT_RUN) v = run;
        if (run && i == FL_ROOT_RESULTS) v = json_object_get(run, "results");
        if (run && i == FL_ROOT_PARENT) {
            v = json_object_get(run, "parent");
            if (!v) v = json_null();
        }
        if (i == FL_ROOT_BLOCK) {
            json_object_setn_new_nocheck(o, root_names[i], root_lens[i], fl_context_block_json(s));
            continue;
        }
        if (run && i == FL_ROOT_FLOW) {
            json_object_setn_new_nocheck(
                o, root_names[i], root_lens[i],
                fl_flow_alias_json(s, top, json_object_get(run, "results")));
            continue;
        }
        json_object_setn_nocheck(o, root_names[i], root_lens[i], v);
    }
    json_decref(run);
    json_object_update(o, s->ctx);
    return o;
}

/* The root as a map: root[] first, then ctx. Keys of root[] are lower case, so an exact match is
 * the whole rule for them; ctx matches as any JSON context map does. */
static size_t root_size(const void *self)
{
    const fl_session *s = self;
    return FL_ROOT_N + json_object_size(s->ctx);
}

static fl_value root_value(fl_eval *ev, const fl_session *s, int i)
{
    return i == FL_ROOT_BLOCK ? fl_context_block_value(s) : fl_from_json(ev, s->root[i]);
}

static bool root_get(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out)
{
    const fl_session *s = self;
    int i = root_index(key, keylen);
    if ((s->n_ended || s->reply_body) && (i < 0 || i == FL_ROOT_CHILD || i == FL_ROOT_EVENT))
        fl_context_settle(s);
    if (i >= 0) {
        *out = root_value(ev, s, i);
        return true;
    }
    fl_value rest = members(s->ctx);
    bool found;
    *out = fl_map_get_name(ev, &rest, key, keylen, &found);
    return found;
}

static void root_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    const fl_session *s = self;
    fl_context_settle(s);
    if (i < FL_ROOT_N) {
        *key = root_names[i];
        *out = root_value(ev, s, i);
        return;
    }
    void *it = json_object_iter(s->ctx);
    for (i -= FL_ROOT_N; i; i--) it = json_object_iter_next(s->ctx, it);
    *key = json_object_iter_key(it);
    *out = fl_from_json(ev, json_object_iter_value(it));
}

static const fl_host_map root_map = {root_size, root_get, root_at};

fl_value fl_context_root(const fl_session *s)
{
    return fl_host_map_value(&root_map, s);
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
    fl_context_set(s, "date", last_date);
    pthread_mutex_unlock(&last_date_lock);
}

void fl_context_init(fl_session *s, const json_t *contact)
{
    s->ctx = json_object();
    set_root(s, FL_ROOT_CONTACT, contact ? json_deep_copy(contact) : json_object());
    for (int i = FL_ROOT_RUN; i <= FL_ROOT_CHILD; i++) s->root[i] = json_null();
    s->root[FL_ROOT_BLOCK] = s->block = json_object();
    s->block_value = json_null();
    s->block_response = json_null();
    s->root[FL_ROOT_SESSION] = json_object();
    s->root[FL_ROOT_CHANNEL] = fl_channel_json(s);
    fl_context_set_clock(s);
    json_t *event = json_object();
    FL_JSON_SET_NEW(event, "message", json_null());
    s->root[FL_ROOT_EVENT] = event;
    s->contact_gen++;
    if (!s->vars) return;
    const char *k;
    json_t *v;
    json_object_foreach(s->vars, k, v) fl_context_set(s, k, v);
    /* The host may have replaced contact or block with something else than an object. */
    if (!json_is_object(s->contact)) set_root(s, FL_ROOT_CONTACT, json_object());
    if (!json_is_object(s->block)) set_root(s, FL_ROOT_BLOCK, json_object());
}

void fl_context_free(fl_session *s)
{
    for (size_t i = 0; i < s->n_ended; i++) free_ended(&s->ended[i]);
    free(s->ended);
    s->ended = NULL;
    s->n_ended = s->cap_ended = 0;
    for (int i = 0; i < FL_ROOT_N; i++) json_decref(s->root[i]);
    json_decref(s->block_value);
    json_decref(s->block_response);
    s->block_value = s->block_response = NULL;
    json_decref(s->ctx);
    memset(s->root, 0, sizeof s->root);
    s->ctx = s->contact = s->block = NULL;
}

json_t *fl_context_contact_mut(fl_session *s)
{
    s->contact_gen++; /* whatever was read from the contact may change now */
    if (s->contact->refcount > 1) {
        /* An envelope holds the current contact: give the context its own copy. */
        set_root(s, FL_ROOT_CONTACT, json_copy(s->contact));
    }
    return s->contact;
}
