/*
 * json_write.h: compact JSON text written straight into an fl_buf (internal to floip).
 *
 * Events, envelopes and server responses are JSON text in the end. Building them as jansson trees
 * and dumping them costs several allocations per key and, in json_dumps, a loop-check hashtable
 * per container; this writer appends the same bytes with none of that. Its output is exactly what
 * json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) prints (same escapes, same number forms, insertion
 * order), so text written here and text dumped by jansson can be mixed and compared byte for byte.
 *
 * The writer tracks commas itself: call key() before each member of an object, then one value.
 *   fl_jw w; fl_jw_init(&w, &buf);
 *   fl_jw_object(&w); fl_jw_key(&w, "type"); fl_jw_string(&w, "text"); fl_jw_end(&w);
 */
#ifndef FL_JSON_WRITE_H
#define FL_JSON_WRITE_H

#include "engine/floip.h"

#include <stdbool.h>
#include <stdint.h>

#define FL_JW_MAX_DEPTH 64

typedef struct fl_jw {
    fl_buf *out; /* borrowed */
    int depth;
    bool need_comma[FL_JW_MAX_DEPTH + 1];
    char closer[FL_JW_MAX_DEPTH + 1];
} fl_jw;

void fl_jw_init(fl_jw *w, fl_buf *out);
void fl_jw_object(fl_jw *w);
void fl_jw_array(fl_jw *w);
void fl_jw_end(fl_jw *w); /* closes the innermost object or array */
void fl_jw_key(fl_jw *w, const char *key);
/* A key that is a string literal needing no escapes, quoted at compile time: FL_JW_KEY(w, "type").
 */
#define FL_JW_KEY(w, lit) fl_jw_key_quoted((w), "\"" lit "\":", sizeof("\"" lit "\":") - 1)
void fl_jw_key_quoted(fl_jw *w, const char *quoted, size_t n);
void fl_jw_keyn(fl_jw *w, const char *key, size_t n);
void fl_jw_string(fl_jw *w, const char *s); /* NULL writes null */
void fl_jw_stringn(fl_jw *w, const char *s, size_t n);
void fl_jw_int(fl_jw *w, int64_t v);
void fl_jw_bool(fl_jw *w, bool v);
void fl_jw_null(fl_jw *w);
/* A value that is already JSON text (a cached fragment). */
void fl_jw_raw(fl_jw *w, const char *json, size_t n);
/* A jansson value, as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) prints it; NULL writes null. */
void fl_jw_json(fl_jw *w, const json_t *v);

/* Appends s as a quoted JSON string (jansson's escapes) to out. */
void fl_json_quote(fl_buf *out, const char *s, size_t n);
/* Appends v as compact JSON text to out (the writer-free form of fl_jw_json). */
void fl_json_dump(fl_buf *out, const json_t *v);

#endif
