/*
 * session_step.c: the step loop. Enters blocks until the innermost run waits for input, the
 * top-level run ends, or a limit is hit; follows exits, nests and unnests Core.RunFlow children,
 * applies set_contact_property before every exit, and fires interaction timeouts.
 */
#include "engine/run.h"

#include <string.h>

void fl_session_begin_call(fl_session *s)
{
    fl_context_drop_views(s);
    fl_event_log_reset(&s->log);
    s->steps = 0;
    s->record = NULL;
}

int fl_session_end_call(fl_session *s, json_t **events, fl_error *err)
{
    fl_context_drop_views(s);
    s->record = NULL;
    if (!events) return 0;
    *events = fl_event_log_json(&s->log);
    if (!*events)
        return fl_error_set(err, FL_EINVAL, "the events hold text that is not valid UTF-8");
    return 0;
}

/* set_contact_property, applied "immediately prior to following the exit out of the block". */
static void apply_properties(fl_session *s, const fl_block *b)
{
    for (size_t i = 0; i < b->n_set_contact_property; i++) {
        const fl_property_op *op = &b->set_contact_property[i];
        if (!op->key) continue;
        fl_buf_reset(&s->scratch);
        if (op->value) {
            if (fl_run_eval_string(s, b, op->value, &s->scratch) < 0) continue;
        } else if (op->value_src) {
            fl_buf_puts(&s->scratch, op->value_src);
        }
        const char *v = s->scratch.data ? s->scratch.data : "";
        json_t *val = json_string(v);
        if (!val) val = json_string("");
        json_object_set_nocheck(fl_context_contact_mut(s), op->key, val);
        if (!fl_wants(s, FL_EVENT_CONTACT)) {
            json_decref(val);
            continue;
        }
        fl_ev *ev = fl_event_log_add(&s->log, FL_EV_CONTACT_PROPERTY, s->now);
        ev->block = b;
        ev->text = fl_event_log_text(&s->log, op->key, strlen(op->key));
        ev->a = val;
    }
}

static void record_exit(fl_session *s, const fl_exit *e)
{
    if (!s->record || !e) return;
    s->record->exit = e->record; /* the container's, never changed */
    s->record = NULL;
}

static void end_session(fl_session *s, fl_end_reason why)
{
    static const char *const names[] = {"", "completed", "expired", "failed"};
    const fl_flow *top = s->runs[0].flow;
    /* Unwind every run still open, innermost first. */
    while (s->n_runs > 1) {
        fl_run *child = fl_session_top(s);
        fl_emit_flow(s, false, child->flow, s->n_runs - 1);
        fl_context_pop_run(s, child, &s->runs[s->n_runs - 2], NULL);
        fl_context_free_run(child);
        s->n_runs--;
    }
    fl_emit_flow(s, false, top, 0);
    fl_emit_run_ended(s, top, names[why]);
    s->state = FL_SESSION_ENDED;
    s->end_reason = why;
    s->waiting = false;
    s->deadline = -1;
    s->pending = NULL;
}

/* The innermost child run ended; returns its RunFlow block in the parent. */
static const fl_block *pop_child(fl_session *s)
{
    fl_run *child = fl_session_top(s);
    fl_emit_flow(s, false, child->flow, s->n_runs - 1);
    fl_run *parent = &s->runs[s->n_runs - 2];
    /* Turn's runner kept the child's variables under the RunFlow block's name. */
    const fl_block *rb = parent->block;
    bool bare = rb && rb->name && !fl_context_block_name_reserved(s, rb);
    fl_context_pop_run(s, child, parent, bare ? rb->name : NULL);
    fl_context_free_run(child);
    s->n_runs--;
    return rb;
}

