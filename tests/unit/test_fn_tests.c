/* The has_* tests: their match objects, Unicode text, the library's quirks (ASCII-only
 * caselessness of the regex-based tests, has_pattern's single match, lower-case stripping of
 * date-ish text) and wrong types. */
#include "fn_helpers.h"

Test(fn_tests, word_tests)
{
    EXPECT_BLK("has_any_word(\"Hello, World!\", \"hello world\")", NULL,
               "{\"__value__\":false,\"match\":null}"); /* punctuation sticks to tokens */
    EXPECT_BLK("has_any_word(\"ÉCOLE ici\", \"école\")", NULL,
               "{\"__value__\":true,\"match\":\"ÉCOLE\"}");
    EXPECT_BLK("has_any_word(\"fox fox\", \"FOX\")", NULL,
               "{\"__value__\":true,\"match\":\"fox fox\"}");
    EXPECT_BLK("has_any_word(x, \"a\")", NULL, "null");
    EXPECT_STR("@has_any_word(\"The Quick Brown Fox\", \"fox quick\").match", NULL, "Quick Fox");
    EXPECT_BLK("has_all_words(\"the quick brown fox\", \"QUICK Fox\")", NULL, "true");
    EXPECT_BLK("has_all_words(\"theory\", \"the\")", NULL, "true");   /* substrings count */
    EXPECT_BLK("has_all_words(\"ÉCOLE\", \"école\")", NULL, "false"); /* ASCII-only caseless */
    EXPECT_BLK("has_all_words(x, \"a\")", NULL, "false");
    EXPECT_BLK("has_all_words(\"a\", 1)", NULL, "false");
}

Test(fn_tests, phrase_tests)
{
    EXPECT_BLK("has_phrase(\"THE ÉCOLE\", \"école\")", NULL, "true");
    EXPECT_BLK("has_phrase(x, \"\")", NULL, "true");
    EXPECT_BLK("has_phrase(\"abc\", x)", NULL, "true");
    EXPECT_BLK("has_only_phrase(\" Quick Brown\", \"quick brown\")", NULL, "false");
    EXPECT_BLK("has_only_phrase(\"ÉCOLE\", \"école\")", NULL, "true");
    EXPECT_BLK("has_only_text(1, \"1\")", NULL, "true");
    EXPECT_BLK("has_only_text(x, \"\")", NULL, "true");
    EXPECT_BLK("has_beginning(\"Yes please\", \"YES\")", NULL, "true");
    EXPECT_BLK("has_beginning(\" yes\", \"yes\")", NULL, "false");
    EXPECT_BLK("has_beginning(\"abc\", \"\")", NULL, "true");
    EXPECT_BLK("has_beginning(\"abc\", 1)", NULL, "ERROR");
    EXPECT_BLK("has_text(\"\\t x \")", NULL, "true");
    EXPECT_BLK("has_text(x)", NULL, "false");
    EXPECT_BLK("has_text(\"\xe3\x80\x80\")", NULL, "false"); /* ideographic space only */
}

Test(fn_tests, pattern)
{
    EXPECT_BLK("has_pattern(\"  Buy cheese  \", \" ^buy (\\w+)$ \")", NULL, "true");
    EXPECT_BLK("has_pattern(\"buy cheese buy milk\", \"buy (\\w+)\")", NULL, "false");
    EXPECT_BLK("has_pattern(\"abc\", \"[\")", NULL, "false"); /* invalid regex */
    EXPECT_BLK("has_pattern(\"abc\", \"\")", NULL, "false");  /* matches at every position */
    EXPECT_BLK("has_pattern(\"\", \"\")", NULL, "true");
    EXPECT_BLK("has_pattern(x, \"a\")", NULL, "false");
    EXPECT_BLK("has_pattern(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"(a+)+$\")",
               NULL, "false"); /* catastrophic backtracking stops at the match limit */
}

Test(fn_tests, numbers)
{
    EXPECT_STR("@has_number(\"I am 25 years\").number", NULL, "25.0");
    EXPECT_STR("@has_number(\"about 3.5kg\").number", NULL, "3.5");
    EXPECT_BLK("has_number(\"the number is 42.\")", NULL,
               "{\"__value__\":false,\"number\":null}"); /* "42." is not read as a float */
    EXPECT_BLK("has_number(\"-7\")", NULL, "{\"__value__\":true,\"number\":7.0}");
    EXPECT_BLK("has_number(n)", "{\"n\": 5}", "{\"__value__\":true,\"number\":5}");
    EXPECT_BLK("has_number(x)", NULL, "{\"__value__\":false,\"number\":null}");
    EXPECT_BLK("has_number(\"٣\")", NULL, "{\"__value__\":true,\"number\":3.0}");
    EXPECT_BLK("has_number(true)", NULL, "ERROR");
    EXPECT_BLK("has_number_gt(\"I am 25\", 18)", NULL, "true");
    EXPECT_BLK("has_number_lte(\"٢٠\", \"20\")", NULL, "true");
    EXPECT_BLK("has_number_gte(\"no\", 1)", NULL, "false");
    EXPECT_BLK("has_number_eq(\"5\", \"5.\")", NULL, "false");
    EXPECT_BLK("has_number_eq(\"5\", x)", NULL, "ERROR");
}

