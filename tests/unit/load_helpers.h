/* load_helpers.h: building, editing and loading containers in the loader's unit tests. */
#ifndef FL_TEST_LOAD_HELPERS_H
#define FL_TEST_LOAD_HELPERS_H

#include "engine/floip.h"
#include "engine/model.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define U_CONTAINER "c0000000-0000-4000-8000-000000000001"
#define U_FLOW      "f0000000-0000-4000-8000-000000000001"
#define U_FLOW2     "f0000000-0000-4000-8000-000000000002"
#define U_ASK       "b0000000-0000-4000-8000-000000000001"
#define U_CHECK     "b0000000-0000-4000-8000-000000000002"
#define U_BYE       "b0000000-0000-4000-8000-000000000003"
#define U_R_ASK     "a0000000-0000-4000-8000-000000000001"
#define U_R_BYE     "a0000000-0000-4000-8000-000000000002"
#define U_MISSING   "99999999-0000-4000-8000-000000000000"

/* A valid rc4 container: ask (OpenResponse) -> check (Case) -> bye (Message). */
static inline json_t *base_container(void)
{
    const char *text =
        "{\"specification_version\":\"1.0.0-rc4\",\"uuid\":\"" U_CONTAINER "\",\"name\":\"base\","
        "\"flows\":[{\"uuid\":\"" U_FLOW "\",\"name\":\"main\","
        "\"last_modified\":\"2024-01-01 00:00:00.000000\",\"interaction_timeout\":600,"
        "\"supported_modes\":[\"TEXT\"],\"first_block_id\":\"" U_ASK "\","
        "\"languages\":[{\"id\":\"eng\",\"iso_639_3\":\"eng\",\"label\":\"English\"}],"
        "\"blocks\":["
        "{\"uuid\":\"" U_ASK "\",\"name\":\"ask\",\"type\":\"MobilePrimitives.OpenResponse\","
        "\"config\":{\"prompt\":\"" U_R_ASK "\"},"
        "\"exits\":[{\"uuid\":\"e0000000-0000-4000-8000-000000000001\",\"name\":\"Default\","
        "\"default\":true,\"destination_block\":\"" U_CHECK "\"}]},"
        "{\"uuid\":\"" U_CHECK "\",\"name\":\"check\",\"type\":\"Core.Case\",\"config\":{},"
        "\"exits\":[{\"uuid\":\"e0000000-0000-4000-8000-000000000002\",\"name\":\"yes\","
        "\"test\":\"results.ask.value = \\\"yes\\\"\",\"destination_block\":\"" U_BYE "\"},"
        "{\"uuid\":\"e0000000-0000-4000-8000-000000000003\",\"name\":\"Default\","
        "\"default\":true,\"destination_block\":\"" U_BYE "\"}]},"
        "{\"uuid\":\"" U_BYE "\",\"name\":\"bye\",\"type\":\"MobilePrimitives.Message\","
        "\"config\":{\"prompt\":\"" U_R_BYE "\"},"
        "\"exits\":[{\"uuid\":\"e0000000-0000-4000-8000-000000000004\",\"name\":\"Default\","
        "\"default\":true}]}],"
        "\"resources\":["
        "{\"uuid\":\"" U_R_ASK "\",\"values\":[{\"language_id\":\"eng\",\"content_type\":\"TEXT\","
        "\"modes\":[\"TEXT\"],\"value\":\"Yes or no?\"}]},"
        "{\"uuid\":\"" U_R_BYE "\",\"values\":[{\"language_id\":\"eng\",\"content_type\":\"TEXT\","
        "\"modes\":[\"TEXT\"],\"value\":\"Bye @contact.name\"}]}]}]}";
    json_error_t e;
    json_t *doc = json_loads(text, 0, &e);
    cr_assert_not_null(doc, "base container: %s", e.text);
    return doc;
}

