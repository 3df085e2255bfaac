/*
 * validate.c: the checks that need the whole container: block references (first_block_id,
 * exit_block_id, destination_block, RunFlow flow_id), languages of resource values, and blocks
 * no run can reach.
 */
#include "load_internal.h"

#include "blocks/render.h"

#include <stdlib.h>
#include <string.h>

/* A block of flow f by uuid; *other is set when the uuid names a block of another flow. */
static const fl_block *block_in(fl_loader *L, const fl_flow *f, const char *uuid, bool *other)
{
    const fl_block *b = fl_find_block_by_uuid(L->c, uuid);
    *other = b && b->flow != f;
    return b && b->flow == f ? b : NULL;
}

static const fl_block *flow_ref(fl_loader *L, fl_flow *f, const char *key, const char *code)
{
    const char *uuid = json_string_value(json_object_get(f->json, key));
    if (!uuid || !fl_is_uuid(uuid)) return NULL;
    bool other;
    const fl_block *b = block_in(L, f, uuid, &other);
    if (!b)
        ld_error(L, code, f->pointer, key, NULL, "%s %s names no block %s", key, uuid,
                 other ? "of this flow (it is a block of another flow)" : "of this flow");
    return b;
}

static void check_value_languages(fl_loader *L, const fl_resource *res, size_t n,
                                  const fl_flow *only)
{
    for (size_t i = 0; i < n; i++) {
        const fl_resource *r = &res[i];
        for (size_t j = 0; j < r->n_values; j++) {
            const fl_resource_value *v = &r->values[j];
            if (!v->language_id) continue;
            bool found = false;
            for (size_t k = 0; k < L->c->n_flows && !found; k++) {
                const fl_flow *f = &L->c->flows[k];
                if (only && f != only) continue;
                for (size_t m = 0; m < f->n_languages && !found; m++)
                    found = f->languages[m].id && !strcmp(f->languages[m].id, v->language_id);
            }
            if (!found) {
                fl_buf p = FL_BUF_INIT;
                fl_buf_printf(&p, "%s/values/%zu", r->pointer, j);
                ld_error(L, "E020", p.data, "language_id", NULL,
                         "language_id \"%s\" is not one of the %s languages", v->language_id,
                         only ? "flow's" : "flows'");
                fl_buf_free(&p);
            }
        }
    }
}

static void check_exits(fl_loader *L, fl_flow *f, fl_block *b)
{
    for (size_t k = 0; k < b->n_exits; k++) {
        fl_exit *e = &b->exits[k];
        if (!e->destination) continue;
        bool other;
        e->dest = block_in(L, f, e->destination, &other);
        if (!e->dest)
            ld_error(L, "E017", e->pointer, "destination_block", b,
                     "destination_block %s names no block %s", e->destination,
                     other ? "of this flow (it is a block of another flow)" : "of this flow");
    }
    /* Exit uuids are only identities for reporting; a repeat is suspicious but harmless. */
    for (size_t k = 0; k < b->n_exits; k++)
        for (size_t m = 0; m < k; m++)
            if (b->exits[k].uuid && b->exits[m].uuid &&
                !strcmp(b->exits[k].uuid, b->exits[m].uuid)) {
                ld_warn(L, "W006", b->exits[k].pointer, "uuid", b,
                        "exit uuid %s is used twice in this block", b->exits[k].uuid);
                break;
            }
}

static void check_run_flow(fl_loader *L, fl_flow *f, fl_block *b)
{
    const char *id = json_string_value(json_object_get(b->config, "flow_id"));
    if (!id || !fl_is_uuid(id)) return;
    b->run_flow = fl_find_flow_by_uuid(L->c, id);
    const char *base = ld_arena_printf(&L->ix->arena, "%s/config", b->pointer);
    if (!b->run_flow)
        ld_error(L, "E028", base, "flow_id", b, "flow_id %s names no flow of the container", id);
    else if (b->run_flow == f)
        ld_warn(L, "W015", base, "flow_id", b,
                "the block runs its own flow: each pass nests one level deeper");
}

/* Blocks reachable from the first block (and from exit_block_id, the error path). */
static void check_reachable(fl_loader *L, fl_flow *f)
{
    if (!f->n_blocks || !f->first_block) return;
    bool *seen = fl_xcalloc(f->n_blocks, sizeof *seen);
    size_t *stack = fl_xmalloc(f->n_blocks * sizeof *stack), top = 0;
    const fl_block *roots[2] = {f->first_block, f->exit_block};
    for (size_t r = 0; r < 2; r++)
        if (roots[r] && !seen[roots[r]->index]) {
            seen[roots[r]->index] = true;
            stack[top++] = roots[r]->index;
        }
    while (top) {
        const fl_block *b = &f->blocks[stack[--top]];
        for (size_t k = 0; k < b->n_exits; k++) {
            const fl_block *d = b->exits[k].dest;
            if (d && !seen[d->index]) {
                seen[d->index] = true;
                stack[top++] = d->index;
            }
        }
    }
    for (size_t i = 0; i < f->n_blocks; i++)
        if (!seen[i] && f->blocks[i].uuid)
            ld_warn(L, "W001", f->blocks[i].pointer, NULL, &f->blocks[i],
                    "no path from the first block reaches this block");
    free(seen);
    free(stack);
}

typedef struct render_sink {
    fl_loader *L;
    const fl_block *b;
} render_sink;

static void on_render_diag(void *ud, fl_severity sev, const char *code, const char *pointer,
                           const char *message)
{
    render_sink *s = ud;
    ld_diag(s->L, sev, code, pointer, NULL, s->b, "%s", message);
}

/* What rendering the block would break (WhatsApp limits, Turn config), for every language and
 * mode of the flow; only on a container that is otherwise sound, since it renders the model. */
static void check_rendering(fl_loader *L)
{
    if (fl_diagnostics_errors(L->d)) return;
    for (size_t i = 0; i < L->c->n_flows; i++) {
        const fl_flow *f = &L->c->flows[i];
        for (size_t j = 0; j < f->n_blocks; j++) {
            render_sink s = {L, &f->blocks[j]};
            fl_render_check_block(&f->blocks[j], on_render_diag, &s);
        }
    }
}

void ld_validate(fl_loader *L)
{
    fl_container *c = L->c;
    check_value_languages(L, c->resources, c->n_resources, NULL);
    for (size_t i = 0; i < c->n_flows; i++) {
        fl_flow *f = &c->flows[i];
        if (!json_is_object(f->json)) continue;
        check_value_languages(L, f->resources, f->n_resources, f);
        f->first_block = flow_ref(L, f, "first_block_id", "E015");
        if (!f->first_block && !json_object_get(f->json, "first_block_id") && f->n_blocks)
            f->first_block = &f->blocks[0];
        f->exit_block = flow_ref(L, f, "exit_block_id", "E016");
        for (size_t j = 0; j < f->n_blocks; j++) {
            fl_block *b = &f->blocks[j];
            check_exits(L, f, b);
            if (b->kind == FL_BT_RUN_FLOW) check_run_flow(L, f, b);
        }
        check_reachable(L, f);
    }
    check_rendering(L);
}
