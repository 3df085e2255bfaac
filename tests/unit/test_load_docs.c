/* docs/diagnostics.md and the loader agree: every code the loader emits has a row in the table,
 * and every row names a code the loader emits. */
#include "load_helpers.h"

#include <ctype.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Collects the distinct loader codes ("E0nn", "W0nn") that appear after `open` in text. */
static size_t codes(const char *text, const char *open, char out[][5], size_t n, size_t max)
{
    size_t olen = strlen(open);
    for (const char *p = strstr(text, open); p; p = strstr(p + 1, open)) {
        const char *c = p + olen;
        if ((c[0] != 'E' && c[0] != 'W') || c[1] != '0' || !isdigit((unsigned char)c[2]) ||
            !isdigit((unsigned char)c[3]) || isalnum((unsigned char)c[4]))
            continue;
        bool seen = false;
        for (size_t i = 0; i < n && !seen; i++) seen = !strncmp(out[i], c, 4);
        if (!seen && n < max) {
            memcpy(out[n], c, 4);
            out[n++][4] = '\0';
        }
    }
    return n;
}

Test(load_docs, diagnostics_table_matches_the_loader)
{
    static const char *const sources[] = {"load.c",      "load_block.c", "load_config.c",
                                          "load_flow.c", "load_util.c",  "normalise.c",
                                          "validate.c",  "container.c"};
    char used[128][5], documented[128][5];
    size_t n_used = 0, n_doc = 0;
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/engine/%s", FLOIP_SOURCE_DIR, sources[i]);
        char *text = slurp(path);
        n_used = codes(text, "\"", used, n_used, 128);
        free(text);
    }
    char *doc = slurp(FLOIP_SOURCE_DIR "/docs/diagnostics.md");
    n_doc = codes(doc, "| ", documented, 0, 128);
    free(doc);
    cr_assert_geq(n_used, 40);
    for (size_t i = 0; i < n_used; i++) {
        bool found = false;
        for (size_t j = 0; j < n_doc && !found; j++) found = !strcmp(used[i], documented[j]);
        cr_expect(found, "%s is emitted but not documented in docs/diagnostics.md", used[i]);
    }
    for (size_t j = 0; j < n_doc; j++) {
        bool found = false;
        for (size_t i = 0; i < n_used && !found; i++) found = !strcmp(used[i], documented[j]);
        cr_expect(found, "%s is documented but never emitted", documented[j]);
    }
}
