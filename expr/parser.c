/*
 * parser.c: templates and bare expressions into an AST, following the library's v1 grammar
 * (a NimbleParsec grammar, so every alternative backtracks on failure):
 *
 *   template   := ( "@(" aexpr ")" | "@" shorthand | "@@" | "@" | text )*
 *   shorthand  := ( list | function | variable ) ( "." primitive | "[" aexpr "]" )*   no spaces
 *   aexpr      := term ( ( + - & >= <= != <> > < == = ) term )*        one flat level
 *   term       := power ( ( * / ) power )*
 *   power      := postfix ( "^" postfix )*
 *   postfix    := factor ( "." factor | "[" aexpr "]" )*
 *   factor     := ws* ( primitive | "(" aexpr ")" ) ws*
 *   primitive  := "&" int | range | "&" arguments | function | literal | variable | list
 *
 * A template never fails to parse: a malformed "@(" block falls back to a lone "@" followed by
 * text, as in the library. A bare expression must be consumed entirely.
 */
#include "expr/ast.h"
#include "expr/literal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t len, pos;
    fl_arena *arena;
    fl_parse_error *err;
    int depth;
    bool fatal;   /* a limit was hit: stop everything */
    size_t steps; /* work done, bounded so backtracking cannot explode */
    size_t max_steps;
} parser;

/* A growable list of nodes, copied into the arena when complete. */
typedef struct nodevec {
    fl_node **items;
    size_t n, cap;
    fl_node *inline_items[8];
} nodevec;

static void vec_init(nodevec *v)
{
    v->items = v->inline_items;
    v->n = 0;
    v->cap = FL_ARRAY_LEN(v->inline_items);
}

