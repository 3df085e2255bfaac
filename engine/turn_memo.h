/*
 * turn_memo.h: rendered `turn` payloads kept by the container, for the blocks whose turn depends
 * only on the run's language and mode (internal).
 *
 * A block qualifies at load when nothing it renders is a template: every value of its prompt and
 * choice resources is plain text or a URL, and its config has none of the members the renderer
 * evaluates (template, whatsapp_flow, header, footer, list_button, filename). Its turn is then the
 * same for every run in one language and mode, so the first run renders it and later ones copy
 * the text. Entries are published lock-free and live until the container is freed, so sessions on
 * several threads share them safely.
 */
#ifndef FL_TURN_MEMO_H
#define FL_TURN_MEMO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fl_turn_memo {
    const struct fl_turn_memo *next;
    const char *language; /* the run's language id as the container holds it, or NULL */
    unsigned mode;
    bool has_turn; /* false: the block sends nothing in this language and mode */
    size_t len;
    char text[]; /* the turn as compact JSON text, len bytes */
} fl_turn_memo;

/* One per qualifying block; zeroed memory is an empty slot. */
typedef struct fl_turn_memo_slot {
    _Atomic(const fl_turn_memo *) head;
} fl_turn_memo_slot;

/* The entry for (language, mode), or NULL when none was published yet. */
const fl_turn_memo *fl_turn_memo_get(fl_turn_memo_slot *slot, const char *language, unsigned mode);

/* Publishes a copy of text for (language, mode). Two threads racing on one key may both publish;
 * either entry is correct. */
void fl_turn_memo_put(fl_turn_memo_slot *slot, const char *language, unsigned mode, bool has_turn,
                      const char *text, size_t len);

/* Frees every entry; the slot is empty afterwards. Only when no session uses the container. */
void fl_turn_memo_clear(fl_turn_memo_slot *slot);

#endif
