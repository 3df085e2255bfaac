/* Unusable input: invalid JSON with its line and column, oversized and deeply nested text. */
#include "load_helpers.h"

static int load_text(const char *text, size_t len, const fl_load_options *o, fl_diagnostics **d)
{
    fl_container *c = NULL;
    int rc = fl_container_load(text, len, o, &c, d);
    cr_assert_null(c);
    cr_assert_eq(fl_diagnostics_count(*d), 1);
    cr_assert_eq(fl_diagnostics_errors(*d), 1);
    return rc;
}

Test(load_limits, invalid_json_reports_line_and_column)
{
    const char *text = "{\n  \"name\": \"x\",\n  \"flows\": [1, 2,]\n}";
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_text(text, strlen(text), NULL, &d), FL_EPARSE);
    const fl_diag *g = fl_diagnostics_get(d, 0);
    cr_assert_str_eq(g->code, "E001");
    cr_assert_eq(g->line, 3);
    cr_assert_eq(g->column, 18);
    cr_assert(strstr(g->message, "invalid JSON"), "%s", g->message);
    fl_diagnostics_free(d);
}

Test(load_limits, trailing_garbage_and_empty_input_are_invalid_json)
{
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_text("{} x", 4, NULL, &d), FL_EPARSE);
    cr_assert_str_eq(fl_diagnostics_get(d, 0)->code, "E001");
    cr_assert_eq(fl_diagnostics_get(d, 0)->line, 1);
    fl_diagnostics_free(d);
    cr_assert_eq(load_text("", 0, NULL, &d), FL_EPARSE);
    fl_diagnostics_free(d);
    cr_assert_eq(load_text(NULL, 0, NULL, &d), FL_EPARSE);
    fl_diagnostics_free(d);
}

Test(load_limits, duplicate_keys_are_refused)
{
    const char *text = "{\"name\": \"a\", \"name\": \"b\"}";
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_text(text, strlen(text), NULL, &d), FL_EPARSE);
    cr_assert(strstr(fl_diagnostics_get(d, 0)->message, "duplicate"));
    fl_diagnostics_free(d);
}

Test(load_limits, oversized_input_is_refused_before_parsing)
{
    json_t *doc = base_container();
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    fl_load_options o = {.max_bytes = 100};
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_text(text, strlen(text), &o, &d), FL_ELIMIT);
    const fl_diag *g = fl_diagnostics_get(d, 0);
    cr_assert_str_eq(g->code, "E002");
    cr_assert(strstr(g->message, "limit of 100 bytes"), "%s", g->message);
    fl_diagnostics_free(d);
    /* Under the limit the same text loads. */
    o.max_bytes = strlen(text);
    fl_container *c = NULL;
    cr_assert_eq(fl_container_load(text, strlen(text), &o, &c, NULL), 0);
    fl_container_free(c);
    free(text);
}

Test(load_limits, oversized_file_is_refused)
{
    fl_load_options o = {.max_bytes = 64};
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(
        fl_container_load_file(FLOIP_DATA_DIR "/bench/flows/small_linear.json", &o, &c, &d),
        FL_ELIMIT);
    cr_assert_null(c);
    cr_assert_str_eq(fl_diagnostics_get(d, 0)->code, "E002");
    fl_diagnostics_free(d);
}

Test(load_limits, deep_nesting_is_refused_with_its_position)
{
    size_t n = 1000000;
    char *text = malloc(2 * n + 16);
    size_t len = 0;
    len += (size_t)sprintf(text, "{\"a\":\n");
    for (size_t i = 0; i < n; i++) text[len++] = '[';
    for (size_t i = 0; i < n; i++) text[len++] = ']';
    text[len++] = '}';
    fl_diagnostics *d = NULL;
    cr_assert_eq(load_text(text, len, NULL, &d), FL_ELIMIT);
    const fl_diag *g = fl_diagnostics_get(d, 0);
    cr_assert_str_eq(g->code, "E003");
    cr_assert_eq(g->line, 2);
    cr_assert_eq(g->column, 64); /* the 65th level: 1 object + 63 arrays fit in 64 */
    fl_diagnostics_free(d);

    /* A huge configured limit still cannot crash the parser: jansson refuses on its own. */
    fl_load_options o = {.max_depth = (size_t)-1};
    cr_assert_eq(load_text(text, len, &o, &d), FL_EPARSE);
    fl_diagnostics_free(d);
    free(text);
}

Test(load_limits, brackets_inside_strings_do_not_count)
{
    json_t *doc = base_container();
    jset(doc, "/description",
         json_string("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"{{{{{{{{{{"));
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    fl_load_options o = {.max_depth = 8};
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    cr_assert_eq(fl_container_load(text, strlen(text), &o, &c, &d), 0);
    fl_container_free(c);
    fl_diagnostics_free(d);
    o.max_depth = 5;
    cr_assert_eq(fl_container_load(text, strlen(text), &o, &c, &d), FL_ELIMIT);
    cr_assert_str_eq(fl_diagnostics_get(d, 0)->code, "E003");
    fl_diagnostics_free(d);
    free(text);
}
