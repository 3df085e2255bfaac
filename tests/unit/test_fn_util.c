/* Text helpers behind the standard functions: graphemes, case mapping, splitting, float text. */
#include "expr/fn_util.h"

#include <criterion/criterion.h>
#include <string.h>

static char text[512];

static const char *up(const char *s)
{
    fl_buf b = FL_BUF_INIT;
    fl_u8_upcase(s, strlen(s), &b);
    snprintf(text, sizeof text, "%s", b.data ? b.data : "");
    fl_buf_free(&b);
    return text;
}

static const char *down(const char *s)
{
    fl_buf b = FL_BUF_INIT;
    fl_u8_downcase(s, strlen(s), &b);
    snprintf(text, sizeof text, "%s", b.data ? b.data : "");
    fl_buf_free(&b);
    return text;
}

static const char *cap(const char *s)
{
    fl_buf b = FL_BUF_INIT;
    fl_u8_capitalize(s, strlen(s), &b);
    snprintf(text, sizeof text, "%s", b.data ? b.data : "");
    fl_buf_free(&b);
    return text;
}

static const char *flt(double d)
{
    fl_buf b = FL_BUF_INIT;
    fl_format_float(d, &b);
    snprintf(text, sizeof text, "%s", b.data);
    fl_buf_free(&b);
    return text;
}

static const char *join(const char *s, fl_spans *sp)
{
    size_t n = 0;
    for (size_t k = 0; k < sp->n; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s[%.*s]", k ? "," : "",
                              (int)sp->v[k].len, s + sp->v[k].off);
    text[n] = 0;
    return text;
}

Test(fn_util, graphemes_count_combining_marks_and_emoji_once)
{
    cr_assert_eq(fl_u8_grapheme_count("zo\xc3\xab", 4), 3);  /* zoë precomposed */
    cr_assert_eq(fl_u8_grapheme_count("zoe\xcc\x88", 5), 3); /* e + combining diaeresis */
    const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
    cr_assert_eq(fl_u8_grapheme_count(family, strlen(family)), 1); /* ZWJ sequence */
    const char *flag = "\xf0\x9f\x87\xbf\xf0\x9f\x87\xa6";         /* regional indicators ZA */
    cr_assert_eq(fl_u8_grapheme_count(flag, strlen(flag)), 1);
    cr_assert_eq(fl_u8_grapheme_count("a\xff"
                                      "b",
                                      3),
                 3); /* an invalid byte stands alone */
    cr_assert_eq(fl_u8_grapheme_count("", 0), 0);
}

Test(fn_util, slices_like_elixir)
{
    size_t a, b;
    const char *s = "testing";
    fl_u8_slice(s, 7, -3, 3, &a, &b);
    cr_assert_eq(a, 4);
    cr_assert_eq(b, 7);
    fl_u8_slice(s, 7, -10, 10, &a, &b); /* before the start: empty */
    cr_assert_eq(b - a, 0);
    fl_u8_slice(s, 7, 2, 100, &a, &b);
    cr_assert_eq(a, 2);
    cr_assert_eq(b, 7);
    fl_u8_slice(s, 7, 20, 1, &a, &b);
    cr_assert_eq(b - a, 0);
    const char *e = "e\xcc\x88x"; /* grapheme e+diaeresis, then x */
    fl_u8_slice(e, strlen(e), 0, 1, &a, &b);
    cr_assert_eq(b, 3);
}

Test(fn_util, case_mapping_is_full_unicode)
{
    cr_assert_str_eq(up("foo"), "FOO");
    cr_assert_str_eq(up("stra\xc3\x9f"
                        "e"),
                     "STRASSE");
    cr_assert_str_eq(up("\xc3\xa9t\xc3\xa9"), "\xc3\x89T\xc3\x89");
    cr_assert_str_eq(up("\xef\xac\x81"), "FI");
    cr_assert_str_eq(down("Foo Bar"), "foo bar");
    cr_assert_str_eq(down("\xce\x9f\xce\x94\xce\x9f\xce\xa3"), "\xce\xbf\xce\xb4\xce\xbf\xcf\x82");
    cr_assert_str_eq(down("\xc4\xb0"), "i\xcc\x87");
    cr_assert_str_eq(cap("hELLO wORLD"), "Hello world");
    cr_assert_str_eq(cap("\xc3\x9f"
                         "a"),
                     "Ssa");
    cr_assert_str_eq(cap(""), "");
}

