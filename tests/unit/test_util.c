/* Behaviour of the shared helpers: buffers, errors, times, durations, pointers, uuids. */
#include "engine/util.h"

#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

Test(util, buffer_appends_and_stays_terminated)
{
    fl_buf b = FL_BUF_INIT;
    fl_buf_puts(&b, "hello");
    fl_buf_putc(&b, ' ');
    fl_buf_printf(&b, "%d-%s", 42, "x");
    cr_assert_str_eq(b.data, "hello 42-x");
    cr_assert_eq(b.len, 10);
    fl_buf_reset(&b);
    cr_assert_str_eq(b.data, "");
    fl_buf_free(&b);
    cr_assert_null(b.data);
}

Test(util, error_set_returns_code_and_formats_location)
{
    fl_error e;
    fl_error_clear(&e);
    cr_assert_eq(fl_error_set(&e, FL_EPARSE, "bad %s", "thing"), FL_EPARSE);
    strcpy(e.file, "f.json");
    e.line = 3, e.column = 7;
    fl_buf b = FL_BUF_INIT;
    fl_error_format(&e, &b);
    cr_assert_str_eq(b.data, "f.json:3:7: bad thing");
    fl_buf_free(&b);
    cr_assert_eq(fl_error_set(NULL, FL_EINVAL, "ignored"), FL_EINVAL);
}

Test(util, iso_times_round_trip)
{
    int64_t ms;
    cr_assert_eq(fl_parse_iso_ms("2025-01-01T09:00:00Z", &ms), 0);
    cr_assert_eq(ms, 1735722000000LL);
    char out[48];
    fl_format_iso_ms(ms + 5, out);
    cr_assert_str_eq(out, "2025-01-01T09:00:00.005Z");
    cr_assert_eq(fl_parse_iso_ms("2025-01-01T11:00:00+02:00", &ms), 0);
    cr_assert_eq(ms, 1735722000000LL);
    cr_assert_eq(fl_parse_iso_ms("2025-01-01", &ms), 0);
    cr_assert_eq(ms, 1735689600000LL);
    cr_assert_eq(fl_parse_iso_ms("2025-13-01", &ms), FL_EINVAL);
    cr_assert_eq(fl_parse_iso_ms("yesterday", &ms), FL_EINVAL);
}

Test(util, durations_parse_units)
{
    int64_t ms;
    cr_assert_eq(fl_parse_duration_ms("5m", &ms), 0);
    cr_assert_eq(ms, 300000);
    cr_assert_eq(fl_parse_duration_ms("1h30m", &ms), 0);
    cr_assert_eq(ms, 5400000);
    cr_assert_eq(fl_parse_duration_ms("90", &ms), 0);
    cr_assert_eq(ms, 90000);
    cr_assert_eq(fl_parse_duration_ms("250ms", &ms), 0);
    cr_assert_eq(ms, 250);
    cr_assert_eq(fl_parse_duration_ms("5x", &ms), FL_EINVAL);
    cr_assert_eq(fl_parse_duration_ms("", &ms), FL_EINVAL);
}

Test(util, pointer_tokens_are_escaped)
{
    fl_buf b = FL_BUF_INIT;
    fl_pointer_push(&b, "flows");
    fl_pointer_push_index(&b, 0);
    fl_pointer_push(&b, "a/b~c");
    cr_assert_str_eq(b.data, "/flows/0/a~1b~0c");
    fl_buf_free(&b);
}

Test(util, uuid_shape)
{
    cr_assert(fl_is_uuid("a000000b-0000-4000-8000-000000000002"));
    cr_assert_not(fl_is_uuid("a000000b-0000-4000-8000-00000000000"));
    cr_assert_not(fl_is_uuid("a000000b00000-4000-8000-000000000002"));
    cr_assert_not(fl_is_uuid(NULL));
}

Test(util, integers_are_written_as_printf_writes_them)
{
    const int64_t values[] = {0,         7,        -7, 10, 99, 100, -100, 36, 1234567890123LL,
                              INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "%" PRId64, values[i]);
        fl_buf b = FL_BUF_INIT;
        fl_buf_puts(&b, "n=");
        fl_buf_put_int(&b, values[i]);
        cr_expect_str_eq(b.data + 2, want);
        cr_expect_eq(b.len, 2 + strlen(want));
        fl_buf_free(&b);
    }
}
