/* results.c: a run's results as an array, its JSON forms and the host maps evaluations read. */
#include "engine/results.h"
#include "engine/run.h"

#include <stdlib.h>
#include <string.h>

/* Up to this many results are found by a scan; more get a hash index (long flows: large.json
 * stores dozens, and every read of results.<name> finds one). */
#define SCAN_MAX 8

/* Block names are short and often share a prefix (m1_count, m12_count): the first and last
 * eight bytes and the length, mixed by multiplication, tell them apart in a few instructions;
 * same_name settles the rare collision. */
static uint32_t name_hash(const char *s, size_t len)
{
    uint64_t head = 0, tail = 0;
    memcpy(&head, s, len < 8 ? len : 8);
    if (len > 8) memcpy(&tail, s + (len < 16 ? 8 : len - 8), len < 16 ? len - 8 : 8);
    uint64_t h = (head * 0x9e3779b97f4a7c15ULL) ^ (tail * 0xc2b2ae3d27d4eb4fULL) ^ len;
    return (uint32_t)(h ^ (h >> 29));
}

static bool same_name(const fl_result *r, const char *name, size_t len)
{
    return r->name_len == len &&
           (r->name == name || (r->name[0] == name[0] && !memcmp(r->name, name, len)));
}

/* Open addressing over item indexes + 1 (0: empty), at most half full. */
static void index_add(fl_results *rs, size_t i)
{
    size_t mask = rs->index_cap - 1, k = rs->items[i].hash & mask;
    while (rs->index[k]) k = (k + 1) & mask;
    rs->index[k] = (uint32_t)i + 1;
}

static void index_rebuild(fl_results *rs)
{
    free(rs->index);
    rs->index_cap = 4 * SCAN_MAX;
    while (rs->index_cap < 2 * (rs->n + 1)) rs->index_cap *= 2;
    rs->index = fl_xcalloc(rs->index_cap, sizeof *rs->index);
    for (size_t i = 0; i < rs->n; i++) {
        rs->items[i].hash = name_hash(rs->items[i].name, rs->items[i].name_len);
        index_add(rs, i);
    }
}

fl_result *fl_results_find(const fl_results *rs, const char *name, size_t len)
{
    if (!rs->index) {
        for (size_t i = 0; i < rs->n; i++)
            if (same_name(&rs->items[i], name, len)) return &rs->items[i];
        return NULL;
    }
    uint32_t h = name_hash(name, len);
    size_t mask = rs->index_cap - 1;
    for (size_t k = h & mask; rs->index[k]; k = (k + 1) & mask) {
        fl_result *r = &rs->items[rs->index[k] - 1];
        if (r->hash == h && same_name(r, name, len)) return r;
    }
    return NULL;
}

/* Releases what r holds, keeping its name and place. */
static void clear(fl_result *r)
{
    json_decref(r->value);
    json_decref(r->response);
    json_decref(r->time);
    json_decref(r->exit_owned);
    r->value = r->response = r->time = r->exit_owned = NULL;
    r->exit = NULL;
}

/* A new result under name (borrowed), last in order. */
static fl_result *append(fl_results *rs, const char *name, size_t len)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 8;
        rs->items = fl_xrealloc(rs->items, rs->cap * sizeof *rs->items);
    }
    fl_result *r = &rs->items[rs->n++];
    memset(r, 0, sizeof *r);
    r->name = name;
    r->name_len = len;
    if (rs->index && 2 * (rs->n + 1) <= rs->index_cap) {
        r->hash = name_hash(name, len);
        index_add(rs, rs->n - 1);
    } else if (rs->n > SCAN_MAX)
        index_rebuild(rs);
    return r;
}

fl_result *fl_results_put(fl_results *rs, const char *name, json_t *value, json_t *response,
                          json_t *time)
{
    size_t len = strlen(name);
    fl_result *r = fl_results_find(rs, name, len);
    if (r)
        clear(r);
    else
        r = append(rs, name, len);
    r->value = value;
    r->response = response;
    r->time = time;
    return r;
}

