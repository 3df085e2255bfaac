/* Calendar arithmetic, the library's literal grammar and its quirks, ISO rendering, strftime
 * with every directive, and strptime. */
#include "expr/datetime.h"

#include <criterion/criterion.h>
#include <string.h>

static fl_date D(int y, int m, int d)
{
    fl_date x = {y, m, d};
    return x;
}

static char *iso_dt(fl_datetime dt)
{
    static char text[64];
    fl_buf b = FL_BUF_INIT;
    fl_datetime_format_iso(dt, &b);
    snprintf(text, sizeof text, "%s", b.data);
    fl_buf_free(&b);
    return text;
}

static char *iso_d(fl_date d)
{
    static char text[64];
    fl_buf b = FL_BUF_INIT;
    fl_date_format_iso(d, &b);
    snprintf(text, sizeof text, "%s", b.data);
    fl_buf_free(&b);
    return text;
}

Test(datetime, day_numbers_round_trip)
{
    cr_assert_eq(fl_date_to_days(D(1970, 1, 1)), 0);
    cr_assert_eq(fl_date_to_days(D(2000, 3, 1)), 11017);
    cr_assert_eq(fl_date_to_days(D(1969, 12, 31)), -1);
    for (int64_t z = -800000; z < 800000; z += 997) {
        fl_date d = fl_date_from_days(z);
        cr_assert(fl_date_is_valid(d));
        cr_assert_eq(fl_date_to_days(d), z);
    }
    /* Out-of-range fields roll over instead of failing. */
    cr_assert_str_eq(iso_d(fl_date_from_days(fl_date_to_days(D(2022, 2, 30)))), "2022-03-02");
    cr_assert_str_eq(iso_d(fl_date_from_days(fl_date_to_days(D(2022, 13, 1)))), "2023-01-01");
}

Test(datetime, leap_years_and_month_lengths)
{
    cr_assert(fl_is_leap_year(2020));
    cr_assert(fl_is_leap_year(2000));
    cr_assert_not(fl_is_leap_year(1900));
    cr_assert_not(fl_is_leap_year(2021));
    cr_assert_eq(fl_days_in_month(2020, 2), 29);
    cr_assert_eq(fl_days_in_month(2021, 2), 28);
    cr_assert_eq(fl_days_in_month(2021, 4), 30);
    cr_assert_eq(fl_days_in_month(2021, 13), 0);
    cr_assert_not(fl_date_is_valid(D(2022, 2, 30)));
    cr_assert(fl_date_is_valid(D(2024, 2, 29)));
}

Test(datetime, weekdays_and_weeks)
{
    cr_assert_eq(fl_date_iso_weekday(D(2022, 11, 6)), 7); /* a Sunday */
    cr_assert_eq(fl_date_iso_weekday(D(2022, 11, 1)), 2); /* a Tuesday */
    cr_assert_eq(fl_date_iso_weekday(D(1970, 1, 1)), 4);
    cr_assert_eq(fl_date_day_of_year(D(2022, 3, 4)), 63);
    cr_assert_eq(fl_date_day_of_year(D(2020, 12, 31)), 366);
    int week;
    int32_t y;
    fl_date_iso_week(D(2022, 3, 4), &week, &y);
    cr_assert_eq(week, 9);
    cr_assert_eq(y, 2022);
    fl_date_iso_week(D(2021, 1, 1), &week, &y); /* belongs to 2020's week 53 */
    cr_assert_eq(week, 53);
    cr_assert_eq(y, 2020);
    fl_date_iso_week(D(2024, 12, 30), &week, &y);
    cr_assert_eq(week, 1);
    cr_assert_eq(y, 2025);
}

Test(datetime, month_shifts_clamp_to_month_end)
{
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2022, 1, 31), 1)), "2022-02-28");
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2020, 1, 31), 1)), "2020-02-29");
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2020, 2, 29), 12)), "2021-02-28");
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2022, 3, 31), -1)), "2022-02-28");
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2022, 1, 15), -13)), "2020-12-15");
    cr_assert_str_eq(iso_d(fl_date_add_months(D(2022, 10, 10), 1)), "2022-11-10");
    cr_assert_str_eq(iso_d(fl_date_add_days(D(2020, 2, 28), 1)), "2020-02-29");
    cr_assert_str_eq(iso_d(fl_date_add_days(D(2021, 2, 28), 1)), "2021-03-01");
    /* Absurd offsets saturate instead of overflowing. */
    fl_date far = fl_date_add_months(D(2022, 1, 1), INT64_MAX);
    cr_assert(far.year > 100000);
}

