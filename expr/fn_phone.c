/* fn_phone.c: phone number recognition for has_phone(). A compact reading of the
 * libphonenumber rules the library relies on: the text must be a phone number (digits, a
 * leading +, and the usual punctuation), the country comes from the + prefix, the international
 * prefix or the given region, the national prefix is dropped, and the national number must have
 * a length that country uses (North American numbers are checked more closely). The result is
 * E.164: "+12067799294". */
#include "expr/fn_common.h"

#include <string.h>
#include <utf8proc.h>

typedef struct country {
    const char *region;   /* ISO 3166 code */
    int code;             /* calling code */
    const char *trunk;    /* national prefix, "" when none */
    int min_len, max_len; /* national significant number lengths */
} country;

static const country countries[] = {
    {"US", 1, "1", 10, 10},  {"CA", 1, "1", 10, 10},  {"ZA", 27, "0", 9, 9},
    {"GB", 44, "0", 9, 10},  {"NG", 234, "0", 8, 10}, {"KE", 254, "0", 7, 10},
    {"IN", 91, "0", 10, 10}, {"BR", 55, "0", 10, 11}, {"MX", 52, "01", 10, 10},
    {"DE", 49, "0", 6, 13},  {"FR", 33, "0", 9, 9},   {"ES", 34, "", 9, 9},
    {"IT", 39, "", 6, 11},   {"NL", 31, "0", 9, 9},   {"PT", 351, "", 9, 9},
    {"AU", 61, "0", 9, 9},   {"NZ", 64, "0", 8, 10},  {"ZW", 263, "0", 9, 9},
    {"ZM", 260, "0", 9, 9},  {"UG", 256, "0", 9, 9},  {"TZ", 255, "0", 9, 9},
    {"RW", 250, "0", 9, 9},  {"GH", 233, "0", 9, 9},  {"ET", 251, "0", 9, 9},
    {"EG", 20, "0", 8, 10},  {"MA", 212, "0", 9, 9},  {"MZ", 258, "", 8, 9},
    {"MW", 265, "0", 7, 9},  {"BW", 267, "", 7, 8},   {"NA", 264, "0", 8, 10},
    {"LS", 266, "", 8, 8},   {"SZ", 268, "", 8, 8},   {"CM", 237, "", 9, 9},
    {"CI", 225, "", 10, 10}, {"SN", 221, "", 9, 9},   {"CD", 243, "0", 7, 9},
    {"AO", 244, "", 9, 9},   {"SL", 232, "0", 8, 8},  {"LR", 231, "0", 7, 9},
    {"SO", 252, "0", 7, 9},  {"SD", 249, "0", 9, 9},  {"SS", 211, "0", 9, 9},
    {"BI", 257, "", 8, 8},   {"MG", 261, "0", 9, 9},  {"TN", 216, "", 8, 8},
    {"DZ", 213, "0", 8, 9},  {"PK", 92, "0", 9, 10},  {"BD", 880, "0", 8, 10},
    {"ID", 62, "0", 8, 12},  {"PH", 63, "0", 8, 10},  {"VN", 84, "0", 9, 10},
    {"TH", 66, "0", 8, 9},   {"MY", 60, "0", 8, 10},  {"SG", 65, "", 8, 8},
    {"CN", 86, "0", 10, 11}, {"JP", 81, "0", 9, 10},  {"KR", 82, "0", 8, 10},
    {"AE", 971, "0", 8, 9},  {"SA", 966, "0", 9, 9},  {"TR", 90, "0", 10, 10},
    {"RU", 7, "8", 10, 10},  {"AR", 54, "0", 10, 11}, {"CO", 57, "", 8, 10},
    {"PE", 51, "0", 8, 9},   {"CL", 56, "", 9, 9},    {"IE", 353, "0", 7, 9},
    {"BE", 32, "0", 8, 9},   {"CH", 41, "0", 9, 9},   {"AT", 43, "0", 4, 13},
    {"SE", 46, "0", 7, 10},  {"NO", 47, "", 8, 8},    {"DK", 45, "", 8, 8},
    {"FI", 358, "0", 5, 12}, {"PL", 48, "", 9, 9},    {"IL", 972, "0", 8, 9},
    {"HT", 509, "", 8, 8},   {"GR", 30, "", 10, 10},  {"UA", 380, "0", 9, 9},
    {"NP", 977, "0", 8, 10}, {"LK", 94, "0", 9, 9},   {"MM", 95, "0", 7, 10},
    {"KH", 855, "0", 8, 9},  {"AF", 93, "0", 9, 9},   {"IR", 98, "0", 10, 10},
    {"IQ", 964, "0", 8, 10}, {"JO", 962, "0", 8, 9},  {"LB", 961, "0", 7, 8},
};