static json_t *member_or_null(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v ? json_incref(v) : json_null();
}

void fl_results_restore(fl_results *rs, const char *name, const json_t *record)
{
    size_t len = strlen(name);
    fl_result *r = fl_results_find(rs, name, len);
    if (r) {
        clear(r);
    } else {
        r = append(rs, fl_xstrndup(name, len), len);
        r->name_owned = true;
    }
    r->value = member_or_null(record, "value");
    r->response = member_or_null(record, "response");
    r->time = member_or_null(record, "time");
    json_t *exit = json_object_get(record, "exit");
    if (exit && !json_is_null(exit)) r->exit = r->exit_owned = json_incref(exit);
}

void fl_results_free(fl_results *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        fl_result *r = &rs->items[i];
        clear(r);
        if (r->name_owned) free((char *)r->name);
    }
    free(rs->items);
    free(rs->index);
    memset(rs, 0, sizeof *rs);
}

/* ---- JSON forms ---- */

json_t *fl_result_json(const fl_result *r)
{
    json_t *o = json_object();
    FL_JSON_SET(o, "__value__", r->value);
    FL_JSON_SET(o, "value", r->value);
    FL_JSON_SET(o, "response", r->response);
    FL_JSON_SET(o, "time", r->time);
    FL_JSON_SET_NEW(o, "exit", r->exit ? json_incref((json_t *)r->exit) : json_null());
    return o;
}

static void put_results(json_t *o, const fl_results *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        json_object_setn_new_nocheck(o, rs->items[i].name, rs->items[i].name_len,
                                     fl_result_json(&rs->items[i]));
}

json_t *fl_results_json(const fl_results *rs)
{
    json_t *o = json_object();
    put_results(o, rs);
    return o;
}

json_t *fl_flow_alias_json(const fl_session *s, const fl_run *r, const json_t *results)
{
    json_t *o = json_object();
    FL_JSON_SET(o, "language", r->language_id);
    FL_JSON_SET_NEW(o, "mode", fl_mode_json(s));
    /* The records of results, shared; a block named language or mode takes that key's place. */
    json_object_update(o, (json_t *)results);
    return o;
}

json_t *fl_run_json(const fl_session *s, const fl_run *r, bool with_parent)
{
    json_t *o = json_object();
    FL_JSON_SET(o, "flow", r->flow->context);
    FL_JSON_SET(o, "language", r->language);
    FL_JSON_SET_NEW(o, "mode", fl_mode_json(s));
    FL_JSON_SET(o, "entered_at", r->entered_iso);
    FL_JSON_SET_NEW(o, "results", fl_results_json(&r->results));
    if (with_parent && r->depth)
        FL_JSON_SET_NEW(o, "parent", fl_run_json(s, &s->runs[r->depth - 1], true));
    if (r->child_pending) fl_context_settle(s);
    if (r->child) FL_JSON_SET(o, "child", r->child);
    return o;
}

/* ---- host maps ----
 * get matches as fl_json_lookup_name does on the JSON form: an exact key first, then one whose
 * lower-case form equals the (lower-case) key. Records and run objects have lower-case keys
 * only, so for them the exact match is the whole rule; results are named by blocks. */

/* The index of key in a map's fixed keys (i < n, keys[i] listed by key_at), or -1. */
static ptrdiff_t fixed_key(const void *self, size_t n,
                           const char *(*key_at)(const void *, size_t, size_t *), const char *key,
                           size_t keylen)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *k = key_at(self, i, &len);
        if (len == keylen && k[0] == key[0] && !memcmp(k, key, len)) return (ptrdiff_t)i;
    }
    return -1;
}

static fl_value json_value(fl_eval *ev, const json_t *j)
{
    return j ? fl_from_json(ev, j) : fl_nil();
}

/* A record: {__value__, value, response, time, exit}. */
static const char *const record_keys[] = {"__value__", "value", "response", "time", "exit"};
static const size_t record_key_lens[] = {9, 5, 8, 4, 4};

