/* Expression values: context coercion, __value__ maps, rendering of every type to text. */
#include "expr_test.h"

Test(expr_context, strings_that_are_one_literal_are_coerced)
{
    const char *ctx = "{\"i\": \"42\", \"f\": \"1.5\", \"neg\": \"-3\", \"z\": \"007\", \"u\": "
                      "\"1_000\", \"t\": \"TRUE\", \"d\": \"31-01-2022\", \"dt\": "
                      "\"2022-01-31T10:00:00\", \"tm\": \"10:30\", \"q\": \"'quoted'\", \"dq\": "
                      "\"\\\"dq\\\"\"}";
    expect_str(block("i", ctx), "42");
    expect_str(block("f", ctx), "1.5");
    expect_str(block("neg", ctx), "-3");
    expect_str(block("z", ctx), "7");
    expect_str(block("u", ctx), "10");
    expect_str(block("t", ctx), "true");
    expect_str(block("d", ctx), "{\"$date\":\"2022-01-31\"}");
    expect_str(block("dt", ctx), "{\"$datetime\":\"2022-01-31T10:00:00.0Z\"}");
    expect_str(block("tm", ctx), "{\"$time\":\"10:30:00\"}");
    expect_str(block("q", ctx), "\"quoted\"");
    expect_str(block("dq", ctx), "\"dq\"");
}

Test(expr_context, other_strings_stay_strings)
{
    const char *ctx = "{\"a\": \" true\", \"b\": \"+27123\", \"c\": \"1,5\", \"d\": \"12abc\", "
                      "\"e\": \"hello\", \"f\": \"2022-02-30\"}";
    expect_str(block("a", ctx), "\" true\"");
    expect_str(block("b", ctx), "\"+27123\"");
    expect_str(block("c", ctx), "\"1,5\"");
    expect_str(block("d", ctx), "\"12abc\"");
    expect_str(block("e", ctx), "\"hello\"");
    expect_str(block("f", ctx), "\"2022-02-30\"");
}

Test(expr_context, coercion_applies_inside_lists_and_nested_maps)
{
    const char *ctx = "{\"mixed\": [\"2020-12-13T23:34:45\", 1, \"true\", \"binary\"], "
                      "\"n\": {\"m\": {\"x\": \"5\"}}}";
    expect_str(block("mixed", ctx),
               "[{\"$datetime\":\"2020-12-13T23:34:45.0Z\"},1,true,\"binary\"]");
    expect_str(block("n.m.x + 1", ctx), "6");
}

Test(expr_context, tagged_values)
{
    const char *ctx = "{\"d\": {\"$date\": \"2022-11-06\"}, \"dt\": {\"$datetime\": "
                      "\"2022-07-31T02:00:00+02:00\"}, \"t\": {\"$time\": \"10:00:00\"}}";
    expect_str(block("d", ctx), "{\"$date\":\"2022-11-06\"}");
    expect_str(as_string("@dt", ctx), "2022-07-31T00:00:00Z");
    expect_str(as_string("@t", ctx), "~T[10:00:00]");
}

Test(expr_values, dunder_value_maps)
{
    const char *ctx = "{\"m\": {\"__value__\": \"X\", \"match\": \"y\"}}";
    expect_str(as_string("@m", ctx), "X");
    expect_str(as_string("@m.match", ctx), "y");
    expect_str(chunks("@m", ctx), "\"X\"");
    expect_str(chunks("@([m, [m]])", ctx), "[\"X\",[\"X\"]]");
    expect_str(block("m", ctx), "{\"__value__\":\"X\",\"match\":\"y\"}");
    expect_str(as_string("@([m, 1])", ctx), "X1");
    /* inside a map it stays a map */
    expect_str(chunks("@(x)", "{\"x\": {\"m\": {\"__value__\": 1}}}"), "{\"m\":{\"__value__\":1}}");
    /* arithmetic does not unwrap */
    expect_error("m + 1", "{\"m\": {\"__value__\": 1}}");
    /* concatenate does */
    expect_str(block("concatenate(m, \"!\")", ctx), "\"X!\"");
}

Test(expr_render, floats_as_erlang_shortest)
{
    static const struct {
        const char *src, *want;
    } cases[] = {
        {"@(1.0)", "1.0"},
        {"@(5.0)", "5.0"},
        {"@(2 ^ 3)", "8.0"},
        {"@(1.5)", "1.5"},
        {"@(100.0)", "100.0"},
        {"@(0.001)", "0.001"},
        {"@(0.0001)", "0.0001"},
        {"@(0.0005)", "0.0005"},
        {"@(1000.0)", "1.0e3"},
        {"@(10000.0)", "1.0e4"},
        {"@(123000.0)", "1.23e5"},
        {"@(123456789.0)", "123456789.0"},
        {"@(12345.678)", "12345.678"},
        {"@(0.00005)", "5.0e-5"},
        {"@(0.00012)", "1.2e-4"},
        {"@(0.00001)", "1.0e-5"},
        {"@(0.1 + 0.2)", "0.30000000000000004"},
        {"@(1 / 3)", "0.3333333333333333"},
        {"@(-0.0)", "-0.0"},
        {"@(9007199254740992.0)", "9.007199254740992e15"},
        {"@(1234567890.0)", "1234567890.0"},
    };
    for (size_t i = 0; i < FL_ARRAY_LEN(cases); i++)
        expect_str(as_string(cases[i].src, NULL), cases[i].want);
}

