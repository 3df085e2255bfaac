/*
 * load.c: fl_container_load: limits, JSON parsing, the container envelope, then the stages
 * (flows and blocks, lookup tables, cross-checks). The document is normalised in place into the
 * rc4 shape while it is read; every diagnostic points into the document as written.
 */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

/* Refuses nesting deeper than max before jansson sees the text, with the position of the first
 * bracket past the limit. Strings are skipped so brackets inside them do not count. */
static int scan_depth(const char *s, size_t len, size_t max, int *line, int *column)
{
    size_t depth = 0;
    int ln = 1, col = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') {
            ln++;
            col = 0;
        } else if ((ch & 0xC0) != 0x80) {
            col++;
        }
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                in_string = false;
            continue;
        }
        if (ch == '"')
            in_string = true;
        else if (ch == '{' || ch == '[') {
            if (++depth > max) {
                *line = ln;
                *column = col;
                return -1;
            }
        } else if ((ch == '}' || ch == ']') && depth) {
            depth--;
        }
    }
    return 0;
}

static int parse_version(const char *v)
{
    static const char *const versions[] = {"1.0.0-rc1", "1.0.0-rc2", "1.0.0-rc3", "1.0.0-rc4"};
    for (size_t i = 0; i < FL_ARRAY_LEN(versions); i++)
        if (!strcmp(v, versions[i])) return (int)i + 1;
    return 0;
}

/* rc1..rc3 keep resources on the container; the rc4 shape has them on each flow. Each flow gets
 * the container's resources after its own (a uuid the flow already has is not repeated). */
static void move_container_resources(fl_loader *L, json_t *root)
{
    json_t *res = json_object_get(root, "resources");
    if (!res) return;
    L->ix->container_resources = json_incref(res);
    json_object_del(root, "resources");
    if (!json_is_array(res)) return;
    for (size_t i = 0; i < L->c->n_flows; i++) {
        json_t *jf = (json_t *)L->c->flows[i].json;
        if (!json_is_object(jf)) continue;
        json_t *own = json_object_get(jf, "resources");
        if (!json_is_array(own)) {
            own = json_array();
            json_object_set_new(jf, "resources", own);
        }
        fl_flow_lookup *lk = L->c->flows[i].lookup;
        size_t j;
        json_t *r;
        json_array_foreach(res, j, r)
        {
            const char *uuid = json_string_value(json_object_get(r, "uuid"));
            if (uuid && lk && fl_strmap_get(&lk->resources_by_uuid, uuid)) continue;
            json_array_append(own, r);
        }
    }
}

static void load_container(fl_loader *L, json_t *root)
{
    fl_container *c = L->c;
    static const char *const known[] = {
        "specification_version", "uuid",  "name",      "description",
        "vendor_metadata",       "flows", "resources", NULL};
    ld_unknown_keys(L, root, "", NULL, known);

    const char *version = ld_string(L, root, "specification_version", "", NULL, true);
    L->version = 4;
    if (version) {
        int v = parse_version(version);
        if (v)
            L->version = v;
        else
            ld_error(L, "E006", "", "specification_version", NULL,
                     "unsupported specification_version \"%s\" (1.0.0-rc1 to 1.0.0-rc4)", version);
    }
    c->spec_version = version;
    c->uuid = ld_uuid(L, root, "uuid", "", NULL, true);
    c->name = ld_string(L, root, "name", "", NULL, true);
    ld_string(L, root, "description", "", NULL, false);
    ld_object(L, root, "vendor_metadata", "", NULL, false);

    json_t *res = json_object_get(root, "resources");
    if (res && !json_is_null(res)) {
        if (json_is_array(res))
            ld_resources(L, res, "/resources", &c->resources, &c->n_resources,
                         &L->ix->resources_by_uuid);
        else
            ld_error(L, "E011", "", "resources", NULL, "'resources' must be an array");
    }

    json_t *flows = ld_array(L, root, "flows", "", NULL, true);
    if (!flows) return;
    if (!json_array_size(flows)) {
        ld_error(L, "E014", "", "flows", NULL, "the container has no flows");
        return;
    }
    c->n_flows = json_array_size(flows);
    c->flows = ld_arena_alloc(&L->ix->arena, c->n_flows * sizeof *c->flows);
    for (size_t i = 0; i < c->n_flows; i++) {
        fl_flow *f = &c->flows[i];
        f->container = c;
        f->index = i;
        f->pointer = ld_arena_printf(&L->ix->arena, "/flows/%zu", i);
        ld_flow(L, json_array_get(flows, i), f);
    }
    move_container_resources(L, root);
    ld_index(L);
    ld_validate(L);
    ld_texts(L);
}

