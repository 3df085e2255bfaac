/* The JSON writer prints exactly what json_dumps(JSON_COMPACT | JSON_ENCODE_ANY) prints. */
#include "engine/json_write.h"
#include "engine/util.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_same_as_jansson(const json_t *v)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    cr_assert_not_null(want);
    fl_buf got = FL_BUF_INIT;
    fl_json_dump(&got, v);
    cr_assert_str_eq(got.data, want);
    free(want);
    fl_buf_free(&got);
}

Test(json_write, scalars_match_jansson)
{
    const double reals[] = {0.0, -0.0, 0.1, 1.5, 100.0, 1e300, -2.5e-7, 123456789.125, 1e21, 3e-5};
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        json_t *r = json_real(reals[i]);
        assert_same_as_jansson(r);
        json_decref(r);
    }
    const json_int_t ints[] = {0, 7, -1, 36, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        json_t *n = json_integer(ints[i]);
        assert_same_as_jansson(n);
        json_decref(n);
    }
    assert_same_as_jansson(json_true());
    assert_same_as_jansson(json_false());
    assert_same_as_jansson(json_null());
}

Test(json_write, strings_escape_as_jansson_does)
{
    const char *strings[] = {"",        "plain",         "quote \" and \\ backslash",
                             "a/b",     "tab\tnl\ncr\r", "\b\f\x01\x1f\x7f",
                             "Musée ☕", "emoji 😀 text",  "</script>"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        json_t *s = json_string(strings[i]);
        cr_assert_not_null(s, "%s", strings[i]);
        assert_same_as_jansson(s);
        json_decref(s);
    }
    json_t *nul = json_stringn("a\0b", 3);
    assert_same_as_jansson(nul);
    json_decref(nul);
}

Test(json_write, containers_keep_insertion_order)
{
    json_t *v = json_pack("{s:{}, s:[], s:[i, s, {s:n}], s:{s:b, s:f}, s:s}", "z", "a", "m", 1, "x",
                          "k", "nested", "t", 1, "r", 0.25, "\"key\"", "v");
    assert_same_as_jansson(v);
    json_decref(v);
}

/* Every JSON document under a directory of the repository, dumped both ways. */
static size_t dump_tree(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = strlen(e->d_name);
        if (e->d_type == DT_DIR) {
            n += dump_tree(path);
            continue;
        }
        if (len < 5 || strcmp(e->d_name + len - 5, ".json")) continue;
        json_error_t je;
        json_t *doc = json_load_file(path, JSON_DECODE_ANY, &je);
        if (!doc) continue; /* deliberately broken fixtures */
        assert_same_as_jansson(doc);
        json_decref(doc);
        n++;
    }
    closedir(d);
    return n;
}

Test(json_write, documents_match_jansson)
{
    const char *dirs[] = {"flows", "tests"};
    size_t n = 0;
    for (size_t i = 0; i < 2; i++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", FLOIP_SOURCE_DIR, dirs[i]);
        n += dump_tree(dir);
    }
    cr_assert_gt(n, 30);
}

Test(json_write, writer_places_commas_and_nests)
{
    fl_buf b = FL_BUF_INIT;
    fl_jw w;
    fl_jw_init(&w, &b);
    fl_jw_object(&w);
    fl_jw_key(&w, "type");
    fl_jw_string(&w, "text");
    fl_jw_key(&w, "list");
    fl_jw_array(&w);
    fl_jw_int(&w, -3);
    fl_jw_bool(&w, true);
    fl_jw_null(&w);
    fl_jw_object(&w);
    fl_jw_end(&w);
    fl_jw_raw(&w, "{\"a\":1}", 7);
    fl_jw_array(&w);
    fl_jw_end(&w);
    fl_jw_end(&w);
    FL_JW_KEY(&w, "missing");
    fl_jw_string(&w, NULL);
    json_t *j = json_pack("{s:[s]}", "k", "v\n");
    fl_jw_key(&w, "json");
    fl_jw_json(&w, j);
    json_decref(j);
    fl_jw_end(&w);
    cr_assert_str_eq(b.data, "{\"type\":\"text\",\"list\":[-3,true,null,{},{\"a\":1},[]],"
                             "\"missing\":null,\"json\":{\"k\":[\"v\\n\"]}}");
    fl_buf_free(&b);
}

Test(json_write, top_level_values_are_separated)
{
    fl_buf b = FL_BUF_INIT;
    fl_jw w;
    fl_jw_init(&w, &b);
    fl_jw_array(&w);
    fl_jw_stringn(&w, "ab", 1);
    fl_jw_array(&w);
    fl_jw_int(&w, 1);
    fl_jw_int(&w, 2);
    fl_jw_end(&w);
    fl_jw_end(&w);
    cr_assert_str_eq(b.data, "[\"a\",[1,2]]");
    fl_buf_free(&b);
}

/* Escapes at every position of a long string, around the eight-byte fast path. */
Test(json_write, escapes_at_every_offset_of_long_strings)
{
    const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f'};
    for (size_t k = 0; k < sizeof specials; k++) {
        for (size_t at = 0; at < 40; at++) {
            char text[41];
            for (size_t i = 0; i < 40; i++) text[i] = (char)('a' + (i % 26));
            text[at] = specials[k];
            text[40] = '\0';
            json_t *s = json_string(text);
            assert_same_as_jansson(s);
            json_decref(s);
        }
    }
    json_t *utf8 =
        json_string("Bienvenue au sondage des visiteurs du Musée de l'Interopérabilité \"!\"");
    assert_same_as_jansson(utf8);
    json_decref(utf8);
}

/* A container referenced from several places prints the same bytes at each, also once more
 * containers are shared than the writer remembers. */
Test(json_write, shared_containers_print_alike_everywhere)
{
    json_t *rec =
        json_pack("{s:s, s:i, s:{s:s}}", "__value__", "ada", "n", 36, "exit", "name", "Default");
    json_t *results = json_pack("{s:O}", "visitor_name", rec);
    json_t *root = json_pack("{s:{s:O}, s:O, s:{s:O, s:O}, s:[O, O, {}]}", "run", "results",
                             results, "results", results, "flow", "visitor_name", rec, "again", rec,
                             "list", rec, results);
    assert_same_as_jansson(root);
    json_t *many = json_array();
    for (int i = 0; i < 40; i++) {
        json_t *shared = json_pack("{s:i}", "i", i);
        json_array_append(many, shared);
        json_array_append(many, shared);
        json_array_append_new(many, shared);
    }
    json_array_append(many, root);
    json_array_append(many, root);
    assert_same_as_jansson(many);
    json_decref(many);
    json_decref(root);
    json_decref(results);
    json_decref(rec);
}

/* Random strings (fixed seed) over an alphabet rich in characters that need escapes, in objects
 * and arrays nested a few levels, against json_dumps. */
Test(json_write, random_documents_match_jansson)
{
    static const char alphabet[] = "ab\"\\/\n\r\t\b\f\x01\x1f\x7f xyz0123456789{}[]:,";
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int doc = 0; doc < 200; doc++) {
        json_t *root = json_object(), *list = json_array();
        for (int k = 0; k < 20; k++) {
            char text[80];
            size_t n = 0;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t len = (size_t)(seed >> 58);
            for (size_t i = 0; i < len; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                text[n++] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
            }
            text[n] = '\0';
            json_array_append_new(list, json_string(text));
            json_object_set_new(root, text, json_integer((json_int_t)(seed >> 40)));
        }
        json_object_set_new(root, "list", list);
        assert_same_as_jansson(root);
        json_decref(root);
    }
}
