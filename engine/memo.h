/*
 * memo.h: what a block derives from the run's language and mode alone, kept by the container and
 * computed once (internal).
 *
 * Two things qualify. A block's rendered `turn`, when nothing the block renders is a template:
 * every value of its prompt and choice resources is plain text or a URL, and its config has none
 * of the members the renderer evaluates (template, whatsapp_flow, header, footer, list_button,
 * filename). And a SelectOne choice's stored value {__value__, name, index, label}, whose label
 * is the choice's resource text as written. The first run in a language and mode computes the
 * entry and later runs copy the text or share the value. Entries are published lock-free and
 * live until the container is freed, so sessions on several threads share them safely.
 */
#ifndef FL_MEMO_H
#define FL_MEMO_H

#include <jansson.h>
#include <stdatomic.h>
#include <stddef.h>

typedef struct fl_memo {
    const struct fl_memo *next;
    const char *language; /* the run's language id as the container holds it, or NULL */
    unsigned mode;
    json_t *json; /* a value (never changed once published), or NULL */
    size_t len;   /* text: a turn as compact JSON text; 0 when the block sends nothing */
    char text[];
} fl_memo;

/* One per qualifying block or choice; zeroed memory is an empty slot. */
typedef struct fl_memo_slot {
    _Atomic(const fl_memo *) head;
} fl_memo_slot;

/* The entry for (language, mode), or NULL when none was published yet. */
const fl_memo *fl_memo_get(fl_memo_slot *slot, const char *language, unsigned mode);

/* Publishes an entry for (language, mode) holding a copy of text and json (stolen, may be NULL).
 * Returns it. Two threads racing on one key may both publish; either entry is correct. */
const fl_memo *fl_memo_put(fl_memo_slot *slot, const char *language, unsigned mode,
                           const char *text, size_t len, json_t *json);

/* Frees every entry; the slot is empty afterwards. Only when no session uses the container. */
void fl_memo_clear(fl_memo_slot *slot);

#endif
