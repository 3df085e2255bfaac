/*
 * inbound.c: the Channel API requests a connector sends to floip: {contact, message} for an inbound
 * message and {status} for a delivery status, validated the way Turn answers them
 * ({"errors": {...}, "message": "Bad Request"}, every problem listed, nested by field).
 */
#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

static const char *const BLANK = "can't be blank";
static const char *const INVALID = "is invalid";

/* errors is a tree of objects whose leaves are arrays of messages; path is "a.b.c". */
static void add_error(json_t *errors, const char *path, const char *msg)
{
    json_t *node = errors;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL, *tok = strtok_r(buf, ".", &save);
    while (tok) {
        char *next = strtok_r(NULL, ".", &save);
        json_t *child = json_object_get(node, tok);
        if (!child) {
            child = next ? json_object() : json_array();
            json_object_set_new(node, tok, child);
        }
        if (!next) {
            if (json_is_array(child)) json_array_append_new(child, json_string(msg));
            return;
        }
        node = child;
        tok = next;
    }
}

static bool blank_string(const json_t *v)
{
    if (!json_is_string(v)) return true;
    for (const char *s = json_string_value(v); *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

/* A required string: absent, null or blank -> "can't be blank"; another type -> "is invalid". */
static void need_string(json_t *errors, const json_t *obj, const char *key, const char *path)
{
    const json_t *v = json_object_get(obj, key);
    char p[128];
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (v && !json_is_null(v) && !json_is_string(v))
        add_error(errors, p, INVALID);
    else if (blank_string(v))
        add_error(errors, p, BLANK);
}

/* An optional string: present and not a string (nor null) -> "is invalid". */
static void may_string(json_t *errors, const json_t *obj, const char *key, const char *path)
{
    const json_t *v = json_object_get(obj, key);
    if (v && !json_is_null(v) && !json_is_string(v)) {
        char p[128];
        snprintf(p, sizeof p, "%s.%s", path, key);
        add_error(errors, p, INVALID);
    }
}

/* A Unix timestamp: a string of digits (as Turn's examples send it) or a non-negative integer. */
static void need_timestamp(json_t *errors, const json_t *obj, const char *path)
{
    const json_t *v = json_object_get(obj, "timestamp");
    char p[128];
    snprintf(p, sizeof p, "%s.timestamp", path);
    if (!v || json_is_null(v) || (json_is_string(v) && blank_string(v))) {
        add_error(errors, p, BLANK);
        return;
    }
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0) add_error(errors, p, INVALID);
        return;
    }
    const char *s = json_string_value(v);
    if (!s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18) add_error(errors, p, INVALID);
}

/* The object a message of type T carries under key T; NULL (and an error) when missing. */
static const json_t *need_object(json_t *errors, const json_t *obj, const char *key,
                                 const char *path)
{
    const json_t *v = json_object_get(obj, key);
    char p[128];
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (!v || json_is_null(v)) {
        add_error(errors, p, BLANK);
        return NULL;
    }
    if (!json_is_object(v)) {
        add_error(errors, p, INVALID);
        return NULL;
    }
    return v;
}

static void check_media(json_t *errors, json_t *msg, const char *type)
{
    json_t *m = (json_t *)need_object(errors, msg, type, "message");
    if (!m) return;
    char path[64];
    snprintf(path, sizeof path, "message.%s", type);
    /* Turn's own examples send "mime" for audio and video: accept it as mime_type. */
    const json_t *mime = json_object_get(m, "mime");
    if (json_is_string(mime) && !json_object_get(m, "mime_type"))
        json_object_set(m, "mime_type", (json_t *)mime);
    static const char *const optional[] = {"id",     "link",     "mime_type", "mime",
                                           "sha256", "filename", "caption"};
    for (size_t i = 0; i < FL_ARRAY_LEN(optional); i++) may_string(errors, m, optional[i], path);
    if (blank_string(json_object_get(m, "id")) && blank_string(json_object_get(m, "link"))) {
        char p[80];
        snprintf(p, sizeof p, "%s.id", path);
        add_error(errors, p, BLANK);
    }
}

