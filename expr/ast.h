/* ast.h: the compiled form of templates and expressions (allocated in the expression's arena). */
#ifndef FL_EXPR_AST_H
#define FL_EXPR_AST_H

#include "expr/arena.h"
#include "expr/builtins.h"
#include "expr/value.h"

typedef enum fl_node_kind {
    FL_N_TEMPLATE, /* kids: chunks (FL_N_TEXT or expression nodes) */
    FL_N_TEXT,     /* value: text of a template chunk */
    FL_N_EMPTY,    /* a lone `@`: the empty list, rendered as nothing */
    FL_N_CONST,    /* value: a literal (number, boolean, date, time, datetime, plain string) */
    FL_N_STRTPL,   /* a string literal containing `@`: a (v1) template; a: its FL_N_TEMPLATE */
    FL_N_VAR,      /* name: a variable */
    FL_N_PROP,     /* a.b: a subject, b the right-hand primitive (usually FL_N_VAR) */
    FL_N_INDEX,    /* a[b] */
    FL_N_CALL,     /* name(kids) */
    FL_N_LIST,     /* [kids] */
    FL_N_RANGE,    /* value: FL_RANGE */
    FL_N_LAMBDA,   /* &(...): kids are the body (one kid: its value; more: a list) */
    FL_N_CAPTURE,  /* &N: capture index (1-based) */
    FL_N_BINOP,    /* a op b */
} fl_node_kind;

typedef enum fl_binop {
    FL_OP_ADD,
    FL_OP_SUB,
    FL_OP_MUL,
    FL_OP_DIV,
    FL_OP_POW,
    FL_OP_CAT,
    FL_OP_EQ,
    FL_OP_NE,
    FL_OP_GT,
    FL_OP_GE,
    FL_OP_LT,
    FL_OP_LE,
} fl_binop;

typedef struct fl_node fl_node;
struct fl_node {
    uint8_t kind;     /* fl_node_kind */
    uint8_t op;       /* FL_N_BINOP: fl_binop */
    uint16_t capture; /* FL_N_CAPTURE: index */
    uint32_t height;  /* longest path to a leaf: bounds the evaluator's recursion */
    uint32_t pos;     /* byte offset in the source, for messages */
    uint32_t nkids;
    uint32_t name_len;
    fl_node **kids;
    fl_node *a, *b;
    const char *name;          /* lower case, NUL-terminated */
    const fl_builtin *builtin; /* FL_N_CALL: the standard function with this name, or NULL */
    fl_value value;
};

typedef struct fl_parse_error {
    int code; /* FL_EPARSE or FL_ELIMIT */
    size_t pos;
    char message[200];
} fl_parse_error;

/* Parses a template or a bare expression (block) into nodes allocated in arena. NULL on failure
 * with *perr filled. Templates never fail to parse except on limits (the library falls back to
 * text), blocks must be consumed entirely. */
fl_node *fl_parse_template(const char *src, size_t len, fl_arena *arena, fl_parse_error *perr);
fl_node *fl_parse_block(const char *src, size_t len, fl_arena *arena, fl_parse_error *perr);

/* Limits applied by the parser. */
#define FL_EXPR_MAX_SOURCE (1u << 20) /* bytes of one template or expression */
#define FL_EXPR_MAX_DEPTH  128        /* nesting of parentheses, calls, lists, string templates */
#define FL_EXPR_MAX_HEIGHT 512        /* height of the tree, e.g. a chain of 1 + 1 + ... */

#endif