/* Walks an RFC 6901 pointer (no escapes needed in tests) to the parent of its last token. */
static inline json_t *ptr_parent(json_t *doc, const char *ptr, char *last, size_t n)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", ptr);
    char *slash = strrchr(buf, '/');
    cr_assert_not_null(slash, "bad pointer %s", ptr);
    snprintf(last, n, "%s", slash + 1);
    *slash = '\0';
    json_t *cur = doc;
    char *save = NULL;
    for (char *tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        cur = json_is_array(cur) ? json_array_get(cur, strtoul(tok, NULL, 10))
                                 : json_object_get(cur, tok);
        cr_assert_not_null(cur, "pointer %s: no %s", ptr, tok);
    }
    return cur;
}

/* Sets (value stolen) or, with value NULL, deletes the member at ptr. */
static inline void jset(json_t *doc, const char *ptr, json_t *value)
{
    char last[128];
    json_t *parent = ptr_parent(doc, ptr, last, sizeof last);
    if (json_is_array(parent)) {
        size_t i = strtoul(last, NULL, 10);
        if (!value)
            json_array_remove(parent, i);
        else if (i == json_array_size(parent))
            json_array_append_new(parent, value);
        else
            json_array_set_new(parent, i, value);
    } else if (value) {
        json_object_set_new(parent, last, value);
    } else {
        json_object_del(parent, last);
    }
}

static inline json_t *jparse(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
    cr_assert_not_null(v, "test JSON %s: %s", text, e.text);
    return v;
}

/* Loads a document; returns the load result, fills *c (may be NULL) and *d. */
static inline int load_doc(json_t *doc, fl_container **c, fl_diagnostics **d)
{
    char *text = json_dumps(doc, 0);
    int rc = fl_container_load(text, strlen(text), NULL, c, d);
    free(text);
    return rc;
}

static inline const fl_diag *find_diag(const fl_diagnostics *d, const char *code,
                                       const char *pointer)
{
    for (size_t i = 0; i < fl_diagnostics_count(d); i++) {
        const fl_diag *g = fl_diagnostics_get(d, i);
        if (!strcmp(g->code, code) && (!pointer || !strcmp(g->pointer, pointer))) return g;
    }
    return NULL;
}

static inline void dump_diags(const fl_diagnostics *d)
{
    for (size_t i = 0; i < fl_diagnostics_count(d); i++) {
        const fl_diag *g = fl_diagnostics_get(d, i);
        cr_log_info("%s %s %s", g->code, g->pointer, g->message);
    }
}

/* Loads doc (consumed) and asserts a diagnostic with this code at exactly this pointer, and
 * that the load result matches (0 for warnings, FL_EINVAL for errors). Returns a copy. */
static inline fl_diag expect_diag(json_t *doc, const char *code, const char *pointer)
{
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    int rc = load_doc(doc, &c, &d);
    json_decref(doc);
    const fl_diag *g = find_diag(d, code, pointer);
    if (!g) dump_diags(d);
    cr_assert_not_null(g, "expected %s at %s", code, pointer);
    fl_diag copy = *g;
    static char msg[512], uuid[64], name[128];
    snprintf(msg, sizeof msg, "%s", g->message);
    snprintf(uuid, sizeof uuid, "%s", g->block_uuid ? g->block_uuid : "");
    snprintf(name, sizeof name, "%s", g->block_name ? g->block_name : "");
    copy.message = msg;
    copy.block_uuid = g->block_uuid ? uuid : NULL;
    copy.block_name = g->block_name ? name : NULL;
    copy.code = code;
    copy.pointer = pointer;
    if (code[0] == 'E') {
        cr_assert_eq(rc, FL_EINVAL, "%s: load returned %d", code, rc);
        cr_assert_null(c);
    } else {
        cr_assert_eq(rc, 0, "%s: load returned %d", code, rc);
        cr_assert_not_null(c);
    }
    fl_container_free(c);
    fl_diagnostics_free(d);
    return copy;
}

#endif
