/* client.h: a blocking HTTP/1.1 test client over loopback sockets, and a floip child process. */
#ifndef FL_TEST_CLIENT_H
#define FL_TEST_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct tc_conn {
    int fd;
    char *pending; /* bytes read past the last response (pipelining) */
    size_t pending_len;
} tc_conn;

typedef struct tc_response {
    int status;
    char *body; /* NUL-terminated */
    size_t body_len;
    json_t *json;    /* parsed body, or NULL */
    bool keep_alive; /* the server kept the connection open */
    char allow[128]; /* Allow header */
    char content_type[128];
    char www_authenticate[128];
} tc_response;

/* Connects to 127.0.0.1:port; aborts the test on failure. */
void tc_open(tc_conn *c, int port);
void tc_close(tc_conn *c);
void tc_send_raw(tc_conn *c, const char *data, size_t len);
/* Sends one request (body may be NULL); extra: header lines ending in \r\n, or NULL. */
void tc_send(tc_conn *c, const char *method, const char *path, const char *extra, const char *body);
/* Reads exactly one response; returns false when the connection closed before one arrived. */
bool tc_recv(tc_conn *c, tc_response *r);
void tc_response_free(tc_response *r);
/* open + send + recv + close in one go. */
void tc_request(int port, const char *method, const char *path, const char *extra, const char *body,
                tc_response *r);
/* True when the server closed the connection (reads EOF). */
bool tc_eof(tc_conn *c);

/* A `floip` child process with piped stdin/stdout (stderr goes to a log file). */
typedef struct tc_proc {
    pid_t pid;
    int in, out; /* our ends: write to its stdin, read its stdout */
    char *outbuf;
    size_t outlen;
} tc_proc;

/* Starts FLOIP_BINARY_DIR/floip with argv (NULL-terminated, without the program name). */
void tc_spawn(tc_proc *p, const char *const *argv);
/* Reads one line from its stdout (without the newline, malloc'd); NULL at EOF. */
char *tc_readline(tc_proc *p);
/* Sends a signal and waits; returns the exit status (or 128+signal). */
int tc_stop(tc_proc *p, int sig);
/* Starts `floip serve` with the given extra args on port 0, returns the port it reports. */
int tc_serve(tc_proc *p, const char *const *extra_args);

/* A fresh temporary directory holding copies of the named files (paths under tests/). */
char *tc_flows_dir(const char *const *names);
/* A fresh empty temporary directory. */
char *tc_tempdir(void);
void tc_rmtree(const char *dir);

#endif