static void process(fl_session *s, const fl_block *b, fl_step *st)
{
    for (;;) {
        switch (st->next) {
        case FL_NEXT_WAIT: {
            s->waiting = true;
            s->state = FL_SESSION_WAITING;
            int64_t t = b->flow->interaction_timeout_ms;
            s->deadline = t > 0 ? s->now + t : -1;
            if (!fl_wants(s, FL_EVENT_WAITING)) return;
            fl_ev *ev = fl_event_log_add(&s->log, FL_EV_WAITING, s->now);
            ev->block = b;
            ev->num = s->deadline;
            return;
        }
        case FL_NEXT_FLOW: {
            if (s->n_runs >= s->max_depth) {
                fl_emit_error(s, b, "limit", "max_depth",
                              "Core.RunFlow nesting deeper than %zu runs", s->max_depth);
                fl_step d = {0};
                fl_run_leave_default(s, b, &d);
                *st = d;
                continue;
            }
            if (!st->flow || !st->flow->first_block) {
                fl_emit_error(s, b, "not_found", NULL, "Core.RunFlow: the flow to run is missing");
                fl_run_leave_default(s, b, st);
                continue;
            }
            if (s->n_runs == s->cap_runs) {
                s->cap_runs = s->cap_runs ? s->cap_runs * 2 : 4;
                s->runs = fl_xrealloc(s->runs, s->cap_runs * sizeof *s->runs);
            }
            fl_run *child = &s->runs[s->n_runs++];
            memset(child, 0, sizeof *child);
            child->flow = st->flow;
            child->entered_at = s->now;
            fl_context_push_run(s, child);
            fl_emit_flow(s, true, child->flow, s->n_runs - 1);
            s->pending = child->flow->first_block;
            return;
        }
        case FL_NEXT_FAIL:
            if (s->n_runs > 1) {
                const fl_block *rb = pop_child(s);
                fl_step d = {0};
                fl_block_vtable_of(rb)->child_done(s, rb, false, &d);
                b = rb;
                *st = d;
                continue;
            }
            end_session(s, FL_END_FAILED);
            return;
        case FL_NEXT_EXIT: {
            const fl_exit *e = st->exit;
            apply_properties(s, b);
            fl_emit_exit(s, b, e);
            record_exit(s, e);
            if (e && e->dest) {
                s->pending = e->dest;
                return;
            }
            if (e && e->destination && *e->destination) {
                fl_emit_error(s, b, "not_found", NULL, "exit '%s' leads to a missing block %s",
                              e->name ? e->name : "", e->destination);
                st->next = FL_NEXT_FAIL;
                continue;
            }
            if (s->n_runs > 1) {
                const fl_block *rb = pop_child(s);
                fl_step d = {0};
                fl_block_vtable_of(rb)->child_done(s, rb, true, &d);
                b = rb;
                *st = d;
                continue;
            }
            end_session(s, FL_END_COMPLETED);
            return;
        }
        }
    }
}

static void enter(fl_session *s, const fl_block *b)
{
    fl_run *r = fl_session_top(s);
    r->block = b;
    s->block_entered_at = s->now;
    s->record = NULL;
    s->waiting = false;
    s->deadline = -1;
    fl_step st = {0};
    fl_block_vtable_of(b)->enter(s, b, &st);
    process(s, b, &st);
}

int fl_session_run_loop(fl_session *s)
{
    while (s->pending) {
        const fl_block *b = s->pending;
        s->pending = NULL;
        if (s->steps >= s->max_steps) {
            fl_emit_error(s, b, "limit", "max_steps",
                          "loop detected: more than %zu blocks in one call", s->max_steps);
            end_session(s, FL_END_FAILED);
            break;
        }
        s->steps++;
        s->total_steps++;
        enter(s, b);
    }
    return 0;
}

void fl_session_deliver(fl_session *s, const fl_input *in)
{
    fl_run *r = fl_session_top(s);
    const fl_block *b = r->block;
    s->waiting = false;
    s->deadline = -1;
    s->record = NULL;
    fl_step st = {0};
    if (in->timed_out) {
        /* Default-exit policy: the waiting block leaves by its default exit with a null value. */
        fl_run_store(s, b, NULL, NULL);
        fl_run_leave_default(s, b, &st);
    } else {
        const fl_block_vtable *vt = fl_block_vtable_of(b);
        if (vt->resume)
            vt->resume(s, b, in, &st);
        else
            fl_run_leave_selected(s, b, &st);
    }
    process(s, b, &st);
    fl_session_run_loop(s);
}

void fl_session_fire_timeout(fl_session *s)
{
    fl_run *r = fl_session_top(s);
    const fl_block *b = r->block;
    if (fl_wants(s, FL_EVENT_TIMEOUT)) {
        json_t *ev = fl_event_new(s, "timeout");
        fl_event_add_block(s, ev, b, true);
        FL_JSON_SET_NEW(ev, "policy",
                        json_string_nocheck(s->timeout_policy == FL_TIMEOUT_DEFAULT_EXIT
                                                ? "default_exit"
                                                : "terminate"));
        fl_emit(s, ev);
    }
    if (s->timeout_policy == FL_TIMEOUT_DEFAULT_EXIT) {
        fl_input in;
        memset(&in, 0, sizeof in);
        in.timed_out = true;
        fl_session_deliver(s, &in);
        return;
    }
    const fl_block *exit_block = r->flow->exit_block;
    if (exit_block) {
        s->waiting = false;
        s->deadline = -1;
        s->pending = exit_block;
        fl_session_run_loop(s);
        return;
    }
    end_session(s, FL_END_EXPIRED);
}
