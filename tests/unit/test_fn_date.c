/* The date functions: month-end clamping, the injected clock, strftime through datevalue,
 * date-ish text, wrong types as error values. The clock is 2022-03-04T05:06:07.123Z. */
#include "fn_helpers.h"

Test(fn_date, constructors_do_not_validate)
{
    EXPECT_BLK("date(2022, 2, 30)", NULL, "{\"$date\":\"2022-02-30\"}");
    EXPECT_BLK("date(2022, 1, \"x\")", NULL, "ERROR");
    EXPECT_BLK("date(x, 1, 1)", NULL, "ERROR");
    EXPECT_BLK("time(25, 0, 0)", NULL, "{\"$time\":\"25:00:00\"}");
    EXPECT_BLK("time(1, 2, 3.5)", NULL, "ERROR");
    EXPECT_STR("@time(9, 5, 0)", NULL, "~T[09:05:00]");
}

Test(fn_date, clock)
{
    EXPECT_BLK("now()", NULL, "{\"$datetime\":\"2022-03-04T05:06:07.123000Z\"}");
    EXPECT_BLK("today()", NULL, "{\"$date\":\"2022-03-04\"}");
    EXPECT_BLK("hour(now())", NULL, "5");
    EXPECT_BLK("minute(now())", NULL, "6");
    EXPECT_BLK("second(now())", NULL, "7");
    EXPECT_BLK("day(today())", NULL, "4");
    EXPECT_BLK("month(today())", NULL, "3");
    EXPECT_BLK("year(now())", NULL, "2022");
    EXPECT_BLK("weekday(today())", NULL, "6"); /* a Friday: 1 = Sunday */
    EXPECT_STR("@datevalue(now(), \"%Y-%m-%d\")", NULL, "2022-03-04");
}

Test(fn_date, datetime_add_units_and_clamping)
{
    EXPECT_BLK("datetime_add(date(2022, 1, 31), 1, \"M\")", NULL,
               "{\"$datetime\":\"2022-02-28T00:00:00.000000Z\"}");
    EXPECT_BLK("datetime_add(date(2020, 2, 29), 1, \"Y\")", NULL,
               "{\"$datetime\":\"2021-02-28T00:00:00.000000Z\"}");
    EXPECT_BLK("datetime_add(date(2022, 1, 1), -2, \"W\")", NULL,
               "{\"$datetime\":\"2021-12-18T00:00:00.000000Z\"}");
    EXPECT_BLK("datetime_add(\"2022-01-31\", 90, \"m\")", NULL,
               "{\"$datetime\":\"2022-01-31T01:30:00Z\"}");
    EXPECT_BLK("datetime_add(now(), -7, \"s\")", NULL,
               "{\"$datetime\":\"2022-03-04T05:06:00.123000Z\"}");
    EXPECT_BLK("datetime_add(now(), 19, \"h\")", NULL,
               "{\"$datetime\":\"2022-03-05T00:06:07.123000Z\"}");
    EXPECT_BLK("datetime_add(now(), 1, \"x\")", NULL, "ERROR");
    EXPECT_BLK("datetime_add(\"_..[0]._\", 0, \"h\")", NULL, "ERROR");
    EXPECT_BLK("datetime_add(now(), 1.5, \"D\")", NULL, "ERROR");
    EXPECT_BLK("datetime_add(now(), 99999999999, \"Y\")", NULL, "ERROR");
}

Test(fn_date, edate)
{
    EXPECT_BLK("edate(date(2022, 1, 31), 1)", NULL, "{\"$date\":\"2022-02-28\"}");
    EXPECT_BLK("edate(date(2024, 3, 31), -1)", NULL, "{\"$date\":\"2024-02-29\"}");
    EXPECT_BLK("edate(\"31/01/2022\", 13)", NULL, "{\"$date\":\"2023-02-28\"}");
    EXPECT_BLK("edate(\"the date is 2022-10-10T10:00:00Z\", 1)", NULL,
               "{\"$date\":\"2022-11-10\"}");
    EXPECT_BLK("edate(x, 1)", NULL, "ERROR");
    EXPECT_BLK("edate(today(), \"1\")", NULL, "ERROR");
}

