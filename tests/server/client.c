/* client.c: blocking loopback HTTP client and child-process helpers for the server tests. */
#include "client.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <http_parser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

void tc_open(tc_conn *c, int port)
{
    memset(c, 0, sizeof *c);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(c->fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    cr_assert_eq(connect(c->fd, (struct sockaddr *)&a, sizeof a), 0, "connect: %s",
                 strerror(errno));
}

void tc_close(tc_conn *c)
{
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    free(c->pending);
    c->pending = NULL;
    c->pending_len = 0;
}

void tc_send_raw(tc_conn *c, const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        cr_assert(n > 0, "send: %s", strerror(errno));
        data += n;
        len -= (size_t)n;
    }
}

void tc_send(tc_conn *c, const char *method, const char *path, const char *extra, const char *body)
{
    char head[2048];
    size_t blen = body ? strlen(body) : 0;
    int n = snprintf(
        head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Length: %zu\r\n%s\r\n",
        method, path, body ? "Content-Type: application/json\r\n" : "", blen, extra ? extra : "");
    tc_send_raw(c, head, (size_t)n);
    if (blen) tc_send_raw(c, body, blen);
}

typedef struct parse_state {
    tc_response *r;
    char hname[64];
    int which; /* 0 none, 1 allow, 2 content-type, 3 www-authenticate */
    size_t cap;
    bool done;
} parse_state;

static int on_hfield(http_parser *p, const char *at, size_t len)
{
    parse_state *st = p->data;
    size_t n = len < sizeof st->hname - 1 ? len : sizeof st->hname - 1;
    memcpy(st->hname, at, n);
    st->hname[n] = 0;
    st->which = !strcasecmp(st->hname, "allow")              ? 1
                : !strcasecmp(st->hname, "content-type")     ? 2
                : !strcasecmp(st->hname, "www-authenticate") ? 3
                                                             : 0;
    return 0;
}

static int on_hvalue(http_parser *p, const char *at, size_t len)
{
    parse_state *st = p->data;
    char *dst = st->which == 1   ? st->r->allow
                : st->which == 2 ? st->r->content_type
                : st->which == 3 ? st->r->www_authenticate
                                 : NULL;
    if (dst) {
        size_t n = len < 127 ? len : 127;
        memcpy(dst, at, n);
        dst[n] = 0;
    }
    return 0;
}

static int on_rbody(http_parser *p, const char *at, size_t len)
{
    parse_state *st = p->data;
    tc_response *r = st->r;
    r->body = realloc(r->body, r->body_len + len + 1);
    memcpy(r->body + r->body_len, at, len);
    r->body_len += len;
    r->body[r->body_len] = 0;
    return 0;
}

static int on_rdone(http_parser *p)
{
    parse_state *st = p->data;
    st->done = true;
    st->r->status = (int)p->status_code;
    st->r->keep_alive = http_should_keep_alive(p) != 0;
    http_parser_pause(p, 1);
    return 0;
}