Test(expr_render, scalars_dates_lists_maps)
{
    expect_str(as_string("@(true) @(false) @x", "{\"x\": null}"), "true false ");
    expect_str(as_string("@(123456789012345678)", NULL), "123456789012345678");
    expect_str(as_string("@([\"a\", [\"b\", 1]])", NULL), "ab1");
    expect_str(as_string("@(2022-01-31)", NULL), "2022-01-31");
    expect_str(as_string("@(31-01-2022 10:30)", NULL), "2022-01-31T10:30:00Z");
    expect_str(as_string("@(2022-05-24T00:00:00.123456)", NULL), "2022-05-24T00:00:00.123456Z");
    expect_str(as_string("@p", "{\"p\": {\"age\": 32}}"), "%{\"age\" => 32}");
    expect_str(as_string("@p", "{\"p\": {\"c\": {\"d\": 1.5}, \"b\": 1, \"a\": [1, \"x\", null, "
                               "true]}}"),
               "%{\"a\" => [1, \"x\", nil, true], \"b\" => 1, \"c\" => %{\"d\" => 1.5}}");
    expect_str(as_string("@p", "{\"p\": {}}"), "%{}");
    expect_str(as_string("@p", "{\"p\": {\"s\": \"q\\\"uote\"}}"), "%{\"s\" => \"q\\\"uote\"}");
    expect_str(as_string("@p", "{\"p\": {\"d\": \"2022-01-31\", \"t\": \"10:30\"}}"),
               "%{\"d\" => ~D[2022-01-31], \"t\" => ~T[10:30:00]}");
}

Test(expr_values, lambdas_and_captures)
{
    expect_str(block("map(1..3, &(&1 * &1))", NULL), "[1,4,9]");
    expect_str(block("map([\"a\", \"b\"], &([&1, concatenate(\"x\", &1)]))", NULL),
               "[[\"a\",\"xa\"],[\"b\",\"xb\"]]");
    expect_str(block("map(l, &(&1.name))", "{\"l\": [{\"name\": \"A\"}, {\"name\": \"B\"}]}"),
               "[\"A\",\"B\"]");
    expect_str(block("map(0..10//5, &(&1))", NULL), "[0,5,10]");
}

Test(expr_values, logic_functions_follow_the_library)
{
    expect_str(block("or(1, 2)", NULL), "2");
    expect_str(block("or(false, \"foo\")", NULL), "\"foo\"");
    expect_str(block("or(1, false)", NULL), "1");
    expect_str(block("or(1 = 1, 1 / 0)", NULL), "true");
    expect_error("if(true, 1, 1 / 0)", NULL);
    /* branches that are not calls or operators are only evaluated when selected */
    expect_str(block("if(false, missing & \"!\", \"x\")", NULL), "\"x\"");
    expect_str(block("if(true, \"x\", [1 ^ \"a\"])", NULL), "\"x\"");
    expect_error("if(true, missing & \"!\", \"x\")", NULL);
    expect_str(block("if(0, \"a\", \"b\")", NULL), "\"a\"");
    expect_str(block("not(0)", NULL), "false");
    expect_str(block("and()", NULL), "true");
    expect_str(block("if(missing, 1, 2)", NULL), "2");
}

Test(expr_values, unknown_functions_are_a_text_value)
{
    expect_str(block("nosuch(1)", NULL), "\"ERROR: \\\"nosuch is not implemented.\\\"\"");
    expect_str(as_string("@upper(1, 2)", NULL), "ERROR: \"upper is not implemented.\"");
}

Test(expr_values, property_quirks)
{
    const char *ctx = "{\"foo\": {\"bar\": {\"123\": {\"baz\": \"v\"}}}, \"s\": \"text\"}";
    expect_str(as_string("@foo.bar.123.baz", ctx), "v");
    expect_str(block("foo.1", ctx), "1");
    expect_str(block("s.x", ctx), "null");
    expect_str(block("s[0]", ctx), "null");
    expect_error("foo[0]", ctx);
}

Test(expr_values, function_results_with_at_are_templated_again)
{
    expect_str(block("upper(concatenate(\"@@\", \"name\"))", "{\"name\": \"Bob\"}"), "\"BOB\"");
    /* a lone "@" in a string literal is an empty expression */
    expect_str(block("concatenate(\"@\", \"name\")", NULL), "\"name\"");
}
