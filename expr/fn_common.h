/* fn_common.h: argument helpers shared by the standard functions (internal): text forms,
 * integer arguments, and the library's date-ish readings of values. */
#ifndef FL_FN_COMMON_H
#define FL_FN_COMMON_H

#include "expr/builtins.h"
#include "expr/datetime.h"
#include "expr/fn_util.h"

/* Conversions between value fields and the calendar structs of datetime.h. */
fl_date fl_fn_date(const fl_value *v);         /* FL_DATE or FL_DATETIME */
fl_datetime fl_fn_datetime(const fl_value *v); /* FL_DATETIME */
fl_time fl_fn_time(const fl_value *v);         /* FL_TIME or FL_DATETIME */
/* Value constructors; false when the year does not fit a value (the caller raises). */
bool fl_fn_mkdate(fl_date d, fl_value *out);
bool fl_fn_mkdatetime(fl_datetime dt, fl_value *out);
fl_value fl_fn_mktime(fl_time t);
/* A value from a parsed literal (date, time or datetime). */
bool fl_fn_from_literal(const fl_dt_literal *lit, fl_value *out);

/* The text form the library's to_string gives (nil -> ""); a string is returned as is.
 * Returns false on an error, with *err set to the error value. */
bool fl_fn_text(fl_eval *ev, const fl_value *v, const char **s, size_t *len, fl_value *err);
/* An integer argument (ints only, as the library's guards want). */
bool fl_fn_int(const fl_value *v, int64_t *out);

/* The library's extract_datetimeish: a datetime as is, a date at midnight (precision 6), a
 * date-ish string (lower-case letters removed) as its datetime or its date at midnight
 * (precision 0). False for nil and for anything else. */
bool fl_fn_datetimeish(const fl_value *v, fl_datetime *out);
/* extract_dateish: a datetime or date kept as is (type tells which), a date-ish string as its
 * date. False otherwise. */
bool fl_fn_dateish(const fl_value *v, fl_value *out);

/* An arena map built from keys and values, in the given order. */
fl_value fl_fn_map(fl_eval *ev, const char *const *keys, const fl_value *values, size_t n);

/* Phone number recognition (fn_phone.c): the E.164 form of the number that s is, read with an
 * optional region ("US", "" for none). False when s is not a valid phone number. */
bool fl_fn_phone_parse(const char *s, size_t len, const char *region, char out[40]);

/* Type names for error messages. */
const char *fl_fn_type_name(const fl_value *v);

#endif
