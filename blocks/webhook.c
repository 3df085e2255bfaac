/*
 * Core.Webhook: no network in a simulation. The request (method, url + query_params, headers,
 * auth, body; templates evaluated) is answered by the webhook mocks given at session start
 * (docs/engine.md). The status becomes the block's value, the body block.response (parsed when it
 * is JSON), the headers block.response_headers. An unmocked call is a webhook event with
 * "mocked": false, a warning, a null value and the default (failure) exit.
 */
#include "engine/run.h"
#include "blocks/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void eval_field(fl_session *s, const fl_block *b, const char *path, const json_t *raw,
                       fl_buf *out)
{
    const fl_expr *e = fl_block_config_expr(b, path);
    if (e) {
        fl_run_eval_string(s, b, e, out);
        return;
    }
    if (json_is_string(raw))
        fl_buf_puts(out, json_string_value(raw));
    else if (raw && !json_is_null(raw)) {
        char *d = json_dumps(raw, JSON_COMPACT | JSON_ENCODE_ANY);
        if (d) fl_buf_puts(out, d);
        free(d);
    }
}

static void url_encode(fl_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            fl_buf_putc(out, (char)*p);
        else {
            fl_buf_putc(out, '%');
            fl_buf_putc(out, hex[*p >> 4]);
            fl_buf_putc(out, hex[*p & 15]);
        }
    }
}

static json_t *build_request(fl_session *s, const fl_block *b, fl_buf *url_out)
{
    json_t *req = json_object();
    const char *method = json_string_value(fl_config_get(b, "method"));
    json_object_set_new(req, "method", json_string(method ? method : "GET"));
    fl_buf tmp = FL_BUF_INIT, path = FL_BUF_INIT;
    eval_field(s, b, "url", fl_config_get(b, "url"), url_out);
    const json_t *q = fl_config_get(b, "query_params");
    const char *k;
    json_t *v;
    if (json_is_object(q)) {
        bool first = !strchr(url_out->data ? url_out->data : "", '?');
        json_object_foreach((json_t *)q, k, v)
        {
            fl_buf_reset(&tmp);
            fl_buf_reset(&path);
            fl_buf_printf(&path, "query_params.%s", k);
            eval_field(s, b, path.data, v, &tmp);
            fl_buf_putc(url_out, first ? '?' : '&');
            first = false;
            url_encode(url_out, k);
            fl_buf_putc(url_out, '=');
            url_encode(url_out, tmp.data ? tmp.data : "");
        }
    }
    json_object_set_new(req, "url", json_string(url_out->data ? url_out->data : ""));
    json_t *headers = json_object();
    const json_t *h = fl_config_get(b, "headers");
    if (json_is_object(h)) {
        json_object_foreach((json_t *)h, k, v)
        {
            fl_buf_reset(&tmp);
            fl_buf_reset(&path);
            fl_buf_printf(&path, "headers.%s", k);
            eval_field(s, b, path.data, v, &tmp);
            json_object_set_new(headers, k, json_string(tmp.data ? tmp.data : ""));
        }
    }
    const json_t *auth = fl_config_get(b, "auth");
    if (json_is_object(auth)) {
        fl_buf_reset(&tmp);
        eval_field(s, b, "auth.username", json_object_get(auth, "username"), &tmp);
        fl_buf_putc(&tmp, ':');
        eval_field(s, b, "auth.password", json_object_get(auth, "password"), &tmp);
        fl_buf enc = FL_BUF_INIT;
        fl_render_choice_id(tmp.data, &enc); /* standard base64, as HTTP Basic wants */
        fl_buf_reset(&tmp);
        fl_buf_printf(&tmp, "Basic %s", enc.data ? enc.data : "");
        fl_buf_free(&enc);
        json_object_set_new(headers, "Authorization", json_string(tmp.data));
        json_object_set_new(req, "auth", json_string("basic"));
    }
    json_object_set_new(req, "headers", headers);
    const json_t *body = fl_config_get(b, "body");
    if (body) {
        fl_buf_reset(&tmp);
        eval_field(s, b, "body", body, &tmp);
        json_object_set_new(req, "body", json_string(tmp.data ? tmp.data : ""));
    }
    fl_buf_free(&tmp);
    fl_buf_free(&path);
    return req;
}

