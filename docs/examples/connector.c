/*
 * connector.c: the floip side of a Turn Channel API connector, as a complete program.
 *
 *   connector WEBHOOK.json SECRET
 *
 * 1. checks the webhook's X-Turn-Hook-Signature (here the program signs the body itself, the way
 *    Turn does, then verifies it, and shows that a tampered body is refused);
 * 2. renders the `turn` payload again from the webhook's block, context and resources and
 *    compares it with the one Turn sent;
 * 3. prints what the contact will read and the buttons offered;
 * 4. builds the inbound request for the contact's button reply, validates it and reads the
 *    answer; then shows the error body of an invalid request;
 * 5. prints the response body the connector returns to Turn.
 *
 * Build: cc connector.c $(pkg-config --cflags --libs floip) -o connector
 */
#include <floip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

static void print_json(const char *label, const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    printf("%s: %s\n", label, s);
    free(s);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: connector WEBHOOK.json SECRET\n");
        return 2;
    }
    size_t len;
    char *body = read_all(argv[1], &len);
    if (!body) {
        perror(argv[1]);
        return 1;
    }

    /* 1. The signature covers the raw bytes: verify before parsing. */
    char signature[FL_SIGNATURE_SIZE];
    fl_sign(argv[2], body, len, signature); /* what Turn puts in X-Turn-Hook-Signature */
    printf("signature: %s\n", fl_verify(argv[2], body, len, signature) == 0 ? "valid" : "INVALID");
    body[len / 2] ^= 1;
    printf("tampered body: %s\n",
           fl_verify(argv[2], body, len, signature) == FL_EMISMATCH ? "rejected" : "ACCEPTED");
    body[len / 2] ^= 1;

    /* 2. Render the turn from the three FLOIP pieces, as Turn does. */
    json_error_t jerr;
    json_t *webhook = json_loadb(body, len, 0, &jerr);
    free(body);
    if (!webhook) {
        fprintf(stderr, "webhook: %s\n", jerr.text);
        return 1;
    }
    fl_eval_options opts = {.now_ms = 1727291610000LL};
    json_t *turn = NULL, *warnings = NULL;
    fl_error err;
    if (fl_render_turn(json_object_get(webhook, "block"), json_object_get(webhook, "context"),
                       json_object_get(webhook, "resources"), NULL, "RICH_MESSAGING", &opts, &turn,
                       &warnings, &err) != 0) {
        fprintf(stderr, "render: %s\n", err.message);
        json_decref(webhook);
        return 1;
    }
    print_json("turn", turn);
    printf("same as Turn's: %s\n",
           json_equal(turn, json_object_get(webhook, "turn")) ? "yes" : "no");
    printf("warnings: %zu\n", json_array_size(warnings));
    printf("waiting for a reply: %s\n",
           json_is_true(json_object_get(webhook, "waiting_for_user_input")) ? "yes" : "no");

    /* 3. What the connector shows on its own platform. */
    fl_buf text = FL_BUF_INIT;
    fl_turn_text(turn, &text);
    printf("text: %s\n", text.data);
    json_t *buttons = fl_turn_buttons(turn);
    print_json("buttons", buttons);

    /* 4. The contact taps the first button: post it to Turn as a Channel API request. */
    const char *first_id = json_string_value(json_object_get(
        json_object_get(
            json_array_get(
                json_object_get(json_object_get(json_object_get(turn, "interactive"), "action"),
                                "buttons"),
                0),
            "reply"),
        "id"));
    json_t *inbound = json_pack(
        "{s:{s:s, s:{s:s}}, s:{s:s, s:s, s:s, s:s, s:{s:s, s:{s:s, s:O}}}}", "contact", "id",
        json_string_value(json_object_get(webhook, "to")), "profile", "name", "Thandi", "message",
        "from", json_string_value(json_object_get(webhook, "to")), "id", "wamid-1", "timestamp",
        "1727291611", "type", "interactive", "interactive", "type", "button_reply", "button_reply",
        "id", first_id, "title", json_array_get(buttons, 0));
    char *inbound_body = json_dumps(inbound, JSON_COMPACT);
    json_t *request = NULL, *error_body = NULL;
    if (fl_inbound_parse(inbound_body, strlen(inbound_body), &request, &error_body, &err) == 0) {
        fl_inbound_text(json_object_get(request, "message"), &text);
        printf("reply: %s\n", text.data);
    }
    json_decref(request);
    free(inbound_body);

    const char *bad = "{\"contact\":{\"profile\":{}},\"message\":{\"type\":\"text\",\"text\":{}}}";
    if (fl_inbound_parse(bad, strlen(bad), &request, &error_body, &err) == FL_EINVAL) {
        print_json("error body", error_body);
        json_decref(error_body);
    }

    /* 5. Turn expects the connector's id for the message it delivered. */
    json_t *response = json_pack("{s:[{s:s}]}", "messages", "id", "channel-msg-1");
    print_json("response", response);

    json_decref(response);
    json_decref(inbound);
    json_decref(buttons);
    fl_buf_free(&text);
    json_decref(warnings);
    json_decref(turn);
    json_decref(webhook);
    return 0;
}
