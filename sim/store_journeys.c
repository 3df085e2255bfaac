/* store_journeys.c: the catalogue of journeys (flows dir + API-created), reference counted. */
#include "sim/store_journeys.h"

#include "engine/util.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct journey_catalog {
    char *flows_dir, *state_dir;
    FILE *log;
    journey **items;
    size_t n, cap;
};

journey *journey_ref(journey *j)
{
    if (j) j->refs++;
    return j;
}

void journey_unref(journey *j)
{
    if (!j || --j->refs > 0) return;
    fl_container_free(j->container);
    free(j->uuid), free(j->name), free(j->source), free(j);
}

journey_catalog *catalog_new(const char *flows_dir, const char *state_dir, FILE *log)
{
    journey_catalog *cat = fl_xcalloc(1, sizeof *cat);
    cat->flows_dir = flows_dir ? fl_xstrdup(flows_dir) : NULL;
    cat->state_dir = state_dir ? fl_xstrdup(state_dir) : NULL;
    cat->log = log;
    return cat;
}

void catalog_free(journey_catalog *cat)
{
    if (!cat) return;
    for (size_t i = 0; i < cat->n; i++) journey_unref(cat->items[i]);
    free(cat->items), free(cat->flows_dir), free(cat->state_dir), free(cat);
}

size_t catalog_count(const journey_catalog *cat)
{
    return cat->n;
}
journey *catalog_at(const journey_catalog *cat, size_t i)
{
    return i < cat->n ? cat->items[i] : NULL;
}

journey *catalog_find(const journey_catalog *cat, const char *uuid)
{
    for (size_t i = 0; i < cat->n; i++)
        if (!strcmp(cat->items[i]->uuid, uuid)) return cat->items[i];
    return NULL;
}

static void push(journey ***items, size_t *n, size_t *cap, journey *j)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *items = fl_xrealloc(*items, *cap * sizeof **items);
    }
    (*items)[(*n)++] = j;
}

/* A uuid-shaped digest of the content, so that a changed file gets a new revision. */
static void revision_of(const char *data, size_t len, char out[37])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    md[6] = (md[6] & 0x0f) | 0x50; /* version 5 style: name-based */
    md[8] = (md[8] & 0x3f) | 0x80;
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[md[i] >> 4];
        out[o++] = hex[md[i] & 15];
    }
    out[o] = 0;
}