static bool entry_matches(const json_t *m, const fl_block *b, const char *method, const char *url)
{
    const char *v;
    if ((v = json_string_value(json_object_get(m, "block"))) && strcmp(v, b->uuid) &&
        (!b->name || strcmp(v, b->name)))
        return false;
    if ((v = json_string_value(json_object_get(m, "method"))) && fl_strcasecmp(v, method))
        return false;
    if ((v = json_string_value(json_object_get(m, "url"))) && strcmp(v, url)) return false;
    if ((v = json_string_value(json_object_get(m, "url_prefix"))) && strncmp(v, url, strlen(v)))
        return false;
    return true;
}

static const json_t *find_mock(const fl_session *s, const fl_block *b, const char *method,
                               const char *url)
{
    const json_t *m = s->mocks;
    if (json_is_array(m)) {
        for (size_t i = 0; i < json_array_size(m); i++)
            if (entry_matches(json_array_get(m, i), b, method, url)) return json_array_get(m, i);
        return NULL;
    }
    if (!json_is_object(m)) return NULL;
    const json_t *r = json_object_get(m, b->uuid);
    if (!r && b->name) r = json_object_get(m, b->name);
    if (!r) {
        fl_buf key = FL_BUF_INIT;
        fl_buf_printf(&key, "%s %s", method, url);
        r = json_object_get(m, key.data);
        fl_buf_free(&key);
    }
    if (!r) r = json_object_get(m, url);
    if (!r) {
        const char *q = strchr(url, '?');
        if (q) {
            char *base = fl_xstrndup(url, (size_t)(q - url));
            r = json_object_get(m, base);
            free(base);
        }
    }
    return r;
}

static int enter(fl_session *s, const fl_block *b, fl_step *out)
{
    fl_buf url = FL_BUF_INIT;
    json_t *req = build_request(s, b, &url);
    const char *method = json_string_value(json_object_get(req, "method"));
    const json_t *mock = find_mock(s, b, method, url.data ? url.data : "");
    const json_t *wait = fl_config_get(b, "wait_for_response");
    bool async = json_is_false(wait);

    json_t *ev = fl_event_new(s, "webhook");
    json_object_set_new_nocheck(ev, "block", json_string_nocheck(b->uuid));
    json_object_set_new_nocheck(ev, "request", req);
    json_object_set_new_nocheck(ev, "mocked", json_boolean(mock != NULL));

    if (!mock) {
        json_object_set_new_nocheck(ev, "response", json_null());
        fl_emit(s, ev);
        fl_emit_warning(s, b, "webhook_unmocked",
                        "no mock for %s %s: the call fails (no network "
                        "in a simulation)",
                        method, url.data ? url.data : "");
        fl_run_store_json(s, b, NULL, NULL);
        json_object_set_new_nocheck(s->block, "response_headers", json_null());
        fl_run_leave_default(s, b, out);
        fl_buf_free(&url);
        return 0;
    }

    json_int_t status = 200;
    json_t *body = json_null(), *headers = json_object();
    if (json_is_integer(mock)) {
        status = json_integer_value(mock);
    } else if (json_is_object(mock)) {
        const json_t *st = json_object_get(mock, "status");
        if (json_is_integer(st)) status = json_integer_value(st);
        if (json_is_true(json_object_get(mock, "timeout"))) status = 408;
        const json_t *bd = json_object_get(mock, "body");
        if (bd && status != 408) {
            json_decref(body);
            /* A body given as text that holds JSON is parsed, as a JSON response would be. */
            json_t *parsed = json_is_string(bd)
                                 ? json_loads(json_string_value(bd), JSON_DECODE_ANY, NULL)
                                 : NULL;
            body = parsed && (json_is_object(parsed) || json_is_array(parsed))
                       ? parsed
                       : (json_decref(parsed), json_deep_copy(bd));
        }
        const json_t *hd = json_object_get(mock, "headers");
        if (json_is_object(hd)) json_object_update(headers, (json_t *)hd);
    }
    if (async) {
        status = 202;
        json_decref(body);
        body = json_null();
    }
    json_t *resp = json_object();
    json_object_set_new_nocheck(resp, "status", json_integer(status));
    json_object_set_nocheck(resp, "body", body);
    json_object_set_nocheck(resp, "headers", headers);
    json_object_set_new_nocheck(ev, "response", resp);
    fl_emit(s, ev);

    fl_run_store_json(s, b, json_integer(status), body);
    json_object_set_new_nocheck(s->block, "response_headers", headers);
    out->exit =
        status >= 200 && status < 300 ? fl_run_success_exit(s, b) : fl_run_select_exit(s, b);
    out->next = out->exit ? FL_NEXT_EXIT : FL_NEXT_FAIL;
    fl_buf_free(&url);
    return 0;
}

const fl_block_vtable fl_block_webhook = {enter, NULL, NULL};
