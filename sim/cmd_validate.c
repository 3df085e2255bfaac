/*
 * cmd_validate.c: `floip validate FILE... [--json]`: loads each container and prints what the
 * loader found, one compiler-style line per finding, then a summary.
 * Exit status: 0 valid (warnings allowed), 1 some file has errors, 2 some file is unusable
 * (unreadable, not JSON, too big or too deep) or the command line is wrong.
 */
#include "sim/commands.h"
#include "engine/floip.h"
#include "engine/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: floip validate FILE... [--json] [--max-bytes N] [--max-depth N]\n"
                 "\n"
                 "Loads FLOIP containers (spec 1.0.0-rc1 to rc4) and reports every problem found:\n"
                 "  FILE:POINTER[:LINE:COL]: error[E012]: message (block 'name' uuid)\n"
                 "  FILE -       read the container from standard input\n"
                 "  --json          one JSON document on stdout instead of text lines\n"
                 "  --max-bytes N   refuse files larger than N bytes (default 64 MiB)\n"
                 "  --max-depth N   refuse JSON nested deeper than N levels (default 64)\n"
                 "Exit status: 0 valid (warnings allowed), 1 errors found, 2 unusable input.\n");
}

/* Findings that mean the file could not be read as a container at all. */
static bool unusable(int rc)
{
    return rc == FL_EPARSE || rc == FL_ELIMIT || rc == FL_EIO;
}

static void print_diag(const char *file, const fl_diag *d)
{
    printf("%s:", file);
    if (d->pointer[0]) printf("%s:", d->pointer);
    if (d->line) printf("%d:%d:", d->line, d->column);
    printf(" %s[%s]: %s", d->severity == FL_SEVERITY_ERROR ? "error" : "warning", d->code,
           d->message);
    if (d->block_uuid || d->block_name)
        printf(" (block '%s' %s)", d->block_name ? d->block_name : "",
               d->block_uuid ? d->block_uuid : "");
    putchar('\n');
}

static json_t *diag_json(const fl_diag *d)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "severity",
                          d->severity == FL_SEVERITY_ERROR ? "error" : "warning", "code", d->code,
                          "message", d->message, "pointer", d->pointer);
    json_object_set_new(o, "block_uuid", d->block_uuid ? json_string(d->block_uuid) : json_null());
    json_object_set_new(o, "block_name", d->block_name ? json_string(d->block_name) : json_null());
    if (d->line) {
        json_object_set_new(o, "line", json_integer(d->line));
        json_object_set_new(o, "column", json_integer(d->column));
    }
    return o;
}

/* "-" reads the container from standard input. */
static int load_one(const char *file, fl_load_options *opts, fl_container **c, fl_diagnostics **d)
{
    if (strcmp(file, "-")) return fl_container_load_file(file, opts, c, d);
    size_t max = opts->max_bytes ? opts->max_bytes : (size_t)64 << 20;
    fl_buf b = FL_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (b.len + n > max) {
            /* One byte over the limit is enough for the loader to refuse it as too big. */
            fl_buf_append(&b, chunk, max - b.len + 1);
            break;
        }
        fl_buf_append(&b, chunk, n);
    }
    opts->filename = "<stdin>";
    int rc = fl_container_load(b.data ? b.data : "", b.len, opts, c, d);
    fl_buf_free(&b);
    return rc;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || v == 0) return false;
    *out = (size_t)v;
    return true;
}

