/* test_harness.c: the parts of `floip test` that need no running journey: reports (human, TAP,
 * JUnit XML), XML escaping, filters, discovery, JSON comparisons and coverage counting. */
#include <criterion/criterion.h>

#include "sim/test.h"
#include "engine/util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *capture_file(void (*fn)(FILE *, void *), void *ud)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, ud);
    fclose(f);
    return buf;
}

/* A file with one result of each kind. */
static void sample(fl_test_file *f)
{
    memset(f, 0, sizeof *f);
    f->path = fl_xstrdup("dir/a_test.lua");
    fl_test_file_add(f, "passes");
    fl_test_result *r = fl_test_file_add(f, "group > compares");
    fl_test_result_fail(r, "dir/a_test.lua:7", "assert.equals: values differ", "\"Hi Bo\"",
                        "\"Hi <Ada> & co\"");
    r = fl_test_file_add(f, "multi");
    fl_test_result_fail(r, "dir/a_test.lua:9", "text differs", "\"one\\ntwo\"", "\"one\\nthree\"");
    r->output = fl_xstrdup("printed\n");
    r = fl_test_file_add(f, "later");
    r->status = FL_TEST_SKIP;
}

static void human(FILE *out, void *ud)
{
    fl_report_file_human(out, ud, false);
}

Test(report, human_side_by_side)
{
    fl_test_file f;
    sample(&f);
    char *text = capture_file(human, &f);
    cr_assert_str_eq(text, "dir/a_test.lua\n"
                           "  ok    passes\n"
                           "  FAIL  group > compares\n"
                           "        dir/a_test.lua:7: assert.equals: values differ\n"
                           "        expected: \"Hi Bo\"\n"
                           "        actual:   \"Hi <Ada> & co\"\n"
                           "  FAIL  multi\n"
                           "        dir/a_test.lua:9: text differs\n"
                           "        expected | actual\n"
                           "        one      | one\n"
                           "        two      ! three\n"
                           "        output:\n"
                           "          printed\n"
                           "  skip  later\n");
    free(text);
    fl_test_file_clear(&f);
}

static void file_error(FILE *out, void *ud)
{
    fl_report_file_human(out, ud, false);
}

Test(report, unusable_file)
{
    fl_test_file f = {0};
    f.path = fl_xstrdup("b_test.lua");
    f.error = fl_xstrdup("b_test.lua:3: 'end' expected near <eof>");
    char *text = capture_file(file_error, &f);
    cr_assert_str_eq(text, "b_test.lua\n  ERROR b_test.lua:3: 'end' expected near <eof>\n");
    free(text);
    fl_test_file_clear(&f);
}

static void summary(FILE *out, void *ud)
{
    fl_report_summary(out, ud);
}

Test(report, summary_line)
{
    fl_test_totals t = {.passed = 3, .failed = 1};
    char *text = capture_file(summary, &t);
    cr_assert_str_eq(text, "3 passed, 1 failed\n");
    free(text);
    t.skipped = 2;
    t.errors = 1;
    text = capture_file(summary, &t);
    cr_assert_str_eq(text, "3 passed, 1 failed, 2 skipped, 1 error\n");
    free(text);
}

static void tap(FILE *out, void *ud)
{
    size_t counter = 0;
    fl_report_file_tap(out, ud, &counter);
    fl_test_totals t = {.passed = 1, .failed = 2, .skipped = 1};
    fl_report_tap_end(out, counter, &t);
}

Test(report, tap)
{
    fl_test_file f;
    sample(&f);
    char *text = capture_file(tap, &f);
    cr_assert_str_eq(text, "ok 1 - dir/a_test.lua: passes\n"
                           "not ok 2 - dir/a_test.lua: group > compares\n"
                           "  ---\n"
                           "  message: \"assert.equals: values differ\"\n"
                           "  at: \"dir/a_test.lua:7\"\n"
                           "  expected: \"Hi Bo\"\n"
                           "  actual: \"Hi <Ada> & co\"\n"
                           "  ...\n"
                           "not ok 3 - dir/a_test.lua: multi\n"
                           "  ---\n"
                           "  message: \"text differs\"\n"
                           "  at: \"dir/a_test.lua:9\"\n"
                           "  expected: \"one\\ntwo\"\n"
                           "  actual: \"one\\nthree\"\n"
                           "  output: \"printed\\n\"\n"
                           "  ...\n"
                           "ok 4 - dir/a_test.lua: later # SKIP\n"
                           "1..4\n"
                           "# 1 passed, 2 failed, 1 skipped\n");
    free(text);
    fl_test_file_clear(&f);
}

Test(report, xml_escape)
{
    fl_buf b = FL_BUF_INIT;
    fl_xml_escape(&b, "a<b>&\"'\n\x01"
                      "c\xc3\xa9");
    cr_assert_str_eq(b.data, "a&lt;b&gt;&amp;&quot;&apos;&#10;?c\xc3\xa9");
    fl_buf_free(&b);
}

