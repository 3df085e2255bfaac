/* SmartDevices.LocationResponse, SmartDevices.PhotoResponse, ConsoleIO.Read. */
#include "engine_test.h"

#define ONE(type, config)                                                                          \
    FLOW("f1", "main", "b1",                                                                       \
         BLOCK("b1", "ask", type, "'prompt':'~c1'" config,                                         \
               EXIT_END("e1", "ok", "true") DEF_END("e2")),                                        \
         RES("c1", "Please answer"))

static fl_session *begin(fl_container **c, const char *flow)
{
    *c = t_load(flow);
    fl_session *s = t_session(*c, NULL);
    json_t *ev = t_start(s);
    cr_assert_str_eq(t_texts(ev), "Please answer");
    cr_assert_eq(fl_session_get_state(s), FL_SESSION_WAITING);
    json_decref(ev);
    return s;
}

Test(block_location, location_message_is_stored_as_coordinates)
{
    fl_container *c;
    fl_session *s = begin(&c, ONE("SmartDevices.LocationResponse", ""));
    json_t *ev = t_message(s, "{'type':'location','location':{'latitude':-33.9,'longitude':18.4}}");
    char *v = t_dump(t_ctx(s, "results.ask.value"));
    cr_assert_str_eq(v, "[-33.899999999999999,18.399999999999999,null,null]");
    free(v);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_location, typed_coordinates_and_invalid_text)
{
    fl_container *c;
    fl_session *s = begin(&c, ONE("SmartDevices.LocationResponse", ""));
    json_t *ev = t_reply(s, "10.5, 20.25");
    cr_assert_eq(json_real_value(json_array_get(t_ctx(s, "results.ask.value"), 1)), 20.25);
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
    s = begin(&c, ONE("SmartDevices.LocationResponse", ""));
    ev = t_reply(s, "at home");
    cr_assert_str_eq(t_exit_of(ev, "ask"), "Default");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.ask.value")), "at home");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_photo, image_is_stored_text_is_invalid)
{
    fl_container *c;
    fl_session *s = begin(&c, ONE("SmartDevices.PhotoResponse", ""));
    json_t *ev = t_message(s, "{'type':'image','image':{'id':'media-1','mime_type':'image/png'}}");
    cr_assert_str_eq(json_string_value(t_ctx(s, "results.ask.value")), "media-1");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
    s = begin(&c, ONE("SmartDevices.PhotoResponse", ""));
    ev = t_reply(s, "no camera");
    cr_assert_str_eq(t_exit_of(ev, "ask"), "Default");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}

Test(block_read, format_string_fills_the_destination_variables)
{
    fl_container *c;
    fl_session *s =
        begin(&c, ONE("ConsoleIO.Read",
                      ",'format_string':'%d %s','destination_variables':['qty','item']"));
    json_t *ev = t_reply(s, "3 apples");
    cr_assert_eq(json_integer_value(t_ctx(s, "qty")), 3);
    cr_assert_str_eq(json_string_value(t_ctx(s, "item")), "apples");
    cr_assert(json_is_true(t_ctx(s, "results.ask.value")));
    cr_assert_str_eq(t_exit_of(ev, "ask"), "ok");
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
    s = begin(&c, ONE("ConsoleIO.Read",
                      ",'format_string':'%d %s','destination_variables':['qty','item']"));
    ev = t_reply(s, "three apples");
    cr_assert(json_is_false(t_ctx(s, "results.ask.value")));
    cr_assert_str_eq(t_exit_of(ev, "ask"), "Default");
    cr_assert_null(t_ctx(s, "qty"));
    json_decref(ev);
    fl_session_free(s);
    fl_container_free(c);
}