static size_t record_size(const void *self)
{
    (void)self;
    return FL_ARRAY_LEN(record_keys);
}

static const char *record_key_at(const void *self, size_t i, size_t *len)
{
    (void)self;
    *len = record_key_lens[i];
    return record_keys[i];
}

static void record_value_at(fl_eval *ev, const void *self, size_t i, fl_value *out)
{
    const fl_result *r = self;
    const json_t *j[] = {r->value, r->value, r->response, r->time, r->exit};
    *out = json_value(ev, j[i]);
}

static bool record_get(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out)
{
    ptrdiff_t i = fixed_key(self, FL_ARRAY_LEN(record_keys), record_key_at, key, keylen);
    if (i >= 0) record_value_at(ev, self, (size_t)i, out);
    return i >= 0;
}

static void record_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    *key = record_keys[i];
    record_value_at(ev, self, i, out);
}

static const fl_host_map record_map = {record_size, record_get, record_at};

/* results: the run's records by block name. */
static size_t results_size(const void *self)
{
    return ((const fl_run *)self)->results.n;
}

static const char *results_key_at(const void *self, size_t i, size_t *len)
{
    const fl_result *r = &((const fl_run *)self)->results.items[i];
    *len = r->name_len;
    return r->name;
}

static void results_value_at(fl_eval *ev, const void *self, size_t i, fl_value *out)
{
    (void)ev;
    *out = fl_host_map_value(&record_map, &((const fl_run *)self)->results.items[i]);
}

/* The record under key: the exact name, else the first whose lower-case form is key. */
static const fl_result *record_named(const fl_run *r, const char *key, size_t keylen)
{
    const fl_result *rec = fl_results_find(&r->results, key, keylen);
    for (size_t i = 0; !rec && i < r->results.n; i++)
        if (fl_lower_equals(r->results.items[i].name, r->results.items[i].name_len, key, keylen))
            rec = &r->results.items[i];
    return rec;
}

static bool results_get(fl_eval *ev, const void *self, const char *key, size_t keylen,
                        fl_value *out)
{
    (void)ev;
    const fl_result *rec = record_named(self, key, keylen);
    if (rec) *out = fl_host_map_value(&record_map, rec);
    return rec != NULL;
}

static void results_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    size_t len;
    *key = results_key_at(self, i, &len);
    results_value_at(ev, self, i, out);
}

const fl_host_map fl_results_map = {results_size, results_get, results_at};

/* flow (rc3): language and mode, then the records; a record named language or mode replaces
 * that entry in place, as setting the key in a JSON object does. */
static bool replaced(const fl_run *r, const char *key)
{
    return fl_results_find(&r->results, key, strlen(key)) != NULL;
}

static size_t alias_size(const void *self)
{
    const fl_run *r = self;
    return 2 + r->results.n - replaced(r, "language") - replaced(r, "mode");
}

/* Entry i of the alias: -1 for language, -2 for mode, or a record index. */
static ptrdiff_t alias_entry(const fl_run *r, size_t i)
{
    static const char *const fixed[] = {"language", "mode"};
    if (i < 2) {
        const fl_result *rec = fl_results_find(&r->results, fixed[i], strlen(fixed[i]));
        return rec ? rec - r->results.items : -1 - (ptrdiff_t)i;
    }
    size_t k = 2;
    for (size_t j = 0; j < r->results.n; j++) {
        const fl_result *rec = &r->results.items[j];
        bool fixed_name = (rec->name_len == 8 && !memcmp(rec->name, "language", 8)) ||
                          (rec->name_len == 4 && !memcmp(rec->name, "mode", 4));
        if (fixed_name) continue;
        if (k++ == i) return (ptrdiff_t)j;
    }
    return -1;
}

