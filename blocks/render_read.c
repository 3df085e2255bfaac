/* render_read.c: reading a `turn` payload back: the text a contact reads and the buttons offered.
 */
#include "blocks/render.h"
#include "engine/util.h"

#include <string.h>

static const char *str_at(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (b) v = json_object_get(v, b);
    return json_string_value(v);
}

static void line(fl_buf *out, const char *s)
{
    if (!s || !*s) return;
    if (out->len) fl_buf_putc(out, '\n');
    fl_buf_puts(out, s);
}

/* Template: the evaluated text parameters, one per line; the template name when there are none. */
static void template_text(const json_t *tpl, fl_buf *out)
{
    size_t start = out->len, i, j;
    const json_t *c, *p;
    json_array_foreach(json_object_get(tpl, "components"), i, c)
    {
        json_array_foreach(json_object_get(c, "parameters"), j, p)
            line(out, str_at(p, "text", NULL));
    }
    if (out->len == start) line(out, str_at(tpl, "name", NULL));
}

int fl_turn_text(const json_t *turn, fl_buf *out)
{
    if (!json_is_object(turn) || !out) return FL_EINVAL;
    fl_buf_reset(out);
    fl_buf_puts(out, "");
    const char *type = str_at(turn, "type", NULL);
    if (!type && json_is_object(json_object_get(turn, "template"))) type = "template";
    if (!type) return FL_EINVAL;
    if (!strcmp(type, "text")) {
        line(out, str_at(turn, "text", "body"));
    } else if (!strcmp(type, "image") || !strcmp(type, "video") || !strcmp(type, "document") ||
               !strcmp(type, "audio") || !strcmp(type, "sticker")) {
        line(out, str_at(turn, type, "caption"));
    } else if (!strcmp(type, "interactive")) {
        const json_t *in = json_object_get(turn, "interactive");
        line(out, str_at(in, "header", "text"));
        line(out, str_at(in, "body", "text"));
        line(out, str_at(in, "footer", "text"));
    } else if (!strcmp(type, "template")) {
        template_text(json_object_get(turn, "template"), out);
    } else {
        return FL_EINVAL;
    }
    return 0;
}

json_t *fl_turn_buttons(const json_t *turn)
{
    json_t *out = json_array();
    const json_t *in = json_object_get(turn, "interactive");
    const json_t *action = json_object_get(in, "action");
    const char *kind = str_at(in, "type", NULL);
    size_t i, j;
    const json_t *b, *s, *r;
    if (!kind) return out;
    if (!strcmp(kind, "button")) {
        json_array_foreach(json_object_get(action, "buttons"), i, b)
        {
            const char *t = str_at(b, "reply", "title");
            if (t) json_array_append_new(out, json_string(t));
        }
    } else if (!strcmp(kind, "list")) {
        json_array_foreach(json_object_get(action, "sections"), i, s)
        {
            json_array_foreach(json_object_get(s, "rows"), j, r)
            {
                const char *t = str_at(r, "title", NULL);
                if (t) json_array_append_new(out, json_string(t));
            }
        }
    } else if (!strcmp(kind, "flow")) {
        const char *t = str_at(action, "parameters", "flow_cta");
        if (t) json_array_append_new(out, json_string(t));
    }
    return out;
}
