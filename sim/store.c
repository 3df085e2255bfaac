/* store.c: the session hash table and its persistence (temporary file + rename per change). */
#include "sim/store.h"

#include "engine/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sim_store {
    sim_entry **buckets; /* chained by simulation_id hash */
    size_t n_buckets, count;
    char *dir; /* state_dir/sessions, or NULL */
    FILE *log;
    sim_entry *lru_head, *lru_tail; /* the live entries */
    size_t n_live, max_live;
    fl_buf scratch; /* reused to write a session being parked */
};

#define DEFAULT_MAX_LIVE 10000

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

sim_store *store_new(const char *state_dir, FILE *log)
{
    sim_store *st = fl_xcalloc(1, sizeof *st);
    st->n_buckets = 1024;
    st->buckets = fl_xcalloc(st->n_buckets, sizeof *st->buckets);
    st->log = log;
    st->max_live = DEFAULT_MAX_LIVE;
    if (state_dir) {
        mkdir(state_dir, 0755);
        fl_buf d = FL_BUF_INIT;
        fl_buf_printf(&d, "%s/sessions", state_dir);
        mkdir(d.data, 0755);
        st->dir = fl_buf_steal(&d);
    }
    return st;
}

void store_free(sim_store *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->n_buckets; i++)
        for (sim_entry *e = st->buckets[i], *n; e; e = n) {
            n = e->next;
            entry_free(e);
        }
    fl_buf_free(&st->scratch);
    free(st->buckets), free(st->dir), free(st);
}

size_t store_count(const sim_store *st)
{
    return st->count;
}

size_t store_live(const sim_store *st)
{
    return st->n_live;
}
void store_set_max_live(sim_store *st, size_t n)
{
    st->max_live = n ? n : DEFAULT_MAX_LIVE;
}

static void lru_unlink(sim_store *st, sim_entry *e)
{
    if (e->lru_prev)
        e->lru_prev->lru_next = e->lru_next;
    else if (st->lru_head == e)
        st->lru_head = e->lru_next;
    else
        return; /* not in the list */
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        st->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
    st->n_live--;
}

static void lru_push(sim_store *st, sim_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = st->lru_head;
    if (st->lru_head) st->lru_head->lru_prev = e;
    st->lru_head = e;
    if (!st->lru_tail) st->lru_tail = e;
    st->n_live++;
}

/* Replaces the live session by its saved form. Keeps it live when saving fails. */
static void park(sim_store *st, sim_entry *e)
{
    json_t *saved = NULL;
    fl_error err;
    if (fl_session_save(e->session, &saved, &err) < 0) return;
    /* dumped into a scratch buffer kept by the store, then copied at its exact size */
    fl_buf_reset(&st->scratch);
    fl_json_dump(&st->scratch, saved);
    json_decref(saved);
    e->parked = fl_xmalloc(st->scratch.len + 1);
    memcpy(e->parked, st->scratch.data, st->scratch.len + 1);
    lru_unlink(st, e);
    fl_session_free(e->session);
    e->session = NULL;
}

int store_touch(sim_store *st, sim_entry *e, fl_error *err)
{
    if (!e->session) {
        json_t *saved = e->parked ? json_loads(e->parked, 0, NULL) : NULL;
        int rc = saved ? fl_session_restore(e->journey->container, saved, NULL, &e->session, err)
                       : fl_error_set(err, FL_EINVAL, "simulation %s has no saved state", e->id);
        json_decref(saved);
        if (rc < 0) return rc;
        free(e->parked);
        e->parked = NULL;
    } else {
        lru_unlink(st, e);
    }
    lru_push(st, e);
    while (st->n_live > st->max_live && st->lru_tail && st->lru_tail != e) {
        size_t before = st->n_live;
        park(st, st->lru_tail);
        if (st->n_live == before) break; /* could not park it: stay over the limit */
    }
    return 0;
}

sim_entry *store_get(const sim_store *st, const char *journey_uuid, const char *id)
{
    for (sim_entry *e = st->buckets[hash_id(id) % st->n_buckets]; e; e = e->next)
        if (!strcmp(e->id, id) && !strcmp(e->journey->uuid, journey_uuid)) return e;
    return NULL;
}