static fl_loader *loader_new(const fl_load_options *opts)
{
    fl_loader *L = fl_xcalloc(1, sizeof *L);
    L->opts = opts;
    L->d = fl_diagnostics_new();
    return L;
}

static void finish(fl_loader *L, fl_diagnostics **diags)
{
    if (diags)
        *diags = L->d;
    else
        fl_diagnostics_free(L->d);
    fl_strmap_free(&L->covered);
    free(L);
}

int fl_container_load(const char *json, size_t len, const fl_load_options *opts, fl_container **out,
                      fl_diagnostics **diags)
{
    static const fl_load_options defaults = {0};
    if (!opts) opts = &defaults;
    size_t max_bytes = opts->max_bytes ? opts->max_bytes : FL_LOAD_DEFAULT_MAX_BYTES;
    size_t max_depth = opts->max_depth ? opts->max_depth : FL_LOAD_DEFAULT_MAX_DEPTH;
    fl_loader *L = loader_new(opts);
    int rc = 0, line = 0, column = 0;

    if (!json && len) {
        fl_diagnostics_add(L->d, FL_SEVERITY_ERROR, "E001", "", NULL, NULL, 0, 0, "no input text");
        finish(L, diags);
        return FL_EINVAL;
    }
    if (len > max_bytes) {
        char msg[160];
        snprintf(msg, sizeof msg, "input is larger than the limit of %zu bytes", max_bytes);
        fl_diagnostics_add(L->d, FL_SEVERITY_ERROR, "E002", "", NULL, NULL, 0, 0, msg);
        finish(L, diags);
        return FL_ELIMIT;
    }
    if (scan_depth(json ? json : "", len, max_depth, &line, &column) < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "JSON nesting deeper than the limit of %zu levels", max_depth);
        fl_diagnostics_add(L->d, FL_SEVERITY_ERROR, "E003", "", NULL, NULL, line, column, msg);
        finish(L, diags);
        return FL_ELIMIT;
    }
    json_error_t jerr;
    json_t *root = json_loadb(json ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        char msg[300];
        snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.text);
        fl_diagnostics_add(L->d, FL_SEVERITY_ERROR, "E001", "", NULL, NULL,
                           jerr.line > 0 ? jerr.line : 0, jerr.column > 0 ? jerr.column : 0, msg);
        finish(L, diags);
        return FL_EPARSE;
    }
    if (!json_is_object(root)) {
        fl_diagnostics_add(L->d, FL_SEVERITY_ERROR, "E005", "", NULL, NULL, 0, 0,
                           "the document is not a FLOIP container (a JSON object)");
        json_decref(root);
        finish(L, diags);
        return FL_EINVAL;
    }

    fl_container *c = fl_xcalloc(1, sizeof *c);
    fl_index *ix = fl_xcalloc(1, sizeof *ix);
    c->root = root;
    c->index = ix;
    L->c = c;
    L->ix = ix;
    load_container(L, root);

    size_t n = fl_diagnostics_count(L->d);
    c->n_diag_warnings = n - fl_diagnostics_errors(L->d);
    if (fl_diagnostics_errors(L->d)) {
        fl_container_free(c);
        rc = FL_EINVAL;
    } else if (out) {
        *out = c;
    } else {
        fl_container_free(c);
    }
    finish(L, diags);
    return rc;
}

int fl_container_load_file(const char *path, const fl_load_options *opts, fl_container **out,
                           fl_diagnostics **diags)
{
    fl_load_options o = {0};
    if (opts) o = *opts;
    if (!o.filename) o.filename = path;
    size_t max = o.max_bytes ? o.max_bytes : FL_LOAD_DEFAULT_MAX_BYTES;
    char *data = NULL;
    size_t len = 0;
    fl_error err;
    fl_error_clear(&err);
    int rc = path ? fl_read_file(path, max, &data, &len, &err)
                  : fl_error_set(&err, FL_EINVAL, "no file name");
    if (rc != 0) {
        if (diags) {
            fl_diagnostics *d = fl_diagnostics_new();
            fl_diagnostics_add(d, FL_SEVERITY_ERROR, rc == FL_ELIMIT ? "E002" : "E004", "", NULL,
                               NULL, 0, 0, err.message);
            *diags = d;
        }
        return rc == FL_ELIMIT ? FL_ELIMIT : FL_EIO;
    }
    rc = fl_container_load(data, len, &o, out, diags);
    free(data);
    return rc;
}
