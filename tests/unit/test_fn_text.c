/* The text functions beyond the library's own examples: Unicode (combining marks, emoji, case
 * mapping), negative and out-of-range positions, nil and wrong types (error values, no crash). */
#include "fn_helpers.h"

Test(fn_text, lengths_count_graphemes)
{
    EXPECT_BLK("len(\"zoë\")", NULL, "3");
    EXPECT_BLK("len(\"zoe\xcc\x88\")", NULL, "3");           /* e + combining diaeresis */
    EXPECT_BLK("len(\"👨‍👩‍👧 ok\")", NULL, "4"); /* one ZWJ family, space, o, k */
    EXPECT_BLK("len(\"🇿🇦\")", NULL, "1");
    EXPECT_BLK("len(x)", NULL, "0");
    EXPECT_BLK("len(123)", NULL, "3");
    EXPECT_BLK("len(\"\")", NULL, "0");
}

Test(fn_text, left_and_right)
{
    EXPECT_BLK("left(\"héllo\", 3)", NULL, "\"hél\"");
    EXPECT_BLK("left(\"e\xcc\x88x\", 1)", NULL, "\"e\xcc\x88\"");
    EXPECT_BLK("left(\"abc\", 10)", NULL, "\"abc\"");
    EXPECT_BLK("left(\"abc\", 0)", NULL, "\"\"");
    EXPECT_BLK("left(x, 2)", NULL, "null");
    EXPECT_BLK("left(\"abc\", -1)", NULL, "ERROR");
    EXPECT_BLK("left(\"abc\", \"x\")", NULL, "ERROR");
    EXPECT_BLK("right(\"testing\", 3)", NULL, "\"ing\"");
    EXPECT_BLK("right(\"🎉🎊🎈\", 2)", NULL, "\"🎊🎈\"");
    /* Longer than the text: the library slices from before the start and gets nothing. */
    EXPECT_BLK("right(\"abc\", 5)", NULL, "\"\"");
    EXPECT_BLK("right(\"abc\", 0)", NULL, "\"\"");
    EXPECT_BLK("right(\"abc\", -1)", NULL, "ERROR");
    EXPECT_BLK("right(12, 1)", NULL, "null");
}

Test(fn_text, case_mapping)
{
    EXPECT_BLK("upper(\"straße\")", NULL, "\"STRASSE\"");
    EXPECT_BLK("upper(\"éàü\")", NULL, "\"ÉÀÜ\"");
    EXPECT_BLK("lower(\"ÉCOLE\")", NULL, "\"école\"");
    EXPECT_BLK("lower(\"ΟΔΟΣ\")", NULL, "\"οδος\"");
    EXPECT_BLK("upper(x)", NULL, "null");
    EXPECT_BLK("upper(1)", NULL, "null");
    EXPECT_BLK("proper(\"hello wORLD\")", NULL, "\"Hello World\"");
    EXPECT_BLK("proper(\"élan vital\")", NULL, "\"Élan Vital\"");
    /* Only single spaces separate words; other whitespace stays inside a word. */
    EXPECT_BLK("proper(\"a  b\tc\")", NULL, "\"A  B\\tc\"");
    EXPECT_BLK("proper(x)", NULL, "null");
    /* ASCII text takes a shorter path: it must give what the general one gives. */
    EXPECT_BLK("proper(\"1st pLACE  x\")", NULL, "\"1st Place  X\"");
    EXPECT_BLK("proper(\"1st pLACE  xé\")", NULL, "\"1st Place  Xé\"");
    EXPECT_BLK("proper(\" lead\ttAB\")", NULL, "\" Lead\\ttab\"");
    EXPECT_BLK("proper(\" lead\ttABé\")", NULL, "\" Lead\\ttabé\"");
    EXPECT_BLK("proper(\"\")", NULL, "\"\"");
}

Test(fn_text, char_code_unichar_unicode)
{
    EXPECT_BLK("char(65)", NULL, "\"A\"");
    EXPECT_BLK("char(321)", NULL, "\"A\""); /* only the low byte, as <<code>> does */
    EXPECT_BLK("char(\"A\")", NULL, "ERROR");
    EXPECT_BLK("code(\"A\")", NULL, "65");
    EXPECT_BLK("code(x)", NULL, "null");
    EXPECT_BLK("code(\"AB\")", NULL, "ERROR");
    EXPECT_BLK("unichar(128512)", NULL, "\"😀\"");
    EXPECT_BLK("unichar(55296)", NULL, "ERROR"); /* a surrogate */
    EXPECT_BLK("unichar(-1)", NULL, "ERROR");
    EXPECT_BLK("unicode(\"😀\")", NULL, "128512");
    EXPECT_BLK("unicode(\"ab\")", NULL, "ERROR");
    EXPECT_BLK("unicode(\"\")", NULL, "ERROR");
}