size_t store_find_id(const sim_store *st, const char *id, sim_entry **out, size_t max)
{
    size_t n = 0;
    for (sim_entry *e = st->buckets[hash_id(id) % st->n_buckets]; e; e = e->next)
        if (!strcmp(e->id, id)) {
            if (n < max) out[n] = e;
            n++;
        }
    return n;
}

static void grow(sim_store *st)
{
    size_t nb = st->n_buckets * 4;
    sim_entry **b = fl_xcalloc(nb, sizeof *b);
    for (size_t i = 0; i < st->n_buckets; i++)
        for (sim_entry *e = st->buckets[i], *n; e; e = n) {
            n = e->next;
            size_t k = hash_id(e->id) % nb;
            e->next = b[k];
            b[k] = e;
        }
    free(st->buckets);
    st->buckets = b;
    st->n_buckets = nb;
}

void store_put(sim_store *st, sim_entry *e)
{
    if (st->count >= st->n_buckets) grow(st);
    size_t k = hash_id(e->id) % st->n_buckets;
    e->next = st->buckets[k];
    st->buckets[k] = e;
    st->count++;
}

/* state_dir/sessions/<journey>_<hex of the id>.json: any id is a safe, reversible file name */
static void entry_path(const sim_store *st, const sim_entry *e, fl_buf *out)
{
    fl_buf_printf(out, "%s/%s_", st->dir, e->journey->uuid);
    for (const unsigned char *p = (const unsigned char *)e->id; *p; p++)
        fl_buf_printf(out, "%02x", *p);
    fl_buf_puts(out, ".json");
}

void store_delete(sim_store *st, sim_entry *e)
{
    sim_entry **pp = &st->buckets[hash_id(e->id) % st->n_buckets];
    while (*pp && *pp != e) pp = &(*pp)->next;
    if (*pp) {
        *pp = e->next;
        st->count--;
    }
    lru_unlink(st, e);
    if (st->dir) {
        fl_buf path = FL_BUF_INIT;
        entry_path(st, e, &path);
        if (unlink(path.data) < 0 && errno != ENOENT)
            fprintf(st->log, "floip: cannot remove %s: %s\n", path.data, strerror(errno));
        fl_buf_free(&path);
    }
    entry_free(e);
}

/* The saved simulation, {version, journey, simulation_id, revision, contact, buttons, created_at,
 * updated_at, turns, transcript, session}, written as text: the transcript and a parked session
 * are text already. */
static int write_saved(const sim_entry *e, fl_buf *out, fl_error *err)
{
    json_t *saved = NULL;
    if (!e->parked && fl_session_save(e->session, &saved, err) < 0) return FL_EIO;
    fl_jw w;
    fl_jw_init(&w, out);
    fl_jw_object(&w);
    fl_jw_key(&w, "version"), fl_jw_int(&w, 1);
    fl_jw_key(&w, "journey"), fl_jw_string(&w, e->journey->uuid);
    fl_jw_key(&w, "simulation_id"), fl_jw_string(&w, e->id);
    fl_jw_key(&w, "revision"), fl_jw_string(&w, e->revision);
    fl_jw_key(&w, "contact"), fl_jw_json(&w, e->contact);
    fl_jw_key(&w, "buttons"), fl_jw_json(&w, e->buttons);
    fl_jw_key(&w, "created_at"), fl_jw_int(&w, e->created_at);
    fl_jw_key(&w, "updated_at"), fl_jw_int(&w, e->updated_at);
    fl_jw_key(&w, "turns"), fl_jw_int(&w, e->turns);
    fl_jw_key(&w, "transcript"), fl_jw_array(&w);
    transcript_write(&e->transcript, out);
    fl_jw_end(&w);
    fl_jw_key(&w, "session");
    if (e->parked)
        fl_jw_raw(&w, e->parked, strlen(e->parked));
    else
        fl_jw_json(&w, saved);
    fl_jw_end(&w);
    json_decref(saved);
    return 0;
}

