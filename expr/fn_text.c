/* fn_text.c: the text functions (char, clean, code, concatenate, first_word, left, len, lower,
 * proper, read_digits, remove_first_word, rept, right, substitute, unichar, unicode, upper, word,
 * word_count, word_slice), with the library's semantics: lengths and slices in graphemes, full
 * Unicode case mapping, and its two ways of splitting words. */
#include "expr/fn_common.h"

#include <string.h>
#include <utf8proc.h>

#define TEXT_ARG(i, s, n)                                                                          \
    const char *s;                                                                                 \
    size_t n;                                                                                      \
    do {                                                                                           \
        fl_value err_;                                                                             \
        if (!fl_fn_text(ev, &args[i], &s, &n, &err_)) return err_;                                 \
    } while (0)

static fl_value sb_text(fl_sb *sb)
{
    if (sb->data == NULL && !sb->failed) return fl_strz("");
    return fl_sb_finish(sb);
}

/* char(code): one byte with that code, as the library builds <<code>> (only the low 8 bits). */
static fl_value fn_char(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t code;
    if (!fl_fn_int(&args[0], &code)) return fl_raise(ev, "char() expects an integer code");
    /* The library would build a lone byte >= 0x80, which is not UTF-8 text: refuse it here so
     * that invalid text never reaches a message. */
    if ((code & 0xff) >= 0x80)
        return fl_raise(ev, "char(%lld) is not a character: its byte is not valid UTF-8",
                        (long long)code);
    char *s = fl_alloc(ev, 2);
    if (!s) return fl_oom(ev);
    s[0] = (char)(unsigned char)(code & 0xff);
    return fl_str(s, 1);
}

/* clean(text): the graphemes Elixir calls printable. */
static fl_value fn_clean(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    fl_sb sb;
    fl_sb_init(&sb, ev);
    for (size_t i = 0; i < n;) {
        size_t j = fl_u8_next_grapheme(s, n, i);
        if (fl_u8_printable(s + i, j - i)) fl_sb_append(&sb, s + i, j - i);
        i = j;
    }
    return sb_text(&sb);
}

/* code(text): the byte value of a one-byte string; nil gives nil. */
static fl_value fn_code(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_NIL) return fl_nil();
    if (args[0].type != FL_STR || args[0].len != 1)
        return fl_raise(ev, "code() expects a single one-byte character");
    return fl_int((unsigned char)args[0].u.s[0]);
}

/* concatenate(...): every argument's text (`__value__` maps unwrapped, nil empty) joined. */
static fl_value fn_concatenate(fl_eval *ev, const fl_value *args, size_t argc)
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    for (size_t k = 0; k < argc; k++) {
        fl_value v = fl_unwrap(ev, &args[k]);
        if (v.type == FL_NIL) continue;
        fl_sb_value(&sb, &v);
    }
    return sb_text(&sb);
}

static fl_value span_value(fl_eval *ev, const char *s, size_t off, size_t len)
{
    return fl_str_copy(ev, s + off, len);
}

/* first_word(text): the text before the first single space. */
static fl_value fn_first_word(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    const char *sp = memchr(s, ' ', n);
    return span_value(ev, s, 0, sp ? (size_t)(sp - s) : n);
}

/* left(text, n): the first n graphemes; nil for a non-string. */
static fl_value fn_left(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    int64_t count;
    if (!fl_fn_int(&args[1], &count) || count < 0)
        return fl_raise(ev, "left() expects a non-negative integer count");
    size_t a, b;
    fl_u8_slice(args[0].u.s, args[0].len, 0, count, &a, &b);
    return span_value(ev, args[0].u.s, a, b - a);
}

/* right(text, n): the last n graphemes, or "" when n is longer than the text (the library
 * slices from -n). */
static fl_value fn_right(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    int64_t count;
    if (!fl_fn_int(&args[1], &count) || count < 0)
        return fl_raise(ev, "right() expects a non-negative integer count");
    size_t a, b;
    fl_u8_slice(args[0].u.s, args[0].len, -count, count, &a, &b);
    return span_value(ev, args[0].u.s, a, b - a);
}

/* len(text): graphemes of the text form (nil is 0). */
static fl_value fn_len(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    return fl_int((int64_t)fl_u8_grapheme_count(s, n));
}

typedef void (*case_fn)(const char *s, size_t len, fl_buf *out);

static bool ascii_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

