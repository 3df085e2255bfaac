/*
 * load_config.c: the type-specific config of every FLOIP block type (already normalised to the
 * rc4 shape), checked and compiled into the model.
 */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct cfg {
    fl_loader *L;
    fl_block *b;
    json_t *config;
    const char *base; /* "/flows/0/blocks/3/config" */
    fl_config_expr exprs[64];
    size_t n_exprs;
} cfg;

static void add_expr(cfg *c, const char *key, fl_expr *e)
{
    if (!e || c->n_exprs == FL_ARRAY_LEN(c->exprs)) return;
    c->exprs[c->n_exprs].key = key;
    c->exprs[c->n_exprs].expr = e;
    c->n_exprs++;
}

/* Every language and mode of the flow should find a value without falling back (W009). */
static void coverage(cfg *c, const fl_resource *r, const char *base, const char *key)
{
    fl_loader *L = c->L;
    const fl_flow *f = c->b->flow;
    if (L->covered_flow != f) {
        fl_strmap_free(&L->covered);
        L->covered_flow = f;
    }
    if (!r->uuid || fl_strmap_put(&L->covered, r->uuid, (void *)r)) return;
    for (size_t i = 0; i < f->n_languages; i++) {
        const char *lang = f->languages[i].id;
        if (!lang) continue;
        for (unsigned m = 1; m <= FL_MODE_OFFLINE; m <<= 1) {
            if (!(f->supported_modes & m)) continue;
            const fl_resource_value *v = fl_resource_pick(r, f, lang, m, -1);
            if (!v)
                ld_warn(L, "W009", base, key, c->b,
                        "resource %s has no value for language \"%s\" in mode %s", r->uuid, lang,
                        fl_mode_name(m));
            else if (strcmp(v->language_id, lang))
                ld_warn(L, "W009", base, key, c->b,
                        "resource %s has no value for language \"%s\" in mode %s; \"%s\" is "
                        "shown instead",
                        r->uuid, lang, fl_mode_name(m), v->language_id);
        }
    }
}

/* A uuid naming a resource of the flow (or of the container); key NULL: base is the value. */
static const char *check_resource(cfg *c, const char *s, const char *base, const char *key)
{
    if (!fl_is_uuid(s)) {
        ld_error(c->L, "E032", base, key, c->b, "'%s' must be a resource uuid, not \"%s\"",
                 key ? key : "prompt", s);
        return NULL;
    }
    const fl_resource *r = fl_find_resource(c->b->flow, s);
    if (!r) {
        ld_error(c->L, "E029", base, key, c->b, "no resource with uuid %s", s);
        return s;
    }
    coverage(c, r, base, key);
    return s;
}

static const char *resource_ref(cfg *c, const json_t *obj, const char *key, const char *base,
                                bool required)
{
    const char *s = ld_string(c->L, obj, key, base, c->b, required);
    return s ? check_resource(c, s, base, key) : NULL;
}

/* The prompt of a response block: required by rc1..rc3, optional in rc4 (the block then waits
 * without saying anything). */
static void response_prompt(cfg *c, bool has_question_prompt)
{
    fl_loader *L = c->L;
    const char *key = L->shape.prompt_key ? L->shape.prompt_key : "prompt";
    bool required = L->version < 4 && !has_question_prompt;
    c->b->prompt = resource_ref(c, c->config, "prompt", c->base, false);
    if (c->b->prompt || json_object_get(c->config, "prompt")) return;
    if (required)
        ld_error(L, "E010", c->base, key, c->b, "required field '%s' is missing", key);
    else if (!has_question_prompt)
        ld_warn(L, "W013", c->base, NULL, c->b,
                "no prompt: the block waits for a reply without asking anything");
}

