/* arena.h: bump allocation for ASTs and evaluations; everything is released at once. */
#ifndef FL_EXPR_ARENA_H
#define FL_EXPR_ARENA_H

#include <stddef.h>

typedef struct fl_arena_chunk fl_arena_chunk;

typedef struct fl_arena {
    char *cur;              /* next free byte of the current chunk */
    size_t left;            /* bytes left in the current chunk */
    fl_arena_chunk *chunks; /* malloc'd chunks, newest first */
    size_t total;           /* bytes handed out so far */
    size_t limit;           /* fl_arena_alloc fails beyond this many bytes (0 = no limit) */
} fl_arena;

/* first/first_len: an optional caller buffer (e.g. on the stack) used before any malloc. */
void fl_arena_init(fl_arena *a, void *first, size_t first_len, size_t limit);
/* n zeroed bytes aligned to 16; NULL when the limit would be exceeded. */
void *fl_arena_alloc(fl_arena *a, size_t n);
void fl_arena_free(fl_arena *a);

#endif