static void vec_push(nodevec *v, fl_node *n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap * 2;
        fl_node **items = fl_xmalloc(cap * sizeof *items);
        memcpy(items, v->items, v->n * sizeof *items);
        if (v->items != v->inline_items) free(v->items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = n;
}

static void vec_free(nodevec *v)
{
    if (v->items != v->inline_items) free(v->items);
}

static void fail_fatal(parser *p, int code, const char *msg)
{
    if (p->fatal) return;
    p->fatal = true;
    p->err->code = code;
    p->err->pos = p->pos;
    snprintf(p->err->message, sizeof p->err->message, "%s", msg);
}

static void *palloc(parser *p, size_t n)
{
    void *m = fl_arena_alloc(p->arena, n);
    if (!m) fail_fatal(p, FL_ELIMIT, "expression too large");
    return m;
}

static bool tick(parser *p)
{
    if (p->fatal) return false;
    if (++p->steps > p->max_steps) {
        fail_fatal(p, FL_ELIMIT, "expression too complex to parse");
        return false;
    }
    return true;
}

static fl_node *new_node(parser *p, fl_node_kind kind, size_t pos)
{
    fl_node *n = palloc(p, sizeof *n);
    if (!n) return NULL;
    n->kind = (uint8_t)kind;
    n->pos = (uint32_t)pos;
    return n;
}

/* Records n's height from a child; refuses trees the evaluator could not recurse through. */
static bool grow(parser *p, fl_node *n, const fl_node *child)
{
    if (child && child->height + 1 > n->height) n->height = child->height + 1;
    if (n->height > FL_EXPR_MAX_HEIGHT) {
        fail_fatal(p, FL_ELIMIT, "expression nested too deeply");
        return false;
    }
    return true;
}

static bool set_kids(parser *p, fl_node *n, nodevec *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (!grow(p, n, v->items[i])) return false;
    n->nkids = (uint32_t)v->n;
    if (!v->n) return true;
    n->kids = palloc(p, v->n * sizeof *n->kids);
    if (!n->kids) return false;
    memcpy(n->kids, v->items, v->n * sizeof *n->kids);
    return true;
}

static char *arena_strndup(parser *p, const char *s, size_t n)
{
    char *d = palloc(p, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static bool at(parser *p, char c)
{
    return p->pos < p->len && p->s[p->pos] == c;
}

static bool at_str(parser *p, const char *t)
{
    size_t n = strlen(t);
    return p->pos + n <= p->len && memcmp(p->s + p->pos, t, n) == 0;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && is_ws(p->s[p->pos])) p->pos++;
}

static bool atom_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool atom_char(char c)
{
    return atom_start(c) || c == '_' || c == '-';
}

/* An identifier at pos, lower-cased into the arena. */
static bool scan_atom(parser *p, const char **name, uint32_t *len)
{
    size_t start = p->pos;
    if (!(p->pos < p->len && atom_start(p->s[p->pos]))) return false;
    while (p->pos < p->len && atom_char(p->s[p->pos])) p->pos++;
    size_t n = p->pos - start;
    char *d = arena_strndup(p, p->s + start, n);
    if (!d) return false;
    for (size_t i = 0; i < n; i++)
        if (d[i] >= 'A' && d[i] <= 'Z') d[i] = (char)(d[i] + 32);
    *name = d;
    *len = (uint32_t)n;
    return true;
}

static fl_node *parse_aexpr(parser *p);
static fl_node *parse_template_text(parser *p, const char *s, size_t len, size_t base);

static bool enter(parser *p)
{
    if (++p->depth > FL_EXPR_MAX_DEPTH) {
        fail_fatal(p, FL_ELIMIT, "expression nested too deeply");
        return false;
    }
    return true;
}

/* arguments := aexpr ( "," aexpr )*  -- stops (backtracking) at a comma not followed by one. */
static void parse_arguments(parser *p, nodevec *args)
{
    fl_node *a = parse_aexpr(p);
    if (!a) return;
    vec_push(args, a);
    for (;;) {
        size_t save = p->pos;
        skip_ws(p);
        if (!at(p, ',')) {
            p->pos = save;
            return;
        }
        p->pos++;
        skip_ws(p);
        fl_node *b = parse_aexpr(p);
        if (!b) {
            p->pos = save;
            return;
        }
        vec_push(args, b);
    }
}

/* open args close, e.g. "(" arguments ")" or "[" arguments "]". */
static bool parse_enclosed_args(parser *p, char open, char close, nodevec *args)
{
    size_t save = p->pos;
    if (!at(p, open)) return false;
    p->pos++;
    skip_ws(p);
    parse_arguments(p, args);
    if (p->fatal) return false;
    skip_ws(p);
    if (!at(p, close)) {
        p->pos = save;
        args->n = 0;
        return false;
    }
    p->pos++;
    return true;
}

static fl_node *parse_string_literal(parser *p, size_t start, const fl_value *raw, char quote)
{
    char *text = palloc(p, raw->len + 1);
    if (!text) return NULL;
    size_t n = fl_unescape_quoted(raw->u.s, raw->len, quote, text);
    if (!memchr(text, '@', n)) {
        fl_node *c = new_node(p, FL_N_CONST, start);
        if (c) c->value = fl_str(text, n);
        return c;
    }
    /* v1 evaluates every string literal as a template. */
    fl_node *t = new_node(p, FL_N_STRTPL, start);
    if (!t) return NULL;
    t->a = parse_template_text(p, text, n, start + 1);
    return t->a && grow(p, t, t->a) ? t : NULL;
}

static fl_node *parse_literal(parser *p)
{
    size_t start = p->pos, end;
    fl_value v;
    char quote;
    fl_lit r = fl_scan_literal(p->s, p->len, p->pos, &v, &end, &quote);
    if (r == FL_LIT_NONE) return NULL;
    if (r == FL_LIT_INVALID) {
        fail_fatal(p, FL_EPARSE, "invalid date or time literal");
        return NULL;
    }
    p->pos = end;
    if (r == FL_LIT_STRING) return parse_string_literal(p, start, &v, quote);
    fl_node *n = new_node(p, FL_N_CONST, start);
    if (n) n->value = v;
    return n;
}

static fl_node *parse_range(parser *p)
{
    size_t start = p->pos, end;
    int64_t first, last, step = 1;
    if (!fl_scan_int(p->s, p->len, p->pos, &first, &end)) return NULL;
    if (end + 2 > p->len || memcmp(p->s + end, "..", 2) != 0 ||
        !fl_scan_int(p->s, p->len, end + 2, &last, &end))
        return NULL;
    if (end + 2 <= p->len && memcmp(p->s + end, "//", 2) == 0) {
        size_t e2;
        if (fl_scan_int(p->s, p->len, end + 2, &step, &e2)) end = e2;
    }
    fl_range *r = palloc(p, sizeof *r);
    fl_node *n = new_node(p, FL_N_RANGE, start);
    if (!r || !n) return NULL;
    r->first = first, r->last = last, r->step = step;
    n->value.type = FL_RANGE;
    n->value.u.range = r;
    p->pos = end;
    return n;
}

static fl_node *parse_primitive(parser *p)
{
    if (!tick(p) || p->pos >= p->len) return NULL;
    size_t start = p->pos;
    char c = p->s[p->pos];
    fl_node *n;

    if (c == '&') {
        /* capture: &1 */
        int64_t idx;
        size_t end;
        if (fl_scan_int(p->s, p->len, p->pos + 1, &idx, &end) && idx >= 0 && idx < 65536) {
            n = new_node(p, FL_N_CAPTURE, start);
            if (!n) return NULL;
            n->capture = (uint16_t)idx;
            p->pos = end;
            return n;
        }
    }
    if ((c >= '0' && c <= '9') || c == '-' || c == '_') {
        if ((n = parse_range(p)) || p->fatal) return n;
    }
    if (c == '&') {
        /* lambda: & arguments */
        p->pos++;
        nodevec args;
        vec_init(&args);
        parse_arguments(p, &args);
        if (!args.n || p->fatal) {
            vec_free(&args);
            p->pos = start;
            return NULL;
        }
        n = new_node(p, FL_N_LAMBDA, start);
        if (n) set_kids(p, n, &args);
        vec_free(&args);
        return n;
    }
    if (atom_start(c)) {
        /* function: name "(" arguments ")" */
        const char *name;
        uint32_t len;
        if (!scan_atom(p, &name, &len)) return NULL;
        if (at(p, '(')) {
            nodevec args;
            vec_init(&args);
            if (parse_enclosed_args(p, '(', ')', &args)) {
                n = new_node(p, FL_N_CALL, start);
                if (n && set_kids(p, n, &args)) {
                    n->name = name;
                    n->name_len = len;
                    n->builtin = fl_builtin_find(name, len, args.n);
                }
                vec_free(&args);
                return n;
            }
            vec_free(&args);
            if (p->fatal) return NULL;
        }
        p->pos = start;
        if ((n = parse_literal(p)) || p->fatal) return n;
        /* variable */
        if (!scan_atom(p, &name, &len)) return NULL;
        n = new_node(p, FL_N_VAR, start);
        if (n) n->name = name, n->name_len = len;
        return n;
    }
    if ((n = parse_literal(p)) || p->fatal) return n;
    if (c == '[') {
        nodevec items;
        vec_init(&items);
        if (parse_enclosed_args(p, '[', ']', &items)) {
            n = new_node(p, FL_N_LIST, start);
            if (n) set_kids(p, n, &items);
            vec_free(&items);
            return n;
        }
        vec_free(&items);
    }
    p->pos = start;
    return NULL;
}

static fl_node *parse_factor(parser *p)
{
    size_t start = p->pos;
    skip_ws(p);
    fl_node *n = parse_primitive(p);
    if (!n && !p->fatal && at(p, '(')) {
        p->pos++;
        n = parse_aexpr(p);
        skip_ws(p);
        if (n && at(p, ')'))
            p->pos++;
        else
            n = NULL;
    }
    if (!n) {
        p->pos = start;
        return NULL;
    }
    skip_ws(p);
    return n;
}

/* Property and index accesses after n. shorthand: no spaces, primitives only after a dot. */
static fl_node *parse_accessors(parser *p, fl_node *n, bool shorthand)
{
    while (n && !p->fatal) {
        size_t save = p->pos;
        if (at(p, '.')) {
            p->pos++;
            fl_node *rhs = shorthand ? parse_primitive(p) : parse_factor(p);
            if (!rhs) {
                p->pos = save;
                break;
            }
            fl_node *prop = new_node(p, FL_N_PROP, save);
            if (!prop) return NULL;
            prop->a = n, prop->b = rhs;
            if (!grow(p, prop, n) || !grow(p, prop, rhs)) return NULL;
            n = prop;
        } else if (at(p, '[')) {
            p->pos++;
            fl_node *key = parse_aexpr(p);
            skip_ws(p);
            if (!key || !at(p, ']')) {
                p->pos = save;
                break;
            }
            p->pos++;
            fl_node *idx = new_node(p, FL_N_INDEX, save);
            if (!idx) return NULL;
            idx->a = n, idx->b = key;
            if (!grow(p, idx, n) || !grow(p, idx, key)) return NULL;
            n = idx;
        } else {
            break;
        }
        if (!shorthand) skip_ws(p);
    }
    return p->fatal ? NULL : n;
}

static fl_node *binop(parser *p, fl_binop op, fl_node *l, fl_node *r, size_t pos)
{
    fl_node *n = new_node(p, FL_N_BINOP, pos);
    if (!n) return NULL;
    n->op = (uint8_t)op;
    n->a = l, n->b = r;
    if (!grow(p, n, l) || !grow(p, n, r)) return NULL;
    return n;
}

static fl_node *parse_power(parser *p)
{
    fl_node *l = parse_accessors(p, parse_factor(p), false);
    while (l && at(p, '^')) {
        size_t save = p->pos;
        p->pos++;
        fl_node *r = parse_accessors(p, parse_factor(p), false);
        if (!r) {
            p->pos = save;
            break;
        }
        l = binop(p, FL_OP_POW, l, r, save);
    }
    return p->fatal ? NULL : l;
}

static fl_node *parse_term(parser *p)
{
    fl_node *l = parse_power(p);
    while (l) {
        size_t save = p->pos;
        skip_ws(p);
        fl_binop op;
        if (at(p, '*'))
            op = FL_OP_MUL;
        else if (at(p, '/'))
            op = FL_OP_DIV;
        else {
            p->pos = save;
            break;
        }
        size_t oppos = p->pos++;
        fl_node *r = parse_power(p);
        if (!r) {
            p->pos = save;
            break;
        }
        l = binop(p, op, l, r, oppos);
    }
    return p->fatal ? NULL : l;
}

/* The flat comparison/additive level; returns the operator length, 0 when none. */
static size_t match_flat_op(parser *p, fl_binop *op)
{
    static const struct {
        const char *text;
        fl_binop op;
    } ops[] = {{"+", FL_OP_ADD}, {"-", FL_OP_SUB}, {"&", FL_OP_CAT}, {">=", FL_OP_GE},
               {"<=", FL_OP_LE}, {"!=", FL_OP_NE}, {"<>", FL_OP_NE}, {">", FL_OP_GT},
               {"<", FL_OP_LT},  {"==", FL_OP_EQ}, {"=", FL_OP_EQ}};
    for (size_t i = 0; i < FL_ARRAY_LEN(ops); i++)
        if (at_str(p, ops[i].text)) {
            *op = ops[i].op;
            return strlen(ops[i].text);
        }
    return 0;
}

static fl_node *parse_aexpr(parser *p)
{
    if (!enter(p)) return NULL;
    fl_node *l = parse_term(p);
    while (l) {
        size_t save = p->pos;
        skip_ws(p);
        fl_binop op;
        size_t oplen = match_flat_op(p, &op);
        if (!oplen) {
            p->pos = save;
            break;
        }
        size_t oppos = p->pos;
        p->pos += oplen;
        fl_node *r = parse_term(p);
        if (!r) {
            p->pos = save;
            break;
        }
        l = binop(p, op, l, r, oppos);
    }
    p->depth--;
    return p->fatal ? NULL : l;
}

/* The expression after a template's "@" (not "@(" and not "@@"); NULL when none starts here. */
static fl_node *parse_shorthand(parser *p)
{
    size_t start = p->pos;
    if (p->pos >= p->len) return NULL;
    char c = p->s[p->pos];
    fl_node *n = NULL;
    if (c == '[') {
        nodevec items;
        vec_init(&items);
        if (parse_enclosed_args(p, '[', ']', &items)) {
            n = new_node(p, FL_N_LIST, start);
            if (n) set_kids(p, n, &items);
        }
        vec_free(&items);
    } else if (atom_start(c)) {
        const char *name;
        uint32_t len;
        if (!scan_atom(p, &name, &len)) return NULL;
        nodevec args;
        vec_init(&args);
        if (at(p, '(') && parse_enclosed_args(p, '(', ')', &args)) {
            n = new_node(p, FL_N_CALL, start);
            if (n && set_kids(p, n, &args)) {
                n->name = name, n->name_len = len;
                n->builtin = fl_builtin_find(name, len, args.n);
            }
        } else if (!p->fatal) {
            n = new_node(p, FL_N_VAR, start);
            if (n) n->name = name, n->name_len = len;
        }
        vec_free(&args);
    }
    if (!n) return NULL;
    return parse_accessors(p, n, true);
}

static fl_node *text_chunk(parser *p, const char *s, size_t n, size_t pos)
{
    fl_node *t = new_node(p, FL_N_TEXT, pos);
    if (!t) return NULL;
    char *d = arena_strndup(p, s, n);
    if (!d) return NULL;
    t->value = fl_str(d, n);
    return t;
}

/* Parses a whole template held in s/len (the parser's text is swapped for the duration, so
 * string literals' templates reuse this). base: offset of s in the original source. */
static fl_node *parse_template_text(parser *p, const char *s, size_t len, size_t base)
{
    if (!enter(p)) return NULL;
    const char *saved_s = p->s;
    size_t saved_len = p->len, saved_pos = p->pos;
    p->s = s, p->len = len, p->pos = 0;

    nodevec chunks;
    vec_init(&chunks);
    while (p->pos < p->len && tick(p)) {
        size_t start = p->pos;
        fl_node *chunk = NULL;
        if (p->s[p->pos] != '@') {
            const char *at_sign = memchr(p->s + p->pos, '@', p->len - p->pos);
            size_t end = at_sign ? (size_t)(at_sign - p->s) : p->len;
            chunk = text_chunk(p, p->s + start, end - start, base + start);
            p->pos = end;
        } else if (p->pos + 1 < p->len && p->s[p->pos + 1] == '@') {
            chunk = text_chunk(p, "@", 1, base + start);
            p->pos += 2;
        } else {
            p->pos++;
            if (at(p, '(')) {
                p->pos++;
                chunk = parse_aexpr(p);
                skip_ws(p);
                if (chunk && at(p, ')'))
                    p->pos++;
                else {
                    chunk = NULL;
                    p->pos = start + 1;
                }
            } else if (!p->fatal) {
                chunk = parse_shorthand(p);
                if (!chunk) p->pos = start + 1;
            }
            /* A lone "@" is an empty expression. */
            if (!chunk && !p->fatal) chunk = new_node(p, FL_N_EMPTY, base + start);
        }
        if (!chunk) break;
        vec_push(&chunks, chunk);
    }
    fl_node *t = NULL;
    if (!p->fatal) {
        t = new_node(p, FL_N_TEMPLATE, base);
        if (t) set_kids(p, t, &chunks);
    }
    vec_free(&chunks);
    p->s = saved_s, p->len = saved_len, p->pos = saved_pos;
    p->depth--;
    return p->fatal ? NULL : t;
}

static void init_parser(parser *p, const char *src, size_t len, fl_arena *arena,
                        fl_parse_error *perr)
{
    memset(p, 0, sizeof *p);
    p->s = src, p->len = len, p->arena = arena, p->err = perr;
    p->max_steps = 64 * len + 10000;
    memset(perr, 0, sizeof *perr);
}

fl_node *fl_parse_template(const char *src, size_t len, fl_arena *arena, fl_parse_error *perr)
{
    parser p;
    init_parser(&p, src, len, arena, perr);
    if (len > FL_EXPR_MAX_SOURCE) {
        fail_fatal(&p, FL_ELIMIT, "template too long");
        return NULL;
    }
    return parse_template_text(&p, src, len, 0);
}

fl_node *fl_parse_block(const char *src, size_t len, fl_arena *arena, fl_parse_error *perr)
{
    parser p;
    init_parser(&p, src, len, arena, perr);
    if (len > FL_EXPR_MAX_SOURCE) {
        fail_fatal(&p, FL_ELIMIT, "expression too long");
        return NULL;
    }
    fl_node *n = parse_aexpr(&p);
    if (p.fatal) return NULL;
    skip_ws(&p);
    if (!n || p.pos != p.len) {
        perr->code = FL_EPARSE;
        perr->pos = p.pos;
        if (p.pos < p.len)
            snprintf(perr->message, sizeof perr->message,
                     "Unable to parse block: unexpected \"%.20s\"", src + p.pos);
        else
            snprintf(perr->message, sizeof perr->message,
                     "Unable to parse block: unexpected end of expression");
        return NULL;
    }
    return n;
}
