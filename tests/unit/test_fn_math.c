/* The number functions and the logic functions: rounding of fixed/percent, term order of
 * max/min, integer overflow, wrong types as error values, truthiness and the or() fold. */
#include "fn_helpers.h"

Test(fn_math, abs_power_rem_sum)
{
    EXPECT_BLK("abs(-0.5)", NULL, "0.5");
    EXPECT_BLK("abs(3)", NULL, "3");
    EXPECT_BLK("abs(\"x\")", NULL, "ERROR");
    EXPECT_BLK("abs(x)", NULL, "ERROR");
    EXPECT_BLK("power(2, 0.5)", NULL, "1.4142135623730951");
    EXPECT_BLK("power(2, -1)", NULL, "0.5");
    EXPECT_BLK("power(\"2\", 3)", NULL, "ERROR");
    EXPECT_BLK("power(10, 400)", NULL, "ERROR");
    EXPECT_BLK("rem(-7, 3)", NULL, "-1"); /* sign of the dividend */
    EXPECT_BLK("rem(7, -3)", NULL, "1");
    EXPECT_BLK("rem(7, 0)", NULL, "ERROR");
    EXPECT_BLK("rem(7.5, 2)", NULL, "ERROR");
    EXPECT_BLK("sum()", NULL, "0");
    EXPECT_BLK("sum(1, 2.5)", NULL, "3.5");
    EXPECT_BLK("sum(1, \"2\")", NULL, "ERROR");
    EXPECT_BLK("sum(9223372036854775807, 1)", NULL, "ERROR");
}

Test(fn_math, fixed_rounds_the_shortest_decimal_half_away_from_zero)
{
    EXPECT_BLK("fixed(1.005, 2)", NULL, "\"1.01\"");
    EXPECT_BLK("fixed(2.5, 0)", NULL, "\"3\"");
    EXPECT_BLK("fixed(-2.5, 0)", NULL, "\"-3\"");
    EXPECT_BLK("fixed(0.0909, 2)", NULL, "\"0.09\"");
    EXPECT_BLK("fixed(1234567.891, 2)", NULL, "\"1,234,567.89\"");
    EXPECT_BLK("fixed(999.999, 2)", NULL, "\"1,000.00\"");
    EXPECT_BLK("fixed(5, 2)", NULL, "\"5.00\"");
    EXPECT_BLK("fixed(-1234, 0)", NULL, "\"-1,234\"");
    EXPECT_BLK("fixed(0.004, 2)", NULL, "\"0.00\"");
    EXPECT_BLK("fixed(0.006, 2)", NULL, "\"0.01\"");
    EXPECT_BLK("fixed(power(10, 20), 0)", NULL, "\"100,000,000,000,000,000,000\"");
    EXPECT_BLK("fixed(\"4.5\", 0)", NULL, "\"5\"");
    EXPECT_BLK("fixed(x, 2)", NULL, "null");
    EXPECT_BLK("fixed(\"abc\", 2)", NULL, "ERROR");
    EXPECT_BLK("fixed(1.5, \"2\")", NULL, "ERROR");
}

Test(fn_math, percent)
{
    EXPECT_BLK("percent(0.125)", NULL, "\"13%\"");
    EXPECT_BLK("percent(1)", NULL, "\"100%\"");
    EXPECT_BLK("percent(12.5)", NULL, "\"1250%\"");
    EXPECT_BLK("percent(-0.5)", NULL, "\"-50%\"");
    EXPECT_BLK("percent(\"0.5\")", NULL, "\"50%\"");
    EXPECT_BLK("percent(\"abc\")", NULL, "null");
    EXPECT_BLK("percent(x)", NULL, "null");
}

Test(fn_math, max_min_follow_term_order)
{
    EXPECT_BLK("max(1, 2.5, 2)", NULL, "2.5");
    EXPECT_BLK("min(3, 1.0, 1)", NULL, "1.0");  /* the first of equals */
    EXPECT_BLK("max(1, \"a\")", NULL, "\"a\""); /* numbers sort before strings */
    EXPECT_BLK("max(\"apple\", \"banana\")", NULL, "\"banana\"");
    EXPECT_BLK("min(1, true, x)", NULL, "1");
    EXPECT_BLK("max(false, x)", NULL, "null"); /* atoms: false < nil < true */
    EXPECT_BLK("max(1, [0])", NULL, "[0]");
    /* Dates are compared as structs, day first (as the library does). */
    EXPECT_BLK("max(date(2020, 1, 2), date(2019, 12, 31))", NULL, "{\"$date\":\"2019-12-31\"}");
    EXPECT_BLK("max()", NULL, "ERROR");
}

Test(fn_math, rand_between_is_seeded_and_in_range)
{
    const char *first = strdup(blk("rand_between(1, 6)", NULL));
    EXPECT_BLK("rand_between(1, 6)", NULL, first); /* same seed, same draw */
    int v = atoi(first);
    cr_assert(v >= 1 && v <= 6);
    free((void *)first);
    EXPECT_BLK("rand_between(5, 5)", NULL, "5");
    EXPECT_BLK("rand_between(1, \"6\")", NULL, "ERROR");
}

Test(fn_logic, truthiness_and_or_fold)
{
    EXPECT_BLK("if(0, \"a\", \"b\")", NULL, "\"a\"");
    EXPECT_BLK("if(\"\", \"a\", \"b\")", NULL, "\"a\"");
    EXPECT_BLK("if(x, \"a\", \"b\")", NULL, "\"b\"");
    EXPECT_BLK("not(0)", NULL, "false");
    EXPECT_BLK("not(x)", NULL, "true");
    EXPECT_BLK("and()", NULL, "true");
    EXPECT_BLK("and(1, \"x\", [])", NULL, "true");
    EXPECT_BLK("and(1, x)", NULL, "false");
    EXPECT_BLK("or(1, 2)", NULL, "2");
    EXPECT_BLK("or(1, false)", NULL, "1");
    EXPECT_BLK("or(x, false)", NULL, "null");
    EXPECT_BLK("or()", NULL, "ERROR");
}

Test(fn_logic, type_tests)
{
    EXPECT_BLK("isnumber(\"12\")", NULL, "true");
    EXPECT_BLK("isnumber(\"1\")", NULL, "false");  /* the pattern needs two characters */
    EXPECT_BLK("isnumber(\"1x2\")", NULL, "true"); /* its middle "." matches anything */
    EXPECT_BLK("isnumber(\"1xy2\")", NULL, "false");
    EXPECT_BLK("isnumber(\"-12\")", NULL, "false");
    EXPECT_BLK("isnumber(x)", NULL, "false");
    EXPECT_BLK("isnumber(n)", "{\"n\": \"42\"}", "true"); /* context text became a number */
    EXPECT_BLK("isstring(n)", "{\"n\": \"42\"}", "false");
    EXPECT_BLK("isstring(s)", "{\"s\": \"hi\"}", "true");
    EXPECT_BLK("isbool(b)", "{\"b\": \"TRUE\"}", "true");
    EXPECT_BLK("isbool(x)", NULL, "false");
}
