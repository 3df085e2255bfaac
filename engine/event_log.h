/*
 * event_log.h: the events of one session call, kept as small records and written as JSON text only
 * when somebody reads them (internal to engine/).
 *
 * A step emits a few events (message, exit, result, waiting); building each as a jansson tree cost
 * more than running the block. Here the frequent kinds are records that point into the container
 * (blocks, exits, resources and their prepared JSON texts) and hold references to the few values
 * that can change later (the contact snapshot, a result's value); the rendered `turn` is kept as
 * text. fl_event_log_write prints the whole call as a JSON array, byte for byte what the
 * equivalent jansson objects would dump (docs/events.md), and caches it until the next call.
 * Rare kinds (warnings, errors, logs, webhooks, ...) are built as jansson objects as before.
 */
#ifndef FL_EVENT_LOG_H
#define FL_EVENT_LOG_H

#include "engine/model.h"
#include "engine/util.h"

typedef enum {
    FL_EV_BUILT = 0, /* a ready jansson event object (a) */
    FL_EV_MESSAGE,
    FL_EV_WAITING,
    FL_EV_EXIT,
    FL_EV_RESULT,
    FL_EV_CONTACT_PROPERTY,
    FL_EV_FLOW_ENTERED,
    FL_EV_FLOW_EXITED,
    FL_EV_RUN_ENDED,
} fl_ev_kind;

/* A text span in the log's text buffer (offsets stay valid when the buffer grows). */
typedef struct fl_span {
    size_t off, len;
} fl_span;

/* One picked resource value of a message, with its text as sent; v NULL records only that the
 * resource was consulted (it still appears in `resources`). */
typedef struct fl_ev_resource {
    const fl_resource *r;
    const fl_resource_value *v;
    fl_span text;
} fl_ev_resource;

typedef struct fl_ev {
    fl_ev_kind kind;
    bool waiting; /* MESSAGE: waiting_for_user_input */
    int64_t at;
    const fl_flow *flow;
    const fl_block *block;
    const fl_exit *exit; /* EXIT (NULL writes null) */
    const char *reason;  /* RUN_ENDED: a static string */
    json_t *a, *b;       /* owned. BUILT: the event. RESULT: value, response. CONTACT_PROPERTY:
                            value. MESSAGE: the contact as it was (envelope context) */
    int64_t num;         /* WAITING: deadline, -1 for none. FLOW_*: depth */
    fl_span text,
        to; /* MESSAGE: turn JSON (empty: none) and recipient. CONTACT_PROPERTY: key in text */
    size_t res_first, res_n; /* MESSAGE: entries of res */
    fl_span json;            /* the event's text in the log's json, once written */
} fl_ev;

typedef struct fl_event_log {
    fl_ev *ev;
    size_t n, cap;
    fl_ev_resource *res;
    size_t n_res, cap_res;
    fl_buf text; /* spans of the records */
    fl_buf json; /* the written array, valid while json_ready */
    bool json_ready;
} fl_event_log;

/* Forgets the events (dropping their references), keeping the allocations for the next call. */
void fl_event_log_reset(fl_event_log *l);
void fl_event_log_free(fl_event_log *l);
/* A new zeroed record of this kind at this instant. */
fl_ev *fl_event_log_add(fl_event_log *l, fl_ev_kind kind, int64_t at);
/* Copies n bytes into the log's text. */
fl_span fl_event_log_text(fl_event_log *l, const char *s, size_t n);
/* Appends a resource entry (text copied) for a message about to be added: the message takes the
 * entries from a mark (l->n_res before the first) to the end. */
void fl_event_log_resource(fl_event_log *l, const fl_resource *r, const fl_resource_value *v,
                           const char *text, size_t len);
/* The call's events as one JSON array text; borrowed, cached until the log changes. */
const char *fl_event_log_write(fl_event_log *l, size_t *len);
/* Event i's text inside the written array (writes it first when needed). */
const char *fl_event_log_event(fl_event_log *l, size_t i, size_t *len);
/* The same as a jansson array (new reference); NULL only when a string the session was given is
 * not valid UTF-8. */
json_t *fl_event_log_json(fl_event_log *l);
/* The event's "type" string. */
const char *fl_event_log_type(const fl_event_log *l, size_t i);

#endif
