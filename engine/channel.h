/* channel.h: stateless rendering of a webhook's block + context + resources (internal). */
#ifndef FL_CHANNEL_H
#define FL_CHANNEL_H

#include "floip.h"

/* fl_render_turn plus the evaluated resources (every TEXT value evaluated against the context;
 * a value whose expression fails keeps its source text). Any out pointer may be NULL except
 * turn. *turn is NULL when the block sends nothing. */
int fl_channel_render(const json_t *block, const json_t *context, const json_t *resources,
                      const char *language, const char *mode, const fl_eval_options *opts,
                      json_t **turn, json_t **evaluated_resources, json_t **warnings,
                      fl_error *err);

/* The fl_mode bit of a mode name (case-insensitive), 0 when unknown. */
unsigned fl_channel_mode(const char *name);

#endif
