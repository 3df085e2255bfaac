/* datetime.h: dates, times and datetimes as the expression library sees them (internal).
 *
 * Plain structs, no allocation. A datetime is always UTC wall time plus the quirks of the
 * library: a fractional-second precision (0..6 digits) that only affects rendering, and an
 * offset in seconds that the literal parser stores but never applies. Dates are not validated
 * by the constructors (date(2022, 2, 30) exists); arithmetic goes through day numbers, so an
 * out-of-range day simply rolls over.
 */
#ifndef FL_DATETIME_H
#define FL_DATETIME_H

#include "engine/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fl_date {
    int32_t year, month, day;
} fl_date;

typedef struct fl_time {
    int32_t hour, minute, second;
    int32_t usec;      /* 0..999999 */
    int32_t precision; /* fractional digits shown when rendered, 0..6 */
} fl_time;

typedef struct fl_datetime {
    fl_date date;
    fl_time time;
    int32_t offset; /* seconds east of UTC; 0 for everything but the "+NN" literal quirk */
} fl_datetime;

typedef enum { FL_DT_NONE = 0, FL_DT_DATE, FL_DT_TIME, FL_DT_DATETIME } fl_dt_kind;

/* What a date/time literal parsed into: kind says which of date, time or dt is meaningful
 * (a datetime fills dt only). */
typedef struct fl_dt_literal {
    fl_dt_kind kind;
    fl_date date;
    fl_time time;
    fl_datetime dt;
} fl_dt_literal;

/* ---- calendar arithmetic ---- */
bool fl_is_leap_year(int64_t year);
int fl_days_in_month(int64_t year, int month); /* 0 for a month outside 1..12 */
bool fl_date_is_valid(fl_date d);
/* Days since 1970-01-01 (proleptic Gregorian); an out-of-range month or day rolls over. */
int64_t fl_date_to_days(fl_date d);
fl_date fl_date_from_days(int64_t days);
int fl_date_iso_weekday(fl_date d); /* 1 = Monday .. 7 = Sunday */
int fl_date_day_of_year(fl_date d); /* 1..366 */
/* ISO 8601 week number (1..53) and the year that week belongs to. */
void fl_date_iso_week(fl_date d, int *week, int32_t *iso_year);
int fl_date_cmp(fl_date a, fl_date b);
fl_date fl_date_add_days(fl_date d, int64_t days);
/* Months forward or back, clamping the day to the end of the target month (Jan 31 + 1 = Feb 28). */
fl_date fl_date_add_months(fl_date d, int64_t months);

/* Midnight of a date; precision as the caller wants it (0 for parsed strings, 6 for Date values).
 */
fl_datetime fl_datetime_from_date(fl_date d, int precision);
/* Microseconds since the epoch of the instant (the stored offset is taken into account). */
int64_t fl_datetime_to_unix_us(fl_datetime dt);
/* The UTC datetime of an instant, with the given precision and offset 0. */
fl_datetime fl_datetime_from_unix_us(int64_t us, int precision);
int fl_datetime_cmp(fl_datetime a, fl_datetime b); /* by instant */
/* Calendar shifts as Timex does them: months/years clamp the day; the others move the instant.
 * Precision is kept. */
fl_datetime fl_datetime_add_months(fl_datetime dt, int64_t months);
fl_datetime fl_datetime_add_seconds(fl_datetime dt, int64_t seconds);
int fl_time_cmp(fl_time a, fl_time b);

/* ---- literal parsing (the library's own grammar) ----
 * Dates: YYYY-MM-DD, YYYY/MM/DD, DD-MM-YYYY, DD/MM/YYYY (always day first).
 * Datetimes: ISO date "T" HH:MM:SS [.digits] [Z | +N...], or day-first date " " HH:MM[:SS].
 * Times: HH:MM[:SS]. Field widths are exact (two digits, four for years).
 * fl_dt_scan reads the longest literal at the start of s (datetime, then date, then time) and
 * returns the bytes used, 0 when none; fl_dt_parse requires the whole of s to be one literal. */
size_t fl_dt_scan(const char *s, size_t len, fl_dt_literal *out);
bool fl_dt_parse(const char *s, size_t len, fl_dt_literal *out);

/* The "date-ish" reading used by functions that take dates: every lower-case ASCII letter is
 * removed (and, with strip_space, every whitespace character), surrounding whitespace is
 * allowed, and what is left must be exactly one literal. */
bool fl_dt_parse_dateish(const char *s, size_t len, bool strip_space, fl_dt_literal *out);

/* ISO 8601 as written in tagged JSON ({"$datetime": ...}): YYYY-MM-DDTHH:MM[:SS[.frac]] with
 * Z or +HH:MM / -HH:MM / +HHMM (applied: the result is UTC), or a space instead of T. The
 * precision is the number of fraction digits written (capped at 6). */
bool fl_parse_iso_datetime(const char *s, size_t len, fl_datetime *out);
bool fl_parse_iso_date(const char *s, size_t len, fl_date *out);
bool fl_parse_iso_time(const char *s, size_t len, fl_time *out);

/* ---- rendering ---- */
void fl_date_format_iso(fl_date d, fl_buf *out);          /* 2022-01-31 */
void fl_time_format_iso(fl_time t, fl_buf *out);          /* 10:30:00[.frac] */
void fl_time_format_inspect(fl_time t, fl_buf *out);      /* ~T[10:30:00] */
void fl_datetime_format_iso(fl_datetime dt, fl_buf *out); /* 2022-01-31T10:30:00[.frac]Z */

/* Timex-compatible strftime. Appends to out; returns false (and appends nothing useful) when the
 * format is empty, has no directive at all, or has an unknown directive. msg (may be NULL)
 * receives a static description of the problem. */
bool fl_strftime(fl_datetime dt, const char *fmt, size_t fmt_len, fl_buf *out, const char **msg);
/* Timex-compatible strptime: the whole text must match the format. The result is the UTC
 * instant (a parsed offset is applied); precision follows %f / %L, else 0. */
bool fl_strptime(const char *text, size_t text_len, const char *fmt, size_t fmt_len,
                 fl_datetime *out);

#endif