static fl_value map_case(fl_eval *ev, const fl_value *v, case_fn fn)
{
    if (v->type != FL_STR) return fl_nil();
    if (ascii_only(v->u.s, v->len)) {
        /* The common case, straight into the arena. */
        char *out = fl_alloc(ev, v->len + 1);
        if (!out) return fl_oom(ev);
        bool up = fn == fl_u8_upcase;
        for (size_t i = 0; i < v->len; i++) {
            char c = v->u.s[i];
            if (up && c >= 'a' && c <= 'z') c = (char)(c - 32);
            if (!up && c >= 'A' && c <= 'Z') c = (char)(c + 32);
            out[i] = c;
        }
        return fl_str(out, v->len);
    }
    fl_buf b = FL_BUF_INIT;
    fn(v->u.s, v->len, &b);
    fl_value r = fl_str_copy(ev, b.data ? b.data : "", b.len);
    fl_buf_free(&b);
    return r;
}

static fl_value fn_lower(fl_eval *ev, const fl_value *args, size_t argc)
{
    return map_case(ev, &args[0], fl_u8_downcase);
}

static fl_value fn_upper(fl_eval *ev, const fl_value *args, size_t argc)
{
    return map_case(ev, &args[0], fl_u8_upcase);
}

/* proper(text): capitalise the whole text, then every piece between single spaces. */
static fl_value fn_proper(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    const char *in = args[0].u.s;
    size_t n = args[0].len, ascii = 0;
    while (ascii < n && !(in[ascii] & 0x80)) ascii++;
    if (ascii == n) {
        /* ASCII: what the general path gives, without its buffers: a letter at the start or
         * after a space in upper case, every other letter in lower case. */
        char *o = fl_alloc(ev, n + 1);
        if (!o) return fl_oom(ev);
        for (size_t i = 0; i < n; i++) {
            char c = in[i];
            if (i == 0 || in[i - 1] == ' ')
                o[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            else
                o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return fl_str(o, n);
    }
    fl_buf whole = FL_BUF_INIT, out = FL_BUF_INIT;
    fl_u8_capitalize(args[0].u.s, args[0].len, &whole);
    const char *s = whole.data ? whole.data : "";
    fl_spans sp;
    fl_spans_init(&sp);
    fl_split_on(s, whole.len, " ", 1, &sp);
    for (size_t k = 0; k < sp.n; k++) {
        if (k) fl_buf_putc(&out, ' ');
        fl_u8_capitalize(s + sp.v[k].off, sp.v[k].len, &out);
    }
    fl_spans_free(&sp);
    fl_value r = fl_str_copy(ev, out.data ? out.data : "", out.len);
    fl_buf_free(&whole);
    fl_buf_free(&out);
    return r;
}

/* read_digits(text): "+" and each digit as an English word, everything else dropped. */
static fl_value fn_read_digits(fl_eval *ev, const fl_value *args, size_t argc)
{
    static const char *const words[] = {"zero", "one", "two",   "three", "four",
                                        "five", "six", "seven", "eight", "nine"};
    TEXT_ARG(0, s, n);
    fl_sb sb;
    fl_sb_init(&sb, ev);
    bool first = true;
    for (size_t i = 0; i < n;) {
        size_t j = fl_u8_next_grapheme(s, n, i);
        const char *w = NULL;
        if (j - i == 1 && s[i] == '+') w = "plus";
        if (j - i == 1 && s[i] >= '0' && s[i] <= '9') w = words[s[i] - '0'];
        if (w) {
            if (!first) fl_sb_putc(&sb, ' ');
            fl_sb_puts(&sb, w);
            first = false;
        }
        i = j;
    }
    return sb_text(&sb);
}

/* remove_first_word(text[, separator]): split on the separator, drop the first piece, join. */
static fl_value fn_remove_first_word(fl_eval *ev, const fl_value *args, size_t argc)
{
    TEXT_ARG(0, s, n);
    const char *sep = " ";
    size_t seplen = 1;
    if (argc > 1) {
        if (args[1].type != FL_STR)
            return fl_raise(ev, "remove_first_word() expects a text separator");
        sep = args[1].u.s;
        seplen = args[1].len;
    }
    if (seplen == 0) return fl_str(s, n); /* splitting on "" and joining again gives the text */
    const char *hit = NULL;
    for (size_t i = 0; i + seplen <= n; i++)
        if (memcmp(s + i, sep, seplen) == 0) {
            hit = s + i;
            break;
        }
    if (!hit) return fl_strz("");
    size_t off = (size_t)(hit - s) + seplen;
    return span_value(ev, s, off, n - off);
}

/* rept(text, n): the text n times; nil for a non-string. */
static fl_value fn_rept(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    int64_t count;
    if (!fl_fn_int(&args[1], &count) || count < 0)
        return fl_raise(ev, "rept() expects a non-negative integer count");
    size_t n = args[0].len;
    if (n == 0) return fl_strz("");
    if ((uint64_t)count > (UINT32_MAX / 2) / n) return fl_raise(ev, "rept() result is too large");
    if (!fl_eval_charge(ev, (size_t)count)) return fl_budget_error(ev);
    size_t total = n * (size_t)count;
    char *out = fl_alloc(ev, total + 1);
    if (!out) return fl_oom(ev);
    for (int64_t k = 0; k < count; k++) memcpy(out + (size_t)k * n, args[0].u.s, n);
    out[total] = '\0';
    return fl_str(out, total);
}

/* substitute(text, old, new): every occurrence replaced (an empty old inserts new between
 * graphemes, as Elixir's String.replace does). */
static fl_value fn_substitute(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type != FL_STR) return fl_nil();
    if (args[1].type != FL_STR || args[2].type != FL_STR)
        return fl_raise(ev, "substitute() expects text to find and text to put in its place");
    const char *s = args[0].u.s, *pat = args[1].u.s, *rep = args[2].u.s;
    size_t n = args[0].len, pn = args[1].len, rn = args[2].len;
    fl_sb sb;
    fl_sb_init(&sb, ev);
    if (pn == 0) {
        fl_sb_append(&sb, rep, rn);
        for (size_t i = 0; i < n;) {
            size_t j = fl_u8_next_grapheme(s, n, i);
            fl_sb_append(&sb, s + i, j - i);
            fl_sb_append(&sb, rep, rn);
            i = j;
        }
        return sb_text(&sb);
    }
    size_t start = 0;
    for (size_t i = 0; i + pn <= n;) {
        if (memcmp(s + i, pat, pn) == 0) {
            fl_sb_append(&sb, s + start, i - start);
            fl_sb_append(&sb, rep, rn);
            i += pn;
            start = i;
        } else {
            i++;
        }
    }
    fl_sb_append(&sb, s + start, n - start);
    return sb_text(&sb);
}

/* unichar(code): the character of a Unicode code point. */
static fl_value fn_unichar(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t code;
    if (!fl_fn_int(&args[0], &code) || code < 0 || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF))
        return fl_raise(ev, "unichar() expects a Unicode code point");
    char *s = fl_alloc(ev, 5);
    if (!s) return fl_oom(ev);
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)code, (utf8proc_uint8_t *)s);
    s[k] = '\0';
    return fl_str(s, (size_t)k);
}

