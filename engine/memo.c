/* memo.c: a lock-free list of entries per block or choice, newest first. */
#include "engine/memo.h"
#include "engine/util.h"

#include <stdlib.h>
#include <string.h>

const fl_memo *fl_memo_get(fl_memo_slot *slot, const char *language, unsigned mode)
{
    for (const fl_memo *m = atomic_load_explicit(&slot->head, memory_order_acquire); m; m = m->next)
        if (m->language == language && m->mode == mode) return m;
    return NULL;
}

const fl_memo *fl_memo_put(fl_memo_slot *slot, const char *language, unsigned mode,
                           const char *text, size_t len, json_t *json)
{
    fl_memo *m = fl_xmalloc(sizeof *m + len + 1);
    m->language = language;
    m->mode = mode;
    m->json = json;
    m->len = len;
    if (len) memcpy(m->text, text, len);
    m->text[len] = '\0';
    const fl_memo *head = atomic_load_explicit(&slot->head, memory_order_relaxed);
    do {
        m->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&slot->head, &head, m, memory_order_release,
                                                    memory_order_relaxed));
    return m;
}

void fl_memo_clear(fl_memo_slot *slot)
{
    const fl_memo *m = atomic_exchange_explicit(&slot->head, NULL, memory_order_acquire);
    while (m) {
        const fl_memo *next = m->next;
        json_decref(m->json);
        free((void *)m);
        m = next;
    }
}