static void set_contact_property(cfg *c)
{
    fl_loader *L = c->L;
    json_t *arr = json_object_get(c->config, "set_contact_property");
    if (!arr || json_is_null(arr)) return;
    if (!json_is_array(arr)) {
        ld_error(L, "E011", c->base, "set_contact_property", c->b,
                 "'set_contact_property' must be an object or an array of objects");
        return;
    }
    const char *base = ld_ptr(L, c->base, "set_contact_property");
    fl_block *b = c->b;
    b->set_contact_property =
        ld_arena_alloc(&L->ix->arena, json_array_size(arr) * sizeof *b->set_contact_property);
    size_t i;
    json_t *op;
    json_array_foreach(arr, i, op)
    {
        const char *p = L->shape.scp_single ? base : ld_ptr_index(L, base, i);
        if (!json_is_object(op)) {
            ld_error(L, "E011", p, NULL, b,
                     "a set_contact_property entry must be an object with property_key and "
                     "property_value");
            continue;
        }
        const char *key = ld_string(L, op, "property_key", p, b, true);
        const char *val = ld_string(L, op, "property_value", p, b, true);
        if (key && !*key) ld_error(L, "E031", p, "property_key", b, "property_key is empty");
        if (!key || !*key || !val) continue;
        fl_property_op *o = &b->set_contact_property[b->n_set_contact_property++];
        o->key = key;
        o->value_src = val;
        o->value = ld_compile(L, val, FL_EXPR_TEMPLATE, p, "property_value", b);
    }
}

static void load_choice_tests(cfg *c, json_t *jc, fl_choice *ch)
{
    fl_loader *L = c->L;
    fl_block *b = c->b;
    bool rc3 = L->shape.choices_shape == 3;
    json_t *tt = rc3 ? json_object_get(jc, "text_tests")
                     : ld_array(L, jc, "text_tests", ch->pointer, b, false);
    if (json_is_array(tt)) {
        const char *tbase = ld_ptr(L, ch->pointer, "text_tests");
        ch->tests = ld_arena_alloc(&L->ix->arena, json_array_size(tt) * sizeof *ch->tests);
        size_t j;
        json_t *t;
        json_array_foreach(tt, j, t)
        {
            const char *tp = ld_ptr_index(L, tbase, j);
            if (!json_is_object(t)) {
                ld_error(L, "E011", tp, NULL, b, "a text test must be an object");
                continue;
            }
            fl_choice_test *ct = &ch->tests[ch->n_tests++];
            ct->language = ld_string(L, t, "language", tp, b, false);
            if (ct->language && !fl_flow_language(b->flow, ct->language))
                ld_error(L, "E020", tp, "language", b,
                         "language \"%s\" is not one of the flow's languages", ct->language);
            ct->src = rc3 ? json_string_value(json_object_get(t, "test_expression"))
                          : ld_string(L, t, "test_expression", tp, b, true);
            ct->expr = rc3 ? ld_compile(L, ct->src, -1, ch->pointer, "test", b)
                           : ld_compile(L, ct->src, -1, tp, "test_expression", b);
        }
    }
    json_t *it =
        rc3 ? json_object_get(jc, "ivr_test") : ld_object(L, jc, "ivr_test", ch->pointer, b, false);
    if (it) {
        const char *ip = ld_ptr(L, ch->pointer, "ivr_test");
        ch->ivr_test.src = rc3 ? json_string_value(json_object_get(it, "test_expression"))
                               : ld_string(L, it, "test_expression", ip, b, true);
        /* rc3 has one test for every mode: share the compiled text test. */
        if (rc3 && ch->n_tests)
            ch->ivr_test.expr = ch->tests[0].expr;
        else
            ch->ivr_test.expr = ld_compile(L, ch->ivr_test.src, -1, ip, "test_expression", b);
    }
}

