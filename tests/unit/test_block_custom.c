/* Custom block types registered with C callbacks (fl_block_types_add). */
#include "engine_test.h"

static int echo_enter(void *ud, fl_block_ctx *bx)
{
    (*(int *)ud)++;
    json_t *v = NULL;
    cr_assert_eq(fl_block_ctx_eval(bx, "Shout: @contact.name!", &v, NULL), 0);
    fl_block_ctx_send_text(bx, json_string_value(v));
    json_decref(v);
    return fl_block_ctx_wait(bx);
}

static int echo_resume(void *ud, fl_block_ctx *bx, const json_t *message)
{
    (void)ud;
    const char *body = json_string_value(json_object_get(json_object_get(message, "text"), "body"));
    fl_block_ctx_set_value(bx, json_string(body), body);
    return fl_block_ctx_exit(bx, strcmp(body, "yes") ? NULL : "agreed");
}

static int failing_enter(void *ud, fl_block_ctx *bx)
{
    (void)ud, (void)bx;
    return FL_EINVAL;
}

#define CUSTOM_FLOW                                                                                \
    FLOW(                                                                                          \
        "f1", "main", "b1",                                                                        \
        BLOCK("b1", "echo", "Io.Test.Echo", "",                                                    \
              EXIT("e1", "agreed", "true", "b2") DEF(                                              \
                  "e2",                                                                            \
                  "b3")) "," BLOCK("b2", "yes_msg", "MobilePrimitives.Message", "'prompt':'~c1'",  \
                                   DEF_END("e3")) "," BLOCK("b3", "broken", "Io.Test.Broken", "",  \
                                                            DEF("e4",                              \
                                                                "b4")) "," BLOCK("b4", "no_msg",   \
                                                                                 "MobilePrimitive" \
                                                                                 "s.Message",      \
                                                                                 "'prompt':'~c2'", \
                                                                                 DEF_END("e5")),   \
        RES("c1", "agreed: @echo") "," RES("c2", "not agreed: @echo"))

static fl_block_types *types(int *calls)
{
    fl_block_types *t = NULL;
    cr_assert_eq(fl_block_types_new(&t), 0);
    fl_block_type_def echo = {"Io.Test.Echo", NULL, echo_enter, echo_resume, calls};
    fl_block_type_def broken = {"Io.Test.Broken", NULL, failing_enter, NULL, NULL};
    cr_assert_eq(fl_block_types_add(t, &echo), 0);
    cr_assert_eq(fl_block_types_add(t, &broken), 0);
    fl_block_type_def bad = {NULL, NULL, NULL, NULL, NULL};
    cr_assert_eq(fl_block_types_add(t, &bad), FL_EINVAL);
    return t;
}

Test(block_custom, callbacks_send_wait_store_and_exit)
{
    int calls = 0;
    fl_block_types *t = types(&calls);
    fl_container *c = t_load_with(CUSTOM_FLOW, t);
    json_t *contact = json_pack("{s:s}", "name", "ada");
    fl_session_options o;
    fl_session_options_init(&o);
    o.contact = contact;
    fl_session *s = t_session(c, &o);
    json_t *ev = t_start(s);
    cr_assert_eq(calls, 1);
    cr_assert_str_eq(t_texts(ev), "Shout: ada!");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_WAITING);
    json_decref(ev);
    ev = t_reply(s, "yes");
    cr_assert_str_eq(t_texts(ev), "agreed: yes");
    json_decref(ev);
    fl_session_free(s);

    s = t_session(c, &o);
    json_decref(t_start(s));
    ev = t_reply(s, "no");
    cr_assert_str_eq(json_string_value(json_object_get(t_event(ev, "error", 0), "code")),
                     "custom_block");
    cr_assert_str_eq(t_texts(ev), "not agreed: no");
    json_decref(ev);
    fl_session_free(s);
    json_decref(contact);
    fl_container_free(c);
    fl_block_types_free(t);
}
