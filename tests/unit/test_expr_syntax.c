/* Expression syntax: templates, shorthand, blocks, literals, operators and precedence. */
#include "expr_test.h"

Test(expr_template, text_and_shorthand_variables)
{
    const char *ctx = "{\"contact\": {\"name\": \"Bob\"}, \"foo\": \"bar\", \"foo_bar\": \"x\"}";
    expect_str(as_string("Hello @contact.name", ctx), "Hello Bob");
    expect_str(as_string("@contact.name's", ctx), "Bob's");
    expect_str(as_string("@foo.", ctx), "bar.");
    expect_str(as_string("@foo_bar!", ctx), "x!");
    expect_str(as_string("no expressions at all", ctx), "no expressions at all");
    expect_str(as_string("", ctx), "");
}

Test(expr_template, double_at_is_a_literal_at_chunk)
{
    expect_str(as_string("user@@example.org", NULL), "user@example.org");
    expect_str(chunks("user@@example.org", NULL), "[\"user\",\"@\",\"example.org\"]");
}

Test(expr_template, lone_at_disappears)
{
    expect_str(as_string("foo @ bar", NULL), "foo  bar");
    expect_str(as_string("email@", NULL), "email");
    expect_str(as_string("@", NULL), "");
    expect_str(chunks("@", NULL), "[]");
}

Test(expr_template, email_addresses_survive_when_missing)
{
    expect_str(as_string("info@support.com", NULL), "info@support.com");
    expect_str(as_string("write to info@support.com today", "{\"support\": {}}"),
               "write to info@com today");
    expect_str(as_string("x@support.com", "{\"support\": {\"com\": \"Y\"}}"), "xY");
}

Test(expr_template, missing_variables_per_entry_point)
{
    expect_str(as_string("@foo", NULL), "@foo");
    expect_str(as_string("hi @foo.bar baz", NULL), "hi @foo.bar baz");
    expect_str(as_string("@x.y.z", "{\"x\": {}}"), "@y.z");
    expect_str(as_string("@x.y", "{\"x\": {\"y\": null}}"), "");
    expect_str(as_string("@x[0]", NULL), "");
    expect_str(chunks("@foo", NULL), "null");
    expect_str(chunks("a @foo", NULL), "[\"a \",null]");
    expect_str(block("foo", NULL), "null");
}

Test(expr_template, block_whitespace_and_fallback)
{
    expect_str(as_string("@(  1 + 1  )", NULL), "2");
    expect_str(as_string("@(\n1 + 1\n)", NULL), "2");
    /* A malformed block is a lone @ followed by text, as in the library. */
    expect_str(as_string("@(1 +", NULL), "(1 +");
}

Test(expr_template, single_chunk_is_bare)
{
    expect_str(chunks("@(1+1)", NULL), "2");
    expect_str(chunks("a@(1+1)", NULL), "[\"a\",2]");
}

Test(expr_template, names_are_case_insensitive)
{
    const char *ctx = "{\"Contact\": {\"Name\": \"Bob\"}}";
    expect_str(as_string("@CONTACT.Name", ctx), "Bob");
    expect_str(as_string("@contact.name", ctx), "Bob");
    expect_str(as_string("@UPPER(contact.name)", ctx), "BOB");
    /* index keys are not lower-cased, and context keys are */
    expect_str(block("contact[\"name\"]", ctx), "\"Bob\"");
    expect_str(block("contact[\"Name\"]", ctx), "null");
}

Test(expr_literals, numbers)
{
    expect_str(block("007", NULL), "7");
    expect_str(block("-1", NULL), "-1");
    expect_str(block("1_000", NULL), "10");
    expect_str(as_string("@(-0.00002)", NULL), "-2.0e-5");
    expect_str(as_string("@(1.23)", NULL), "1.23");
}

Test(expr_literals, booleans_any_case_and_no_nil_literal)
{
    expect_str(block("tRuE", NULL), "true");
    expect_str(block("FALSE", NULL), "false");
    expect_str(block("nil", NULL), "null");
    expect_str(block("null", "{\"null\": 3}"), "3");
}

Test(expr_literals, strings_and_escapes)
{
    expect_str(block("\"a\\\"b\"", NULL), "\"a\\\"b\"");
    expect_str(block("'it\\'s'", NULL), "\"it's\"");
    expect_str(block("\"a\\nb\"", NULL), "\"a\\\\nb\"");
}

Test(expr_literals, string_literals_are_templates)
{
    const char *ctx = "{\"confirm\": \"successful\", \"name\": \"Bob\"}";
    expect_str(block("\"was @confirm\"", ctx), "\"was successful\"");
    expect_str(block("upper(\"@name\")", ctx), "\"BOB\"");
    expect_str(block("\"@@x\"", ctx), "\"@x\"");
}

