/*
 * eval.c: walks the AST with the library's v1 semantics: missing variables as a not-found
 * marker that remembers its path, property access on maps only, eager function arguments,
 * the flat comparison level's operators with their coercions. Errors are FL_ERROR values that
 * abort the evaluation (the library raises).
 */
#include "expr/eval.h"
#include "expr/functions.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void fl_eval_init(fl_eval *ev, const json_t *context, const fl_eval_options *opts, void *scratch,
                  size_t scratch_len)
{
    memset(ev, 0, sizeof *ev);
    fl_arena_init(&ev->arena, scratch, scratch_len, FL_EVAL_MEMORY_LIMIT);
    ev->context.type = FL_MAP;
    ev->context.form = FL_FORM_JSON;
    ev->context.u.json = json_is_object(context) ? context : NULL;
    ev->budget = FL_EVAL_DEFAULT_BUDGET;
    if (opts) {
        ev->now_ms = opts->now_ms;
        ev->rng = opts->seed;
        ev->functions = opts->functions;
        if (opts->budget) ev->budget = opts->budget;
        ev->bindings = opts->bindings;
        ev->n_bindings = opts->bindings ? opts->n_bindings : 0;
    }
}

struct fl_kept_json {
    json_t *json;
    struct fl_kept_json *next;
};

bool fl_eval_keep_json(fl_eval *ev, json_t *j)
{
    struct fl_kept_json *k = fl_alloc(ev, sizeof *k);
    if (!k) return false;
    k->json = j;
    k->next = ev->kept;
    ev->kept = k;
    return true;
}

void fl_eval_done(fl_eval *ev)
{
    for (struct fl_kept_json *k = ev->kept; k; k = k->next) json_decref(k->json);
    fl_arena_free(&ev->arena);
}

static fl_value notfound(const fl_node *first, const fl_node *last)
{
    fl_value v = {.type = FL_NOTFOUND};
    v.u.nf.first = first;
    v.u.nf.last = last;
    return v;
}

/* The key a property node reads: its right-hand variable's name, or a literal's text. */
static const char *prop_key(const fl_node *n, size_t *len, char tmp[32])
{
    const fl_node *k = n->kind == FL_N_PROP ? n->b : n;
    if (k->kind == FL_N_VAR) {
        *len = k->name_len;
        return k->name;
    }
    if (k->kind == FL_N_CONST && k->value.type == FL_STR) {
        *len = k->value.len;
        return k->value.u.s;
    }
    if (k->kind == FL_N_CONST && k->value.type == FL_INT) {
        int n2 = snprintf(tmp, 32, "%" PRId64, k->value.u.i);
        *len = (size_t)n2;
        return tmp;
    }
    *len = 0;
    return "";
}

void fl_notfound_path(const fl_value *nf, fl_buf *out)
{
    /* Segments are linked from the last one back to the first through the subject (a). */
    const fl_node *chain[FL_EXPR_MAX_HEIGHT + 1];
    size_t n = 0;
    for (const fl_node *k = nf->u.nf.last; k && n < FL_ARRAY_LEN(chain); k = k->a) {
        chain[n++] = k;
        if (k == nf->u.nf.first) break;
    }
    fl_buf_putc(out, '@');
    for (size_t i = n; i-- > 0;) {
        char tmp[32];
        size_t len;
        const char *key = prop_key(chain[i], &len, tmp);
        fl_buf_append(out, key, len);
        if (i) fl_buf_putc(out, '.');
    }
}

static fl_value raise_not_found(fl_eval *ev, const fl_value *nf)
{
    fl_buf b = FL_BUF_INIT;
    fl_notfound_path(nf, &b);
    fl_value e = fl_raise(ev, "attribute is not found: `%s`", b.data + 1);
    fl_buf_free(&b);
    return e;
}

static fl_value nil_if_notfound(fl_value v)
{
    return v.type == FL_NOTFOUND ? fl_nil() : v;
}

/* ---- variables and properties ---- */

/* Reads key from subject for the property node n (the library's Map.get with a not-found
 * default, or history extension when the subject is itself missing). */