static void choices(cfg *c)
{
    fl_loader *L = c->L;
    fl_block *b = c->b;
    const char *qp = resource_ref(c, c->config, "question_prompt", c->base, false);
    b->question_prompt = qp;
    response_prompt(c, qp != NULL);

    json_t *arr = json_object_get(c->config, "choices");
    if (!arr || json_is_null(arr)) {
        ld_error(L, "E010", c->base, "choices", b, "required field 'choices' is missing");
        return;
    }
    if (!json_is_array(arr)) {
        ld_error(L, "E011", c->base, "choices", b, "'choices' must be an array");
        return;
    }
    if (!json_array_size(arr)) {
        ld_error(L, "E014", c->base, "choices", b, "the block offers no choices");
        return;
    }
    size_t i;
    json_t *jc;
    json_array_foreach(arr, i, jc)
    {
        fl_choice *ch = &b->choices[i];
        if (!json_is_object(jc)) {
            ld_error(L, "E011", ch->pointer, NULL, b, "a choice must be an object");
            continue;
        }
        if (L->shape.choices_shape == 2) {
            ch->name = json_string_value(json_object_get(jc, "name"));
            json_t *p = json_object_get(jc, "prompt");
            if (p && !json_is_string(p))
                ld_error(L, "E011", ch->pointer, NULL, b,
                         "a choice's prompt must be a resource uuid");
            else if (p)
                ch->prompt = check_resource(c, json_string_value(p), ch->pointer, NULL);
            continue;
        }
        static const char *const known[] = {"name",     "prompt",     "test",
                                            "ivr_test", "text_tests", NULL};
        ld_unknown_keys(L, jc, ch->pointer, b, known);
        ch->name = ld_string(L, jc, "name", ch->pointer, b, true);
        if (ch->name && !*ch->name)
            ld_error(L, "E031", ch->pointer, "name", b, "a choice name must not be empty");
        ch->prompt = resource_ref(c, jc, "prompt", ch->pointer, false);
        json_t *test = json_object_get(jc, "test");
        if (test && !json_is_string(test))
            ld_error(L, "E011", ch->pointer, "test", b, "'test' must be a string");
        load_choice_tests(c, jc, ch);
        for (size_t k = 0; ch->name && k < i; k++)
            if (b->choices[k].name && !strcmp(b->choices[k].name, ch->name))
                ld_warn(L, "W012", ch->pointer, "name", b,
                        "choice name \"%s\" is used twice; only the first can be chosen", ch->name);
    }

    json_t *ivr = ld_object(L, c->config, "IVR", c->base, b, false);
    const char *ivr_base = ld_ptr(L, c->base, "IVR");
    json_t *digits = ivr ? ld_array(L, ivr, "digit_prompts", ivr_base, b, false) : NULL;
    if (digits) {
        const char *dbase = ld_ptr(L, ivr_base, "digit_prompts");
        b->digit_prompts = ld_arena_alloc(&L->ix->arena, json_array_size(digits) * sizeof(char *));
        json_t *d;
        json_array_foreach(digits, i, d)
        {
            const char *s = json_string_value(d);
            if (!s)
                ld_error(L, "E011", ld_ptr_index(L, dbase, i), NULL, b,
                         "a digit prompt must be a resource uuid");
            else if ((s = check_resource(c, s, ld_ptr_index(L, dbase, i), NULL)))
                b->digit_prompts[b->n_digit_prompts++] = s;
        }
        if (json_array_size(digits) != b->n_choices)
            ld_error(L, "E031", ivr_base, "digit_prompts", b, "%zu digit prompts for %zu choices",
                     json_array_size(digits), b->n_choices);
    }
    bool randomize;
    if (ivr) ld_boolean(L, ivr, "randomize_choice_order", ivr_base, b, &randomize);

    /* rc2 choices_prompt: kept as written; each entry must name a resource. */
    json_t *cp = json_object_get(c->config, "choices_prompt");
    if (json_is_array(cp)) {
        const char *cpb = ld_ptr(L, c->base, "choices_prompt");
        json_array_foreach(cp, i, jc)
        {
            if (json_is_string(jc))
                check_resource(c, json_string_value(jc), ld_ptr_index(L, cpb, i), NULL);
            else
                ld_error(L, "E011", ld_ptr_index(L, cpb, i), NULL, b,
                         "a choices_prompt entry must be a resource uuid");
        }
    } else if (json_is_string(cp)) {
        check_resource(c, json_string_value(cp), c->base, "choices_prompt");
    } else if (cp && !json_is_null(cp)) {
        ld_error(L, "E011", c->base, "choices_prompt", b,
                 "'choices_prompt' must be resource uuids");
    }

    if (b->kind != FL_BT_SELECT_MANY) return;
    json_int_t min = 0, max = (json_int_t)b->n_choices;
    bool has_min = ld_integer(L, c->config, "minimum_choices", c->base, b, false, &min);
    bool has_max = ld_integer(L, c->config, "maximum_choices", c->base, b, false, &max);
    if (has_min && min < 0)
        ld_error(L, "E031", c->base, "minimum_choices", b, "minimum_choices must not be negative");
    if (has_max && (max < 1 || max > (json_int_t)b->n_choices))
        ld_error(L, "E031", c->base, "maximum_choices", b,
                 "maximum_choices must be between 1 and the number of choices (%zu)", b->n_choices);
    else if (min > max)
        ld_error(L, "E031", c->base, "minimum_choices", b,
                 "minimum_choices (%lld) is larger than maximum_choices (%lld)", (long long)min,
                 (long long)max);
}