Test(fn_date, datevalue_formats)
{
    EXPECT_BLK("datevalue(\"31-01-2022 10:30\")", NULL,
               "{\"__value__\":\"2022-01-31 10:30:00\",\"date\":{\"$date\":\"2022-01-31\"},"
               "\"datetime\":{\"$datetime\":\"2022-01-31T10:30:00Z\"}}");
    EXPECT_STR("@datevalue(now(), \"%A %-d %B %Y, %I:%M %p\")", NULL,
               "Friday 4 March 2022, 05:06 AM");
    EXPECT_STR("@datevalue(now(), \"%j %U %V %u %w %e %k %L %f %s %Z %z\")", NULL,
               "063 09 09 5 5  4  5 123 123000 1646370367 Etc/UTC +0000");
    EXPECT_BLK("datevalue(\"no date\")", NULL, "ERROR");
    EXPECT_BLK("datevalue(\"no date\", \"%Y\")", NULL, "null");
    EXPECT_BLK("datevalue(now(), \"%%\")", NULL, "ERROR");
    EXPECT_BLK("datevalue(now(), \"%Q\")", NULL, "ERROR");
    EXPECT_BLK("datevalue(now(), 1)", NULL, "ERROR");
}

Test(fn_date, parse_datevalue)
{
    EXPECT_BLK("parse_datevalue(\"04/03/2022 13:05\", \"%d/%m/%Y %H:%M\")", NULL,
               "{\"$datetime\":\"2022-03-04T13:05:00Z\"}");
    EXPECT_BLK("parse_datevalue(\"2022-03-04T13:05:00+02:00\", \"%FT%T%:z\")", NULL,
               "{\"$datetime\":\"2022-03-04T11:05:00Z\"}");
    EXPECT_BLK("parse_datevalue(\"2022-02-30\", \"%Y-%m-%d\")", NULL, "null");
    EXPECT_BLK("parse_datevalue(x, \"%Y\")", NULL, "null");
}

Test(fn_date, timevalue)
{
    EXPECT_BLK("timevalue(\"14:05\")", NULL, "{\"$time\":\"14:05:00\"}");
    EXPECT_BLK("timevalue(\"1:2:3:4\")", NULL, "{\"$time\":\"01:02:03\"}");
    EXPECT_BLK("timevalue(\"2:x\")", NULL, "ERROR");
    EXPECT_BLK("timevalue(\"\")", NULL, "ERROR");
    EXPECT_BLK("timevalue(x)", NULL, "ERROR");
}

Test(fn_date, parts_reject_wrong_types)
{
    EXPECT_BLK("day(\"2022-01-01\")", NULL, "ERROR"); /* the library reads fields, not text */
    EXPECT_BLK("day(date(2022, 9, 10))", NULL, "10");
    EXPECT_BLK("hour(date(2022, 9, 10))", NULL, "ERROR");
    EXPECT_BLK("hour(time(13, 0, 0))", NULL, "13");
    EXPECT_BLK("second(time(13, 0, 59))", NULL, "59");
    EXPECT_BLK("minute(date(2022, 9, 10))", NULL, "0");
    EXPECT_BLK("minute(\"15/01/2017 05:50\")", NULL, "50");
    EXPECT_BLK("minute(x)", NULL, "ERROR");
    EXPECT_BLK("year(\"the year is 15/01/2017\")", NULL, "2017");
    EXPECT_BLK("year(1)", NULL, "ERROR");
    EXPECT_BLK("month(\"x\")", NULL, "ERROR");
    EXPECT_BLK("weekday(\"2022-11-06\")", NULL, "ERROR");
    EXPECT_BLK("weekday(d)", "{\"d\": \"2022-11-06\"}", "1"); /* context text became a date */
}

Test(fn_date, literal_quirks_reach_the_functions)
{
    /* A fraction is read as an integer of microseconds: .123 is 123 us, three digits shown. */
    EXPECT_BLK("has_date(\"2022-01-31T10:30:00.123Z\").datetime", NULL,
               "{\"$datetime\":\"2022-01-31T10:30:00.000Z\"}");
    /* No fraction: one digit shown. */
    EXPECT_BLK("datetime_add(\"2022-01-31T10:30:00\", 1, \"D\")", NULL,
               "{\"$datetime\":\"2022-02-01T10:30:00.0Z\"}");
    /* "+NN" without a fraction lands in the microseconds, never in the offset. */
    EXPECT_BLK("has_date(\"2022-01-31T10:30:00+02\").datetime", NULL,
               "{\"$datetime\":\"2022-01-31T10:30:00.0Z\"}");
    /* Day-first datetimes carry no fraction. */
    EXPECT_STR("@datevalue(\"31/12/2021 23:59\").datetime", NULL, "2021-12-31T23:59:00Z");
    EXPECT_STR("@datevalue(\"2021/12/31\", \"%d %b %Y\")", NULL, "31 Dec 2021");
}