Test(expr_literals, dates_times_datetimes)
{
    expect_str(block("2022-01-31", NULL), "{\"$date\":\"2022-01-31\"}");
    expect_str(block("31/01/2022", NULL), "{\"$date\":\"2022-01-31\"}");
    expect_str(block("10:30", NULL), "{\"$time\":\"10:30:00\"}");
    expect_str(block("2022-01-31T10:30:00Z", NULL), "{\"$datetime\":\"2022-01-31T10:30:00.0Z\"}");
    expect_str(block("31-01-2022 10:30", NULL), "{\"$datetime\":\"2022-01-31T10:30:00Z\"}");
    expect_str(as_string("@(2022-05-24T00:00:00.123)", NULL), "2022-05-24T00:00:00.000Z");
    expect_str(as_string("@(10:30)", NULL), "~T[10:30:00]");
}

Test(expr_literals, lists_and_ranges)
{
    expect_str(block("[1, \"a\", [true]]", NULL), "[1,\"a\",[true]]");
    expect_str(block("[]", NULL), "[]");
    expect_str(as_string("@([1, 2, 3])", NULL), "123");
    expect_str(as_string("@(1..3)", NULL), "1..3");
    expect_str(block("[10, 20, 30, 40][1..2]", NULL), "[20,30]");
    expect_str(block("[10, 20, 30][-1]", NULL), "30");
    expect_str(block("[10, 20, 30][5]", NULL), "null");
}

Test(expr_identifiers, dash_is_an_identifier_character)
{
    expect_str(block("x-1", "{\"x-1\": 5, \"x\": 9}"), "5");
    expect_str(block("x - 1", "{\"x\": 9}"), "8");
    expect_str(as_string("@foo-bar", "{\"foo-bar\": \"ok\"}"), "ok");
}

Test(expr_operators, precedence_and_associativity)
{
    expect_str(block("3 * (5 + 2)", NULL), "21");
    expect_str(block("1 + 2 * 3", NULL), "7");
    expect_str(block("2 ^ 3", NULL), "8.0");
    expect_str(block("2 ^ 3 ^ 2", NULL), "64.0");
    expect_str(block("4 / 2", NULL), "2.0");
    expect_str(block("10 - 2 - 3", NULL), "5");
    expect_str(block("1 + 2 > 2", NULL), "true");
    expect_str(block("1 + 1 = 2", NULL), "true");
    expect_str(block("1 == 1 == true", NULL), "true");
    expect_error("2 = 1 + 1", NULL);
    expect_error("1 > 0 + 1", NULL);
    expect_str(block("2*-1", NULL), "-2");
    expect_str(block("1 - -1", NULL), "2");
}

Test(expr_operators, no_unary_minus)
{
    fl_expr *e;
    fl_error err;
    cr_expect_eq(fl_expr_compile("-x", 2, FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
    cr_expect_eq(fl_expr_compile("- 1", 3, FL_EXPR_BLOCK, &e, &err), FL_EPARSE);
}

Test(expr_operators, concatenation)
{
    expect_str(block("1 & 2", NULL), "\"12\"");
    expect_str(block("\"a\" & 1.5", NULL), "\"a1.5\"");
    expect_str(block("\"a\" & x", "{\"x\": null}"), "\"a\"");
    expect_str(block("2022-01-31 & \"!\"", NULL), "\"2022-01-31!\"");
    expect_error("\"a\" & missing", NULL);
}

Test(expr_operators, equality)
{
    expect_str(block("1 = 1.0", NULL), "true");
    expect_str(block("\"1\" = 1", NULL), "false");
    expect_str(block("\"a\" = \"A\"", NULL), "false");
    expect_str(block("a = b", NULL), "true");
    expect_str(block("1 <> 2", NULL), "true");
    expect_str(block("1 != 1", NULL), "false");
    expect_str(block("m = 5", "{\"m\": {\"__value__\": 5, \"x\": 1}}"), "true");
}

Test(expr_operators, arithmetic_needs_numbers)
{
    char *m = block_error("contact.age + 1", "{\"contact\": {}}");
    cr_expect(m && strstr(m, "attribute is not found: `age`"), "got %s", m);
    free(m);
    m = block_error("block.value > 1", NULL);
    cr_expect(m && strstr(m, "attribute is not found: `block.value`"), "got %s", m);
    free(m);
    m = block_error("\"a\" * 2", NULL);
    cr_expect(m && strstr(m, "expression is not a number: `\"a\"`"), "got %s", m);
    free(m);
    expect_error("1 / 0", NULL);
    /* context strings that are numbers were coerced */
    expect_str(block("contact.age > 18", "{\"contact\": {\"age\": \"20\"}}"), "true");
}

Test(expr_operators, dates_compare_chronologically)
{
    expect_str(block("d < \"2024-01-01\"", "{\"d\": \"2023-12-31\"}"), "true");
    expect_str(block("2022-01-02 > 2021-12-31", NULL), "true");
    expect_str(block("2020-01-02 = \"2020-01-02\"", NULL), "true");
    expect_str(block("2022-01-01T10:00:00Z > 2022-01-01T09:00:00Z", NULL), "true");
}