static const country *by_region(const char *region)
{
    for (size_t k = 0; k < FL_ARRAY_LEN(countries); k++)
        if (strcmp(countries[k].region, region) == 0) return &countries[k];
    return NULL;
}

static const country *by_code(int code)
{
    for (size_t k = 0; k < FL_ARRAY_LEN(countries); k++)
        if (countries[k].code == code) return &countries[k];
    return NULL;
}

/* Punctuation libphonenumber accepts inside a number. */
static bool phone_punct(int32_t c)
{
    return c == '-' || c == ' ' || c == '(' || c == ')' || c == '.' || c == '/' || c == '[' ||
           c == ']' || c == '~' || c == '*' || c == 0xA0 || c == 0xAD || c == 0x200B ||
           c == 0x2060 || c == 0x3000 || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
           c == 0x30FC || (c >= 0xFF0D && c <= 0xFF0F) || c == 0xFF08 || c == 0xFF09 ||
           c == 0xFF3B || c == 0xFF3D || c == 0x2053 || c == 0x223C || c == 0xFF5E;
}

/* The ASCII digit of a decimal digit in any script, or -1. */
static int digit_value(int32_t c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c < 0x80 || utf8proc_category(c) != UTF8PROC_CATEGORY_ND) return -1;
    /* Unicode keeps every decimal digit set as a contiguous run of 0..9, so the value is the
     * distance from the start of the run, modulo ten (some runs hold several sets). */
    int32_t zero = c;
    while (zero > c - 64 && utf8proc_category(zero - 1) == UTF8PROC_CATEGORY_ND) zero--;
    return (int)((c - zero) % 10);
}

static bool nanp_valid(const char *nat)
{
    return nat[0] >= '2' && nat[3] >= '2' && !(nat[1] == '1' && nat[2] == '1');
}

static bool national_valid(const country *c, const char *nat, size_t n)
{
    if ((int)n < c->min_len || (int)n > c->max_len) return false;
    if (c->code == 1) return nanp_valid(nat);
    return nat[0] != '0' || c->trunk[0] == '\0';
}

static bool finish(const country *c, const char *nat, size_t n, char out[40])
{
    if (!c || !national_valid(c, nat, n)) return false;
    snprintf(out, 40, "+%d%.*s", c->code, (int)n, nat);
    return true;
}

bool fl_fn_phone_parse(const char *s, size_t len, const char *region_in, char out[40])
{
    /* Skip to the first + or digit. */
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) return false;
        if (c == '+' || c == 0xFF0B || digit_value(c) >= 0) break;
        i += (size_t)k;
    }
    char digits[64];
    size_t n = 0;
    bool plus = false, any = false;
    for (; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) return false;
        int d = digit_value(c);
        if (d >= 0) {
            if (n >= sizeof digits - 1) return false;
            digits[n++] = (char)('0' + d);
            any = true;
        } else if ((c == '+' || c == 0xFF0B) && !any) {
            plus = true;
        } else if (!phone_punct(c) && !fl_u8_is_space(c)) {
            return false;
        }
        i += (size_t)k;
    }
    digits[n] = '\0';
    if (n < 2) return false;

    char region[8] = {0};
    for (size_t k = 0; region_in && region_in[k] && k < sizeof region - 1; k++)
        region[k] =
            (char)(region_in[k] >= 'a' && region_in[k] <= 'z' ? region_in[k] - 32 : region_in[k]);
    const country *home = region[0] ? by_region(region) : NULL;
    const char *rest = digits;
    if (!plus && home) {
        const char *idd = home->code == 1             ? "011"
                          : strcmp(region, "AU") == 0 ? "0011"
                          : strcmp(region, "JP") == 0 ? "010"
                                                      : "00";
        if (strncmp(digits, idd, strlen(idd)) == 0) {
            plus = true;
            rest = digits + strlen(idd);
        }
    }
    if (plus) {
        for (int w = 1; w <= 3 && (size_t)w <= strlen(rest); w++) {
            int code = 0;
            for (int k = 0; k < w; k++) code = code * 10 + (rest[k] - '0');
            const country *c = by_code(code);
            if (!c) continue;
            /* A region sharing the code (US/CA) keeps the one asked for. */
            if (home && home->code == code) c = home;
            return finish(c, rest + w, strlen(rest + w), out);
        }
        return false;
    }
    if (!home) return false;
    size_t tl = strlen(home->trunk);
    size_t rn = strlen(rest);
    if (tl && strncmp(rest, home->trunk, tl) == 0 && (int)(rn - tl) >= home->min_len) {
        rest += tl;
        rn -= tl;
    }
    return finish(home, rest, rn, out);
}
