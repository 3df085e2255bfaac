/*
 * store_transcript.h: a simulation's transcript, kept as compact JSON text with one allocation
 * per item: appending never moves what is already there (no realloc of a growing buffer on every
 * turn), and an idle simulation holds no slack.
 */
#ifndef FL_SIM_STORE_TRANSCRIPT_H
#define FL_SIM_STORE_TRANSCRIPT_H

#include "engine/json_write.h"

typedef struct sim_transcript_item sim_transcript_item;

typedef struct sim_transcript {
    sim_transcript_item *head, *tail;
} sim_transcript;

/*
 * Writing one item: transcript_begin resets scratch and opens {"direction": direction in it; add
 * the other members with w; transcript_end closes the object and appends a copy to t.
 */
void transcript_begin(fl_jw *w, fl_buf *scratch, const char *direction);
void transcript_end(sim_transcript *t, fl_jw *w);
/* Appends an item given as JSON (borrowed), through scratch. */
void transcript_add_json(sim_transcript *t, const json_t *item, fl_buf *scratch);
/* Appends the items, comma separated (the inside of the JSON array), to out. */
void transcript_write(const sim_transcript *t, fl_buf *out);
/* The transcript as a JSON array, new reference. */
json_t *transcript_json(const sim_transcript *t);
void transcript_free(sim_transcript *t);

#endif
