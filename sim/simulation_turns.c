/* simulation_turns.c: reading turn payloads (text and offer), with a small cache by text. */
#include "sim/simulation_turns.h"

#include "engine/util.h"
#include "sim/simulation_events.h"

#include <stdlib.h>
#include <string.h>

/* Direct-mapped by hash: a journey has few distinct non-text payloads, and a miss only costs the
 * parse that was going to happen anyway. */
#define CACHE_SLOTS 64

typedef struct reading {
    char *turn; /* the payload text, NULL for an empty slot */
    size_t len;
    uint64_t hash;
    fl_buf text; /* what the contact reads, as a JSON string */
    json_t *offer;
} reading;

struct turn_reader {
    reading slots[CACHE_SLOTS];
    json_t *nothing; /* the offer of a text message: [] */
};

turn_reader *turn_reader_new(void)
{
    turn_reader *r = fl_xcalloc(1, sizeof *r);
    r->nothing = json_array();
    return r;
}

static void clear(reading *s)
{
    free(s->turn);
    fl_buf_free(&s->text);
    json_decref(s->offer);
    memset(s, 0, sizeof *s);
}

void turn_reader_free(turn_reader *r)
{
    if (!r) return;
    for (size_t i = 0; i < CACHE_SLOTS; i++) clear(&r->slots[i]);
    json_decref(r->nothing);
    free(r);
}

/* What pressing each title on offer sends: for reply buttons and list rows, the interactive reply
 * with the payload's own id (as WhatsApp sends it); for anything else, the title as text. */
static const json_t *find_option(const json_t *turn, const char *title, const char **reply)
{
    const json_t *it = json_object_get(turn, "interactive");
    const char *kind = json_string_value(json_object_get(it, "type"));
    const json_t *action = json_object_get(it, "action");
    size_t i, j;
    json_t *b, *sec, *row;
    if (kind && !strcmp(kind, "button")) {
        *reply = "button_reply";
        json_array_foreach(json_object_get(action, "buttons"), i, b)
        {
            const json_t *r = json_object_get(b, "reply");
            const char *t = json_string_value(json_object_get(r, "title"));
            if (t && !strcmp(t, title)) return r;
        }
    } else if (kind && !strcmp(kind, "list")) {
        *reply = "list_reply";
        json_array_foreach(json_object_get(action, "sections"), i, sec)
            json_array_foreach(json_object_get(sec, "rows"), j, row)
        {
            const char *t = json_string_value(json_object_get(row, "title"));
            if (t && !strcmp(t, title)) return row;
        }
    }
    return NULL;
}

static json_t *offer_of(const json_t *turn)
{
    json_t *titles = fl_turn_buttons(turn);
    json_t *offer = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(titles, i, t)
    {
        const char *reply = NULL;
        const json_t *opt = find_option(turn, json_string_value(t), &reply);
        const char *id = json_string_value(json_object_get(opt, "id"));
        json_array_append_new(offer,
                              id ? json_pack("{s:O,s:s,s:s}", "title", t, "id", id, "reply", reply)
                                 : json_pack("{s:O}", "title", t));
    }
    json_decref(titles);
    return offer;
}

/* A text message: its body is the text (as JSON text already) and it offers nothing, as
 * fl_turn_text and fl_turn_buttons read it. False for any other payload. */
static bool read_text_message(const char *turn, size_t len, fl_buf *text)
{
    sim_span t = {turn, len}, type, inner, body;
    if (!span_member(t, "type", &type) || type.len != 6 || memcmp(type.p, "\"text\"", 6))
        return false;
    if (span_member(t, "text", &inner) && span_member(inner, "body", &body) && body.p[0] == '"')
        fl_buf_append(text, body.p, body.len);
    else
        fl_buf_append(text, "\"\"", 2);
    return true;
}

static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

json_t *turn_read(turn_reader *r, const char *turn, size_t len, fl_buf *text)
{
    fl_buf_reset(text);
    if (read_text_message(turn, len, text)) return json_incref(r->nothing);
    uint64_t h = hash_text(turn, len);
    reading *s = &r->slots[h % CACHE_SLOTS];
    if (!s->turn || s->hash != h || s->len != len || memcmp(s->turn, turn, len)) {
        clear(s);
        json_t *parsed = json_loadb(turn, len, JSON_DECODE_ANY, NULL);
        fl_buf plain = FL_BUF_INIT;
        if (fl_turn_text(parsed, &plain) == 0 && plain.len)
            fl_json_quote(&s->text, plain.data, plain.len);
        else
            fl_buf_append(&s->text, "\"\"", 2);
        fl_buf_free(&plain);
        s->offer = offer_of(parsed);
        json_decref(parsed);
        s->turn = fl_xmalloc(len + 1);
        memcpy(s->turn, turn, len);
        s->turn[len] = '\0';
        s->len = len;
        s->hash = h;
    }
    fl_buf_append(text, s->text.data, s->text.len);
    return json_incref(s->offer);
}

json_t *offer_titles(const json_t *offer)
{
    json_t *titles = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(offer, i, o) json_array_append(titles, json_object_get(o, "title"));
    return titles;
}

void offer_write_titles(fl_jw *w, const json_t *offer)
{
    fl_jw_array(w);
    size_t i;
    json_t *o;
    json_array_foreach(offer, i, o)
    {
        const json_t *t = json_object_get(o, "title");
        if (t) fl_jw_json(w, t);
    }
    fl_jw_end(w);
}