bool tc_recv(tc_conn *c, tc_response *r)
{
    memset(r, 0, sizeof *r);
    http_parser p;
    http_parser_init(&p, HTTP_RESPONSE);
    http_parser_settings s = {0};
    s.on_header_field = on_hfield;
    s.on_header_value = on_hvalue;
    s.on_body = on_rbody;
    s.on_message_complete = on_rdone;
    parse_state st = {.r = r};
    p.data = &st;
    char buf[65536];
    for (;;) {
        const char *data;
        size_t len;
        if (c->pending_len) {
            memcpy(buf, c->pending, c->pending_len);
            len = c->pending_len;
            c->pending_len = 0;
        } else {
            ssize_t n = recv(c->fd, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            len = (size_t)n;
        }
        data = buf;
        size_t used = http_parser_execute(&p, &s, data, len);
        if (st.done) {
            if (used < len) {
                c->pending = realloc(c->pending, len - used);
                memcpy(c->pending, data + used, len - used);
                c->pending_len = len - used;
            }
            break;
        }
        cr_assert_eq(HTTP_PARSER_ERRNO(&p), HPE_OK, "bad response: %s",
                     http_errno_description(HTTP_PARSER_ERRNO(&p)));
    }
    if (!r->body) r->body = strdup("");
    r->json = json_loads(r->body, 0, NULL);
    return true;
}

void tc_response_free(tc_response *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

void tc_request(int port, const char *method, const char *path, const char *extra, const char *body,
                tc_response *r)
{
    tc_conn c;
    tc_open(&c, port);
    tc_send(&c, method, path, extra, body);
    cr_assert(tc_recv(&c, r), "no response to %s %s", method, path);
    tc_close(&c);
}

bool tc_eof(tc_conn *c)
{
    char b;
    return recv(c->fd, &b, 1, 0) == 0;
}

/* ---- child processes ----------------------------------------------------------------------- */

void tc_spawn(tc_proc *p, const char *const *argv)
{
    memset(p, 0, sizeof *p);
    int in[2], out[2];
    cr_assert_eq(pipe(in), 0);
    cr_assert_eq(pipe(out), 0);
    const char *args[32];
    size_t n = 0;
    args[n++] = FLOIP_BINARY_DIR "/floip";
    for (size_t i = 0; argv[i] && n < 31; i++) args[n++] = argv[i];
    args[n] = NULL;
    pid_t parent = getpid();
    p->pid = fork();
    cr_assert(p->pid >= 0);
    if (p->pid == 0) {
        /* a failed assertion ends the test process: the server must not outlive it */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execv(args[0], (char *const *)args);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->in = in[1];
    p->out = out[0];
}

char *tc_readline(tc_proc *p)
{
    for (;;) {
        char *nl = p->outbuf ? memchr(p->outbuf, '\n', p->outlen) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - p->outbuf);
            char *line = strndup(p->outbuf, n);
            memmove(p->outbuf, nl + 1, p->outlen - n - 1);
            p->outlen -= n + 1;
            return line;
        }
        char buf[65536];
        struct pollfd pfd = {.fd = p->out, .events = POLLIN};
        cr_assert(poll(&pfd, 1, 30000) > 0, "no output from floip within 30 s");
        ssize_t r = read(p->out, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return NULL;
        p->outbuf = realloc(p->outbuf, p->outlen + (size_t)r + 1);
        memcpy(p->outbuf + p->outlen, buf, (size_t)r);
        p->outlen += (size_t)r;
    }
}

int tc_stop(tc_proc *p, int sig)
{
    if (p->in >= 0) close(p->in);
    p->in = -1;
    if (sig) kill(p->pid, sig);
    int status = 0;
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(p->out);
    free(p->outbuf);
    p->outbuf = NULL;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

int tc_serve(tc_proc *p, const char *const *extra_args)
{
    const char *args[32] = {"serve", "--port", "0", "--no-access-log"};
    size_t n = 4;
    for (size_t i = 0; extra_args && extra_args[i] && n < 31; i++) args[n++] = extra_args[i];
    args[n] = NULL;
    tc_spawn(p, args);
    char *line = tc_readline(p);
    cr_assert_not_null(line, "floip serve exited before listening");
    const char *colon = strrchr(line, ':');
    cr_assert_not_null(colon, "unexpected first line: %s", line);
    int port = atoi(colon + 1);
    free(line);
    cr_assert(port > 0);
    return port;
}

/* ---- temporary directories ----------------------------------------------------------------- */

char *tc_tempdir(void)
{
    char tmpl[] = "/tmp/floip-test-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    return strdup(tmpl);
}

char *tc_flows_dir(const char *const *names)
{
    char *dir = tc_tempdir();
    for (size_t i = 0; names[i]; i++) {
        char src[1024], dst[1024];
        const char *base = strrchr(names[i], '/') ? strrchr(names[i], '/') + 1 : names[i];
        snprintf(src, sizeof src, "%s/%s", FLOIP_DATA_DIR, names[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, base);
        FILE *in = fopen(src, "rb");
        cr_assert_not_null(in, "missing %s", src);
        FILE *out = fopen(dst, "wb");
        cr_assert_not_null(out);
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
        fclose(in);
        fclose(out);
    }
    return dir;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void tc_rmtree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
