/* turn_memo.c: a lock-free list of rendered turns per block, newest first. */
#include "engine/turn_memo.h"
#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

const fl_turn_memo *fl_turn_memo_get(fl_turn_memo_slot *slot, const char *language, unsigned mode)
{
    for (const fl_turn_memo *m = atomic_load_explicit(&slot->head, memory_order_acquire); m;
         m = m->next)
        if (m->language == language && m->mode == mode) return m;
    return NULL;
}

void fl_turn_memo_put(fl_turn_memo_slot *slot, const char *language, unsigned mode, bool has_turn,
                      const char *text, size_t len)
{
    fl_turn_memo *m = fl_xmalloc(sizeof *m + len + 1);
    m->language = language;
    m->mode = mode;
    m->has_turn = has_turn;
    m->len = len;
    if (len) memcpy(m->text, text, len);
    m->text[len] = '\0';
    const fl_turn_memo *head = atomic_load_explicit(&slot->head, memory_order_relaxed);
    do {
        m->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&slot->head, &head, m, memory_order_release,
                                                    memory_order_relaxed));
}

void fl_turn_memo_clear(fl_turn_memo_slot *slot)
{
    const fl_turn_memo *m = atomic_exchange_explicit(&slot->head, NULL, memory_order_acquire);
    while (m) {
        const fl_turn_memo *next = m->next;
        free((void *)m);
        m = next;
    }
}