Test(report, junit)
{
    fl_test_file f;
    sample(&f);
    fl_test_file g = {0};
    g.path = fl_xstrdup("c.transcript.json");
    g.error = fl_xstrdup("c.transcript.json:1:2: invalid JSON: <oops>");
    char path[] = "/tmp/floip-junit-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    fl_test_file *files[] = {&f, &g};
    fl_buf err = FL_BUF_INIT;
    cr_assert_eq(fl_report_junit(path, files, 2, &err), 0);
    char *xml = NULL;
    size_t len = 0;
    cr_assert_eq(fl_read_file(path, 1 << 20, &xml, &len, NULL), 0);
    unlink(path);
    cr_assert_str_eq(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"floip\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\" "
        "time=\"0.000\">\n"
        "  <testsuite name=\"dir/a_test.lua\" tests=\"4\" failures=\"2\" errors=\"0\" "
        "skipped=\"1\" time=\"0.000\">\n"
        "    <testcase name=\"passes\" classname=\"dir/a_test.lua\" time=\"0.000\"/>\n"
        "    <testcase name=\"group &gt; compares\" classname=\"dir/a_test.lua\" "
        "time=\"0.000\">\n"
        "      <failure message=\"dir/a_test.lua:7: assert.equals: values differ\" "
        "type=\"assertion\">at dir/a_test.lua:7&#10;assert.equals: values differ&#10;expected: "
        "&quot;Hi Bo&quot;&#10;actual:   &quot;Hi &lt;Ada&gt; &amp; co&quot;&#10;</failure>\n"
        "    </testcase>\n"
        "    <testcase name=\"multi\" classname=\"dir/a_test.lua\" time=\"0.000\">\n"
        "      <failure message=\"dir/a_test.lua:9: text differs\" type=\"assertion\">at "
        "dir/a_test.lua:9&#10;text differs&#10;expected: &quot;one\\ntwo&quot;&#10;actual:   "
        "&quot;one\\nthree&quot;&#10;</failure>\n"
        "      <system-out>printed&#10;</system-out>\n"
        "    </testcase>\n"
        "    <testcase name=\"later\" classname=\"dir/a_test.lua\" time=\"0.000\">\n"
        "      <skipped/>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "  <testsuite name=\"c.transcript.json\" tests=\"1\" failures=\"0\" errors=\"1\" "
        "skipped=\"0\" time=\"0.000\">\n"
        "    <testcase name=\"(file)\" classname=\"c.transcript.json\" time=\"0.000\">\n"
        "      <error message=\"c.transcript.json:1:2: invalid JSON: &lt;oops&gt;\" "
        "type=\"error\">c.transcript.json:1:2: invalid JSON: &lt;oops&gt;</error>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
    free(xml);
    fl_buf_free(&err);
    fl_test_file_clear(&f);
    fl_test_file_clear(&g);
}

Test(report, junit_unwritable)
{
    fl_test_file f;
    sample(&f);
    fl_test_file *files[] = {&f};
    fl_buf err = FL_BUF_INIT;
    cr_assert_eq(fl_report_junit("/nonexistent-dir/x.xml", files, 1, &err), FL_EIO);
    cr_assert(strstr(err.data, "cannot write /nonexistent-dir/x.xml"));
    fl_buf_free(&err);
    fl_test_file_clear(&f);
}

Test(filter, substring_and_glob)
{
    cr_assert(fl_test_filter_match(NULL, "anything"));
    cr_assert(fl_test_filter_match("", "anything"));
    cr_assert(fl_test_filter_match("valid", "validation > a one-letter name"));
    cr_assert_not(fl_test_filter_match("Valid", "validation > a one-letter name"));
    cr_assert(fl_test_filter_match("validation > *", "validation > a one-letter name"));
    cr_assert_not(fl_test_filter_match("valid*", "happy path > x"));
    cr_assert(fl_test_filter_match("quiz ?", "quiz 3"));
}

static void touch(const char *dir, const char *name)
{
    fl_buf p = FL_BUF_INIT;
    fl_buf_printf(&p, "%s/%s", dir, name);
    FILE *f = fopen(p.data, "w");
    cr_assert(f);
    fclose(f);
    fl_buf_free(&p);
}

Test(discover, finds_tests_and_flows_sorted)
{
    char root[] = "/tmp/floip-discover-XXXXXX";
    cr_assert(mkdtemp(root));
    fl_buf sub = FL_BUF_INIT, hidden = FL_BUF_INIT;
    fl_buf_printf(&sub, "%s/b", root);
    fl_buf_printf(&hidden, "%s/.git", root);
    mkdir(sub.data, 0700);
    mkdir(hidden.data, 0700);
    touch(root, "z_test.lua");
    touch(root, "helpers.lua");
    touch(root, "flow.json");
    touch(sub.data, "a.transcript.json");
    touch(sub.data, "a_test.lua");
    touch(sub.data, "notes.txt");
    touch(hidden.data, "x_test.lua");
    const char *paths[] = {root};
    fl_test_paths found;
    fl_buf err = FL_BUF_INIT;
    cr_assert_eq(fl_test_discover(paths, 1, &found, &err), 0);
    cr_assert_eq(found.n_tests, 3);
    cr_assert(strstr(found.tests[0], "/b/a.transcript.json"));
    cr_assert(strstr(found.tests[1], "/b/a_test.lua"));
    cr_assert(strstr(found.tests[2], "/z_test.lua"));
    cr_assert_eq(found.n_flows, 1);
    cr_assert(strstr(found.flows[0], "/flow.json"));
    fl_test_paths_free(&found);

    const char *missing[] = {"/nonexistent/floip"};
    cr_assert_eq(fl_test_discover(missing, 1, &found, &err), FL_ENOTFOUND);
    cr_assert_str_eq(err.data, "/nonexistent/floip: no such file or directory");
    fl_buf_free(&err);
    fl_buf_free(&sub);
    fl_buf_free(&hidden);
}

Test(json, loose_equality_subset_and_paths)
{
    json_t *a = json_loads("{\"n\": 36, \"l\": [1, \"x\"], \"o\": {\"k\": true}}", 0, NULL);
    json_t *b = json_loads("{\"n\": 36.0, \"l\": [1.0, \"x\"], \"o\": {\"k\": true}}", 0, NULL);
    json_t *c = json_loads("{\"n\": \"36\"}", 0, NULL);
    cr_assert(fl_json_equal_loose(a, b));
    cr_assert_not(fl_json_equal_loose(a, c));
    json_t *want = json_loads("{\"o\": {\"k\": true}}", 0, NULL);
    cr_assert(fl_json_subset(want, a));
    cr_assert_not(fl_json_subset(c, a));
    cr_assert_eq(json_integer_value(fl_tsim_path(a, "n")), 36);
    cr_assert_str_eq(json_string_value(fl_tsim_path(a, "l[1]")), "x");
    cr_assert(json_is_true(fl_tsim_path(a, "o.k")));
    cr_assert_null(fl_tsim_path(a, "o.k.z"));
    cr_assert_null(fl_tsim_path(a, "l[9]"));
    json_decref(a), json_decref(b), json_decref(c), json_decref(want);
}

Test(coverage, counts_and_merges)
{
    json_t *cov = json_object();
    json_t *evs = json_loads(
        "[{\"type\":\"message\",\"flow\":\"F\",\"block\":\"B1\"},"
        " {\"type\":\"exit\",\"flow\":\"F\",\"block\":\"B1\",\"exit\":\"E1\",\"exit_name\":\"ok\"},"
        " {\"type\":\"waiting\",\"flow\":\"F\",\"block\":\"B2\"},"
        " {\"type\":\"log\",\"flow\":\"F\",\"block\":\"B3\",\"message\":\"x\"}]",
        0, NULL);
    size_t i;
    json_t *ev;
    json_array_foreach(evs, i, ev) fl_coverage_count(cov, ev);
    json_t *want = json_loads("{\"F\": {\"blocks\": {\"B1\": 1, \"B2\": 0}, "
                              "\"exits\": {\"B1/E1\": 1}}}",
                              0, NULL);
    cr_assert(json_equal(cov, want), "%s", json_dumps(cov, 0));
    json_t *total = json_object();
    fl_coverage_merge(total, cov);
    fl_coverage_merge(total, cov);
    cr_assert_eq(json_integer_value(json_object_get(
                     json_object_get(json_object_get(total, "F"), "exits"), "B1/E1")),
                 2);
    json_decref(cov), json_decref(evs), json_decref(want), json_decref(total);
}

Test(discover, joins_and_tidies_paths)
{
    const char *cases[][3] = {
        {"tests/harness/passing", "../fixtures/hello.json", "tests/harness/fixtures/hello.json"},
        {".", "flow.json", "flow.json"},
        {"a", "./b/./c.json", "a/b/c.json"},
        {"a", "../../x.json", "../x.json"},
        {"../up", "../../x.json", "../../x.json"},
        {"/abs/dir", "../x.json", "/abs/x.json"},
        {"/abs", "../../x.json", "/x.json"},
        {"a", "/etc/f.json", "/etc/f.json"},
        {"a/b", "..", "a"},
        {"a", "..", "."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = fl_test_join(cases[i][0], cases[i][1]);
        cr_expect_str_eq(p, cases[i][2], "join(%s, %s)", cases[i][0], cases[i][1]);
        free(p);
    }
    char *d = fl_test_dirname("flows/quiz/quiz_test.lua");
    cr_expect_str_eq(d, "flows/quiz");
    free(d);
    d = fl_test_dirname("quiz_test.lua");
    cr_expect_str_eq(d, ".");
    free(d);
}