Test(datetime, seconds_shift_and_unix_time)
{
    fl_datetime dt = fl_datetime_from_date(D(2020, 2, 29), 6);
    cr_assert_str_eq(iso_dt(dt), "2020-02-29T00:00:00.000000Z");
    cr_assert_str_eq(iso_dt(fl_datetime_add_seconds(dt, -1)), "2020-02-28T23:59:59.000000Z");
    cr_assert_str_eq(iso_dt(fl_datetime_add_seconds(dt, 86400 * 366)),
                     "2021-03-01T00:00:00.000000Z");
    fl_datetime t = fl_datetime_from_unix_us(1646370367000000LL, 0);
    cr_assert_str_eq(iso_dt(t), "2022-03-04T05:06:07Z");
    cr_assert_eq(fl_datetime_to_unix_us(t), 1646370367000000LL);
    fl_datetime neg = fl_datetime_from_unix_us(-1, 6);
    cr_assert_str_eq(iso_dt(neg), "1969-12-31T23:59:59.999999Z");
    cr_assert_eq(fl_datetime_cmp(t, neg), 1);
    cr_assert_str_eq(iso_dt(fl_datetime_add_months(fl_datetime_from_date(D(2022, 7, 31), 0), 1)),
                     "2022-08-31T00:00:00Z");
}

Test(datetime, literal_dates_both_orders)
{
    fl_dt_literal l;
    cr_assert(fl_dt_parse("2022-01-31", 10, &l));
    cr_assert_eq(l.kind, FL_DT_DATE);
    cr_assert_str_eq(iso_d(l.date), "2022-01-31");
    cr_assert(fl_dt_parse("2022/01/31", 10, &l));
    cr_assert_str_eq(iso_d(l.date), "2022-01-31");
    cr_assert(fl_dt_parse("31-01-2022", 10, &l));
    cr_assert_str_eq(iso_d(l.date), "2022-01-31");
    /* Always day first, never month first. */
    cr_assert(fl_dt_parse("02/03/2022", 10, &l));
    cr_assert_str_eq(iso_d(l.date), "2022-03-02");
    cr_assert_not(fl_dt_parse("2022-1-31", 9, &l));
    cr_assert_not(fl_dt_parse("2022-01-31x", 11, &l));
    cr_assert_not(fl_dt_parse("", 0, &l));
}

Test(datetime, literal_datetimes_and_their_precision_quirks)
{
    fl_dt_literal l;
    const char *s = "2022-01-31T10:30:00";
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_eq(l.kind, FL_DT_DATETIME);
    cr_assert_str_eq(iso_dt(l.dt), "2022-01-31T10:30:00.0Z"); /* no fraction: precision 1 */
    s = "2022-05-24T00:00:00Z";
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_str_eq(iso_dt(l.dt), "2022-05-24T00:00:00.0Z");
    s = "2022-01-31T10:30:00.123Z"; /* 123 microseconds, three digits shown */
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_eq(l.dt.time.usec, 123);
    cr_assert_eq(l.dt.time.precision, 3);
    cr_assert_str_eq(iso_dt(l.dt), "2022-01-31T10:30:00.000Z");
    s = "2022-01-31T10:30:00.123456Z";
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_str_eq(iso_dt(l.dt), "2022-01-31T10:30:00.123456Z");
    s = "2022-01-31T10:30:00.12345678Z"; /* more than six digits: the first six */
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_eq(l.dt.time.usec, 123456);
    s = "2022-01-31T10:30:00+02"; /* the offset digits land in the fraction slot */
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_eq(l.dt.time.usec, 2);
    cr_assert_eq(l.dt.offset, 0);
    cr_assert_eq(l.dt.time.hour, 10);
    s = "15/01/2017 05:50";
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_eq(l.kind, FL_DT_DATETIME);
    cr_assert_str_eq(iso_dt(l.dt), "2017-01-15T05:50:00Z");
    s = "15-01-2017 05:50:30";
    cr_assert(fl_dt_parse(s, strlen(s), &l));
    cr_assert_str_eq(iso_dt(l.dt), "2017-01-15T05:50:30Z");
}

Test(datetime, literal_times)
{
    fl_dt_literal l;
    cr_assert(fl_dt_parse("10:30", 5, &l));
    cr_assert_eq(l.kind, FL_DT_TIME);
    fl_buf b = FL_BUF_INIT;
    fl_time_format_iso(l.time, &b);
    cr_assert_str_eq(b.data, "10:30:00");
    fl_buf_reset(&b);
    cr_assert(fl_dt_parse("10:30:45", 8, &l));
    fl_time_format_inspect(l.time, &b);
    cr_assert_str_eq(b.data, "~T[10:30:45]");
    fl_buf_free(&b);
    cr_assert_not(fl_dt_parse("1:30", 4, &l));
    /* The scanner reports how much it used, so a parser can continue after it. */
    cr_assert_eq(fl_dt_scan("10:30 rest", 10, &l), 5);
    cr_assert_eq(fl_dt_scan("2022-01-31 + 1", 14, &l), 10);
    cr_assert_eq(fl_dt_scan("12345", 5, &l), 0);
}