/* unicode(char): the code point of a one-character string. */
static fl_value fn_unicode(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_STR && args[0].len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)args[0].u.s, args[0].len, &cp);
        if (k > 0 && (size_t)k == args[0].len) return fl_int(cp);
    }
    return fl_raise(ev, "unicode() expects a single character");
}

/* Splits the text form of args[0] the way word() and friends do. */
static bool split_words(fl_eval *ev, const fl_value *v, bool by_spaces, const char **s,
                        fl_spans *sp, fl_value *err)
{
    size_t n;
    if (!fl_fn_text(ev, v, s, &n, err)) return false;
    if (!fl_eval_charge(ev, n / 16 + 1)) {
        *err = fl_budget_error(ev);
        return false;
    }
    if (by_spaces)
        fl_split_on(*s, n, " ", 1, sp);
    else
        fl_split_punct(*s, n, sp);
    return true;
}

/* word(text, n[, by_spaces]): the nth word, 1-based; negative counts from the end, 0 is the last
 * word; a word that does not exist is an error, as in the library. */
static fl_value fn_word(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t n;
    if (!fl_fn_int(&args[1], &n)) return fl_raise(ev, "word() expects an integer position");
    bool by_spaces = argc > 2 && fl_truthy(&args[2]);
    const char *s;
    fl_spans sp;
    fl_spans_init(&sp);
    fl_value err;
    if (!split_words(ev, &args[0], by_spaces, &s, &sp, &err)) return err;
    int64_t count = (int64_t)sp.n;
    if (n < -count - 1) n = -count - 1; /* out of range either way; avoids overflow */
    int64_t idx = n < 0 ? count + n : n - 1;
    if (idx < 0 && n >= 0) idx = count + idx; /* n = 0: Enum.slice(parts, -1, 1) */
    fl_value r;
    if (idx < 0 || idx >= count)
        r = fl_raise(ev, "no match of right hand side value: []");
    else
        r = span_value(ev, s, sp.v[idx].off, sp.v[idx].len);
    fl_spans_free(&sp);
    return r;
}