static void non_negative(cfg *c, const json_t *obj, const char *base, const char *key, bool integer)
{
    double d = 0;
    json_int_t n = 0;
    bool present = integer ? ld_integer(c->L, obj, key, base, c->b, false, &n)
                           : ld_number(c->L, obj, key, base, c->b, false, &d);
    if (present && (integer ? n < 0 : d < 0))
        ld_error(c->L, "E031", base, key, c->b, "'%s' must not be negative", key);
}

static void numeric(cfg *c)
{
    fl_loader *L = c->L;
    response_prompt(c, false);
    double min = 0, max = 0;
    bool has_min = ld_number(L, c->config, "validation_minimum", c->base, c->b, false, &min);
    bool has_max = ld_number(L, c->config, "validation_maximum", c->base, c->b, false, &max);
    if (has_min && has_max && min > max)
        ld_error(L, "E031", c->base, "validation_minimum", c->b,
                 "validation_minimum (%g) is larger than validation_maximum (%g)", min, max);
    json_t *ivr = ld_object(L, c->config, "IVR", c->base, c->b, false);
    json_int_t digits;
    const char *ib = ld_ptr(L, c->base, "IVR");
    if (ivr && ld_integer(L, ivr, "max_digits", ib, c->b, false, &digits) && digits < 1)
        ld_error(L, "E031", ib, "max_digits", c->b, "max_digits must be at least 1");
}

static void open_response(cfg *c)
{
    fl_loader *L = c->L;
    response_prompt(c, false);
    json_t *ivr = ld_object(L, c->config, "IVR", c->base, c->b, false);
    const char *ib = ld_ptr(L, c->base, "IVR");
    if (ivr) {
        non_negative(c, ivr, ib, "max_duration_seconds", false);
        ld_string(L, ivr, "end_recording_digits", ib, c->b, false);
    }
    json_t *text = ld_object(L, c->config, "TEXT", c->base, c->b, false);
    json_int_t n;
    const char *tb = ld_ptr(L, c->base, "TEXT");
    if (text && ld_integer(L, text, "max_response_characters", tb, c->b, false, &n) && n < 1)
        ld_error(L, "E031", tb, "max_response_characters", c->b,
                 "max_response_characters must be at least 1");
    if (ld_integer(L, c->config, "max_response_characters", c->base, c->b, false, &n) && n < 1)
        ld_error(L, "E031", c->base, "max_response_characters", c->b,
                 "max_response_characters must be at least 1");
}

/* Log and Print: a message that names a resource is a prompt; any other text is a template. */
static void message_config(cfg *c)
{
    const char *m = ld_string(c->L, c->config, "message", c->base, c->b, true);
    if (!m) return;
    if (fl_is_uuid(m))
        c->b->prompt = check_resource(c, m, c->base, "message");
    else
        add_expr(c, "message", ld_compile(c->L, m, FL_EXPR_TEMPLATE, c->base, "message", c->b));
}