Test(datetime, dateish_strips_lowercase_letters_only)
{
    fl_dt_literal l;
    const char *s = "the date is 15/01/2017";
    cr_assert(fl_dt_parse_dateish(s, strlen(s), false, &l));
    cr_assert_eq(l.kind, FL_DT_DATE);
    cr_assert_str_eq(iso_d(l.date), "2017-01-15");
    s = "the date is 15/01/2017 05:50";
    cr_assert(fl_dt_parse_dateish(s, strlen(s), false, &l));
    cr_assert_eq(l.kind, FL_DT_DATETIME);
    s = "there is no date here, just a year 2017";
    cr_assert_not(fl_dt_parse_dateish(s, strlen(s), false, &l));
    s = "The date is 15/01/2017"; /* upper-case letters stay and spoil it */
    cr_assert_not(fl_dt_parse_dateish(s, strlen(s), false, &l));
    s = "the time is 10:00 pm";
    cr_assert(fl_dt_parse_dateish(s, strlen(s), true, &l));
    cr_assert_eq(l.kind, FL_DT_TIME);
    cr_assert_eq(l.time.hour, 10);
    s = "2022-02-30"; /* a date literal must be a real date */
    cr_assert_not(fl_dt_parse_dateish(s, strlen(s), false, &l));
}

Test(datetime, iso_tags)
{
    fl_datetime dt;
    const char *s = "2022-07-31T00:00:00Z";
    cr_assert(fl_parse_iso_datetime(s, strlen(s), &dt));
    cr_assert_str_eq(iso_dt(dt), "2022-07-31T00:00:00Z");
    s = "2022-07-31T02:00:00.5+02:00";
    cr_assert(fl_parse_iso_datetime(s, strlen(s), &dt));
    cr_assert_str_eq(iso_dt(dt), "2022-07-31T00:00:00.5Z");
    s = "2022-07-31";
    cr_assert_not(fl_parse_iso_datetime(s, strlen(s), &dt));
    fl_date d;
    cr_assert(fl_parse_iso_date(s, strlen(s), &d));
    cr_assert_not(fl_parse_iso_date("2022-02-30", 10, &d));
    fl_time t;
    cr_assert(fl_parse_iso_time("10:00:00", 8, &t));
    cr_assert_not(fl_parse_iso_time("25:00:00", 8, &t));
}

static char *fmt(fl_datetime dt, const char *f)
{
    static char text[256];
    fl_buf b = FL_BUF_INIT;
    const char *msg = NULL;
    if (!fl_strftime(dt, f, strlen(f), &b, &msg)) {
        snprintf(text, sizeof text, "ERROR");
    } else {
        snprintf(text, sizeof text, "%s", b.data ? b.data : "");
    }
    fl_buf_free(&b);
    return text;
}

