/*
 * simulation_turns.h: what a Channel API `turn` payload shows the contact and what it offers to
 * press, read from its JSON text. A text message is read from the text as it is; any other payload
 * is parsed once and remembered by its text, since a journey sends the same buttons to everyone.
 */
#ifndef FL_SIM_SIMULATION_TURNS_H
#define FL_SIM_SIMULATION_TURNS_H

#include "engine/json_write.h"

typedef struct turn_reader turn_reader;

turn_reader *turn_reader_new(void);
void turn_reader_free(turn_reader *r);

/*
 * Reads the turn payload text (len bytes): writes what the contact reads (fl_turn_text) to text as
 * a JSON string ("" when nothing), replacing its content, and returns what the payload offers,
 * [{title, id?, reply?}] (new reference; shared, never to be changed): reply buttons and list rows
 * with their id and "button_reply"/"list_reply", other titles of fl_turn_buttons alone.
 */
json_t *turn_read(turn_reader *r, const char *turn, size_t len, fl_buf *text);

/* The titles of an offer, as an array (new reference) or written with w. */
json_t *offer_titles(const json_t *offer);
void offer_write_titles(fl_jw *w, const json_t *offer);

#endif
