/* Channel API inbound requests: every message type, status updates, and every validation error
 * reported in Turn's error body. The seed examples are Turn's Channel API page, verbatim. */
#include "engine/floip.h"

#include <criterion/criterion.h>
#include <string.h>

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    cr_assert_not_null(v, "bad test JSON: %s", e.text);
    return v;
}

static json_t *accept(const char *body)
{
    json_t *req = NULL, *errb = NULL;
    fl_error err;
    int rc = fl_inbound_parse(body, strlen(body), &req, &errb, &err);
    char *e = errb ? json_dumps(errb, JSON_SORT_KEYS) : NULL;
    cr_assert_eq(rc, 0, "rejected: %s %s", err.message, e ? e : "");
    free(e);
    cr_assert_null(errb);
    return req;
}

static void reject(const char *body, const char *want_errors)
{
    json_t *req = NULL, *errb = NULL;
    fl_error err;
    int rc = fl_inbound_parse(body, strlen(body), &req, &errb, &err);
    cr_assert_eq(rc, FL_EINVAL, "accepted %s", body);
    cr_assert_null(req);
    json_t *want = parse(want_errors);
    json_t *want_body = json_pack("{s:o, s:s}", "errors", want, "message", "Bad Request");
    char *g = json_dumps(errb, JSON_SORT_KEYS), *w = json_dumps(want_body, JSON_SORT_KEYS);
    cr_assert(json_equal(errb, want_body), "got  %s\nwant %s", g, w);
    free(g), free(w);
    json_decref(want_body), json_decref(errb);
}

static const char *reply_text(json_t *req)
{
    static char buf[256];
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_inbound_text(json_object_get(req, "message"), &b), 0);
    snprintf(buf, sizeof buf, "%s", b.data);
    fl_buf_free(&b);
    return buf;
}

Test(inbound, seed_text)
{
    json_t *r =
        accept("{\"contact\":{\"id\":\"the-user-id\",\"profile\":{\"name\":\"the-user-name\"}},"
               "\"message\":{\"type\":\"text\",\"text\":{\"body\":\"the-text-of-the-message\"},"
               "\"from\":\"the-user-id\",\"id\":\"the-message-id\",\"timestamp\":\"1727291610\"}}");
    cr_assert_str_eq(reply_text(r), "the-text-of-the-message");
    json_decref(r);
}

Test(inbound, seed_document_without_contact_id_takes_the_sender)
{
    json_t *r = accept("{\"message\":{\"from\":\"1234567890\",\"id\":\"message_id_789\",\"type\":"
                       "\"document\",\"document\":{\"id\":\"document_id_1\",\"mime_type\":"
                       "\"application/pdf\",\"link\":\"https://example.org/document.pdf\","
                       "\"sha256\":\"hash_value\",\"filename\":\"the-filename.pdf\"},"
                       "\"timestamp\":\"1617183833\"},\"contact\":{\"profile\":{\"name\":"
                       "\"Charlie Brown\"}}}");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "contact"), "id")),
                     "1234567890");
    cr_assert_str_eq(reply_text(r), "document_id_1");
    json_decref(r);
}

Test(inbound, seed_video_and_audio_accept_mime)
{
    json_t *r =
        accept("{\"contact\":{\"id\":\"the-user-id\",\"profile\":{\"name\":\"the-user-name\"}},"
               "\"message\":{\"type\":\"video\",\"video\":{\"link\":\"https://example.org/"
               "video.mp4\",\"mime\":\"video/mp4\",\"id\":\"video\",\"sha256\":"
               "\"hash_value\",\"filename\":\"the-filename.mp4\"},\"from\":\"the-user-id\","
               "\"id\":\"the-message-id\",\"timestamp\":\"1727291610\"}}");
    json_t *video = json_object_get(json_object_get(r, "message"), "video");
    cr_assert_str_eq(json_string_value(json_object_get(video, "mime_type")), "video/mp4");
    cr_assert_str_eq(reply_text(r), "video");
    json_decref(r);
    r = accept("{\"contact\":{\"id\":\"the-user-id\",\"profile\":{\"name\":\"the-user-name\"}},"
               "\"message\":{\"type\":\"audio\",\"audio\":{\"link\":\"https://example.org/"
               "audio.mp3\",\"mime\":\"audio/mp3\",\"id\":\"audio\"},\"from\":\"the-user-id\","
               "\"id\":\"the-message-id\",\"timestamp\":\"1727291610\"}}");
    cr_assert_str_eq(reply_text(r), "audio");
    json_decref(r);
}