static json_t *diagnostics_json(const fl_diagnostics *d)
{
    json_t *arr = json_array();
    for (size_t i = 0; d && i < fl_diagnostics_count(d); i++) {
        const fl_diag *g = fl_diagnostics_get(d, i);
        json_t *o = json_pack("{s:s,s:s,s:s}", "severity",
                              g->severity == FL_SEVERITY_ERROR ? "error" : "warning", "code",
                              g->code ? g->code : "", "message", g->message ? g->message : "");
        if (g->pointer && *g->pointer) json_object_set_new(o, "pointer", json_string(g->pointer));
        if (g->block_name) json_object_set_new(o, "block", json_string(g->block_name));
        if (g->line) {
            json_object_set_new(o, "line", json_integer(g->line));
            json_object_set_new(o, "column", json_integer(g->column));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static int load_journey(const char *json, size_t len, const char *filename, journey **out,
                        json_t **problems)
{
    fl_load_options lo = {.filename = filename};
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    int rc = fl_container_load(json, len, &lo, &c, &d);
    if (rc < 0) {
        if (problems) *problems = diagnostics_json(d);
        fl_diagnostics_free(d);
        return rc;
    }
    fl_diagnostics_free(d);
    journey *j = fl_xcalloc(1, sizeof *j);
    j->refs = 1;
    j->container = c;
    j->uuid = fl_xstrdup(fl_container_uuid(c) ? fl_container_uuid(c) : "");
    const char *name = fl_container_name(c);
    j->name = fl_xstrdup(name ? name : j->uuid);
    revision_of(json, len, j->revision);
    *out = j;
    return 0;
}

static int64_t mtime_ms(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_json(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".json");
}

/* Loads the .json files of dir into items; api: the files are API journeys kept in the state dir.
 */
static void load_dir(journey_catalog *cat, const char *dir, bool api, journey ***items, size_t *n,
                     size_t *cap)
{
    struct dirent **names = NULL;
    int count = scandir(dir, &names, is_json, by_name);
    if (count < 0) {
        if (!api || errno != ENOENT)
            fprintf(cat->log, "floip: cannot read %s: %s\n", dir, strerror(errno));
        return;
    }
    for (int i = 0; i < count; i++) {
        fl_buf path = FL_BUF_INIT;
        fl_buf_printf(&path, "%s/%s", dir, names[i]->d_name);
        free(names[i]);
        char *data = NULL;
        size_t len = 0;
        fl_error err;
        struct stat st;
        if (stat(path.data, &st) < 0 || fl_read_file(path.data, 64u << 20, &data, &len, &err) < 0) {
            fprintf(cat->log, "floip: skipping %s: cannot read it\n", path.data);
            fl_buf_free(&path);
            continue;
        }
        const char *text = data;
        size_t text_len = len;
        json_t *wrapper = NULL;
        char *notebook = NULL;
        if (api) { /* {"name", "inserted_at", "notebook": {...}} */
            wrapper = json_loadb(data, len, 0, NULL);
            notebook = json_dumps(json_object_get(wrapper, "notebook"), JSON_COMPACT);
            text = notebook ? notebook : "";
            text_len = strlen(text);
        }
        journey *j = NULL;
        json_t *problems = NULL;
        int rc = load_journey(text, text_len, path.data, &j, &problems);
        if (rc < 0) {
            fprintf(cat->log, "floip: skipping %s: %s", path.data, fl_strerror(rc));
            size_t k;
            json_t *p;
            json_array_foreach(problems, k, p)
            {
                if (k == 3) break;
                fprintf(cat->log, "%s %s", k ? ";" : ":",
                        json_string_value(json_object_get(p, "message")));
            }
            fputc('\n', cat->log);
        } else {
            bool dup = false;
            for (size_t k = 0; k < *n && !dup; k++) dup = !strcmp((*items)[k]->uuid, j->uuid);
            if (dup) {
                fprintf(cat->log, "floip: skipping %s: journey %s is already loaded\n", path.data,
                        j->uuid);
                journey_unref(j);
            } else {
                j->inserted_at = j->updated_at = mtime_ms(&st);
                if (api) {
                    const char *nm = json_string_value(json_object_get(wrapper, "name"));
                    if (nm) free(j->name), j->name = fl_xstrdup(nm);
                    json_int_t at = json_integer_value(json_object_get(wrapper, "inserted_at"));
                    if (at) j->inserted_at = at;
                } else {
                    j->source = fl_xstrdup(path.data);
                }
                push(items, n, cap, j);
            }
        }
        json_decref(problems);
        json_decref(wrapper);
        free(notebook);
        free(data);
        fl_buf_free(&path);
    }
    free(names);
}

size_t catalog_reload(journey_catalog *cat)
{
    journey **items = NULL;
    size_t n = 0, cap = 0;
    /* API-created journeys win over files with the same uuid: they are the newer intent */
    if (cat->state_dir) {
        fl_buf dir = FL_BUF_INIT;
        fl_buf_printf(&dir, "%s/journeys", cat->state_dir);
        load_dir(cat, dir.data, true, &items, &n, &cap);
        fl_buf_free(&dir);
    } else {
        for (size_t i = 0; i < cat->n; i++)
            if (!cat->items[i]->source) push(&items, &n, &cap, journey_ref(cat->items[i]));
    }
    if (cat->flows_dir) load_dir(cat, cat->flows_dir, false, &items, &n, &cap);
    for (size_t i = 0; i < cat->n; i++) journey_unref(cat->items[i]);
    free(cat->items);
    cat->items = items;
    cat->n = n;
    cat->cap = cap;
    return n;
}

/* Keeps an API-created journey in state_dir/journeys/<uuid>.json (temporary file + rename). */
static int persist(journey_catalog *cat, const journey *j)
{
    if (!cat->state_dir) return 0;
    fl_buf dir = FL_BUF_INIT, path = FL_BUF_INIT, tmp = FL_BUF_INIT;
    fl_buf_printf(&dir, "%s/journeys", cat->state_dir);
    mkdir(dir.data, 0755);
    fl_buf_printf(&path, "%s/%s.json", dir.data, j->uuid);
    fl_buf_printf(&tmp, "%s.tmp", path.data);
    json_t *doc =
        json_pack("{s:s,s:I,s:O}", "name", j->name, "inserted_at", (json_int_t)j->inserted_at,
                  "notebook", fl_container_json(j->container));
    int rc = json_dump_file(doc, tmp.data, JSON_COMPACT) == 0 && rename(tmp.data, path.data) == 0
                 ? 0
                 : FL_EIO;
    if (rc < 0) fprintf(cat->log, "floip: cannot save %s: %s\n", path.data, strerror(errno));
    json_decref(doc);
    fl_buf_free(&dir), fl_buf_free(&path), fl_buf_free(&tmp);
    return rc;
}

int catalog_add(journey_catalog *cat, const char *name, const char *json, size_t len,
                int64_t now_ms, journey **out, bool *replaced, json_t **problems)
{
    journey *j = NULL;
    int rc = load_journey(json, len, "notebook", &j, problems);
    if (rc < 0) return rc;
    if (name) free(j->name), j->name = fl_xstrdup(name);
    j->inserted_at = j->updated_at = now_ms;
    *replaced = false;
    for (size_t i = 0; i < cat->n; i++) {
        if (strcmp(cat->items[i]->uuid, j->uuid)) continue;
        j->inserted_at = cat->items[i]->inserted_at;
        journey_unref(cat->items[i]);
        cat->items[i] = j;
        *replaced = true;
    }
    if (!*replaced) push(&cat->items, &cat->n, &cat->cap, j);
    persist(cat, j);
    *out = j;
    return 0;
}

static void iso(int64_t ms, char out[48])
{
    fl_format_iso_ms(ms, out);
}

json_t *journey_summary(const journey *j, const char *base_url)
{
    char ins[48], upd[48];
    iso(j->inserted_at, ins);
    iso(j->updated_at, upd);
    fl_buf url = FL_BUF_INIT;
    fl_buf_printf(&url, "%s/v1/stacks/%s", base_url ? base_url : "", j->uuid);
    json_t *flows = json_array();
    for (size_t i = 0; i < fl_container_flow_count(j->container); i++) {
        const fl_flow *f = fl_container_flow_at(j->container, i);
        json_array_append_new(
            flows, json_pack("{s:s?,s:s?}", "uuid", fl_flow_uuid(f), "name", fl_flow_name(f)));
    }
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:b,s:b,s:b,s:s,s:o}", "uuid", j->uuid, "name",
                          j->name, "inserted_at", ins, "updated_at", upd, "is_canvas", 0, "url",
                          url.data, "is_notebook_valid", 1, "enabled", 1, "has_unpublished_changes",
                          0, "production_notebook_revision_uuid", j->revision, "flows", flows);
    fl_buf_free(&url);
    return o;
}
