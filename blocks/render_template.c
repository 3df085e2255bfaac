/* render_template.c: WhatsApp template messages from a block's config.template. */
#include "blocks/render_internal.h"
#include "engine/util.h"

#include <string.h>

int fl_render_eval_tree(const fl_render_request *req, const json_t *v, json_t **out, fl_error *err)
{
    if (json_is_string(v)) {
        fl_buf b = FL_BUF_INIT;
        fl_buf_puts(&b, "");
        if (req->eval) {
            fl_buf_reset(&b);
            int rc = req->eval(req->eval_ud, json_string_value(v), &b);
            if (rc < 0) {
                fl_buf_free(&b);
                return fl_error_set(err, rc, "template \"%s\" could not be evaluated",
                                    json_string_value(v));
            }
            if (!b.data) fl_buf_puts(&b, "");
        } else {
            fl_buf_puts(&b, json_string_value(v));
        }
        *out = json_stringn(b.data, b.len);
        fl_buf_free(&b);
        return 0;
    }
    if (json_is_object(v)) {
        json_t *o = json_object();
        const char *k;
        json_t *item;
        json_object_foreach((json_t *)v, k, item)
        {
            json_t *c;
            if (!strcmp(k, "type") && json_is_string(item)) {
                c = json_incref(item);
            } else {
                int rc = fl_render_eval_tree(req, item, &c, err);
                if (rc < 0) {
                    json_decref(o);
                    return rc;
                }
            }
            json_object_set_new(o, k, c);
        }
        *out = o;
        return 0;
    }
    if (json_is_array(v)) {
        json_t *a = json_array();
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            json_t *c;
            int rc = fl_render_eval_tree(req, item, &c, err);
            if (rc < 0) {
                json_decref(a);
                return rc;
            }
            json_array_append_new(a, c);
        }
        *out = a;
        return 0;
    }
    *out = json_deep_copy(v);
    return 0;
}

int fl_render_template(const fl_render_request *req, const json_t *tpl, json_t *warnings,
                       json_t **out, fl_error *err)
{
    if (!json_is_object(tpl))
        return fl_error_set(err, FL_EINVAL, "config.template must be an object");
    const char *name = json_string_value(json_object_get(tpl, "name"));
    if (!name || !*name)
        return fl_error_set(err, FL_EINVAL, "config.template.name must be a non-empty string");
    const json_t *lang = json_object_get(tpl, "language");
    json_t *language;
    if (json_is_string(lang) && *json_string_value(lang))
        language = json_pack("{s:O}", "code", lang);
    else if (json_is_object(lang) && json_is_string(json_object_get(lang, "code")))
        language = json_deep_copy(lang);
    else
        return fl_error_set(err, FL_EINVAL,
                            "config.template.language must be a code or {\"code\": ...}");
    const json_t *ns = json_object_get(tpl, "namespace");
    if (ns && !json_is_string(ns) && !json_is_null(ns)) {
        json_decref(language);
        return fl_error_set(err, FL_EINVAL, "config.template.namespace must be a string");
    }
    const json_t *comps = json_object_get(tpl, "components");
    if (comps && !json_is_array(comps) && !json_is_null(comps)) {
        json_decref(language);
        return fl_error_set(err, FL_EINVAL, "config.template.components must be an array");
    }
    json_t *components = json_array();
    size_t i;
    const json_t *c;
    int rc = 0;
    if (json_is_array(comps)) json_array_foreach(comps, i, c)
        {
            if (!json_is_object(c) || !json_is_string(json_object_get(c, "type"))) {
                rc = fl_error_set(err, FL_EINVAL,
                                  "config.template.components[%zu] needs a \"type\"", i);
                break;
            }
            json_t *copy;
            rc = fl_render_eval_tree(req, c, &copy, err);
            if (rc < 0) break;
            json_array_append_new(components, copy);
        }
    if (rc < 0) {
        json_decref(language);
        json_decref(components);
        return rc;
    }
    json_t *t =
        json_pack("{s:s, s:o, s:o}", "name", name, "language", language, "components", components);
    if (json_is_string(ns)) json_object_set(t, "namespace", (json_t *)ns);
    *out = json_pack("{s:s, s:o}", "type", "template", "template", t);
    (void)warnings;
    return 0;
}