static fl_value read_property(fl_eval *ev, const fl_node *n, const fl_value *subject,
                              const char *key, size_t keylen, bool name)
{
    if (subject->type == FL_NOTFOUND) return notfound(subject->u.nf.first, n);
    if (subject->type != FL_MAP) return fl_nil();
    bool found;
    fl_value v = name ? fl_map_get_name(ev, subject, key, keylen, &found)
                      : fl_map_get(ev, subject, key, keylen, &found);
    return found ? v : notfound(n, n);
}

static fl_value eval_prop(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    fl_value subject = fl_eval_node(ev, n->a, scope);
    if (subject.type == FL_ERROR) return subject;
    const fl_node *rhs = n->b;
    if (rhs->kind == FL_N_VAR)
        return read_property(ev, n, &subject, rhs->name, rhs->name_len, true);
    if (rhs->kind == FL_N_CONST) {
        /* `a.b.123` reads the key "123"; right after a plain subject (`a.1`) the library
         * returns the literal itself. */
        if (n->a->kind != FL_N_PROP) return rhs->value;
        char tmp[32];
        size_t len;
        const char *key = prop_key(n, &len, tmp);
        if (rhs->value.type != FL_STR && rhs->value.type != FL_INT) return fl_nil();
        return read_property(ev, n, &subject, key, len, false);
    }
    /* Anything else is evaluated with the subject as its scope. */
    return fl_eval_node(ev, rhs, &subject);
}

static fl_value eval_var(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    if (scope == &ev->context) {
        for (size_t i = 0; i < ev->n_roots; i++) {
            const fl_root *r = &ev->roots[i];
            if (r->len == n->name_len && r->name[0] == n->name[0] &&
                !memcmp(r->name, n->name, r->len))
                return r->value;
        }
        for (size_t i = 0; i < ev->n_bindings; i++) {
            const fl_binding *b = &ev->bindings[i];
            if (b->name[0] == n->name[0] && !strncmp(b->name, n->name, n->name_len) &&
                !b->name[n->name_len]) {
                if (b->value) return fl_from_json(ev, b->value);
                break;
            }
        }
    }
    if (scope->type == FL_NOTFOUND) return notfound(scope->u.nf.first, n);
    if (scope->type != FL_MAP) return fl_nil();
    bool found;
    fl_value v = fl_map_get_name(ev, scope, n->name, n->name_len, &found);
    return found ? v : notfound(n, n);
}

/* Enum.slice(list, first..last) for non-negative or end-relative indexes. */
static fl_value slice_list(fl_eval *ev, const fl_value *list, const fl_range *r)
{
    int64_t n = (int64_t)fl_len(list);
    int64_t first = r->first < 0 ? r->first + n : r->first;
    int64_t last = r->last < 0 ? r->last + n : r->last;
    int64_t step = r->step > 0 ? r->step : 1;
    if (first < 0) first = 0;
    if (last >= n) last = n - 1;
    if (first > last || first >= n) return fl_list(NULL, 0);
    size_t count = (size_t)((last - first) / step + 1);
    fl_value *items = fl_alloc(ev, count * sizeof *items);
    if (!items) return fl_oom(ev);
    for (size_t i = 0; i < count; i++)
        items[i] = fl_list_at(ev, list, (size_t)(first + (int64_t)i * step));
    return fl_list(items, count);
}

static fl_value eval_index(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    fl_value subject = fl_eval_node(ev, n->a, scope);
    if (subject.type == FL_ERROR) return subject;
    fl_value key = fl_eval_node(ev, n->b, scope);
    if (key.type == FL_ERROR) return key;
    if (key.type == FL_NOTFOUND) return fl_nil();
    if (fl_is_number(&key) && subject.type == FL_LIST) {
        if (key.type != FL_INT) return fl_raise(ev, "Access.at/1 expected an integer index");
        int64_t len = (int64_t)fl_len(&subject), i = key.u.i;
        if (i < 0) i += len;
        if (i < 0 || i >= len) return fl_nil();
        return fl_list_at(ev, &subject, (size_t)i);
    }
    if (fl_is_number(&key) && subject.type == FL_MAP)
        return fl_raise(ev, "Access.at/1 expected a list, got a map");
    if (key.type == FL_RANGE && subject.type == FL_LIST)
        return slice_list(ev, &subject, key.u.range);
    if (key.type == FL_STR && subject.type == FL_MAP)
        return fl_map_get(ev, &subject, key.u.s, key.len, NULL);
    return fl_nil();
}

