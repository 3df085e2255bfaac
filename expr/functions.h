/* functions.h: the registry of custom (host) functions, consulted before the standard ones. */
#ifndef FL_EXPR_FUNCTIONS_H
#define FL_EXPR_FUNCTIONS_H

#include "expr/value.h"

/* Calls the custom function registered under name (lower case, len bytes) when there is one:
 * returns true and sets *result (an FL_ERROR when the callback failed). */
bool fl_functions_call(fl_eval *ev, const fl_functions *fns, const char *name, size_t len,
                       const fl_value *args, size_t argc, fl_value *result);

/* Whether a custom function is registered under name (lower case, len bytes). */
bool fl_functions_has(const fl_functions *fns, const char *name, size_t len);

#endif