Test(fn_tests, dates_and_times)
{
    EXPECT_BLK("has_date(\"born 2001-02-03\")", NULL,
               "{\"__value__\":true,\"date\":{\"$date\":\"2001-02-03\"},"
               "\"datetime\":{\"$datetime\":\"2001-02-03T00:00:00Z\"}}");
    EXPECT_BLK("has_date(\"Born 2001-02-03\")", NULL,
               "{\"__value__\":false,\"date\":null,\"datetime\":null}");
    EXPECT_BLK("has_date(\"on 31/02/2001\")", NULL,
               "{\"__value__\":false,\"date\":null,\"datetime\":null}");
    EXPECT_BLK("has_date(1)", NULL, "{\"__value__\":false,\"date\":null,\"datetime\":null}");
    EXPECT_BLK("has_date_eq(date(2017, 1, 15), \"15/01/2017\")", NULL, "true");
    EXPECT_BLK("has_date_lt(\"on 2017-01-15T23:00:00Z\", \"2017-01-16\")", NULL, "true");
    EXPECT_BLK("has_date_gt(x, \"2017-01-16\")", NULL, "false");
    EXPECT_BLK("has_time(\"at 09:15:30 sharp\")", NULL,
               "{\"__value__\":true,\"match\":{\"$time\":\"09:15:30\"}}");
    EXPECT_BLK("has_time(\"at 9:15\")", NULL, "false"); /* hours need two digits */
    EXPECT_BLK("has_time(now())", NULL,
               "{\"__value__\":true,\"match\":{\"$time\":\"05:06:07.123000\"}}");
    EXPECT_BLK("has_time(x)", NULL, "false");
}

Test(fn_tests, email_group_phone)
{
    EXPECT_BLK("has_email(\"mail a.b+c@mail.example.co.za!\")", NULL,
               "{\"__value__\":true,\"email\":\"a.b+c@mail.example.co.za\"}");
    EXPECT_BLK("has_email(\"user@localhost\")", NULL, "{\"__value__\":false,\"email\":null}");
    EXPECT_BLK("has_email(x)", NULL, "{\"__value__\":false,\"email\":null}");
    EXPECT_BLK("has_group(g, \"b\")", "{\"g\": [{\"uuid\": \"a\"}, 1, {\"uuid\": \"b\"}]}", "true");
    EXPECT_BLK("has_group(g, \"c\")", "{\"g\": []}", "false");
    EXPECT_BLK("has_group(x, \"c\")", NULL, "ERROR");
    EXPECT_BLK("has_phone(\"call +27 82 123 4567\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+27821234567\"}");
    EXPECT_BLK("has_phone(\"082 123 4567\", \"ZA\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+27821234567\"}");
    EXPECT_BLK("has_phone(\"(206) 779-9294\", \"US\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+12067799294\"}");
    EXPECT_BLK("has_phone(\"011 44 20 7946 0958\", \"US\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+442079460958\"}");
    EXPECT_BLK("has_phone(\"2067799294\")", NULL, "{\"__value__\":false,\"phonenumber\":null}");
    EXPECT_BLK("has_phone(\"+27\")", NULL, "{\"__value__\":false,\"phonenumber\":null}");
    EXPECT_BLK("has_phone(\"at 10:30 call 0821234567\", \"ZA\")", NULL,
               "{\"__value__\":false,\"phonenumber\":null}");
}

Test(fn_tests, phone_formats_and_regions)
{
    EXPECT_BLK("has_phone(\"+44 20 7946 0958\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+442079460958\"}");
    EXPECT_BLK("has_phone(\"020 7946 0958\", \"GB\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+442079460958\"}");
    EXPECT_BLK("has_phone(\"0027 82 123 4567\", \"ZA\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+27821234567\"}");
    EXPECT_BLK("has_phone(\"0712 345 678\", \"KE\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+254712345678\"}");
    EXPECT_BLK("has_phone(\"+234 803 123 4567\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+2348031234567\"}");
    EXPECT_BLK("has_phone(\"1 (206) 779-9294\", \"US\")", NULL,
               "{\"__value__\":true,\"phonenumber\":\"+12067799294\"}");
    EXPECT_BLK("has_phone(\"+1 106 779 9294\")", NULL, /* area codes start with 2-9 */
               "{\"__value__\":false,\"phonenumber\":null}");
    EXPECT_BLK("has_phone(\"+27 82 123\")", NULL, "{\"__value__\":false,\"phonenumber\":null}");
    EXPECT_BLK("has_phone(\"+٢٧ ٨٢ ١٢٣ ٤٥٦٧\")", NULL, /* digits of other scripts */
               "{\"__value__\":true,\"phonenumber\":\"+27821234567\"}");
    EXPECT_BLK("has_phone(\"082 123 4567\", \"XX\")", NULL,
               "{\"__value__\":false,\"phonenumber\":null}");
    EXPECT_BLK("has_phone(x, \"US\")", NULL, "{\"__value__\":false,\"phonenumber\":null}");
}