Test(datetime, strftime_every_directive)
{
    fl_datetime dt = fl_datetime_from_unix_us(1646370367000000LL, 0); /* 2022-03-04 05:06:07 */
    struct {
        const char *f, *want;
    } cases[] = {
        {"%Y", "2022"},        {"%y", "22"},           {"%C", "20"},
        {"%m", "03"},          {"%d", "04"},           {"%e", " 4"},
        {"%j", "063"},         {"%H", "05"},           {"%I", "05"},
        {"%M", "06"},          {"%S", "07"},           {"%p", "AM"},
        {"%P", "am"},          {"%f", "000000"},       {"%L", "000"},
        {"%B", "March"},       {"%b", "Mar"},          {"%h", "Mar"},
        {"%A", "Friday"},      {"%a", "Fri"},          {"%u", "5"},
        {"%w", "5"},           {"%G", "2022"},         {"%g", "22"},
        {"%V", "09"},          {"%W", "09"},           {"%U", "09"},
        {"%Z", "Etc/UTC"},     {"%z", "+0000"},        {"%:z", "+00:00"},
        {"%::z", "+00:00:00"}, {"%s", "1646370367"},   {"%F", "2022-03-04"},
        {"%T", "05:06:07"},    {"%D", "03/04/22"},     {"%R", "05:06"},
        {"%r", "05:06:07 AM"}, {"%v", " 4-Mar-2022"},  {"%k", " 5"},
        {"%l", " 5"},          {"%-d", "4"},           {"%_m", " 3"},
        {"%0e", "04"},         {"%-H:%M", "5:06"},     {"%Y-%m-%d %H:%M:%S", "2022-03-04 05:06:07"},
        {"%Y%%", "2022%"},     {"at %H h", "at 05 h"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(fmt(dt, cases[i].f), cases[i].want, "%s", cases[i].f);
    fl_datetime pm =
        fl_datetime_from_unix_us(1646370367000000LL + 13LL * 3600 * 1000000 + 123456, 6);
    cr_assert_str_eq(fmt(pm, "%I %p %l %P %f %L"), "06 PM  6 pm 123456 123");
    fl_datetime midnight = fl_datetime_from_date(D(2022, 1, 2), 0);
    cr_assert_str_eq(fmt(midnight, "%I %p %U %W %a"), "12 AM 01 00 Sun");
}

Test(datetime, strftime_rejects_what_timex_rejects)
{
    fl_datetime dt = fl_datetime_from_date(D(2022, 1, 1), 0);
    cr_assert_str_eq(fmt(dt, "%%"), "ERROR");
    cr_assert_str_eq(fmt(dt, "hello"), "ERROR");
    cr_assert_str_eq(fmt(dt, ""), "ERROR");
    cr_assert_str_eq(fmt(dt, "%q"), "ERROR");
    cr_assert_str_eq(fmt(dt, "%Y %"), "ERROR");
    cr_assert_str_eq(fmt(dt, "%n%Y"), "ERROR");
}

static char *ptime(const char *text, const char *f)
{
    fl_datetime dt;
    if (!fl_strptime(text, strlen(text), f, strlen(f), &dt)) return "NONE";
    return iso_dt(dt);
}

Test(datetime, strptime)
{
    cr_assert_str_eq(ptime("2016-02-29T22:25:00-00:00", "%FT%T%:z"), "2016-02-29T22:25:00Z");
    cr_assert_str_eq(ptime("2016-02-29T22:25:00+02:00", "%FT%T%:z"), "2016-02-29T20:25:00Z");
    cr_assert_str_eq(ptime("2016-02-29T22:25:00-0130", "%FT%T%z"), "2016-02-29T23:55:00Z");
    cr_assert_str_eq(ptime("\xf0\x9f\x91\xbb\xf0\x9f\x91\xbb", "%FT%T%:z"), "NONE");
    cr_assert_str_eq(ptime("2016-02-30", "%Y-%m-%d"), "NONE");
    cr_assert_str_eq(ptime("2016-02-29 trailing", "%Y-%m-%d"), "NONE");
    cr_assert_str_eq(ptime("04/03/22", "%D"), "2022-04-03T00:00:00Z");
    cr_assert_str_eq(ptime("4 March 2022, 1:05 pm", "%-d %B %Y, %-I:%M %P"),
                     "2022-03-04T13:05:00Z");
    cr_assert_str_eq(ptime("12:00:00 AM", "%r"), "0000-01-01T00:00:00Z");
    cr_assert_str_eq(ptime("1646370367", "%s"), "2022-03-04T05:06:07Z");
    cr_assert_str_eq(ptime("2022-03-04 05:06:07.25", "%F %T.%f"), "2022-03-04T05:06:07.25Z");
    cr_assert_str_eq(ptime("2022 063", "%Y %j"), "2022-03-04T00:00:00Z");
    cr_assert_str_eq(ptime("Fri, 04 Mar 2022 05:06:07 UTC", "%a, %d %b %Y %T %Z"),
                     "2022-03-04T05:06:07Z");
    cr_assert_str_eq(ptime("x", ""), "NONE");
}

/* Random text through every parser and formatter: results may be anything, but nothing may
 * read out of bounds or overflow (the sanitizers watch), and what strftime accepts it renders. */
Test(datetime, random_input_is_handled)
{
    static const char alphabet[] = "0123456789-/:.TZ+ %YmdHMSfLzjsabBpP:e_0-\xc3\xa9";
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    char text[40], format[24];
    fl_datetime dt = fl_datetime_from_unix_us(1646370367123456LL, 6);
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, m = 0;
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t len = (size_t)(state >> 59) + 1, flen = (size_t)((state >> 54) & 15) + 1;
        for (size_t k = 0; k < len && n < sizeof text; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            text[n++] = alphabet[(state >> 33) % (sizeof alphabet - 1)];
        }
        for (size_t k = 0; k < flen && m < sizeof format; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            format[m++] = alphabet[(state >> 33) % (sizeof alphabet - 1)];
        }
        fl_dt_literal lit;
        size_t used = fl_dt_scan(text, n, &lit);
        cr_assert_leq(used, n);
        fl_dt_parse_dateish(text, n, round & 1, &lit);
        fl_datetime out;
        if (fl_strptime(text, n, format, m, &out)) cr_assert(fl_date_is_valid(out.date));
        fl_parse_iso_datetime(text, n, &out);
        fl_buf b = FL_BUF_INIT;
        const char *msg = NULL;
        if (!fl_strftime(dt, format, m, &b, &msg)) cr_assert_not_null(msg);
        fl_buf_free(&b);
    }
}