/* word_count(text[, by_spaces]): nil counts 0; anything else must be text. */
static fl_value fn_word_count(fl_eval *ev, const fl_value *args, size_t argc)
{
    if (args[0].type == FL_NIL) return fl_int(0);
    if (args[0].type != FL_STR) return fl_raise(ev, "word_count() expects text");
    bool by_spaces = argc > 1 && fl_truthy(&args[1]);
    const char *s;
    fl_spans sp;
    fl_spans_init(&sp);
    fl_value err;
    if (!split_words(ev, &args[0], by_spaces, &s, &sp, &err)) return err;
    int64_t count = (int64_t)sp.n;
    fl_spans_free(&sp);
    return fl_int(count);
}

static fl_value join_spans(fl_eval *ev, const char *s, const fl_spans *sp, int64_t from, int64_t to)
{
    fl_sb sb;
    fl_sb_init(&sb, ev);
    for (int64_t k = from; k < to; k++) {
        if (k > from) fl_sb_putc(&sb, ' ');
        fl_sb_append(&sb, s + sp->v[k].off, sp->v[k].len);
    }
    return sb_text(&sb);
}

/* Elixir's Enum.slice(list, first..last//1) on count items: [*from, *to). */
static void range_slice(int64_t count, int64_t first, int64_t last, int64_t *from, int64_t *to)
{
    if (first < 0) first = first + count < 0 ? 0 : first + count;
    if (last < 0) last += count;
    int64_t amount = last - first + 1;
    if (first >= count || amount <= 0) {
        *from = *to = 0;
        return;
    }
    if (amount > count - first) amount = count - first;
    *from = first;
    *to = first + amount;
}

/* word_slice(text, start[, stop[, by_spaces]]): words from start (1-based) up to but not
 * including stop; negative values count from the end. The two-argument form splits on spaces
 * only, the three-argument form on punctuation too, the four-argument form as by_spaces says. */
static fl_value fn_word_slice(fl_eval *ev, const fl_value *args, size_t argc)
{
    int64_t start, stop = 0;
    if (!fl_fn_int(&args[1], &start) || (argc > 2 && !fl_fn_int(&args[2], &stop)))
        return fl_raise(ev, "word_slice() expects integer positions");
    /* Positions far past any text behave like the largest ones; clamping keeps the index
     * arithmetic below from overflowing. */
    const int64_t lim = (int64_t)1 << 40;
    start = start > lim ? lim : start < -lim ? -lim : start;
    stop = stop > lim ? lim : stop < -lim ? -lim : stop;
    bool by_spaces = argc == 2 || (argc > 3 && fl_truthy(&args[3]));
    if (argc == 2 && start == 0) return fl_raise(ev, "no cond clause evaluated to a true value");
    if (argc > 2 && stop == 0) return fl_raise(ev, "no case clause matching: 0");
    const char *s;
    fl_spans sp;
    fl_spans_init(&sp);
    fl_value err;
    if (!split_words(ev, &args[0], by_spaces, &s, &sp, &err)) return err;
    int64_t count = (int64_t)sp.n, from, to;
    if (argc == 2) {
        if (start > 0) {
            from = start - 1 < count ? start - 1 : count;
            to = count;
        } else {
            range_slice(count, start, count, &from, &to);
        }
    } else {
        range_slice(count, start - 1, stop > 0 ? stop - 2 : stop - 1, &from, &to);
    }
    fl_value r = join_spans(ev, s, &sp, from, to);
    fl_spans_free(&sp);
    return r;
}

const fl_builtin fl_builtins_text[] = {
    {"char", 1, 1, fn_char, 0},
    {"clean", 1, 1, fn_clean, 0},
    {"code", 1, 1, fn_code, 0},
    {"concatenate", 0, -1, fn_concatenate, 0},
    {"first_word", 1, 1, fn_first_word, 0},
    {"left", 2, 2, fn_left, 0},
    {"len", 1, 1, fn_len, 0},
    {"lower", 1, 1, fn_lower, 0},
    {"proper", 1, 1, fn_proper, 0},
    {"read_digits", 1, 1, fn_read_digits, 0},
    {"remove_first_word", 1, 2, fn_remove_first_word, 0},
    {"rept", 2, 2, fn_rept, 0},
    {"right", 2, 2, fn_right, 0},
    {"substitute", 3, 3, fn_substitute, 0},
    {"unichar", 1, 1, fn_unichar, 0},
    {"unicode", 1, 1, fn_unicode, 0},
    {"upper", 1, 1, fn_upper, 0},
    {"word", 2, 3, fn_word, 0},
    {"word_count", 1, 2, fn_word_count, 0},
    {"word_slice", 2, 4, fn_word_slice, 0},
    {NULL, 0, 0, NULL, 0},
};
