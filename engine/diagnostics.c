/* diagnostics.c: the list of load-time findings handed to the caller of fl_container_load. */
#include "load_internal.h"

#include <stdlib.h>

struct fl_diagnostics {
    fl_diag *items;
    size_t n, cap, errors;
};

fl_diagnostics *fl_diagnostics_new(void)
{
    return fl_xcalloc(1, sizeof(fl_diagnostics));
}

void fl_diagnostics_add(fl_diagnostics *d, fl_severity sev, const char *code, const char *pointer,
                        const char *block_uuid, const char *block_name, int line, int column,
                        const char *message)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = fl_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    fl_diag *g = &d->items[d->n++];
    g->severity = sev;
    g->code = fl_xstrdup(code);
    g->message = fl_xstrdup(message);
    g->pointer = fl_xstrdup(pointer ? pointer : "");
    g->block_uuid = block_uuid ? fl_xstrdup(block_uuid) : NULL;
    g->block_name = block_name ? fl_xstrdup(block_name) : NULL;
    g->line = line;
    g->column = column;
    if (sev == FL_SEVERITY_ERROR) d->errors++;
}

size_t fl_diagnostics_count(const fl_diagnostics *d)
{
    return d ? d->n : 0;
}

size_t fl_diagnostics_errors(const fl_diagnostics *d)
{
    return d ? d->errors : 0;
}

const fl_diag *fl_diagnostics_get(const fl_diagnostics *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

void fl_diagnostics_free(fl_diagnostics *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        fl_diag *g = &d->items[i];
        free((char *)g->code);
        free((char *)g->message);
        free((char *)g->pointer);
        free((char *)g->block_uuid);
        free((char *)g->block_name);
    }
    free(d->items);
    free(d);
}