int store_save(sim_store *st, const sim_entry *e)
{
    if (!st->dir) return 0;
    fl_error err;
    fl_error_clear(&err);
    fl_buf_reset(&st->scratch);
    if (write_saved(e, &st->scratch, &err) < 0) {
        fprintf(st->log, "floip: cannot save simulation %s: %s\n", e->id, err.message);
        return FL_EIO;
    }
    fl_buf path = FL_BUF_INIT, tmp = FL_BUF_INIT;
    entry_path(st, e, &path);
    fl_buf_printf(&tmp, "%s.tmp", path.data);
    int rc = 0;
    FILE *f = fopen(tmp.data, "w");
    bool written = f && fwrite(st->scratch.data, 1, st->scratch.len, f) == st->scratch.len;
    if (f && fclose(f) != 0) written = false;
    if (!written || rename(tmp.data, path.data) < 0) {
        fprintf(st->log, "floip: cannot write %s: %s\n", path.data, strerror(errno));
        unlink(tmp.data);
        rc = FL_EIO;
    }
    fl_buf_free(&path), fl_buf_free(&tmp);
    return rc;
}

static int is_session_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

size_t store_load(sim_store *st, journey_catalog *cat)
{
    if (!st->dir) return 0;
    struct dirent **names = NULL;
    int count = scandir(st->dir, &names, is_session_file, alphasort);
    size_t loaded = 0;
    for (int i = 0; i < count; i++) {
        fl_buf path = FL_BUF_INIT;
        fl_buf_printf(&path, "%s/%s", st->dir, names[i]->d_name);
        free(names[i]);
        json_error_t jerr;
        json_t *doc = json_load_file(path.data, 0, &jerr);
        const char *ju = json_string_value(json_object_get(doc, "journey"));
        const char *id = json_string_value(json_object_get(doc, "simulation_id"));
        journey *j = ju ? catalog_find(cat, ju) : NULL;
        fl_session *s = NULL;
        fl_error err;
        fl_error_clear(&err);
        if (!doc || !id) {
            fprintf(st->log, "floip: skipping %s: not a saved simulation\n", path.data);
        } else if (!j) {
            fprintf(st->log, "floip: skipping %s: journey %s is not loaded\n", path.data,
                    ju ? ju : "?");
        } else if (store_get(st, ju, id)) {
            fprintf(st->log, "floip: skipping %s: simulation %s is already loaded\n", path.data,
                    id);
        } else if (fl_session_restore(j->container, json_object_get(doc, "session"), NULL, &s,
                                      &err) < 0) {
            fprintf(st->log, "floip: skipping %s: %s\n", path.data, err.message);
        } else {
            sim_entry *e = entry_new(id, j, s);
            const char *rev = json_string_value(json_object_get(doc, "revision"));
            e->revision = rev ? fl_xstrdup(rev) : NULL;
            e->contact = json_incref(json_object_get(doc, "contact"));
            json_t *b = json_object_get(doc, "buttons");
            if (json_is_array(b)) json_decref(e->buttons), e->buttons = json_incref(b);
            e->created_at = json_integer_value(json_object_get(doc, "created_at"));
            e->updated_at = json_integer_value(json_object_get(doc, "updated_at"));
            e->turns = (unsigned)json_integer_value(json_object_get(doc, "turns"));
            size_t k;
            json_t *item;
            json_array_foreach(json_object_get(doc, "transcript"), k, item)
                transcript_add_json(&e->transcript, item, &st->scratch);
            store_put(st, e);
            store_touch(st, e, NULL);
            loaded++;
        }
        json_decref(doc);
        fl_buf_free(&path);
    }
    free(names);
    return loaded;
}

sim_entry *entry_new(const char *id, journey *j, fl_session *s)
{
    sim_entry *e = fl_xcalloc(1, sizeof *e);
    e->id = fl_xstrdup(id);
    e->journey = journey_ref(j);
    e->session = s;
    e->buttons = json_array();
    return e;
}

void entry_free(sim_entry *e)
{
    if (!e) return;
    fl_session_free(e->session);
    free(e->parked);
    journey_unref(e->journey);
    transcript_free(&e->transcript);
    json_decref(e->buttons);
    json_decref(e->contact);
    free(e->revision);
    free(e->id);
    free(e);
}
