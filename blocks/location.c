/*
 * SmartDevices.LocationResponse: a location message (or a typed "latitude,longitude") is stored
 * as [latitude, longitude, elevation, accuracy] (the last two null: a chat location has neither);
 * anything else is invalid and leaves by the default exit.
 */
#include "engine/run.h"

#include <stdio.h>

static int resume(fl_session *s, const fl_block *b, const fl_input *in, fl_step *out)
{
    fl_buf tmp = FL_BUF_INIT;
    const char *response = fl_input_response(in, &tmp);
    double lat = 0, lng = 0;
    bool ok = in->has_location;
    if (ok) {
        lat = in->latitude;
        lng = in->longitude;
    } else if (in->text) {
        char rest;
        ok = sscanf(in->text, " %lf , %lf %c", &lat, &lng, &rest) == 2;
    }
    if (ok && (lat < -90 || lat > 90 || lng < -180 || lng > 180)) ok = false;
    json_t *v = NULL;
    if (ok) {
        v = json_array();
        json_array_append_new(v, json_real(lat));
        json_array_append_new(v, json_real(lng));
        json_array_append_new(v, json_null());
        json_array_append_new(v, json_null());
    }
    fl_run_answer(s, b, v, response, out);
    fl_buf_free(&tmp);
    return 0;
}

const fl_block_vtable fl_block_location = {fl_run_ask, resume, NULL};
