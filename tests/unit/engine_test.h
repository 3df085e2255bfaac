/*
 * engine_test.h: helpers for the engine's unit tests (sessions and blocks).
 *
 * Flows are written in a compact JSON dialect to keep tests readable: ' stands for ", ` for ',
 * and ~HEX (up to 12 hex digits) for a uuid "00000000-0000-4000-8000-<HEX padded>". The FLOW,
 * BLOCK, EXIT, RES macros build the usual shapes (rc4).
 */
#ifndef ENGINE_TEST_H
#define ENGINE_TEST_H

#include "engine/floip.h"
#include "engine/util.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOW_T(id, name, timeout, first, blocks, resources)                                        \
    "{'uuid':'~" id "','name':'" name "','last_modified':'2024-01-01 00:00:00.000000',"            \
    "'interaction_timeout':" timeout ",'supported_modes':['TEXT','RICH_MESSAGING','IVR'],"         \
    "'languages':[{'id':'eng','iso_639_3':'eng','label':'English'},"                               \
    "{'id':'fra','iso_639_3':'fra','label':'French'}],'first_block_id':'~" first "',"              \
    "'blocks':[" blocks "],'resources':[" resources "]}"
#define FLOW(id, name, first, blocks, resources) FLOW_T(id, name, "0", first, blocks, resources)
#define BLOCK(id, name, type, config, exits)                                                       \
    "{'uuid':'~" id "','name':'" name "','type':'" type "','config':{" config "},'exits':[" exits  \
    "]}"
#define EXIT(id, name, test, dest)                                                                 \
    "{'uuid':'~" id "','name':'" name "','test':'" test "','destination_block':'~" dest "'},"
#define EXIT_NT(id, name, dest)                                                                    \
    "{'uuid':'~" id "','name':'" name "','destination_block':'~" dest "'},"
#define EXIT_NT_END(id, name)    "{'uuid':'~" id "','name':'" name "'},"
#define EXIT_END(id, name, test) "{'uuid':'~" id "','name':'" name "','test':'" test "'},"
#define DEF(id, dest)                                                                              \
    "{'uuid':'~" id "','name':'Default','default':true,'destination_block':'~" dest "'}"
#define DEF_END(id) "{'uuid':'~" id "','name':'Default','default':true}"
#define RES(id, eng)                                                                               \
    "{'uuid':'~" id                                                                                \
    "','values':[{'language_id':'eng','content_type':'TEXT','mime_type':'text/plain',"             \
    "'modes':['TEXT','RICH_MESSAGING','IVR'],'value':'" eng "'}]}"
#define RES2(id, eng, fra)                                                                         \
    "{'uuid':'~" id                                                                                \
    "','values':[{'language_id':'eng','content_type':'TEXT','mime_type':'text/plain',"             \
    "'modes':['TEXT','RICH_MESSAGING'],'value':'" eng                                              \
    "'},{'language_id':'fra','content_type':'TEXT',"                                               \
    "'mime_type':'text/plain','modes':['TEXT','RICH_MESSAGING'],'value':'" fra "'}]}"

