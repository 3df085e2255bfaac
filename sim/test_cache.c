/* test_cache.c: every flow file is loaded once per `floip test` run, whatever number of test
 * files and worker threads use it (a loaded container is immutable, so sharing is safe). */
#include "sim/test.h"
#include "engine/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key;     /* real path */
    char *display; /* the path as first asked for */
    fl_container *container;
    char *error;
} entry;

struct fl_test_cache {
    pthread_mutex_t lock;
    entry *entries;
    size_t n, cap;
};

fl_test_cache *fl_test_cache_new(void)
{
    fl_test_cache *c = fl_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void fl_test_cache_free(fl_test_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->entries[i].key);
        free(c->entries[i].display);
        fl_container_free(c->entries[i].container);
        free(c->entries[i].error);
    }
    free(c->entries);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static char *describe_failure(const char *path, int rc, fl_diagnostics *diags)
{
    fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "%s: %s", path, fl_strerror(rc));
    size_t shown = 0;
    for (size_t i = 0; diags && i < fl_diagnostics_count(diags) && shown < 3; i++) {
        const fl_diag *d = fl_diagnostics_get(diags, i);
        if (d->severity != FL_SEVERITY_ERROR) continue;
        fl_buf_printf(&b, "%s %s %s%s%s", shown ? ";" : ":", d->code ? d->code : "",
                      d->message ? d->message : "", d->pointer && *d->pointer ? " at " : "",
                      d->pointer ? d->pointer : "");
        shown++;
    }
    return fl_buf_steal(&b);
}

const fl_container *fl_test_cache_get(fl_test_cache *c, const char *path, char **err)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        fl_buf b = FL_BUF_INIT;
        fl_buf_printf(&b, "%s: no such file", path);
        *err = fl_buf_steal(&b);
        return NULL;
    }
    pthread_mutex_lock(&c->lock);
    entry *e = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->entries[i].key, real)) e = &c->entries[i];
    if (!e) {
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 16;
            c->entries = fl_xrealloc(c->entries, c->cap * sizeof *c->entries);
        }
        e = &c->entries[c->n++];
        memset(e, 0, sizeof *e);
        e->key = fl_xstrdup(real);
        e->display = fl_xstrdup(path);
        fl_diagnostics *diags = NULL;
        fl_load_options lo = {.filename = path};
        int rc = fl_container_load_file(real, &lo, &e->container, &diags);
        if (rc) e->error = describe_failure(path, rc, diags);
        fl_diagnostics_free(diags);
    }
    const fl_container *out = e->container;
    if (!out) *err = fl_xstrdup(e->error);
    pthread_mutex_unlock(&c->lock);
    return out;
}

void fl_test_cache_each(fl_test_cache *c,
                        void (*fn)(void *ud, const char *path, const fl_container *ct), void *ud)
{
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++)
        if (c->entries[i].container) fn(ud, c->entries[i].display, c->entries[i].container);
    pthread_mutex_unlock(&c->lock);
}