/* ---- function calls ---- */

static bool eager_kind(const fl_node *n)
{
    if (n->kind == FL_N_CALL || n->kind == FL_N_LAMBDA) return true;
    return n->kind == FL_N_BINOP && n->op != FL_OP_POW && n->op != FL_OP_CAT;
}

/* The library hands a call's result to the next function as a literal, and string literals are
 * templates: a function result containing "@" is evaluated once more as a template. */
static fl_value retemplate(fl_eval *ev, const fl_value *v, const fl_value *scope)
{
    if (v->type != FL_STR || !memchr(v->u.s, '@', v->len)) return *v;
    fl_parse_error perr;
    fl_node *tpl = fl_parse_template(v->u.s, v->len, &ev->arena, &perr);
    if (!tpl) return perr.code == FL_ELIMIT ? fl_oom(ev) : *v;
    fl_buf b = FL_BUF_INIT;
    fl_value r = fl_eval_template_text(ev, tpl, scope, &b);
    if (r.type != FL_ERROR) r = fl_str_copy(ev, b.data ? b.data : "", b.len);
    fl_buf_free(&b);
    return r;
}

/* An unknown name or arity is not an error in the library: it yields this text. */
static fl_value not_implemented(fl_eval *ev, const fl_node *n)
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    fl_sb_printf(&sb, "ERROR: \"%s is not implemented.\"", n->name);
    return fl_sb_finish(&sb);
}

/* One argument as a builtin receives it. */
static fl_value eval_arg(fl_eval *ev, const fl_node *kid, const fl_value *scope)
{
    fl_value v = fl_eval_node(ev, kid, scope);
    if (v.type == FL_ERROR) return v;
    v = nil_if_notfound(v);
    if (kid->kind == FL_N_CALL) v = retemplate(ev, &v, scope);
    return v;
}

/* if(cond, yes, no) with the library's evaluation order: calls and operators first (eagerly),
 * then the condition, then only the selected branch. */
static fl_value eval_lazy_if(fl_eval *ev, const fl_node *n, const fl_builtin *b,
                             const fl_value *scope)
{
    fl_value args[3];
    for (size_t i = 0; i < 3; i++) {
        args[i] = fl_nil();
        if (eager_kind(n->kids[i])) {
            args[i] = eval_arg(ev, n->kids[i], scope);
            if (args[i].type == FL_ERROR) return args[i];
        }
    }
    if (!eager_kind(n->kids[0])) {
        args[0] = eval_arg(ev, n->kids[0], scope);
        if (args[0].type == FL_ERROR) return args[0];
    }
    size_t chosen = fl_truthy(&args[0]) ? 1 : 2;
    if (!eager_kind(n->kids[chosen])) {
        args[chosen] = eval_arg(ev, n->kids[chosen], scope);
        if (args[chosen].type == FL_ERROR) return args[chosen];
    }
    fl_value r = b->fn(ev, args, 3);
    return r.type == FL_NOTFOUND ? fl_nil() : r;
}