Test(fn_text, clean_concatenate_rept_substitute)
{
    EXPECT_BLK("clean(v)", "{\"v\": \"a\\u0001b\\u0085c\\n\"}", "\"abc\\n\"");
    EXPECT_BLK("clean(x)", NULL, "\"\"");
    EXPECT_BLK("concatenate(\"a\", 1, 1.5, true, x)", NULL, "\"a11.5true\"");
    EXPECT_BLK("concatenate(m)", "{\"m\": {\"__value__\": \"v\", \"x\": 1}}", "\"v\"");
    EXPECT_BLK("concatenate()", NULL, "\"\"");
    EXPECT_BLK("rept(\"ab\", 3)", NULL, "\"ababab\"");
    EXPECT_BLK("rept(\"ab\", 0)", NULL, "\"\"");
    EXPECT_BLK("rept(\"ab\", -1)", NULL, "ERROR");
    EXPECT_BLK("rept(x, 3)", NULL, "null");
    EXPECT_BLK("rept(\"a\", 100000000000)", NULL, "ERROR");
    EXPECT_BLK("substitute(\"a-b-c\", \"-\", \"+\")", NULL, "\"a+b+c\"");
    EXPECT_BLK("substitute(\"aaa\", \"aa\", \"b\")", NULL, "\"ba\"");
    EXPECT_BLK("substitute(\"ab\", \"\", \"-\")", NULL, "\"-a-b-\"");
    EXPECT_BLK("substitute(x, \"a\", \"b\")", NULL, "null");
    EXPECT_BLK("substitute(\"a\", 1, \"b\")", NULL, "ERROR");
}

Test(fn_text, words)
{
    EXPECT_BLK("first_word(\"  x\")", NULL, "\"\"");
    EXPECT_BLK("first_word(x)", NULL, "\"\"");
    EXPECT_BLK("word(\"hello cow-boy\", 0)", NULL, "\"boy\""); /* 0 is the last word */
    EXPECT_BLK("word(\"hello cow-boy\", 1)", NULL, "\"hello\"");
    EXPECT_BLK("word(\"hello cow-boy\", -3)", NULL, "\"hello\"");
    EXPECT_BLK("word(\"hello cow-boy\", 4)", NULL, "ERROR");
    EXPECT_BLK("word(\"hello cow-boy\", -4)", NULL, "ERROR");
    EXPECT_BLK("word(\"one, two; three\", 2)", NULL, "\"two\"");
    EXPECT_BLK("word(x, 1)", NULL, "\"\"");
    EXPECT_BLK("word(\"a b\", \"1\")", NULL, "ERROR");
    EXPECT_BLK("word_count(\"one, two; three!\")", NULL, "4"); /* the trailing "!" leaves "" */
    EXPECT_BLK("word_count(\"a  b\")", NULL, "3");
    EXPECT_BLK("word_count(\"\")", NULL, "1");
    EXPECT_BLK("word_count(x)", NULL, "0");
    EXPECT_BLK("word_count(12)", NULL, "ERROR");
    EXPECT_BLK("word_slice(\"a b c d\", 3)", NULL, "\"c d\"");
    EXPECT_BLK("word_slice(\"a b c d\", 9)", NULL, "\"\"");
    EXPECT_BLK("word_slice(\"a b c d\", -9)", NULL, "\"a b c d\"");
    EXPECT_BLK("word_slice(\"a b c d\", 0)", NULL, "ERROR");
    EXPECT_BLK("word_slice(\"a,b.c d\", 2, 4)", NULL, "\"b c\"");
    EXPECT_BLK("word_slice(\"a b c d\", 3, 2)", NULL, "\"\"");
    EXPECT_BLK("word_slice(\"a b c d\", 2, 0)", NULL, "ERROR");
    EXPECT_BLK("word_slice(\"a-b c-d\", 1, 3, true)", NULL, "\"a-b c-d\"");
    EXPECT_BLK("word_slice(\"a-b c-d\", 1, 3, false)", NULL, "\"a b\"");
    EXPECT_BLK("remove_first_word(\"a b c\")", NULL, "\"b c\"");
    EXPECT_BLK("remove_first_word(\"abc\")", NULL, "\"\"");
    EXPECT_BLK("remove_first_word(\"a--b--c\", \"--\")", NULL, "\"b--c\"");
    EXPECT_BLK("remove_first_word(x, \"-\")", NULL, "\"\"");
    EXPECT_BLK("remove_first_word(\"a b\", 1)", NULL, "ERROR");
    EXPECT_BLK("read_digits(\"+27 (0)82-123\")", NULL,
               "\"plus two seven zero eight two one two three\"");
    EXPECT_BLK("read_digits(x)", NULL, "\"\"");
}

Test(fn_text, names_are_case_insensitive_and_templates_render)
{
    EXPECT_BLK("UPPER(\"a\")", NULL, "\"A\"");
    EXPECT_STR("@Proper(name)!", "{\"name\": \"bob smith\"}", "Bob Smith!");
    EXPECT_STR("@left(name, 1).", "{\"name\": \"Émile\"}", "É.");
}