Test(inbound, seed_image_and_sticker)
{
    json_t *r = accept("{\"message\":{\"from\":\"1234567890\",\"id\":\"message_id_456\",\"type\":"
                       "\"image\",\"image\":{\"id\":\"image_id_789\",\"mime_type\":\"image/jpeg\","
                       "\"link\":\"https://example.org/image.jpg\",\"sha256\":\"hash_value\","
                       "\"caption\":\"Beautiful sunset\"},\"timestamp\":\"1617183830\"},"
                       "\"contact\":{\"profile\":{\"name\":\"Jane Smith\"}}}");
    cr_assert_str_eq(reply_text(r), "image_id_789");
    json_decref(r);
    r = accept(
        "{\"message\":{\"from\":\"1234567890\",\"id\":\"message_id_789\",\"type\":"
        "\"sticker\",\"sticker\":{\"id\":\"sticker_id_1\",\"mime_type\":\"image/png\","
        "\"link\":\"https://example.org/sticker.png\",\"sha256\":\"hash_value\","
        "\"filename\":\"the-filename.png\",\"caption\":\"Beautiful sunset\"},"
        "\"timestamp\":\"1617183831\"},\"contact\":{\"profile\":{\"name\":\"Bob Johnson\"}}}");
    cr_assert_str_eq(reply_text(r), "sticker_id_1");
    json_decref(r);
}

Test(inbound, seed_button_and_list_replies)
{
    json_t *r =
        accept("{\"message\":{\"from\":\"1234567890\",\"id\":\"message_id_789\",\"type\":"
               "\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":"
               "{\"id\":\"button_id_1\",\"title\":\"Yes\"}},\"timestamp\":\"1617183831\"},"
               "\"contact\":{\"profile\":{\"name\":\"Bob Johnson\"}}}");
    cr_assert_str_eq(reply_text(r), "Yes");
    json_decref(r);
    r = accept(
        "{\"message\":{\"from\":\"1234567890\",\"id\":\"message_id_789\",\"type\":"
        "\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":"
        "\"list_id_1\",\"title\":\"Option 1\",\"description\":\"Description for option 1\"}},"
        "\"timestamp\":\"1617183832\"},\"contact\":{\"profile\":{\"name\":\"Alice Johnson\"}}}");
    cr_assert_str_eq(reply_text(r), "Option 1");
    json_decref(r);
}

#define HEAD                                                                                       \
    "{\"contact\":{\"id\":\"u1\",\"profile\":{\"name\":\"Ann\"}},\"message\":{\"from\":\"u1\","    \
    "\"id\":\"m1\",\"timestamp\":1727291610,"

Test(inbound, button_nfm_reply_and_location)
{
    json_t *r =
        accept(HEAD "\"type\":\"button\",\"button\":{\"text\":\"Stop\",\"payload\":\"STOP\"}}}");
    cr_assert_str_eq(reply_text(r), "Stop");
    json_decref(r);
    r = accept(HEAD
               "\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":"
               "{\"name\":\"flow\",\"body\":\"Sent\",\"response_json\":"
               "\"{\\\"flow_token\\\":\\\"t1\\\",\\\"date\\\":\\\"2024-10-01\\\"}\"}}}}");
    cr_assert_str_eq(reply_text(r), "{\"flow_token\":\"t1\",\"date\":\"2024-10-01\"}");
    json_decref(r);
    r = accept(HEAD "\"type\":\"location\",\"location\":{\"latitude\":-33.5,\"longitude\":18.25,"
                    "\"name\":\"Clinic\"}}}");
    cr_assert_str_eq(reply_text(r), "-33.5,18.25");
    json_decref(r);
}

Test(inbound, status_updates)
{
    const char *states[] = {"sent", "delivered", "read", "failed"};
    for (size_t i = 0; i < 4; i++) {
        char body[200];
        snprintf(body, sizeof body,
                 "{\"status\":{\"id\":\"the-message-id\",\"status\":\"%s\",\"timestamp\":"
                 "\"1727291610\"}}",
                 states[i]);
        json_t *r = accept(body);
        cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "status"), "status")),
                         states[i]);
        json_decref(r);
    }
}

Test(inbound, seed_error_body_for_empty_contact_and_message)
{
    reject("{\"contact\":{},\"message\":{}}",
           "{\"contact\":{\"id\":[\"can't be blank\"],\"profile\":[\"can't be blank\"]},"
           "\"message\":{\"from\":[\"can't be blank\"],\"id\":[\"can't be blank\"],"
           "\"timestamp\":[\"can't be blank\"],\"type\":[\"can't be blank\"]}}");
}

Test(inbound, seed_status_error_body)
{
    reject("{\"status\":{\"id\":7,\"status\":\"bounced\",\"timestamp\":\"1727291610\","
           "\"recipient_id\":42}}",
           "{\"status\":{\"id\":[\"is invalid\"],\"status\":[\"is invalid\"],"
           "\"recipient_id\":[\"is invalid\"]}}");
    reject("{\"status\":{}}", "{\"status\":{\"id\":[\"can't be blank\"],\"status\":[\"can't be "
                              "blank\"],\"timestamp\":[\"can't be blank\"]}}");
    reject("{\"status\":null}", "{\"status\":[\"can't be blank\"]}");
}