static fl_value eval_call(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    const fl_builtin *b = n->builtin;
    if (b && (b->flags & FL_BUILTIN_LAZY_IF) && n->nkids == 3 &&
        !fl_functions_has(ev->functions, n->name, n->name_len))
        return eval_lazy_if(ev, n, b, scope);
    fl_value *args = n->nkids ? fl_alloc(ev, n->nkids * sizeof *args) : NULL;
    if (n->nkids && !args) return fl_oom(ev);
    size_t argc = 0;
    for (; argc < n->nkids; argc++) {
        const fl_node *kid = n->kids[argc];
        fl_value v = eval_arg(ev, kid, scope);
        if (v.type == FL_ERROR) return v;
        args[argc] = v;
        if (b && (b->flags & FL_BUILTIN_STOP_AT_TRUE) && eager_kind(kid) && v.type == FL_BOOL &&
            v.u.b) {
            argc++;
            break;
        }
    }
    if (ev->functions) {
        fl_value r;
        if (fl_functions_call(ev, ev->functions, n->name, n->name_len, args, argc, &r)) return r;
    }
    if (b && argc != n->nkids) b = fl_builtin_find(n->name, n->name_len, argc);
    if (!b || (int)argc < b->min_args || (b->max_args >= 0 && (int)argc > b->max_args))
        return not_implemented(ev, n);
    fl_value r = b->fn(ev, args, argc);
    if (r.type == FL_NOTFOUND) r = fl_nil();
    return r;
}

fl_value fl_call_lambda(fl_eval *ev, const fl_value *lambda, const fl_value *args, size_t argc)
{
    if (lambda->type != FL_LAMBDA) return fl_raise(ev, "expected a function");
    if (ev->depth >= FL_EVAL_MAX_DEPTH) return fl_raise(ev, "evaluation nested too deeply");
    const fl_node *n = lambda->u.lambda;
    const fl_value *saved = ev->captures;
    size_t saved_n = ev->ncaptures;
    ev->captures = args, ev->ncaptures = argc;
    ev->depth++;
    fl_value r;
    if (n->nkids == 1) {
        r = fl_eval_node(ev, n->kids[0], &ev->context);
    } else {
        fl_value *items = fl_alloc(ev, n->nkids * sizeof *items);
        r = items ? fl_list(items, n->nkids) : fl_oom(ev);
        for (size_t i = 0; items && i < n->nkids; i++) {
            fl_value v = fl_eval_node(ev, n->kids[i], &ev->context);
            if (v.type == FL_ERROR) {
                r = v;
                break;
            }
            items[i] = v;
        }
    }
    ev->depth--;
    ev->captures = saved, ev->ncaptures = saved_n;
    return r;
}

