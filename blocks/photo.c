/* SmartDevices.PhotoResponse: an image (or a document with an image mime type) is stored as its
 * media id or link; anything else is invalid and leaves by the default exit. */
#include "engine/run.h"

#include <string.h>

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    bool ok = in->media && (!strcmp(in->type, "image") ||
                            (in->mime_type && !strncmp(in->mime_type, "image/", 6)));
    fl_run_answer(s, b, ok ? json_string(in->media) : NULL, response, out);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_photo = {fl_run_ask, resume, NULL};