static void check_location(json_t *errors, const json_t *msg)
{
    const json_t *loc = need_object(errors, msg, "location", "message");
    if (!loc) return;
    static const struct {
        const char *key;
        double bound;
    } coords[] = {{"latitude", 90}, {"longitude", 180}};
    for (size_t i = 0; i < FL_ARRAY_LEN(coords); i++) {
        const json_t *v = json_object_get(loc, coords[i].key);
        char p[64];
        snprintf(p, sizeof p, "message.location.%s", coords[i].key);
        if (!v || json_is_null(v))
            add_error(errors, p, BLANK);
        else if (!json_is_number(v) || json_number_value(v) < -coords[i].bound ||
                 json_number_value(v) > coords[i].bound)
            add_error(errors, p, INVALID);
    }
    may_string(errors, loc, "name", "message.location");
    may_string(errors, loc, "address", "message.location");
}

static void check_interactive(json_t *errors, const json_t *msg)
{
    const json_t *in = need_object(errors, msg, "interactive", "message");
    if (!in) return;
    const json_t *t = json_object_get(in, "type");
    const char *type = json_string_value(t);
    if (blank_string(t)) {
        add_error(errors, "message.interactive.type", t && !json_is_string(t) ? INVALID : BLANK);
        return;
    }
    if (!strcmp(type, "button_reply") || !strcmp(type, "list_reply")) {
        char path[64];
        snprintf(path, sizeof path, "message.interactive.%s", type);
        const json_t *r = need_object(errors, in, type, "message.interactive");
        if (!r) return;
        need_string(errors, r, "id", path);
        need_string(errors, r, "title", path);
        may_string(errors, r, "description", path);
    } else if (!strcmp(type, "nfm_reply")) {
        const json_t *r = need_object(errors, in, "nfm_reply", "message.interactive");
        if (!r) return;
        may_string(errors, r, "name", "message.interactive.nfm_reply");
        may_string(errors, r, "body", "message.interactive.nfm_reply");
        const json_t *rj = json_object_get(r, "response_json");
        if (blank_string(rj) && !(rj && !json_is_null(rj) && !json_is_string(rj))) {
            add_error(errors, "message.interactive.nfm_reply.response_json", BLANK);
        } else {
            /* WhatsApp sends the flow's answers as a JSON object inside a string. */
            json_t *parsed = json_is_string(rj) ? json_loads(json_string_value(rj), 0, NULL) : NULL;
            if (!json_is_object(parsed))
                add_error(errors, "message.interactive.nfm_reply.response_json", INVALID);
            json_decref(parsed);
        }
    } else {
        add_error(errors, "message.interactive.type", INVALID);
    }
}

static void check_message(json_t *errors, json_t *msg)
{
    need_string(errors, msg, "from", "message");
    need_string(errors, msg, "id", "message");
    need_timestamp(errors, msg, "message");
    const json_t *t = json_object_get(msg, "type");
    if (blank_string(t)) {
        add_error(errors, "message.type",
                  t && !json_is_null(t) && !json_is_string(t) ? INVALID : BLANK);
        return;
    }
    const char *type = json_string_value(t);
    if (!strcmp(type, "text")) {
        const json_t *text = need_object(errors, msg, "text", "message");
        if (text) need_string(errors, text, "body", "message.text");
    } else if (!strcmp(type, "button")) {
        const json_t *b = need_object(errors, msg, "button", "message");
        if (b) {
            need_string(errors, b, "text", "message.button");
            may_string(errors, b, "payload", "message.button");
        }
    } else if (!strcmp(type, "interactive")) {
        check_interactive(errors, msg);
    } else if (!strcmp(type, "location")) {
        check_location(errors, msg);
    } else if (!strcmp(type, "image") || !strcmp(type, "video") || !strcmp(type, "audio") ||
               !strcmp(type, "document") || !strcmp(type, "sticker")) {
        check_media(errors, msg, type);
    } else {
        add_error(errors, "message.type", INVALID);
    }
}

