/* Sessions end to end: the bench flows, determinism, the event schema, save/restore between every
 * turn for every flow in the repository, bad input. */
#include "engine_test.h"

#include <dirent.h>
#include <sys/stat.h>

/* Appends every event of a call to out (one compact JSON per line). */
static void collect(fl_buf *out, json_t *events)
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        cr_assert(json_is_string(json_object_get(e, "type")), "every event has a type");
        cr_assert(json_is_string(json_object_get(e, "at")), "every event has an instant");
        char *d = json_dumps(e, JSON_COMPACT);
        fl_buf_puts(out, d);
        fl_buf_putc(out, '\n');
        free(d);
    }
    json_decref(events);
}

/* A conversation script: strings are replies, "/wait Nms" advances the clock. */
static void converse(const fl_container *c, const json_t *script, bool reload, fl_buf *out)
{
    fl_session_options o;
    fl_session_options_init(&o);
    o.seed = 7;
    o.now_ms = 1700000000000;
    fl_session *s = t_session(c, &o);
    collect(out, t_start(s));
    for (size_t i = 0; i < json_array_size(script); i++) {
        if (reload) {
            json_t *saved = NULL;
            fl_error err;
            cr_assert_eq(fl_session_save(s, &saved, &err), 0);
            char *text = json_dumps(saved, JSON_COMPACT);
            json_decref(saved);
            saved = json_loads(text, 0, NULL);
            free(text);
            fl_session_free(s);
            s = NULL;
            cr_assert_eq(fl_session_restore(c, saved, NULL, &s, &err), 0, "restore: %s",
                         err.message);
            json_decref(saved);
        }
        const char *step = json_string_value(json_array_get(script, i));
        if (!strncmp(step, "/wait ", 6)) {
            collect(out, t_wait(s, atoll(step + 6)));
        } else if (fl_session_get_state(s) == FL_SESSION_WAITING) {
            collect(out, t_reply(s, step));
        }
    }
    fl_buf_printf(out, "state=%d steps=%zu\n", (int)fl_session_get_state(s), fl_session_steps(s));
    fl_session_free(s);
}

static void same_with_and_without_reload(const char *label, const fl_container *c,
                                         const json_t *script)
{
    fl_buf a = FL_BUF_INIT, b = FL_BUF_INIT;
    converse(c, script, false, &a);
    converse(c, script, true, &b);
    cr_assert_str_eq(b.data, a.data, "%s: save/restore between every turn changes nothing", label);
    fl_buf_free(&a);
    fl_buf_free(&b);
}

Test(session, small_linear_conversation)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session_options o;
    fl_session_options_init(&o);
    o.mode = "TEXT";
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    cr_assert_str_eq(
        t_texts(ev),
        "Welcome to the Museum of Interoperability visitor survey!|What is your name?");
    json_t *w = t_event(ev, "waiting", 0);
    cr_assert_str_eq(json_string_value(json_object_get(w, "block_name")), "visitor_name");
    cr_assert_str_eq(json_string_value(json_object_get(w, "deadline")), "1970-01-03T00:00:00.000Z");
    json_decref(ev);
    ev = t_reply(s, "ada lovelace");
    cr_assert_str_eq(t_texts(ev), "Thanks ada lovelace! How old are you?");
    json_decref(ev);
    ev = t_reply(s, "36");
    json_decref(ev);
    ev = t_reply(s, "3");
    cr_assert_str_eq(t_exit_of(ev, "favorite_exhibit"), "modem");
    cr_assert_str_eq(t_exit_of(ev, "age_group"), "Default");
    cr_assert_not_null(strstr(t_texts(ev), "Adults can join the guided tour at 3pm."));
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "run_ended", 0), "reason")),
                     "completed");
    json_decref(ev);
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session, same_inputs_same_clock_same_seed_give_identical_events)
{
    const char *files[] = {"small_linear.json", "run_flow.json", "large.json"};
    for (size_t i = 0; i < 3; i++) {
        fl_container *c = t_load_bench(files[i]);
        json_t *in = t_bench_inputs(files[i]);
        fl_buf a = FL_BUF_INIT, b = FL_BUF_INIT;
        converse(c, in, false, &a);
        converse(c, in, false, &b);
        cr_assert_str_eq(a.data, b.data);
        cr_assert_not_null(strstr(a.data, "\"reason\":\"completed\""), "%s completes", files[i]);
        fl_buf_free(&a);
        fl_buf_free(&b);
        json_decref(in);
        fl_container_free(c);
    }
}

