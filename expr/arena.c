/* arena.c: a chunked bump allocator. A caller-provided first buffer lets a small evaluation run
 * without touching malloc at all. */
#include "expr/arena.h"
#include "engine/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN     16
#define ARENA_MIN_CHUNK 8192

struct fl_arena_chunk {
    fl_arena_chunk *next;
    size_t size;
};

static size_t align_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

void fl_arena_init(fl_arena *a, void *first, size_t first_len, size_t limit)
{
    memset(a, 0, sizeof *a);
    a->limit = limit;
    if (first) {
        uintptr_t p = (uintptr_t)first, q = (p + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
        if (first_len > q - p) {
            a->cur = (char *)q;
            a->left = first_len - (q - p);
        }
    }
}

void *fl_arena_alloc(fl_arena *a, size_t n)
{
    n = align_up(n ? n : 1);
    if (a->limit && (n > a->limit || a->total > a->limit - n)) return NULL;
    if (n > a->left) {
        size_t header = align_up(sizeof(fl_arena_chunk));
        size_t size = n + header > ARENA_MIN_CHUNK ? n + header : ARENA_MIN_CHUNK;
        /* Grow chunk sizes with use so big evaluations do few mallocs. */
        if (a->total / 2 > size) size = align_up(a->total / 2);
        fl_arena_chunk *c = fl_xmalloc(size);
        c->next = a->chunks;
        c->size = size;
        a->chunks = c;
        a->cur = (char *)c + header;
        a->left = size - header;
    }
    void *p = a->cur;
    a->cur += n;
    a->left -= n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

void fl_arena_free(fl_arena *a)
{
    fl_arena_chunk *c = a->chunks;
    while (c) {
        fl_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}