static void group_membership(cfg *c)
{
    fl_loader *L = c->L;
    fl_block *b = c->b;
    bool clear = false;
    ld_boolean(L, c->config, "clear", c->base, b, &clear);
    b->clear_groups = clear;

    json_t *groups = json_object_get(c->config, "groups");
    if (L->shape.groups_single) {
        json_t *g = json_array_get(groups, 0);
        const char *key = ld_string(L, g, "group_key", c->base, b, true);
        if (key && !*key) ld_error(L, "E031", c->base, "group_key", b, "group_key is empty");
        ld_string(L, g, "group_name", c->base, b, false);
    } else if (groups && !json_is_null(groups) && !json_is_array(groups)) {
        ld_error(L, "E011", c->base, "groups", b, "'groups' must be an array");
        groups = NULL;
    } else if (!groups && !clear) {
        ld_error(L, "E010", c->base, "groups", b,
                 "required field 'groups' is missing (or 'clear': true)");
    }
    if (json_is_array(groups)) {
        const char *gb = ld_ptr(L, c->base, "groups");
        b->groups = ld_arena_alloc(&L->ix->arena, json_array_size(groups) * sizeof *b->groups);
        size_t i;
        json_t *g;
        json_array_foreach(groups, i, g)
        {
            const char *p = ld_ptr_index(L, gb, i);
            if (!json_is_object(g)) {
                ld_error(L, "E011", p, NULL, b, "a group must be an object with group_key");
                continue;
            }
            const char *key = L->shape.groups_single
                                  ? json_string_value(json_object_get(g, "group_key"))
                                  : ld_string(L, g, "group_key", p, b, true);
            if (!key || !*key) {
                if (key && !L->shape.groups_single)
                    ld_error(L, "E031", p, "group_key", b, "group_key is empty");
                continue;
            }
            fl_group_op *op = &b->groups[b->n_groups++];
            op->group_key = key;
            op->group_name = L->shape.groups_single
                                 ? json_string_value(json_object_get(g, "group_name"))
                                 : ld_string(L, g, "group_name", p, b, false);
        }
    }

    json_t *im = json_object_get(c->config, "is_member");
    if (!im || json_is_null(im)) {
        b->group_action = FL_GROUP_LEAVE;
        if (b->n_groups && !clear)
            ld_warn(L, "W014", c->base, "is_member", b,
                    "no is_member: the groups' membership is left unchanged");
    } else if (json_is_boolean(im)) {
        b->group_action = json_is_true(im) ? FL_GROUP_ADD : FL_GROUP_REMOVE;
    } else if (json_is_string(im)) {
        b->group_action = FL_GROUP_EVALUATE;
        b->is_member = ld_compile(L, json_string_value(im), -1, c->base, "is_member", b);
    } else {
        ld_error(L, "E011", c->base, "is_member", b,
                 "'is_member' must be true, false or an expression");
    }
}

static void template_map(cfg *c, const char *key)
{
    fl_loader *L = c->L;
    json_t *obj = ld_object(L, c->config, key, c->base, c->b, false);
    if (!obj) return;
    const char *base = ld_ptr(L, c->base, key);
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        if (!json_is_string(v)) {
            ld_error(L, "E011", base, k, c->b, "'%s' must be a string (a template)", k);
            continue;
        }
        const char *path = ld_arena_printf(&L->ix->arena, "%s.%s", key, k);
        add_expr(c, path, ld_compile(L, json_string_value(v), FL_EXPR_TEMPLATE, base, k, c->b));
    }
}

static void webhook(cfg *c)
{
    static const char *const methods[] = {"GET",    "POST", "PUT",     "PATCH",
                                          "DELETE", "HEAD", "OPTIONS", NULL};
    fl_loader *L = c->L;
    const char *m = ld_string(L, c->config, "method", c->base, c->b, true);
    bool ok = false;
    for (const char *const *p = methods; m && *p && !ok; p++) ok = !fl_strcasecmp(*p, m);
    if (m && !ok) ld_error(L, "E031", c->base, "method", c->b, "unknown HTTP method \"%s\"", m);
    const char *url = ld_string(L, c->config, "url", c->base, c->b, true);
    add_expr(c, "url", ld_compile(L, url, FL_EXPR_TEMPLATE, c->base, "url", c->b));
    const char *body = ld_string(L, c->config, "body", c->base, c->b, false);
    add_expr(c, "body", ld_compile(L, body, FL_EXPR_TEMPLATE, c->base, "body", c->b));
    template_map(c, "query_params");
    template_map(c, "headers");
    template_map(c, "auth");
    non_negative(c, c->config, c->base, "max_content_length", true);
    non_negative(c, c->config, c->base, "timeout", true);
    bool wait;
    ld_boolean(L, c->config, "wait_for_response", c->base, c->b, &wait);
}

