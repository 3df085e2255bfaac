/* test_discover.c: finds test files (and candidate journeys for coverage) under the given paths. */
#include "sim/test.h"
#include "engine/util.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static void push(char ***list, size_t *n, const char *s)
{
    *list = fl_xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = fl_xstrdup(s);
}

static void classify(fl_test_paths *out, const char *path, bool explicit)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (ends_with(base, "_test.lua") || ends_with(base, ".transcript.json"))
        push(&out->tests, &out->n_tests, path);
    else if (ends_with(base, ".lua") && explicit)
        push(&out->tests, &out->n_tests, path); /* named on the command line: run it */
    else if (ends_with(base, ".json"))
        push(&out->flows, &out->n_flows, path);
}

static int walk(fl_test_paths *out, const char *dir, fl_buf *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        fl_buf_printf(err, "cannot read directory %s: %s", dir, strerror(errno));
        return FL_EIO;
    }
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files and folders */
        push(&names, &n, e->d_name);
    }
    closedir(d);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = fl_test_join(dir, names[i]);
        struct stat st;
        if (!rc && stat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (strcmp(names[i], "node_modules") && strcmp(names[i], "build"))
                    rc = walk(out, p, err);
            } else if (S_ISREG(st.st_mode)) {
                classify(out, p, false);
            }
        }
        free(p);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(char **list, size_t *n)
{
    if (*n < 2) return;
    qsort(list, *n, sizeof *list, cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < *n; i++) {
        if (w && !strcmp(list[w - 1], list[i])) {
            free(list[i]);
            continue;
        }
        list[w++] = list[i];
    }
    *n = w;
}

int fl_test_discover(const char *const *paths, size_t n, fl_test_paths *out, fl_buf *err)
{
    memset(out, 0, sizeof *out);
    static const char *const here[] = {"."};
    if (n == 0) paths = here, n = 1;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fl_buf_printf(err, "%s: no such file or directory", paths[i]);
            fl_test_paths_free(out);
            return FL_ENOTFOUND;
        }
        /* "dir/" and "dir" are the same folder; keep the displayed paths tidy. */
        char *p = fl_xstrdup(paths[i]);
        size_t len = strlen(p);
        while (len > 1 && p[len - 1] == '/') p[--len] = '\0';
        int rc = S_ISDIR(st.st_mode) ? walk(out, p, err) : (classify(out, p, true), 0);
        free(p);
        if (rc) {
            fl_test_paths_free(out);
            return rc;
        }
    }
    sort_unique(out->tests, &out->n_tests);
    sort_unique(out->flows, &out->n_flows);
    return 0;
}

void fl_test_paths_free(fl_test_paths *p)
{
    for (size_t i = 0; i < p->n_tests; i++) free(p->tests[i]);
    for (size_t i = 0; i < p->n_flows; i++) free(p->flows[i]);
    free(p->tests);
    free(p->flows);
    memset(p, 0, sizeof *p);
}

bool fl_test_filter_match(const char *filter, const char *name)
{
    if (!filter || !*filter) return true;
    if (strpbrk(filter, "*?[")) return fnmatch(filter, name, 0) == 0;
    return strstr(name, filter) != NULL;
}

char *fl_test_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return fl_xstrdup(".");
    if (slash == path) return fl_xstrdup("/");
    return fl_xstrndup(path, (size_t)(slash - path));
}

/* Removes "." and "dir/.." components, so that paths read well in reports ("a/b/../c" -> "a/c"). */
static char *tidy(const char *path)
{
    size_t n = strlen(path);
    char *out = fl_xmalloc(n + 2);
    size_t len = 0;
    bool absolute = path[0] == '/';
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *start = p;
        while (*p && *p != '/') p++;
        size_t seg = (size_t)(p - start);
        if (!seg || (seg == 1 && start[0] == '.')) continue;
        if (seg == 2 && start[0] == '.' && start[1] == '.') {
            /* drop the previous component unless it is itself ".." (or there is none) */
            size_t prev = len;
            while (prev > 0 && out[prev - 1] != '/') prev--;
            bool prev_dotdot = len - prev == 2 && out[prev] == '.' && out[prev + 1] == '.';
            if (len > 0 && !prev_dotdot) {
                len = prev > 0 ? prev - 1 : 0;
                continue;
            }
            if (absolute && len == 0) continue; /* "/.." is "/" */
        }
        if (len > 0 || absolute) out[len++] = '/';
        memcpy(out + len, start, seg);
        len += seg;
    }
    if (len == 0) {
        if (absolute)
            out[len++] = '/';
        else
            out[len++] = '.';
    }
    out[len] = '\0';
    return out;
}

char *fl_test_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !strcmp(dir, ".")) return tidy(rel);
    fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "%s/%s", dir, rel);
    char *out = tidy(b.data);
    fl_buf_free(&b);
    return out;
}