/* ---- operators ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Microseconds since the epoch (UTC instant) of a date (midnight) or datetime. */
static int64_t instant_us(const fl_value *v)
{
    const fl_dt *d = &v->u.dt;
    int64_t days = days_from_civil(d->year, d->month, d->day);
    int64_t secs = days * 86400;
    if (v->type == FL_DATETIME) secs += d->hour * 3600 + d->minute * 60 + d->second - d->offset_sec;
    return secs * 1000000 + (v->type == FL_DATETIME ? d->usec : 0);
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static bool is_dateish(const fl_value *v)
{
    return v->type == FL_DATE || v->type == FL_DATETIME;
}

/* A string as the library's extract_dateish/extract_datetimeish sees it: lower-case ASCII
 * letters removed, then exactly one date or datetime literal. */
static bool string_as_date(fl_eval *ev, const fl_value *s, fl_vtype want, fl_value *out)
{
    char stack[128];
    char *buf = s->len < sizeof stack ? stack : fl_alloc(ev, s->len + 1);
    if (!buf) return false;
    size_t n = 0;
    for (size_t i = 0; i < s->len; i++)
        if (!(s->u.s[i] >= 'a' && s->u.s[i] <= 'z')) buf[n++] = s->u.s[i];
    fl_value v;
    if (!fl_parse_dateish(buf, n, &v)) return false;
    if (want == FL_DATE && v.type == FL_DATETIME) {
        fl_dt d = {0};
        d.year = v.u.dt.year, d.month = v.u.dt.month, d.day = v.u.dt.day;
        v = fl_dt_value(FL_DATE, d);
    } else if (want == FL_DATETIME && v.type == FL_DATE) {
        v.type = FL_DATETIME; /* midnight */
    }
    *out = v;
    return true;
}

static bool compare_result(fl_binop op, int c)
{
    switch (op) {
    case FL_OP_EQ:
        return c == 0;
    case FL_OP_NE:
        return c != 0;
    case FL_OP_GT:
        return c > 0;
    case FL_OP_GE:
        return c >= 0;
    case FL_OP_LT:
        return c < 0;
    case FL_OP_LE:
        return c <= 0;
    default:
        return false;
    }
}

static bool is_comparison(fl_binop op)
{
    return op >= FL_OP_EQ;
}

/* Date/DateTime comparisons; *handled says whether this clause applied. */
static fl_value compare_dates(fl_eval *ev, fl_binop op, const fl_value *a, const fl_value *b,
                              bool *handled)
{
    *handled = true;
    if (a->type == b->type && is_dateish(a)) {
        /* Two dates or two datetimes: chronological (!= is structural in the library). */
        if (op == FL_OP_NE) return fl_bool(!fl_equal(ev, a, b));
        return fl_bool(compare_result(op, cmp_i64(instant_us(a), instant_us(b))));
    }
    const fl_value *date = is_dateish(a) ? a : b, *other = is_dateish(a) ? b : a;
    if (is_dateish(date) && other->type == FL_STR) {
        fl_value parsed;
        if (!string_as_date(ev, other, (fl_vtype)date->type, &parsed))
            return fl_raise(ev, "cannot compare a date with \"%.*s\"", (int)other->len, other->u.s);
        int c = cmp_i64(instant_us(date), instant_us(&parsed));
        if (date == b) c = -c;
        return fl_bool(compare_result(op, c));
    }
    *handled = false;
    return fl_nil();
}

/* An error whose message shows v in Elixir's inspect form, as the library's messages do. */
static fl_value raise_with_value(fl_eval *ev, const char *fmt, const fl_value *v)
{
    fl_buf b = FL_BUF_INIT;
    fl_inspect(ev, v, &b);
    fl_value e = fl_raise(ev, fmt, b.data ? b.data : "");
    fl_buf_free(&b);
    return e;
}

static fl_value not_a_number(fl_eval *ev, const fl_value *v)
{
    if (v->type == FL_NOTFOUND) return raise_not_found(ev, v);
    return raise_with_value(ev, "expression is not a number: `%s`", v);
}

static fl_value arithmetic(fl_eval *ev, fl_binop op, const fl_value *a, const fl_value *b)
{
    if (a->type == FL_INT && b->type == FL_INT && op != FL_OP_DIV) {
        int64_t x = a->u.i, y = b->u.i, r;
        bool overflow = false;
        switch (op) {
        case FL_OP_ADD:
            overflow = __builtin_add_overflow(x, y, &r);
            break;
        case FL_OP_SUB:
            overflow = __builtin_sub_overflow(x, y, &r);
            break;
        case FL_OP_MUL:
            overflow = __builtin_mul_overflow(x, y, &r);
            break;
        default:
            return fl_bool(compare_result(op, cmp_i64(x, y)));
        }
        /* The library has big integers; beyond int64 the result degrades to a float. */
        if (!overflow) return fl_int(r);
    }
    double x = a->type == FL_INT ? (double)a->u.i : a->u.f;
    double y = b->type == FL_INT ? (double)b->u.i : b->u.f;
    switch (op) {
    case FL_OP_ADD:
        return fl_float(x + y);
    case FL_OP_SUB:
        return fl_float(x - y);
    case FL_OP_MUL:
        return fl_float(x * y);
    case FL_OP_DIV:
        if (y == 0) return fl_raise(ev, "bad argument in arithmetic expression");
        return fl_float(x / y);
    default:
        return fl_bool(compare_result(op, (x > y) - (x < y)));
    }
}

/* Elixir's to_string for the `&` operator. */
static bool chars_of(fl_eval *ev, const fl_value *v, fl_sb *sb, int depth)
{
    switch (v->type) {
    case FL_NIL:
        return true;
    case FL_STR:
        fl_sb_append(sb, v->u.s, v->len);
        return true;
    case FL_BOOL:
    case FL_INT:
    case FL_FLOAT:
    case FL_DATE:
        fl_sb_value(sb, v);
        return true;
    case FL_TIME: {
        fl_buf b = FL_BUF_INIT;
        fl_value_format_dt(v, &b);
        fl_sb_append(sb, b.data, b.len);
        fl_buf_free(&b);
        return true;
    }
    case FL_DATETIME: {
        /* String.Chars of a DateTime puts a space between date and time */
        fl_buf b = FL_BUF_INIT;
        fl_value_format_dt(v, &b);
        char *t = strchr(b.data, 'T');
        if (t) *t = ' ';
        fl_sb_append(sb, b.data, b.len);
        fl_buf_free(&b);
        return true;
    }
    case FL_LIST: {
        /* a list is chardata: strings and code points */
        if (depth > 64) return false;
        size_t n = fl_len(v);
        for (size_t i = 0; i < n; i++) {
            fl_value item = fl_list_at(ev, v, i);
            if (item.type == FL_INT) {
                if (item.u.i < 0 || item.u.i > 0x10FFFF) return false;
                char u[4];
                uint32_t c = (uint32_t)item.u.i;
                size_t len;
                if (c < 0x80)
                    u[0] = (char)c, len = 1;
                else if (c < 0x800)
                    u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), len = 2;
                else if (c < 0x10000)
                    u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
                    u[2] = (char)(0x80 | (c & 0x3F)), len = 3;
                else
                    u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
                    u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)),
                    len = 4;
                fl_sb_append(sb, u, len);
            } else if (item.type == FL_STR || item.type == FL_LIST) {
                if (!chars_of(ev, &item, sb, depth + 1)) return false;
            } else {
                return false;
            }
        }
        return true;
    }
    default:
        return false;
    }
}