static inline char *t_expand(const char *src)
{
    size_t n = strlen(src);
    char *out = malloc(n * 4 + 64), *o = out;
    for (const char *p = src; *p; p++) {
        if (*p == '\'')
            *o++ = '"';
        else if (*p == '`')
            *o++ = '\'';
        else if (*p == '~' && isxdigit((unsigned char)p[1])) {
            const char *h = p + 1;
            size_t k = 0;
            while (k < 12 && isxdigit((unsigned char)h[k])) k++;
            o += sprintf(o, "00000000-0000-4000-8000-");
            for (size_t z = k; z < 12; z++) *o++ = '0';
            memcpy(o, h, k);
            o += k;
            p += k;
        } else
            *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* Loads a container with the given flows (a comma-separated list of FLOW(...)). */
static inline fl_container *t_load_with(const char *flows, const fl_block_types *types)
{
    char *wrapped = malloc(strlen(flows) + 256);
    sprintf(wrapped,
            "{'specification_version':'1.0.0-rc4','uuid':'~cc','name':'test','flows':[%s]}", flows);
    char *json = t_expand(wrapped);
    free(wrapped);
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    fl_load_options lo = {0};
    lo.block_types = types;
    int rc = fl_container_load(json, strlen(json), &lo, &c, &d);
    if (rc < 0) {
        for (size_t i = 0; i < fl_diagnostics_count(d); i++) {
            const fl_diag *g = fl_diagnostics_get(d, i);
            fprintf(stderr, "diag %s %s: %s\n", g->code, g->pointer ? g->pointer : "", g->message);
        }
        fprintf(stderr, "%s\n", json);
    }
    fl_diagnostics_free(d);
    free(json);
    cr_assert_eq(rc, 0, "the test container loads");
    return c;
}

static inline fl_container *t_load(const char *flows)
{
    return t_load_with(flows, NULL);
}

static inline fl_container *t_load_file(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FLOIP_SOURCE_DIR, rel);
    fl_container *c = NULL;
    fl_diagnostics *d = NULL;
    int rc = fl_container_load_file(path, NULL, &c, &d);
    fl_diagnostics_free(d);
    cr_assert_eq(rc, 0, "%s loads", rel);
    return c;
}

/* A bench flow (tests/bench/flows/<file>), loaded. */
static inline fl_container *t_load_bench(const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/bench/flows/%s", file);
    return t_load_file(rel);
}

/* The replies that take a bench flow (tests/bench/flows/<file>) to its end. */
static inline json_t *t_bench_inputs(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bench/flows/inputs.json", FLOIP_DATA_DIR);
    json_t *all = json_load_file(path, 0, NULL);
    cr_assert_not_null(all);
    json_t *in = json_incref(json_object_get(all, file));
    json_decref(all);
    cr_assert(json_is_array(in));
    return in;
}

static inline fl_session *t_session(const fl_container *c, const fl_session_options *o)
{
    fl_session *s = NULL;
    fl_error err;
    int rc = fl_session_new(c, o, &s, &err);
    cr_assert_eq(rc, 0, "session: %s", err.message);
    return s;
}

static inline json_t *t_start(fl_session *s)
{
    json_t *ev = NULL;
    fl_error err;
    cr_assert_eq(fl_session_start(s, &ev, &err), 0, "start: %s", err.message);
    return ev;
}

static inline json_t *t_reply(fl_session *s, const char *text)
{
    json_t *ev = NULL;
    fl_error err;
    cr_assert_eq(fl_session_resume_text(s, text, &ev, &err), 0, "reply: %s", err.message);
    return ev;
}

/* Replies with each text in turn (a NULL ends the list), the events dropped. */
#define t_replies(s, ...) t_replies_((s), (const char *const[]){__VA_ARGS__, NULL})
static inline void t_replies_(fl_session *s, const char *const *texts)
{
    for (; *texts; texts++) json_decref(t_reply(s, *texts));
}

static inline json_t *t_message(fl_session *s, const char *compact_json)
{
    char *j = t_expand(compact_json);
    json_t *m = json_loads(j, 0, NULL);
    free(j);
    cr_assert(m, "test message parses");
    json_t *ev = NULL;
    fl_error err;
    cr_assert_eq(fl_session_resume(s, m, &ev, &err), 0, "resume: %s", err.message);
    json_decref(m);
    return ev;
}

static inline json_t *t_wait(fl_session *s, int64_t ms)
{
    json_t *ev = NULL;
    fl_error err;
    cr_assert_eq(fl_session_advance_clock(s, fl_session_now(s) + ms, &ev, &err), 0, "clock: %s",
                 err.message);
    return ev;
}

/* The n-th (0-based) event of a type, or NULL. */
static inline json_t *t_event(const json_t *events, const char *type, size_t n)
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        const char *t = json_string_value(json_object_get(e, "type"));
        if (t && !strcmp(t, type) && n-- == 0) return e;
    }
    return NULL;
}

static inline size_t t_count(const json_t *events, const char *type)
{
    size_t n = 0;
    while (t_event(events, type, n)) n++;
    return n;
}

/* Message texts of the events, joined with '|' (into a static buffer). */
static inline const char *t_texts(const json_t *events)
{
    static char buf[8192];
    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        if (strcmp(json_string_value(json_object_get(e, "type")), "message")) continue;
        fl_buf b = FL_BUF_INIT;
        json_t *turn = json_object_get(json_object_get(e, "envelope"), "turn");
        if (fl_turn_text(turn, &b) == 0) {
            if (buf[0]) strncat(buf, "|", sizeof buf - strlen(buf) - 1);
            strncat(buf, b.data ? b.data : "", sizeof buf - strlen(buf) - 1);
        }
        fl_buf_free(&b);
    }
    return buf;
}

/* Name of the exit taken by the block named name in events, or NULL. */
static inline const char *t_exit_of(const json_t *events, const char *block_name)
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        if (strcmp(json_string_value(json_object_get(e, "type")), "exit")) continue;
        const char *bn = json_string_value(json_object_get(e, "block_name"));
        if (bn && !strcmp(bn, block_name))
            return json_string_value(json_object_get(e, "exit_name"));
    }
    return NULL;
}

/* The context value at a dotted path (borrowed), or NULL. */
static inline const json_t *t_ctx(const fl_session *s, const char *path)
{
    const json_t *v = fl_session_context(s);
    char *copy = strdup(path), *save = NULL;
    for (char *tok = strtok_r(copy, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
        v = json_is_array(v) ? json_array_get(v, (size_t)atoi(tok)) : json_object_get(v, tok);
    free(copy);
    return v;
}

static inline char *t_dump(const json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
}

#endif
