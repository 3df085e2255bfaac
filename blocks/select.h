/* select.h: choice matching shared by SelectOneResponse and SelectManyResponses (internal). */
#ifndef FL_SELECT_H
#define FL_SELECT_H

#include "engine/run.h"

/* The index of the choice a token names (reply id or title, 1-based number, name, title), or -1. */
long fl_select_match_token(fl_session *s, const fl_block *b, const char *text, const char *id);
/* Turn's value map {__value__, name, index, label} of choice i. New reference. */
json_t *fl_select_choice_value(fl_session *s, const fl_block *b, size_t i);

#endif