static fl_value concat(fl_eval *ev, const fl_value *a, const fl_value *b)
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    const fl_value *sides[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        if (sides[i]->type == FL_NOTFOUND) {
            fl_buf p = FL_BUF_INIT;
            fl_notfound_path(sides[i], &p);
            fl_value e = fl_raise(ev,
                                  "protocol String.Chars not implemented for {:not_found, "
                                  "[\"%s\"]}",
                                  p.data + 1);
            fl_buf_free(&p);
            return e;
        }
        if (!chars_of(ev, sides[i], &sb, 0))
            return raise_with_value(ev, "protocol String.Chars not implemented for %s", sides[i]);
    }
    return fl_sb_finish(&sb);
}

static fl_value eval_binop(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    fl_value a = fl_eval_node(ev, n->a, scope);
    if (a.type == FL_ERROR) return a;
    fl_value b = fl_eval_node(ev, n->b, scope);
    if (b.type == FL_ERROR) return b;
    fl_binop op = (fl_binop)n->op;

    if (op == FL_OP_CAT) return concat(ev, &a, &b);
    if (op == FL_OP_POW) {
        if (!fl_is_number(&a)) return not_a_number(ev, &a);
        if (!fl_is_number(&b)) return not_a_number(ev, &b);
        double x = a.type == FL_INT ? (double)a.u.i : a.u.f;
        double y = b.type == FL_INT ? (double)b.u.i : b.u.f;
        double r = pow(x, y);
        if (!isfinite(r)) return fl_raise(ev, "bad argument in arithmetic expression");
        return fl_float(r);
    }
    if (fl_is_number(&a) && fl_is_number(&b) && op != FL_OP_EQ && op != FL_OP_NE)
        return arithmetic(ev, op, &a, &b);
    if (is_comparison(op) && (is_dateish(&a) || is_dateish(&b))) {
        bool handled;
        fl_value r = compare_dates(ev, op, &a, &b, &handled);
        if (handled) return r;
    }
    if (op == FL_OP_EQ || op == FL_OP_NE) {
        bool eq = fl_equal(ev, &a, &b);
        return fl_bool(op == FL_OP_EQ ? eq : !eq);
    }
    if (!fl_is_number(&a)) return not_a_number(ev, &a);
    return not_a_number(ev, &b);
}

/* ---- nodes ---- */

