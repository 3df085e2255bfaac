/* Reading an event's JSON text: the member spans the server copies into its transcript. */
#include "sim/simulation_events.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char *member(const char *object, const char *key, char *out, size_t size)
{
    sim_span o = {object, strlen(object)}, v;
    if (!span_member(o, key, &v)) return NULL;
    snprintf(out, size, "%.*s", (int)v.len, v.p);
    return out;
}

Test(events_text, finds_an_object_member_by_its_key_at_the_top_level_only)
{
    char got[256];
    const char *ev = "{\"type\":\"message\",\"at\":\"2026-01-01T09:00:00.000Z\",\"n\":{\"at\":1},"
                     "\"envelope\":{\"turn\":{\"type\":\"text\",\"text\":{\"body\":\"a\\\"b\"}}},"
                     "\"depth\":0}";
    cr_assert_str_eq(member(ev, "at", got, sizeof got), "\"2026-01-01T09:00:00.000Z\"");
    cr_assert_str_eq(member(ev, "depth", got, sizeof got), "0");
    cr_assert_str_eq(member(ev, "envelope", got, sizeof got),
                     "{\"turn\":{\"type\":\"text\",\"text\":{\"body\":\"a\\\"b\"}}}");
    cr_assert_null(member(ev, "turn", got, sizeof got), "a nested key is not a member");
    cr_assert_null(member(ev, "a", got, sizeof got), "a key's prefix is not the key");
    cr_assert_null(member("[1]", "at", got, sizeof got));
    cr_assert_null(member("{}", "at", got, sizeof got));
}