Test(session, save_restore_between_every_turn_for_the_bench_flows)
{
    const char *files[] = {"small_linear.json", "run_flow.json", "large.json"};
    for (size_t i = 0; i < 3; i++) {
        fl_container *c = t_load_bench(files[i]);
        json_t *in = t_bench_inputs(files[i]);
        same_with_and_without_reload(files[i], c, in);
        json_decref(in);
        fl_container_free(c);
    }
}

static void walk_flows(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) < 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk_flows(path, count);
            continue;
        }
        size_t n = strlen(path);
        if (n < 5 || strcmp(path + n - 5, ".json")) continue;
        fl_container *c = NULL;
        fl_diagnostics *diags = NULL;
        int rc = fl_container_load_file(path, NULL, &c, &diags);
        fl_diagnostics_free(diags);
        if (rc < 0) continue; /* fixtures that are not containers, or invalid on purpose */
        json_t *script = json_pack("[s,s,s,s,s,s,s,s,s,s,s,s,s,s,s,s]", "1", "Ada", "36",
                                   "/wait 60000", "2", "yes", "3", "no", "1", "hello", "42",
                                   "/wait 600000", "1", "2", "1", "/wait 999999999");
        same_with_and_without_reload(path, c, script);
        json_decref(script);
        fl_container_free(c);
        (*count)++;
    }
    closedir(d);
}

Test(session, save_restore_between_every_turn_for_every_flow_in_flows)
{
    size_t count = 0;
    walk_flows(FLOIP_SOURCE_DIR "/flows", &count);
    walk_flows(FLOIP_SOURCE_DIR "/tests/engine", &count);
    cr_log_info("%zu flows replayed", count);
}

Test(session, saved_waiting_small_linear_is_small)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    t_replies(s, "ada lovelace", "36");
    json_t *saved = NULL;
    cr_assert_eq(fl_session_save(s, &saved, NULL), 0);
    char *text = json_dumps(saved, JSON_COMPACT);
    cr_assert_lt(strlen(text), 4096, "saved session is %zu bytes", strlen(text));
    free(text);
    json_decref(saved);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session, malformed_input_leaves_the_session_exactly_as_it_was)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_t *before = NULL, *after = NULL;
    cr_assert_eq(fl_session_save(s, &before, NULL), 0);
    const char *bad[] = {"[]",
                         "{}",
                         "{\"type\":\"text\"}",
                         "{\"type\":\"text\",\"text\":{}}",
                         "{\"type\":\"hologram\"}",
                         "{\"type\":\"image\",\"image\":{}}",
                         "{\"type\":\"location\",\"location\":{\"latitude\":\"x\"}}",
                         "{\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\"}}"};
    for (size_t i = 0; i < FL_ARRAY_LEN(bad); i++) {
        json_t *m = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        json_t *ev = (json_t *)0x1;
        fl_error err;
        cr_assert_eq(fl_session_resume(s, m, &ev, &err), FL_EINVAL, "%s is refused", bad[i]);
        cr_assert_eq(ev, (json_t *)0x1, "no events on failure");
        cr_assert_gt(strlen(err.message), 0);
        json_decref(m);
    }
    cr_assert_eq(fl_session_resume(s, NULL, &after, NULL), FL_EINVAL);
    cr_assert_eq(fl_session_save(s, &after, NULL), 0);
    cr_assert(json_equal(before, after));
    json_decref(before);
    json_decref(after);
    /* Still usable. */
    json_t *ev = t_reply(s, "ada");
    cr_assert_str_eq(t_texts(ev), "Thanks ada! How old are you?");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session, wrong_states_are_refused)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_t *ev = NULL;
    cr_assert_eq(fl_session_resume_text(s, "hi", &ev, NULL), FL_ESTATE);
    json_decref(t_start(s));
    cr_assert_eq(fl_session_start(s, &ev, NULL), FL_ESTATE);
    cr_assert_eq(fl_session_advance_clock(s, -5, &ev, NULL), FL_EINVAL);
    fl_session_free(s);
    fl_session_options o;
    fl_session_options_init(&o);
    o.flow = "no-such-flow";
    fl_session *none = NULL;
    cr_assert_eq(fl_session_new(c, &o, &none, NULL), FL_ENOTFOUND);
    o.flow = NULL;
    o.mode = "CARRIER_PIGEON";
    cr_assert_eq(fl_session_new(c, &o, &none, NULL), FL_EINVAL);
    cr_assert_null(none);
    fl_container_free(c);
}

