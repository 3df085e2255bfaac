/* store_transcript.c: transcript items as compact JSON text, one allocation each. */
#include "sim/store_transcript.h"

#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

struct sim_transcript_item {
    sim_transcript_item *next;
    size_t len;
    char text[]; /* compact JSON, not NUL-terminated */
};

static void append(sim_transcript *t, const char *text, size_t len)
{
    sim_transcript_item *it = fl_xmalloc(sizeof *it + len);
    it->next = NULL;
    it->len = len;
    memcpy(it->text, text, len);
    if (t->tail)
        t->tail->next = it;
    else
        t->head = it;
    t->tail = it;
}

void transcript_begin(fl_jw *w, fl_buf *scratch, const char *direction)
{
    fl_buf_reset(scratch);
    fl_jw_init(w, scratch);
    fl_jw_object(w);
    fl_jw_key(w, "direction");
    fl_jw_string(w, direction);
}

void transcript_end(sim_transcript *t, fl_jw *w)
{
    fl_jw_end(w);
    append(t, w->out->data, w->out->len);
}

void transcript_add_json(sim_transcript *t, const json_t *item, fl_buf *scratch)
{
    fl_buf_reset(scratch);
    fl_json_dump(scratch, item);
    append(t, scratch->data, scratch->len);
}

void transcript_write(const sim_transcript *t, fl_buf *out)
{
    for (const sim_transcript_item *it = t->head; it; it = it->next) {
        if (it != t->head) fl_buf_putc(out, ',');
        fl_buf_append(out, it->text, it->len);
    }
}

json_t *transcript_json(const sim_transcript *t)
{
    fl_buf b = FL_BUF_INIT;
    fl_buf_putc(&b, '[');
    transcript_write(t, &b);
    fl_buf_putc(&b, ']');
    json_t *arr = json_loadb(b.data, b.len, 0, NULL);
    fl_buf_free(&b);
    return arr ? arr : json_array();
}

void transcript_free(sim_transcript *t)
{
    for (sim_transcript_item *it = t->head, *next; it; it = next) {
        next = it->next;
        free(it);
    }
    t->head = t->tail = NULL;
}