/* ConsoleIO.Read: one destination variable per scanf conversion. */
static void console_read(cfg *c)
{
    fl_loader *L = c->L;
    const char *fmt = ld_string(L, c->config, "format_string", c->base, c->b, true);
    json_t *vars = ld_array(L, c->config, "destination_variables", c->base, c->b, true);
    if (!fmt || !vars) return;
    size_t conversions = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        if (p[1] != '*') conversions++;
    }
    if (conversions != json_array_size(vars))
        ld_error(L, "E031", c->base, "destination_variables", c->b,
                 "%zu destination variables for %zu conversions in format_string",
                 json_array_size(vars), conversions);
}

void ld_config(fl_loader *L, fl_block *b, json_t *config)
{
    cfg c = {.L = L, .b = b, .config = config, .base = ld_ptr(L, b->pointer, "config")};
    set_contact_property(&c);
    switch (b->kind) {
    case FL_BT_MESSAGE: {
        const char *key = L->shape.prompt_key ? L->shape.prompt_key : "prompt";
        json_t *p = json_object_get(config, "prompt");
        if (!p || json_is_null(p))
            ld_error(L, "E010", c.base, key, b, "required field '%s' is missing", key);
        else if (!json_is_string(p))
            ld_error(L, "E011", c.base, key, b, "'%s' must be a resource uuid", key);
        else
            b->prompt = check_resource(&c, json_string_value(p), c.base, key);
        break;
    }
    case FL_BT_SELECT_ONE:
    case FL_BT_SELECT_MANY:
        choices(&c);
        break;
    case FL_BT_NUMERIC:
        numeric(&c);
        break;
    case FL_BT_OPEN:
        open_response(&c);
        break;
    case FL_BT_LOCATION:
        response_prompt(&c, false);
        non_negative(&c, config, c.base, "accuracy_threshold_meters", false);
        non_negative(&c, config, c.base, "accuracy_timeout_seconds", false);
        break;
    case FL_BT_PHOTO:
        response_prompt(&c, false);
        break;
    case FL_BT_LOG:
    case FL_BT_PRINT:
        message_config(&c);
        break;
    case FL_BT_OUTPUT: {
        json_t *v = json_object_get(config, "value");
        if (!v || json_is_null(v))
            ld_error(L, "E010", c.base, "value", b, "required field 'value' is missing");
        else if (!json_is_string(v))
            ld_error(L, "E011", c.base, "value", b, "'value' must be an expression (a string)");
        else
            add_expr(&c, "value", ld_compile(L, json_string_value(v), -1, c.base, "value", b));
        break;
    }
    case FL_BT_RUN_FLOW:
        ld_uuid(L, config, "flow_id", c.base, b, true);
        break;
    case FL_BT_SET_CONTACT_PROPERTY: {
        json_t *scp = json_object_get(config, "set_contact_property");
        if (!scp || json_is_null(scp))
            ld_error(L, "E010", c.base, "set_contact_property", b,
                     "required field 'set_contact_property' is missing");
        else if (json_is_array(scp) && !json_array_size(scp))
            ld_error(L, "E014", c.base, "set_contact_property", b,
                     "set_contact_property sets nothing");
        break;
    }
    case FL_BT_SET_GROUP_MEMBERSHIP:
        group_membership(&c);
        break;
    case FL_BT_WEBHOOK:
        webhook(&c);
        break;
    case FL_BT_READ:
        console_read(&c);
        break;
    case FL_BT_CASE:
    case FL_BT_CUSTOM:
    case FL_BT_COUNT:
        break;
    }
    if (c.n_exprs) {
        b->config_exprs = ld_arena_alloc(&L->ix->arena, c.n_exprs * sizeof *b->config_exprs);
        memcpy(b->config_exprs, c.exprs, c.n_exprs * sizeof *c.exprs);
        b->n_config_exprs = c.n_exprs;
    }
}