Test(session, completed_session_refuses_more_input)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    t_replies(s, "ada", "36", "1");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_ENDED);
    json_t *ev = NULL;
    cr_assert_eq(fl_session_resume_text(s, "again", &ev, NULL), FL_ESTATE);
    fl_session_free(s);
    fl_container_free(c);
}

Test(session, eval_reads_the_context)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_decref(t_reply(s, "ada"));
    json_t *v = NULL;
    cr_assert_eq(fl_session_eval(s, "Hi @results.visitor_name.value", &v, NULL), 0);
    cr_assert_str_eq(json_string_value(v), "Hi ada");
    json_decref(v);
    cr_assert_str_eq(fl_block_name(fl_session_waiting_block(s)), "age");
    fl_session_free(s);
    fl_container_free(c);
}

/* A host holding event.message keeps what it holds when the next reply comes. */
Test(session, a_held_message_is_not_rewritten_by_the_next_reply)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_decref(t_reply(s, "ada lovelace"));
    json_t *held = json_incref((json_t *)t_ctx(s, "event.message"));
    json_t *events = t_reply(s, "36");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(held, "text"), "body")),
                     "ada lovelace", "the held message keeps its text");
    cr_assert_str_eq(json_string_value(t_ctx(s, "event.message.text.body")), "36");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.age.response")), "36");
    json_decref(events);
    json_decref(held);
    /* Held body alone: likewise. */
    json_t *body = json_incref((json_t *)t_ctx(s, "event.message.text.body"));
    json_decref(t_reply(s, "2"));
    cr_assert_str_eq(json_string_value(body), "36");
    cr_assert_str_eq(json_string_value(t_ctx(s, "event.message.text.body")), "2");
    json_decref(body);
    fl_session_free(s);
    fl_container_free(c);
}

/* A text reply's event.message is built when read: by an expression, the context or a save, and
 * a message given as JSON afterwards replaces it. */
Test(session, a_text_reply_is_in_event_message_whoever_reads_it)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    for (int save_first = 0; save_first < 2; save_first++) {
        fl_session *s = t_session(c, NULL);
        json_decref(t_start(s));
        json_decref(t_reply(s, "ada lovelace"));
        if (save_first) {
            json_t *saved = NULL;
            cr_assert_eq(fl_session_save(s, &saved, NULL), 0);
            json_t *m = json_object_get(json_object_get(json_object_get(saved, "context"), "event"),
                                        "message");
            cr_expect_str_eq(json_string_value(json_object_get(json_object_get(m, "text"), "body")),
                             "ada lovelace", "read by a save first");
            json_decref(saved);
        }
        json_t *v = NULL;
        cr_assert_eq(fl_session_eval(s, "@event.message.text.body", &v, NULL), 0);
        cr_expect_str_eq(json_string_value(v), "ada lovelace", "read by an expression");
        json_decref(v);
        cr_assert_eq(fl_session_eval(s, "@event.message.type", &v, NULL), 0);
        cr_expect_str_eq(json_string_value(v), "text");
        json_decref(v);
        json_decref(t_reply(s, "36"));
        json_decref(t_message(s, "{'type':'button','button':{'text':'Modem','payload':'3'}}"));
        cr_expect_str_eq(json_string_value(t_ctx(s, "event.message.type")), "button",
                         "a JSON message replaces a text reply not built yet");
        fl_session_free(s);
    }
    fl_container_free(c);
}

/* A text reply's text is one JSON string, shared by event.message, the result and block. */
Test(session, a_text_reply_is_stored_once)
{
    fl_container *c = t_load_file("tests/bench/flows/small_linear.json");
    fl_session *s = t_session(c, NULL);
    json_decref(t_start(s));
    json_decref(t_reply(s, "ada lovelace"));
    const json_t *body = t_ctx(s, "event.message.text.body");
    cr_assert_str_eq(json_string_value(body), "ada lovelace");
    cr_expect_eq(t_ctx(s, "results.visitor_name.response"), body);
    cr_expect_eq(t_ctx(s, "results.visitor_name.value"), body);
    cr_expect_eq(t_ctx(s, "block.response"), body);
    fl_session_free(s);
    fl_container_free(c);
}
