/* render_flow.c: WhatsApp Flow interactive messages from a block's config.whatsapp_flow. */
#include "blocks/render_internal.h"
#include "engine/util.h"

#include <string.h>

enum { FL_LIMIT_FLOW_CTA = 20 };

/* Copies cfg[key] into params, evaluated as a template; default used when absent. */
static int param_text(const fl_render_request *req, const json_t *cfg, json_t *params,
                      const char *key, const char *dflt, bool required, fl_error *err)
{
    fl_buf b = FL_BUF_INIT;
    bool present;
    int rc = fl_render_config_text(req, cfg, key, &b, &present, err);
    if (rc == 0 && !present && required)
        rc = fl_error_set(err, FL_EINVAL, "config.whatsapp_flow.%s is required", key);
    if (rc == 0 && (present || dflt))
        json_object_set_new(params, key, json_string(present ? b.data : dflt));
    fl_buf_free(&b);
    return rc;
}

int fl_render_whatsapp_flow(const fl_render_request *req, const json_t *cfg, fl_jw *w,
                            json_t *warnings, fl_error *err)
{
    if (!json_is_object(cfg))
        return fl_error_set(err, FL_EINVAL, "config.whatsapp_flow must be an object");
    json_t *params = json_object();
    fl_buf body = FL_BUF_INIT;
    bool present = false;
    const json_t *id = json_object_get(cfg, "flow_id");
    int rc = 0;
    if (json_is_integer(id)) {
        fl_buf_printf(&body, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        json_object_set_new(params, "flow_id", json_string(body.data));
    } else {
        rc = param_text(req, cfg, params, "flow_id", NULL, true, err);
    }
    if (rc == 0) rc = param_text(req, cfg, params, "flow_cta", NULL, true, err);
    if (rc == 0) rc = param_text(req, cfg, params, "flow_action", "navigate", false, err);
    if (rc == 0) rc = param_text(req, cfg, params, "flow_token", NULL, false, err);
    if (rc == 0) rc = param_text(req, cfg, params, "flow_message_version", "3", false, err);
    if (rc == 0) rc = param_text(req, cfg, params, "mode", "published", false, err);
    const json_t *payload = json_object_get(cfg, "flow_action_payload");
    if (rc == 0 && payload && !json_is_null(payload)) {
        json_t *p;
        if (!json_is_object(payload))
            rc = fl_error_set(err, FL_EINVAL,
                              "config.whatsapp_flow.flow_action_payload must be an object");
        else if ((rc = fl_render_eval_tree(req, payload, &p, err)) == 0)
            json_object_set_new(params, "flow_action_payload", p);
    }
    if (rc == 0) rc = fl_render_config_text(req, cfg, "body", &body, &present, err);
    if (rc == 0 && !present) {
        if (req->text && *req->text) {
            fl_buf_reset(&body);
            fl_buf_puts(&body, req->text);
        } else {
            rc = fl_error_set(err, FL_EINVAL,
                              "a WhatsApp flow message needs config.whatsapp_flow.body or a "
                              "prompt text");
        }
    }
    if (rc < 0) {
        json_decref(params);
        fl_buf_free(&body);
        return rc;
    }
    fl_render_check(warnings, json_string_value(json_object_get(params, "flow_cta")),
                    FL_LIMIT_FLOW_CTA, "flow_cta_too_long",
                    "/interactive/action/parameters/flow_cta", "the flow button label");
    fl_render_interactive_open(w, "flow", body.data, warnings);
    fl_jw_object(w);
    FL_JW_KEY(w, "name");
    fl_jw_string(w, "flow");
    FL_JW_KEY(w, "parameters");
    fl_jw_json(w, params);
    fl_jw_end(w);
    json_decref(params);
    fl_buf_free(&body);
    return fl_render_interactive_close(w, req, cfg, warnings, err);
}
