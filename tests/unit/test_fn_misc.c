/* The list and map functions: append, delete, map, with ranges, lambdas and wrong types. */
#include "fn_helpers.h"

Test(fn_misc, append)
{
    EXPECT_BLK("append([], 1)", NULL, "[1]");
    EXPECT_BLK("append(1..3, [4])", NULL, "[1,2,3,4]");
    EXPECT_BLK("append([1], [[2]])", NULL, "[1,[2]]");
    EXPECT_BLK("append(l, x)", "{\"l\": [\"a\"]}", "[\"a\",null]");
    EXPECT_BLK("append(x, 1)", NULL, "ERROR");
    EXPECT_BLK("append(\"ab\", 1)", NULL, "ERROR");
    EXPECT_STR("@append([\"A\"], \"B\")", NULL, "AB");
}

Test(fn_misc, delete)
{
    EXPECT_BLK("delete(m, \"b\")", "{\"m\": {\"a\": 1, \"b\": 2}}", "{\"a\":1}");
    EXPECT_BLK("delete(m, \"B\")", "{\"m\": {\"a\": 1, \"b\": 2}}", "{\"a\":1,\"b\":2}");
    EXPECT_BLK("delete(m, \"zz\")", "{\"m\": {\"a\": 1}}", "{\"a\":1}");
    EXPECT_BLK("delete(m, 1)", "{\"m\": {\"a\": 1}}", "{\"a\":1}");
    EXPECT_BLK("delete(x, \"a\")", NULL, "ERROR");
    EXPECT_BLK("delete([1], \"a\")", NULL, "ERROR");
}

Test(fn_misc, map)
{
    EXPECT_BLK("map([1, 2], &(&1 + 1))", NULL, "[2,3]");
    EXPECT_BLK("map([], &(&1 + 1))", NULL, "[]");
    EXPECT_BLK("map(l, &upper(&1))", "{\"l\": [\"a\", \"b\"]}", "[\"A\",\"B\"]");
    EXPECT_BLK("map(0..4//2, &(&1 * 10))", NULL, "[0,20,40]");
    EXPECT_BLK("map([\"a\"], &(&1 + 1))", NULL, "ERROR"); /* the lambda's error comes through */
    EXPECT_BLK("map(x, &(&1))", NULL, "ERROR");
    EXPECT_BLK("map([1], 2)", NULL, "ERROR");
}