static const char *alias_key_at(const void *self, size_t i, size_t *len)
{
    const fl_run *r = self;
    ptrdiff_t e = alias_entry(r, i);
    if (e == -1) return *len = 8, "language";
    if (e == -2) return *len = 4, "mode";
    return results_key_at(r, (size_t)e, len);
}

static void alias_value_at(fl_eval *ev, const void *self, size_t i, fl_value *out)
{
    const fl_run *r = self;
    ptrdiff_t e = alias_entry(r, i);
    if (e == -1)
        *out = json_value(ev, r->language_id);
    else if (e == -2)
        *out = json_value(ev, fl_mode_json(r->session));
    else
        results_value_at(ev, r, (size_t)e, out);
}

static bool alias_get(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out)
{
    /* An exact record name first (one named language or mode replaced that entry), then the
     * fixed entries, then a record whose lower-case name is key: the JSON form's order. The
     * fixed names are lower case, so no other key reaches them. */
    const fl_run *r = self;
    const fl_result *rec = fl_results_find(&r->results, key, keylen);
    if (!rec && keylen == 8 && !memcmp(key, "language", 8)) {
        *out = json_value(ev, r->language_id);
        return true;
    }
    if (!rec && keylen == 4 && !memcmp(key, "mode", 4)) {
        *out = json_value(ev, fl_mode_json(r->session));
        return true;
    }
    if (!rec) rec = record_named(r, key, keylen);
    if (rec) *out = fl_host_map_value(&record_map, rec);
    return rec != NULL;
}

static void alias_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    size_t len;
    *key = alias_key_at(self, i, &len);
    alias_value_at(ev, self, i, out);
}

const fl_host_map fl_flow_alias_map = {alias_size, alias_get, alias_at};

/* run: {flow, language, mode, entered_at, results, parent (nested runs), child (after one)}. */
enum { RUN_FLOW, RUN_LANGUAGE, RUN_MODE, RUN_ENTERED, RUN_RESULTS, RUN_PARENT, RUN_CHILD };
static const char *const run_keys[] = {"flow",    "language", "mode", "entered_at",
                                       "results", "parent",   "child"};

static size_t run_entry(const fl_run *r, size_t i)
{
    if (i == RUN_PARENT && !r->depth) return RUN_CHILD;
    return i;
}

static size_t run_size(const void *self)
{
    const fl_run *r = self;
    return 5 + (r->depth > 0) + (r->child || r->child_pending);
}

static const char *run_key_at(const void *self, size_t i, size_t *len)
{
    const char *k = run_keys[run_entry(self, i)];
    *len = strlen(k);
    return k;
}

static void run_value_at(fl_eval *ev, const void *self, size_t i, fl_value *out)
{
    const fl_run *r = self;
    switch (run_entry(r, i)) {
    case RUN_FLOW:
        *out = json_value(ev, r->flow->context);
        break;
    case RUN_LANGUAGE:
        *out = json_value(ev, r->language);
        break;
    case RUN_MODE:
        *out = json_value(ev, fl_mode_json(r->session));
        break;
    case RUN_ENTERED:
        *out = json_value(ev, r->entered_iso);
        break;
    case RUN_RESULTS:
        *out = fl_host_map_value(&fl_results_map, r);
        break;
    case RUN_PARENT:
        *out = fl_host_map_value(&fl_run_map, &r->session->runs[r->depth - 1]);
        break;
    default:
        if (r->child_pending) fl_context_settle(r->session);
        *out = json_value(ev, r->child);
        break;
    }
}

static bool run_get(fl_eval *ev, const void *self, const char *key, size_t keylen, fl_value *out)
{
    ptrdiff_t i = fixed_key(self, run_size(self), run_key_at, key, keylen);
    if (i >= 0) run_value_at(ev, self, (size_t)i, out);
    return i >= 0;
}

static void run_at(fl_eval *ev, const void *self, size_t i, const char **key, fl_value *out)
{
    size_t len;
    *key = run_key_at(self, i, &len);
    run_value_at(ev, self, i, out);
}

const fl_host_map fl_run_map = {run_size, run_get, run_at};