static void check_contact(json_t *errors, json_t *doc)
{
    json_t *contact = json_object_get(doc, "contact");
    json_t *msg = json_object_get(doc, "message");
    if (!contact || json_is_null(contact)) {
        add_error(errors, "contact", BLANK);
        return;
    }
    if (!json_is_object(contact)) {
        add_error(errors, "contact", INVALID);
        return;
    }
    /* Turn's examples often leave contact.id out: the sender's address (message.from) is the id. */
    const json_t *from = json_object_get(msg, "from");
    if (!json_object_get(contact, "id") && json_is_string(from) && !blank_string(from))
        json_object_set(contact, "id", (json_t *)from);
    need_string(errors, contact, "id", "contact");
    const json_t *profile = json_object_get(contact, "profile");
    if (!profile || json_is_null(profile))
        add_error(errors, "contact.profile", BLANK);
    else if (!json_is_object(profile))
        add_error(errors, "contact.profile", INVALID);
    else
        may_string(errors, profile, "name", "contact.profile");
}

static void check_status(json_t *errors, const json_t *doc)
{
    const json_t *st = json_object_get(doc, "status");
    if (!json_is_object(st)) {
        add_error(errors, "status", json_is_null(st) ? BLANK : INVALID);
        return;
    }
    need_string(errors, st, "id", "status");
    const json_t *s = json_object_get(st, "status");
    static const char *const known[] = {"sent", "delivered", "read", "failed"};
    if (blank_string(s)) {
        add_error(errors, "status.status",
                  s && !json_is_null(s) && !json_is_string(s) ? INVALID : BLANK);
    } else {
        bool ok = false;
        for (size_t i = 0; i < FL_ARRAY_LEN(known); i++)
            ok = ok || !strcmp(json_string_value(s), known[i]);
        if (!ok) add_error(errors, "status.status", INVALID);
    }
    need_timestamp(errors, st, "status");
    may_string(errors, st, "recipient_id", "status");
}

static json_t *error_body(json_t *errors)
{
    return json_pack("{s:o, s:s}", "errors", errors, "message", "Bad Request");
}

static size_t count_leaves(const json_t *node)
{
    if (json_is_array(node)) return json_array_size(node);
    size_t n = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)node, k, v) n += count_leaves(v);
    return n;
}

int fl_inbound_parse(const char *body, size_t len, json_t **request, json_t **error_body_out,
                     fl_error *err)
{
    if (!body || !request) return fl_error_set(err, FL_EINVAL, "inbound: no body");
    json_error_t je;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    json_t *errors = json_object();
    if (!doc) {
        add_error(errors, "body", "is not valid JSON");
        if (error_body_out)
            *error_body_out = error_body(errors);
        else
            json_decref(errors);
        int rc = fl_error_set(err, FL_EPARSE, "inbound: %s", je.text);
        if (err) err->line = je.line, err->column = je.column;
        return rc;
    }
    if (!json_is_object(doc)) {
        add_error(errors, "body", "must be an object");
    } else if (json_object_get(doc, "status") && !json_object_get(doc, "message")) {
        check_status(errors, doc);
    } else {
        json_t *msg = json_object_get(doc, "message");
        if (!msg || json_is_null(msg))
            add_error(errors, "message", BLANK);
        else if (!json_is_object(msg))
            add_error(errors, "message", INVALID);
        check_contact(errors, doc);
        if (json_is_object(msg)) check_message(errors, msg);
    }
    if (json_object_size(errors) > 0) {
        size_t n = count_leaves(errors);
        json_decref(doc);
        if (error_body_out)
            *error_body_out = error_body(errors);
        else
            json_decref(errors);
        return fl_error_set(err, FL_EINVAL, "inbound: %zu problem%s (see the error body)", n,
                            n == 1 ? "" : "s");
    }
    json_decref(errors);
    *request = doc;
    return 0;
}
