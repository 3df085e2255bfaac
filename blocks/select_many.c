/*
 * MobilePrimitives.SelectManyResponses: a reply names several choices, separated by commas (or
 * spaces), each by number, name, title or reply id; failing that, every choice whose tests are
 * true is selected. The value is the array of the selected names, in choice order; fewer than
 * minimum_choices, more than maximum_choices or nothing at all is invalid: the raw reply is
 * stored and the block leaves by its default exit.
 */
#include "engine/run.h"
#include "blocks/select.h"

#include <stdlib.h>
#include <string.h>

/* Marks the choices named by the tokens of text; false when a token names none. */
static bool by_tokens(fl_session *s, const fl_block *b, const char *text, bool *picked)
{
    const char *seps = strchr(text, ',') ? "," : " \t\n";
    char *copy = fl_xstrdup(text), *save = NULL;
    bool ok = false;
    for (char *tok = strtok_r(copy, seps, &save); tok; tok = strtok_r(NULL, seps, &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        long i = fl_select_match_token(s, b, tok, NULL);
        if (i < 0) {
            ok = false;
            break;
        }
        picked[i] = true;
        ok = true;
    }
    free(copy);
    return ok;
}

static bool by_tests(fl_session *s, const fl_block *b, bool *picked)
{
    bool any = false;
    for (size_t i = 0; i < b->n_choices; i++) {
        const fl_choice *c = &b->choices[i];
        for (size_t t = 0; t < c->n_tests && !picked[i]; t++)
            if (c->tests[t].expr && fl_run_test(s, b, c->tests[t].expr)) picked[i] = any = true;
    }
    return any;
}

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    fl_run_set_response(s, response);
    bool *picked = fl_xcalloc(b->n_choices ? b->n_choices : 1, sizeof *picked);
    bool ok = false;
    if (in->reply_id) {
        long i = fl_select_match_token(s, b, in->text, in->reply_id);
        if (i >= 0) picked[i] = ok = true;
    }
    if (!ok && in->text) {
        long whole = fl_select_match_token(s, b, in->text, NULL);
        if (whole >= 0)
            picked[whole] = ok = true;
        else
            ok = by_tokens(s, b, in->text, picked);
    }
    if (!ok) {
        memset(picked, 0, b->n_choices * sizeof *picked);
        ok = by_tests(s, b, picked);
    }
    size_t n = 0;
    for (size_t i = 0; i < b->n_choices; i++) n += picked[i];
    double min = 1, max = (double)b->n_choices;
    fl_config_number(b, "minimum_choices", &min);
    fl_config_number(b, "maximum_choices", &max);
    if (min < 1) min = 1;
    json_t *names = NULL;
    if (ok && n >= min && n <= max) {
        names = json_array();
        for (size_t i = 0; i < b->n_choices; i++)
            if (picked[i])
                json_array_append_new(names,
                                      json_string(b->choices[i].name ? b->choices[i].name : ""));
    }
    fl_run_answer(s, b, names, response, out);
    free(picked);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_select_many = {fl_run_ask_choices, resume, NULL};