Test(fn_util, printable_like_elixir)
{
    cr_assert(fl_u8_printable("A", 1));
    cr_assert(fl_u8_printable("\n", 1));
    cr_assert_not(fl_u8_printable("\0", 1));
    cr_assert_not(fl_u8_printable("\xc2\x80", 2)); /* C1 control */
    cr_assert(fl_u8_printable("\xc3\xa9", 2));
    cr_assert_not(fl_u8_printable("\xff", 1));
}

Test(fn_util, splitting)
{
    fl_spans sp;
    fl_spans_init(&sp);
    const char *s = "hello cow-boy";
    fl_split_punct(s, strlen(s), &sp);
    cr_assert_str_eq(join(s, &sp), "[hello],[cow],[boy]");
    fl_spans_free(&sp);
    s = "a , b  c.";
    fl_split_punct(s, strlen(s), &sp);
    cr_assert_str_eq(join(s, &sp), "[a],[b],[],[c],[]");
    fl_spans_free(&sp);
    s = "foo bar  baz";
    fl_split_on(s, strlen(s), " ", 1, &sp);
    cr_assert_str_eq(join(s, &sp), "[foo],[bar],[],[baz]");
    fl_spans_free(&sp);
    s = "";
    fl_split_on(s, 0, " ", 1, &sp);
    cr_assert_eq(sp.n, 1);
    fl_spans_free(&sp);
    s = "  The\tQuick\xe3\x80\x80"
        "Fox \n";
    fl_split_whitespace(s, strlen(s), &sp);
    cr_assert_str_eq(join(s, &sp), "[The],[Quick],[Fox]");
    fl_spans_free(&sp);
    /* Many pieces: the list grows past its inline storage. */
    char many[200];
    for (int k = 0; k < 100; k++) many[2 * k] = 'x', many[2 * k + 1] = ' ';
    fl_split_on(many, 200, " ", 1, &sp);
    cr_assert_eq(sp.n, 101);
    fl_spans_free(&sp);
}

Test(fn_util, trim_and_search)
{
    const char *s = " \n quick brown\xe2\x80\x83 ";
    fl_span t = fl_u8_trim(s, strlen(s));
    cr_assert_eq(t.len, 11);
    cr_assert(fl_ascii_ci_contains("the quick brown FOX", 19, "fox", 3));
    cr_assert_not(fl_ascii_ci_contains("the quick", 9, "red", 3));
    cr_assert(fl_ascii_ci_prefix("The Quick", 9, "the q", 5));
    cr_assert(fl_ascii_ci_contains("x", 1, "", 0));
}

Test(fn_util, float_text_is_shortest_round_trip)
{
    cr_assert_str_eq(flt(1.0), "1.0");
    cr_assert_str_eq(flt(8.0), "8.0");
    cr_assert_str_eq(flt(100.0), "100.0");
    cr_assert_str_eq(flt(1000.0), "1.0e3");
    cr_assert_str_eq(flt(123000.0), "1.23e5");
    cr_assert_str_eq(flt(0.001), "0.001");
    cr_assert_str_eq(flt(0.0001), "0.0001");
    cr_assert_str_eq(flt(0.00005), "5.0e-5");
    cr_assert_str_eq(flt(0.00012), "1.2e-4");
    cr_assert_str_eq(flt(123456789.0), "123456789.0");
    cr_assert_str_eq(flt(12345.678), "12345.678");
    cr_assert_str_eq(flt(0.1 + 0.2), "0.30000000000000004");
    cr_assert_str_eq(flt(1.0 / 3), "0.3333333333333333");
    cr_assert_str_eq(flt(-0.0), "-0.0");
    cr_assert_str_eq(flt(1e20), "1.0e20");
    cr_assert_str_eq(flt(9007199254740992.0), "9.007199254740992e15");
}
