/* test_coverage.c: which blocks and exits of each journey the tests took. The sessions' events
 * say it: "exit" names the block left and the exit taken; "message" and "waiting" name a block
 * entered (a conversation may end while still waiting at a block, which is still tested). */
#include "sim/test.h"
#include "engine/util.h"

#include <string.h>

static void bump(json_t *obj, const char *key, json_int_t by)
{
    json_t *v = json_object_get(obj, key);
    json_object_set_new(obj, key, json_integer((v ? json_integer_value(v) : 0) + by));
}

static json_t *flow_counts(json_t *cov, const char *flow)
{
    json_t *f = json_object_get(cov, flow);
    if (!f) {
        f = json_pack("{s:{}, s:{}}", "blocks", "exits");
        json_object_set_new(cov, flow, f);
    }
    return f;
}

/* Exit uuids are only unique within a block in some real exports, so exits are keyed by both. */
static void exit_key(fl_buf *b, const char *block, const char *exit)
{
    fl_buf_reset(b);
    fl_buf_printf(b, "%s/%s", block, exit);
}

void fl_coverage_count(json_t *cov, const json_t *ev)
{
    const char *type = json_string_value(json_object_get(ev, "type"));
    const char *flow = json_string_value(json_object_get(ev, "flow"));
    const char *block = json_string_value(json_object_get(ev, "block"));
    if (!type || !flow || !block) return;
    bool is_exit = !strcmp(type, "exit");
    if (!is_exit && strcmp(type, "message") && strcmp(type, "waiting")) return;
    json_t *f = flow_counts(cov, flow);
    if (!is_exit) {
        if (!json_object_get(json_object_get(f, "blocks"), block))
            json_object_set_new(json_object_get(f, "blocks"), block, json_integer(0));
        return;
    }
    bump(json_object_get(f, "blocks"), block, 1);
    const char *exit = json_string_value(json_object_get(ev, "exit"));
    if (!exit) exit = json_string_value(json_object_get(ev, "exit_name"));
    if (!exit) return;
    fl_buf k = FL_BUF_INIT;
    exit_key(&k, block, exit);
    bump(json_object_get(f, "exits"), k.data, 1);
    fl_buf_free(&k);
}

void fl_coverage_merge(json_t *dst, const json_t *src)
{
    const char *flow, *key;
    json_t *f, *v;
    json_object_foreach((json_t *)src, flow, f)
    {
        json_t *d = flow_counts(dst, flow);
        const char *parts[] = {"blocks", "exits"};
        for (size_t p = 0; p < 2; p++)
            json_object_foreach(json_object_get(f, parts[p]), key, v)
                bump(json_object_get(d, parts[p]), key, json_integer_value(v));
    }
}

static json_t *ratio(size_t covered, size_t total)
{
    double pct = total ? 100.0 * (double)covered / (double)total : 100.0;
    return json_pack("{s:I, s:I, s:f}", "total", (json_int_t)total, "covered", (json_int_t)covered,
                     "percent", pct);
}

static bool taken(const json_t *counts, const char *kind, const char *key)
{
    return json_object_get(json_object_get(counts, kind), key) != NULL;
}

json_t *fl_coverage_report(const json_t *counts, const char *const *files,
                           const fl_container *const *containers, size_t n)
{
    json_t *flows = json_array();
    size_t all_blocks = 0, all_blocks_cov = 0, all_exits = 0, all_exits_cov = 0;
    fl_buf k = FL_BUF_INIT;
    for (size_t c = 0; c < n; c++) {
        for (size_t fi = 0; fi < fl_container_flow_count(containers[c]); fi++) {
            const fl_flow *flow = fl_container_flow_at(containers[c], fi);
            const json_t *fc = json_object_get(counts, fl_flow_uuid(flow));
            json_t *ub = json_array(), *ue = json_array();
            size_t nb = 0, nbc = 0, ne = 0, nec = 0;
            for (size_t bi = 0; bi < fl_flow_block_count(flow); bi++) {
                const fl_block *b = fl_flow_block_at(flow, bi);
                nb++;
                if (taken(fc, "blocks", fl_block_uuid(b)))
                    nbc++;
                else
                    json_array_append_new(ub, json_pack("{s:s, s:s?, s:s?}", "uuid",
                                                        fl_block_uuid(b), "name", fl_block_name(b),
                                                        "type", fl_block_type(b)));
                json_t *ex;
                size_t ei;
                json_array_foreach(json_object_get(fl_block_json(b), "exits"), ei, ex)
                {
                    const char *eu = json_string_value(json_object_get(ex, "uuid"));
                    const char *en = json_string_value(json_object_get(ex, "name"));
                    ne++;
                    bool hit = false;
                    if (eu) exit_key(&k, fl_block_uuid(b), eu), hit = taken(fc, "exits", k.data);
                    if (!hit && en)
                        exit_key(&k, fl_block_uuid(b), en), hit = taken(fc, "exits", k.data);
                    if (hit) {
                        nec++;
                        continue;
                    }
                    json_array_append_new(
                        ue, json_pack("{s:s, s:s?, s:s?, s:s?}", "block", fl_block_uuid(b),
                                      "block_name", fl_block_name(b), "exit", eu, "exit_name", en));
                }
            }
            all_blocks += nb, all_blocks_cov += nbc, all_exits += ne, all_exits_cov += nec;
            json_array_append_new(flows, json_pack("{s:s, s:s, s:s?, s:o, s:o, s:o, s:o}", "file",
                                                   files[c], "flow", fl_flow_uuid(flow), "name",
                                                   fl_flow_name(flow), "blocks", ratio(nbc, nb),
                                                   "exits", ratio(nec, ne), "uncovered_blocks", ub,
                                                   "uncovered_exits", ue));
        }
    }
    fl_buf_free(&k);
    return json_pack("{s:o, s:o, s:o}", "blocks", ratio(all_blocks_cov, all_blocks), "exits",
                     ratio(all_exits_cov, all_exits), "flows", flows);
}

static void print_ratio(FILE *out, const char *what, const json_t *r)
{
    fprintf(out, "%s %lld/%lld (%.1f%%)", what,
            (long long)json_integer_value(json_object_get(r, "covered")),
            (long long)json_integer_value(json_object_get(r, "total")),
            json_real_value(json_object_get(r, "percent")));
}

void fl_coverage_print(FILE *out, const json_t *report)
{
    fprintf(out, "\ncoverage:\n");
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(report, "flows"), i, f)
    {
        fprintf(out, "  %s (%s): ", json_string_value(json_object_get(f, "name")) ?: "?",
                json_string_value(json_object_get(f, "file")));
        print_ratio(out, "blocks", json_object_get(f, "blocks"));
        print_ratio(out, ", exits", json_object_get(f, "exits"));
        fputc('\n', out);
        json_t *u;
        size_t j;
        json_array_foreach(json_object_get(f, "uncovered_blocks"), j, u)
            fprintf(out, "    block never taken: %s (%s)\n",
                    json_string_value(json_object_get(u, "name")) ?: "?",
                    json_string_value(json_object_get(u, "uuid")));
        json_array_foreach(json_object_get(f, "uncovered_exits"), j, u)
            fprintf(out, "    exit never taken:  %s -> %s\n",
                    json_string_value(json_object_get(u, "block_name")) ?: "?",
                    json_string_value(json_object_get(u, "exit_name")) ?: "?");
    }
    fprintf(out, "  total: ");
    print_ratio(out, "blocks", json_object_get(report, "blocks"));
    print_ratio(out, ", exits", json_object_get(report, "exits"));
    fputc('\n', out);
}
