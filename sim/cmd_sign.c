/* cmd_sign.c: `floip sign` and `floip verify`, the X-Turn-Hook-Signature of a raw body file. */
#include "engine/util.h"
#include "sim/commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BODY (64u * 1024u * 1024u)

static int read_body(const char *path, char **data, size_t *len)
{
    fl_error err;
    fl_error_clear(&err);
    if (strcmp(path, "-") != 0) {
        if (fl_read_file(path, MAX_BODY, data, len, &err) == 0) return 0;
        fprintf(stderr, "floip: %s: %s\n", path, err.message);
        return -1;
    }
    fl_buf b = FL_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (b.len + n > MAX_BODY) {
            fprintf(stderr, "floip: standard input is larger than %u bytes\n", MAX_BODY);
            fl_buf_free(&b);
            return -1;
        }
        fl_buf_append(&b, chunk, n);
    }
    *len = b.len;
    *data = b.data ? fl_buf_steal(&b) : fl_xstrdup("");
    return 0;
}

/* Parses --secret / --signature; the secret may also come from FLOIP_SECRET (kept off the
 * process list). Returns the index of the FILE argument, or -1 after printing usage. */
static int parse(int argc, char **argv, bool want_sig, const char **secret, const char **sig)
{
    static const struct option opts[] = {{"secret", required_argument, NULL, 's'},
                                         {"signature", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    *secret = getenv("FLOIP_SECRET");
    *sig = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "s:g:h", opts, NULL)) != -1) {
        if (c == 's')
            *secret = optarg;
        else if (c == 'g' && want_sig)
            *sig = optarg;
        else
            goto usage;
    }
    if (!*secret || optind != argc - 1 || (want_sig && !*sig)) goto usage;
    return optind;
usage:
    fprintf(stderr,
            want_sig
                ? "usage: floip verify --secret S --signature X FILE|-\n"
                  "  exits 0 when X is the base64 HMAC-SHA256 of FILE's bytes, 1 when not\n"
                : "usage: floip sign --secret S FILE|-\n"
                  "  prints base64(HMAC-SHA256(S, FILE's bytes)), the X-Turn-Hook-Signature\n");
    fprintf(stderr, "  (the secret may be given in FLOIP_SECRET instead of --secret)\n");
    return -1;
}

int cmd_sign(int argc, char **argv)
{
    const char *secret, *sig;
    int i = parse(argc, argv, false, &secret, &sig);
    if (i < 0) return FL_EXIT_USAGE;
    char *body;
    size_t len;
    if (read_body(argv[i], &body, &len) < 0) return FL_EXIT_FAIL;
    char out[FL_SIGNATURE_SIZE];
    int rc = fl_sign(secret, body, len, out);
    free(body);
    if (rc < 0) {
        fprintf(stderr, "floip sign: %s\n", fl_strerror(rc));
        return FL_EXIT_FAIL;
    }
    printf("%s\n", out);
    return FL_EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
    const char *secret, *sig;
    int i = parse(argc, argv, true, &secret, &sig);
    if (i < 0) return FL_EXIT_USAGE;
    char *body;
    size_t len;
    if (read_body(argv[i], &body, &len) < 0) return FL_EXIT_FAIL;
    int rc = fl_verify(secret, body, len, sig);
    free(body);
    if (rc == 0) {
        printf("signature ok\n");
        return FL_EXIT_OK;
    }
    fprintf(stderr, "floip verify: %s\n",
            rc == FL_EMISMATCH ? "signature does not match" : fl_strerror(rc));
    return FL_EXIT_FAIL;
}
