/* custom.h: the registry of custom block types (internal; the loader looks types up here). */
#ifndef FL_CUSTOM_H
#define FL_CUSTOM_H

#include "engine/floip.h"

struct fl_custom_block_type {
    char *type;
    fl_block_type_def def;
};
typedef struct fl_custom_block_type fl_custom_block_type;

/* The registered type of that name; NULL when types is NULL or has none. */
const fl_custom_block_type *fl_block_types_find(const fl_block_types *types, const char *type);

#endif