Test(inbound, missing_pieces)
{
    reject("{}", "{\"contact\":[\"can't be blank\"],\"message\":[\"can't be blank\"]}");
    reject("{\"contact\":[],\"message\":\"hi\"}",
           "{\"contact\":[\"is invalid\"],\"message\":[\"is invalid\"]}");
    reject("[1]", "{\"body\":[\"must be an object\"]}");
    reject(HEAD "\"type\":\"fax\"}}", "{\"message\":{\"type\":[\"is invalid\"]}}");
    reject(HEAD "\"type\":7}}", "{\"message\":{\"type\":[\"is invalid\"]}}");
    reject("{\"contact\":{\"id\":\"u\",\"profile\":\"x\"},\"message\":{\"from\":\"u\",\"id\":\"m\","
           "\"timestamp\":\"12a\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}}",
           "{\"contact\":{\"profile\":[\"is invalid\"]},\"message\":{\"timestamp\":[\"is "
           "invalid\"]}}");
    reject("{\"contact\":{\"id\":\"u\",\"profile\":{\"name\":5}},\"message\":{\"from\":\" \","
           "\"id\":\"m\",\"timestamp\":-1,\"type\":\"text\",\"text\":{\"body\":\"hi\"}}}",
           "{\"contact\":{\"profile\":{\"name\":[\"is invalid\"]}},\"message\":{\"from\":[\"can't "
           "be blank\"],\"timestamp\":[\"is invalid\"]}}");
}

Test(inbound, every_type_checks_its_object)
{
    reject(HEAD "\"type\":\"text\"}}", "{\"message\":{\"text\":[\"can't be blank\"]}}");
    reject(HEAD "\"type\":\"text\",\"text\":{\"body\":\"\"}}}",
           "{\"message\":{\"text\":{\"body\":[\"can't be blank\"]}}}");
    reject(HEAD "\"type\":\"text\",\"text\":\"hi\"}}", "{\"message\":{\"text\":[\"is invalid\"]}}");
    reject(
        HEAD "\"type\":\"button\",\"button\":{\"payload\":3}}}",
        "{\"message\":{\"button\":{\"text\":[\"can't be blank\"],\"payload\":[\"is invalid\"]}}}");
    const char *media[] = {"image", "video", "audio", "document", "sticker"};
    for (size_t i = 0; i < 5; i++) {
        char body[400], want[200];
        snprintf(body, sizeof body, HEAD "\"type\":\"%s\",\"%s\":{\"caption\":1}}}", media[i],
                 media[i]);
        snprintf(
            want, sizeof want,
            "{\"message\":{\"%s\":{\"caption\":[\"is invalid\"],\"id\":[\"can't be blank\"]}}}",
            media[i]);
        reject(body, want);
        snprintf(body, sizeof body, HEAD "\"type\":\"%s\"}}", media[i]);
        snprintf(want, sizeof want, "{\"message\":{\"%s\":[\"can't be blank\"]}}", media[i]);
        reject(body, want);
    }
    reject(HEAD "\"type\":\"location\",\"location\":{\"latitude\":91,\"name\":false}}}",
           "{\"message\":{\"location\":{\"latitude\":[\"is invalid\"],\"longitude\":[\"can't be "
           "blank\"],\"name\":[\"is invalid\"]}}}");
}

Test(inbound, interactive_errors)
{
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{}}}",
           "{\"message\":{\"interactive\":{\"type\":[\"can't be blank\"]}}}");
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{\"type\":\"poll\"}}}",
           "{\"message\":{\"interactive\":{\"type\":[\"is invalid\"]}}}");
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\"}}}",
           "{\"message\":{\"interactive\":{\"button_reply\":[\"can't be blank\"]}}}");
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":"
                "{\"id\":\"x\",\"description\":4}}}}",
           "{\"message\":{\"interactive\":{\"list_reply\":{\"title\":[\"can't be blank\"],"
           "\"description\":[\"is invalid\"]}}}}");
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":"
                "{\"response_json\":\"[1,2]\"}}}}",
           "{\"message\":{\"interactive\":{\"nfm_reply\":{\"response_json\":[\"is invalid\"]}}}}");
    reject(HEAD "\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":"
                "{}}}}",
           "{\"message\":{\"interactive\":{\"nfm_reply\":{\"response_json\":[\"can't be "
           "blank\"]}}}}");
}

Test(inbound, malformed_json_is_a_parse_error_with_a_body)
{
    json_t *req = NULL, *errb = NULL;
    fl_error err;
    cr_assert_eq(fl_inbound_parse("{\"contact\":", 11, &req, &errb, &err), FL_EPARSE);
    cr_assert_null(req);
    cr_assert_str_eq(json_string_value(json_object_get(errb, "message")), "Bad Request");
    cr_assert_eq(err.line, 1);
    json_decref(errb);
    /* Duplicate keys are ambiguous: rejected. */
    cr_assert_eq(fl_inbound_parse("{\"a\":1,\"a\":2}", 13, &req, NULL, NULL), FL_EPARSE);
}

Test(inbound, text_of_unknown_message_is_einval)
{
    json_t *m = parse("{\"type\":\"reaction\"}");
    fl_buf b = FL_BUF_INIT;
    cr_assert_eq(fl_inbound_text(m, &b), FL_EINVAL);
    fl_buf_free(&b);
    json_decref(m);
}