int cmd_validate(int argc, char **argv)
{
    bool as_json = false;
    fl_load_options opts = {0};
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t n_files = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = true;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            free(files);
            return FL_EXIT_OK;
        } else if ((!strcmp(argv[i], "--max-bytes") || !strcmp(argv[i], "--max-depth")) &&
                   i + 1 < argc) {
            size_t *dst = argv[i][6] == 'b' ? &opts.max_bytes : &opts.max_depth;
            if (!parse_size(argv[i + 1], dst)) {
                fprintf(stderr, "floip validate: %s needs a positive number\n", argv[i]);
                free(files);
                return FL_EXIT_USAGE;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "floip validate: unknown option '%s'\n", argv[i]);
            usage(stderr);
            free(files);
            return FL_EXIT_USAGE;
        } else {
            files[n_files++] = argv[i];
        }
    }
    if (!n_files) {
        usage(stderr);
        free(files);
        return FL_EXIT_USAGE;
    }

    int status = FL_EXIT_OK;
    size_t total_errors = 0, total_warnings = 0, invalid = 0;
    json_t *jfiles = as_json ? json_array() : NULL;
    for (size_t i = 0; i < n_files; i++) {
        fl_container *c = NULL;
        fl_diagnostics *d = NULL;
        opts.filename = files[i];
        int rc = load_one(files[i], &opts, &c, &d);
        size_t n = fl_diagnostics_count(d), errors = fl_diagnostics_errors(d);
        total_errors += errors;
        total_warnings += n - errors;
        if (unusable(rc))
            status = FL_EXIT_USAGE;
        else if (rc != 0 && status == FL_EXIT_OK)
            status = FL_EXIT_FAIL;
        if (rc != 0) invalid++;

        if (as_json) {
            json_t *list = json_array();
            for (size_t k = 0; k < n; k++)
                json_array_append_new(list, diag_json(fl_diagnostics_get(d, k)));
            json_t *jf = json_pack("{s:s, s:b, s:b, s:I, s:I, s:o}", "file", files[i], "valid",
                                   rc == 0, "usable", !unusable(rc), "errors", (json_int_t)errors,
                                   "warnings", (json_int_t)(n - errors), "diagnostics", list);
            if (c) {
                size_t blocks = 0;
                for (size_t k = 0; k < fl_container_flow_count(c); k++)
                    blocks += fl_flow_block_count(fl_container_flow_at(c, k));
                json_object_set_new(jf, "container", json_string(fl_container_name(c)));
                json_object_set_new(jf, "specification_version",
                                    json_string(fl_container_spec_version(c)));
                json_object_set_new(jf, "flows",
                                    json_integer((json_int_t)fl_container_flow_count(c)));
                json_object_set_new(jf, "blocks", json_integer((json_int_t)blocks));
            }
            json_array_append_new(jfiles, jf);
        } else {
            for (size_t k = 0; k < n; k++) print_diag(files[i], fl_diagnostics_get(d, k));
            if (c) {
                size_t blocks = 0;
                for (size_t k = 0; k < fl_container_flow_count(c); k++)
                    blocks += fl_flow_block_count(fl_container_flow_at(c, k));
                printf("%s: valid: '%s' (spec %s), %zu flow%s, %zu block%s, %zu warning%s\n",
                       files[i], fl_container_name(c), fl_container_spec_version(c),
                       fl_container_flow_count(c), fl_container_flow_count(c) == 1 ? "" : "s",
                       blocks, blocks == 1 ? "" : "s", n - errors, n - errors == 1 ? "" : "s");
            }
        }
        fl_container_free(c);
        fl_diagnostics_free(d);
    }

    if (as_json) {
        json_t *doc = json_pack("{s:b, s:I, s:I, s:o}", "valid", status == FL_EXIT_OK, "errors",
                                (json_int_t)total_errors, "warnings", (json_int_t)total_warnings,
                                "files", jfiles);
        char *text = json_dumps(doc, JSON_INDENT(2));
        puts(text);
        free(text);
        json_decref(doc);
    } else {
        printf("%zu file%s checked, %zu invalid: %zu error%s, %zu warning%s\n", n_files,
               n_files == 1 ? "" : "s", invalid, total_errors, total_errors == 1 ? "" : "s",
               total_warnings, total_warnings == 1 ? "" : "s");
    }
    free(files);
    return status;
}