fl_value fl_eval_node(fl_eval *ev, const fl_node *n, const fl_value *scope)
{
    if (FL_UNLIKELY(!ev->budget)) return fl_budget_error(ev);
    ev->budget--;
    switch ((fl_node_kind)n->kind) {
    case FL_N_CONST:
    case FL_N_TEXT:
    case FL_N_RANGE:
        return n->value;
    case FL_N_EMPTY:
        return fl_list(NULL, 0);
    case FL_N_VAR:
        return eval_var(ev, n, scope);
    case FL_N_PROP:
        return eval_prop(ev, n, scope);
    case FL_N_INDEX:
        return eval_index(ev, n, scope);
    case FL_N_CALL:
        return eval_call(ev, n, scope);
    case FL_N_BINOP:
        return eval_binop(ev, n, scope);
    case FL_N_LAMBDA: {
        fl_value v = {.type = FL_LAMBDA};
        v.u.lambda = n;
        return v;
    }
    case FL_N_CAPTURE:
        if (n->capture >= 1 && n->capture <= ev->ncaptures) return ev->captures[n->capture - 1];
        return fl_nil();
    case FL_N_LIST: {
        fl_value *items = n->nkids ? fl_alloc(ev, n->nkids * sizeof *items) : NULL;
        if (n->nkids && !items) return fl_oom(ev);
        for (size_t i = 0; i < n->nkids; i++) {
            fl_value v = fl_eval_node(ev, n->kids[i], scope);
            if (v.type == FL_ERROR) return v;
            items[i] = nil_if_notfound(v);
        }
        return fl_list(items, n->nkids);
    }
    case FL_N_STRTPL: {
        if (ev->depth >= FL_EVAL_MAX_DEPTH) return fl_raise(ev, "evaluation nested too deeply");
        fl_buf b = FL_BUF_INIT;
        ev->depth++;
        fl_value r = fl_eval_template_text(ev, n->a, scope, &b);
        ev->depth--;
        if (r.type != FL_ERROR) r = fl_str_copy(ev, b.data ? b.data : "", b.len);
        fl_buf_free(&b);
        return r;
    }
    case FL_N_TEMPLATE:
        return fl_eval_template(ev, n, scope);
    }
    return fl_nil();
}

fl_value fl_eval_template(fl_eval *ev, const fl_node *tpl, const fl_value *scope)
{
    if (tpl->kind != FL_N_TEMPLATE) return fl_eval_node(ev, tpl, scope);
    if (tpl->nkids == 1) return fl_eval_node(ev, tpl->kids[0], scope);
    fl_value *items = tpl->nkids ? fl_alloc(ev, tpl->nkids * sizeof *items) : NULL;
    if (tpl->nkids && !items) return fl_oom(ev);
    for (size_t i = 0; i < tpl->nkids; i++) {
        fl_value v = fl_eval_node(ev, tpl->kids[i], scope);
        if (v.type == FL_ERROR) return v;
        items[i] = v;
    }
    return fl_list(items, tpl->nkids);
}

static void render_chunk(fl_eval *ev, const fl_value *v, fl_buf *out)
{
    if (v->type == FL_NOTFOUND)
        fl_notfound_path(v, out);
    else
        fl_value_render(ev, v, out);
}

fl_value fl_eval_template_text(fl_eval *ev, const fl_node *tpl, const fl_value *scope, fl_buf *out)
{
    if (tpl->kind != FL_N_TEMPLATE) {
        fl_value v = fl_eval_node(ev, tpl, scope);
        if (v.type == FL_ERROR) return v;
        render_chunk(ev, &v, out);
        return fl_nil();
    }
    for (size_t i = 0; i < tpl->nkids; i++) {
        const fl_node *chunk = tpl->kids[i];
        if (chunk->kind == FL_N_TEXT) {
            fl_buf_append(out, chunk->value.u.s, chunk->value.len);
            continue;
        }
        fl_value v = fl_eval_node(ev, chunk, scope);
        if (v.type == FL_ERROR) return v;
        render_chunk(ev, &v, out);
    }
    return fl_nil();
}
