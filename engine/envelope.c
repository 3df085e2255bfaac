/* envelope.c: the outbound Channel API webhook body a connector receives for each step. */
#include "blocks/render.h"

/* Keys in the order Turn documents them. */
static json_t *build(const char *to, json_t *block, json_t *context, json_t *resources,
                     json_t *evaluated, json_t *turn, bool waiting)
{
    json_t *env = json_object();
    json_object_set_new(env, "to", to ? json_string(to) : json_null());
    json_object_set_new(env, "version", json_string("0.0.1-alpha"));
    json_object_set_new(env, "block", block ? block : json_null());
    json_object_set_new(env, "context", context ? context : json_null());
    json_object_set_new(env, "resources", resources ? resources : json_null());
    json_object_set_new(env, "evaluated_resources", evaluated ? evaluated : json_null());
    json_object_set_new(env, "turn", turn ? turn : json_null());
    json_object_set_new(env, "waiting_for_user_input", json_boolean(waiting));
    return env;
}

json_t *fl_envelope_new(const char *to, const json_t *block, const json_t *context,
                        const json_t *resources, const json_t *evaluated_resources, json_t *turn,
                        bool waiting_for_user_input)
{
    return build(to, json_deep_copy(block), json_deep_copy(context), json_deep_copy(resources),
                 json_deep_copy(evaluated_resources), turn, waiting_for_user_input);
}
