/* run_exit.c: choosing the exit a block leaves by (ARCHITECTURE.md, "Exit selection"). */
#include "engine/run.h"

const fl_exit *fl_run_default_exit(fl_session *s, const fl_block *b)
{
    if (b->default_exit) return b->default_exit;
    fl_emit_error(s, b, "no_default_exit", NULL, "block '%s' has no default exit",
                  b->name ? b->name : b->uuid);
    return NULL;
}

/* The first non-default exit whose test passes (an exit without a test passes when
 * untested_passes), else the default. The tests share their lookups (fl_run_tests_begin). */
static const fl_exit *first_passing(fl_session *s, const fl_block *b, bool untested_passes)
{
    const fl_exit *picked = NULL;
    fl_run_tests_begin(s);
    for (size_t i = 0; i < b->n_exits && !picked; i++) {
        const fl_exit *e = &b->exits[i];
        if (e->is_default) continue;
        if (e->test_expr ? fl_run_test(s, b, e->test_expr) : untested_passes) picked = e;
    }
    fl_run_tests_end(s);
    return picked ? picked : fl_run_default_exit(s, b);
}

const fl_exit *fl_run_select_exit(fl_session *s, const fl_block *b)
{
    return first_passing(s, b, false);
}

const fl_exit *fl_run_success_exit(fl_session *s, const fl_block *b)
{
    return first_passing(s, b, true);
}

static void leave(const fl_exit *e, fl_step *out)
{
    out->next = e ? FL_NEXT_EXIT : FL_NEXT_FAIL;
    out->exit = e;
}

void fl_run_leave_default(fl_session *s, const fl_block *b, fl_step *out)
{
    leave(fl_run_default_exit(s, b), out);
}

void fl_run_leave_selected(fl_session *s, const fl_block *b, fl_step *out)
{
    leave(fl_run_select_exit(s, b), out);
}
