/* envelope.c: the outbound Channel API webhook body a connector receives for each step. */
#include "blocks/render.h"

static json_t *copy_or_null(const json_t *v)
{
    return v ? json_deep_copy(v) : json_null();
}

json_t *fl_envelope_new(const char *to, const json_t *block, const json_t *context,
                        const json_t *resources, const json_t *evaluated_resources, json_t *turn,
                        bool waiting_for_user_input)
{
    json_t *env = json_object();
    json_object_set_new(env, "to", to ? json_string(to) : json_null());
    json_object_set_new(env, "version", json_string("0.0.1-alpha"));
    json_object_set_new(env, "block", copy_or_null(block));
    json_object_set_new(env, "context", copy_or_null(context));
    json_object_set_new(env, "resources", copy_or_null(resources));
    json_object_set_new(env, "evaluated_resources", copy_or_null(evaluated_resources));
    json_object_set_new(env, "turn", turn ? turn : json_null());
    json_object_set_new(env, "waiting_for_user_input", json_boolean(waiting_for_user_input));
    return env;
}
