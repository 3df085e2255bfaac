/* render_internal.h: pieces shared by the renderer's files (blocks/render*.c only). */
#ifndef FL_RENDER_INTERNAL_H
#define FL_RENDER_INTERNAL_H

#include "blocks/render.h"
#include "engine/json_write.h"

/* Evaluates config[key] (a template string) through req->eval into out; *present = false when
 * the key is absent or null. FL_EINVAL when it is not a string. */
int fl_render_config_text(const fl_render_request *req, const json_t *config, const char *key,
                          fl_buf *out, bool *present, fl_error *err);
/* A copy of v in which every string (except "type" members) is evaluated as a template. */
int fl_render_eval_tree(const fl_render_request *req, const json_t *v, json_t **out, fl_error *err);
/* {"type":"text","text":{"body":body}}, checking the 4096 limit. */
void fl_render_text_payload(fl_jw *w, const char *body, json_t *warnings);
/* Opens {"type":"interactive","interactive":{"type":kind,"body":{"text":body},"action": for the
 * caller to write the action value; fl_render_interactive_close adds the optional header and
 * footer of src (templates) and closes both objects. */
void fl_render_interactive_open(fl_jw *w, const char *kind, const char *body, json_t *warnings);
int fl_render_interactive_close(fl_jw *w, const fl_render_request *req, const json_t *src,
                                json_t *warnings, fl_error *err);

int fl_render_template(const fl_render_request *req, const json_t *tpl, json_t *warnings,
                       json_t **out, fl_error *err);
int fl_render_whatsapp_flow(const fl_render_request *req, const json_t *cfg, fl_jw *w,
                            json_t *warnings, fl_error *err);

#endif
