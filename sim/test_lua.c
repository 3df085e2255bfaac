/*
 * test_lua.c: Lua journey tests. Each file runs in its own Lua 5.4 state with only the safe
 * standard libraries (no os, io, package, debug, string.dump, bytecode loading), a memory cap
 * (custom allocator) and an instruction cap per test (count hook).
 *
 * The API is Turn's Journey Tests surface (test, simulation.start, sim:send, sim.text/state/
 * waiting/ended/contact, assert, assert.contains) plus floip's extras (see docs/testing.md).
 * A file first runs top to bottom to declare its tests (describe/before_each/test/skip); the
 * tests then run in declaration order, each in a protected call.
 */
#include "sim/test.h"
#include "engine/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_MAX_INSTRUCTIONS 50000000u   /* per test */
#define DEFAULT_MAX_MEMORY       (64u << 20) /* per file */
#define HOOK_EVERY               1000
#define DEFAULT_NOW_MS           1735689600000LL /* 2025-01-01T00:00:00Z: reproducible by default */

#define SIM_META    "floip.sim"
#define KEY_TESTS   "floip.tests"   /* declared tests, in order */
#define KEY_SCOPES  "floip.scopes"  /* describe stack: {name=, hooks={}} */
#define KEY_LIVE    "floip.live"    /* simulations of the running test, ended after it */
#define KEY_FAILURE "floip.failure" /* marks assertion failures (tables) */

typedef struct lctx {
    const char *path, *dir;
    fl_test_cache *cache;
    const fl_test_options *opt;
    fl_test_file *file;
    size_t mem_used, mem_limit;
    size_t instructions, instr_limit;
    bool counting;
    fl_buf output; /* what the running test printed */
} lctx;

typedef struct lsim {
    fl_tsim sim;
    bool live;
} lsim;

static lctx *ctx_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- limits -------------------------------------------------------------------------------- */

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lctx *c = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        c->mem_used -= old;
        free(ptr);
        return NULL;
    }
    if (nsize > old && c->mem_used + (nsize - old) > c->mem_limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) c->mem_used = c->mem_used - old + nsize;
    return p;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lctx *c = ctx_of(L);
    if (!c->counting) return;
    c->instructions += HOOK_EVERY;
    if (c->instructions <= c->instr_limit) return;
    /* where the running Lua function is, not its caller (luaL_error's level 1) */
    lua_Debug d;
    if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
        lua_pushfstring(L, "%s:%d: ", d.source[0] == '@' ? d.source + 1 : d.short_src,
                        d.currentline);
    else
        lua_pushliteral(L, "");
    lua_pushfstring(L, "%sinstruction limit exceeded (%I instructions)", lua_tostring(L, -1),
                    (lua_Integer)c->instr_limit);
    lua_error(L);
}

/* ---- JSON <-> Lua -------------------------------------------------------------------------- */

static void push_json(lua_State *L, const json_t *j)
{
    luaL_checkstack(L, 4, "JSON too deep");
    switch (j ? json_typeof(j) : JSON_NULL) {
    case JSON_OBJECT: {
        lua_createtable(L, 0, (int)json_object_size(j));
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            push_json(L, v);
            lua_setfield(L, -2, k);
        }
        break;
    }
    case JSON_ARRAY: {
        lua_createtable(L, (int)json_array_size(j), 0);
        for (size_t i = 0; i < json_array_size(j); i++) {
            push_json(L, json_array_get(j, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    }
    case JSON_STRING:
        lua_pushlstring(L, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        lua_pushinteger(L, (lua_Integer)json_integer_value(j));
        break;
    case JSON_REAL:
        lua_pushnumber(L, json_real_value(j));
        break;
    case JSON_TRUE:
        lua_pushboolean(L, 1);
        break;
    case JSON_FALSE:
        lua_pushboolean(L, 0);
        break;
    default:
        lua_pushnil(L);
    }
}

/* A Lua value as JSON (new reference). Tables with keys 1..n are arrays, others objects. */
static json_t *to_json(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return json_null();
    case LUA_TBOOLEAN:
        return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return json_integer((json_int_t)lua_tointeger(L, idx));
        return json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        json_t *j = json_stringn(s, n);
        return j ? j : json_string("<not UTF-8>");
    }
    case LUA_TTABLE: {
        if (depth > 32) return json_string("<too deep>");
        size_t count = 0;
        bool array = true;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            count++;
            if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1) array = false;
            lua_pop(L, 1);
        }
        if (array && count && lua_rawlen(L, idx) == count) {
            json_t *a = json_array();
            for (size_t i = 1; i <= count; i++) {
                lua_rawgeti(L, idx, (lua_Integer)i);
                json_array_append_new(a, to_json(L, -1, depth + 1));
                lua_pop(L, 1);
            }
            return a;
        }
        json_t *o = json_object();
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            lua_pushvalue(L, -2);
            const char *k = lua_tostring(L, -1);
            if (k) json_object_set_new(o, k, to_json(L, -2, depth + 1));
            lua_pop(L, 2);
        }
        return o;
    }
    default: {
        fl_buf b = FL_BUF_INIT;
        fl_buf_printf(&b, "<%s>", luaL_typename(L, idx));
        json_t *j = json_string(b.data);
        fl_buf_free(&b);
        return j;
    }
    }
}

/* The JSON text of a Lua value, pushed as a Lua string (for expected/actual). */
static const char *push_rendered(lua_State *L, int idx)
{
    json_t *j = to_json(L, idx, 0);
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    lua_pushstring(L, s ? s : "?");
    free(s);
    return lua_tostring(L, -1);
}

/* ---- failures ------------------------------------------------------------------------------ */

/* Raises an assertion failure: a table {message, where, expected, actual}; expected/actual are
 * stack indexes of the values (0 = none). The location is the Lua code that called the assert. */
static int fail(lua_State *L, int expected, int actual, const char *fmt, ...)
{
    expected = expected ? lua_absindex(L, expected) : 0;
    actual = actual ? lua_absindex(L, actual) : 0;
    lua_newtable(L);
    int t = lua_gettop(L);
    va_list ap;
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_setfield(L, t, "message");
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            const char *src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
            lua_pushfstring(L, "%s:%d", src, ar.currentline);
            lua_setfield(L, t, "where");
            break;
        }
    }
    if (expected) {
        push_rendered(L, expected);
        lua_setfield(L, t, "expected");
    }
    if (actual) {
        push_rendered(L, actual);
        lua_setfield(L, t, "actual");
    }
    lua_pushboolean(L, 1);
    lua_setfield(L, t, KEY_FAILURE);
    return lua_error(L);
}

static bool deep_equal(lua_State *L, int a, int b, int depth)
{
    a = lua_absindex(L, a), b = lua_absindex(L, b);
    if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE)
        return lua_rawequal(L, a, b) ||
               (lua_type(L, a) == LUA_TNUMBER && lua_type(L, b) == LUA_TNUMBER &&
                lua_compare(L, a, b, LUA_OPEQ));
    if (lua_rawequal(L, a, b)) return true;
    if (depth > 32) return false;
    /* every key of a is in b with an equal value, and b has no other keys */
    size_t na = 0, nb = 0;
    lua_pushnil(L);
    while (lua_next(L, a)) {
        na++;
        lua_pushvalue(L, -2);
        lua_rawget(L, b);
        bool same = deep_equal(L, -2, -1, depth + 1);
        lua_pop(L, 2);
        if (!same) {
            lua_pop(L, 1);
            return false;
        }
    }
    lua_pushnil(L);
    while (lua_next(L, b)) nb++, lua_pop(L, 1);
    return na == nb;
}

/* assert(cond, msg) */
static int l_assert_call(lua_State *L)
{
    /* arg 1 is the assert table itself (called through __call) */
    if (lua_toboolean(L, 2)) return lua_gettop(L) - 1;
    const char *msg = luaL_optstring(L, 3, "assertion failed!");
    return fail(L, 0, 0, "%s", msg);
}

static int l_assert_equals(lua_State *L)
{
    luaL_checkany(L, 2);
    if (deep_equal(L, 1, 2, 0)) return 0;
    const char *msg = luaL_optstring(L, 3, "values differ");
    return fail(L, 2, 1, "assert.equals: %s", msg);
}

static int l_assert_not_equals(lua_State *L)
{
    luaL_checkany(L, 2);
    if (!deep_equal(L, 1, 2, 0)) return 0;
    return fail(L, 0, 1, "assert.not_equals: %s", luaL_optstring(L, 3, "values are equal"));
}

static bool contains(lua_State *L, int hay, int needle)
{
    if (lua_type(L, hay) == LUA_TSTRING) {
        const char *n = luaL_tolstring(L, needle, NULL);
        bool found = strstr(lua_tostring(L, hay), n) != NULL;
        lua_pop(L, 1);
        return found;
    }
    if (lua_type(L, hay) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, hay)) {
            bool same = deep_equal(L, -1, needle, 0);
            lua_pop(L, 1);
            if (same) {
                lua_pop(L, 1);
                return true;
            }
        }
    }
    return false;
}

static int l_assert_contains(lua_State *L)
{
    luaL_checkany(L, 2);
    if (contains(L, 1, 2)) return 0;
    return fail(L, 2, 1, "assert.contains: %s", luaL_optstring(L, 3, "expected part not found"));
}

static int l_assert_not_contains(lua_State *L)
{
    luaL_checkany(L, 2);
    if (!contains(L, 1, 2)) return 0;
    return fail(L, 2, 1, "assert.not_contains: %s", luaL_optstring(L, 3, "found"));
}

static int l_assert_matches(lua_State *L)
{
    size_t n, pn;
    const char *msg = luaL_optstring(L, 3, "no match");
    const char *pat = luaL_checklstring(L, 2, &pn);
    const char *s = luaL_tolstring(L, 1, &n);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pat, pn, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR why[256];
        pcre2_get_error_message(code, why, sizeof why);
        return fail(L, 0, 0, "assert.matches: bad pattern at offset %d: %s", (int)off,
                    (const char *)why);
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (rc >= 0) return 0;
    return fail(L, 2, 1, "assert.matches: %s", msg);
}

static lsim *check_sim(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, SIM_META);
}

static int l_assert_buttons(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *msg = luaL_optstring(L, 3, "buttons differ");
    push_json(L, s->sim.buttons);
    if (deep_equal(L, -1, 2, 0)) return 0;
    return fail(L, 2, -1, "assert.buttons: %s", msg);
}

/* ---- test declaration ---------------------------------------------------------------------- */

static void full_name(lua_State *L, const char *name)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "name");
        const char *part = lua_tostring(L, -1);
        lua_pop(L, 2);
        if (part) {
            /* the buffer may sit on the stack: push parts through luaL_addstring only */
            luaL_addstring(&b, part);
            luaL_addstring(&b, " > ");
        }
    }
    lua_pop(L, 1);
    luaL_addstring(&b, name);
    luaL_pushresult(&b);
}

static int declare(lua_State *L, bool skip)
{
    const char *name = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_newtable(L);
    int t = lua_gettop(L);
    full_name(L, name);
    lua_setfield(L, t, "name");
    lua_pushvalue(L, 2);
    lua_setfield(L, t, "fn");
    lua_pushboolean(L, skip);
    lua_setfield(L, t, "skip");
    /* the before_each hooks in scope now, outermost first */
    lua_newtable(L);
    int hooks = lua_gettop(L), k = 0;
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "hooks");
        lua_Integer m = luaL_len(L, -1);
        for (lua_Integer j = 1; j <= m; j++) {
            lua_rawgeti(L, -1, j);
            lua_rawseti(L, hooks, ++k);
        }
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    lua_setfield(L, t, "hooks");
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_TESTS);
    lua_pushvalue(L, t);
    lua_rawseti(L, -2, luaL_len(L, -2) + 1);
    return 0;
}

static int l_test(lua_State *L)
{
    return declare(L, false);
}

static int l_skip(lua_State *L)
{
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        lua_pushcfunction(L, l_test); /* any function: it never runs */
    }
    return declare(L, true);
}

static int l_describe(lua_State *L)
{
    luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_Integer depth = luaL_len(L, -1);
    lua_newtable(L);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "name");
    lua_newtable(L);
    lua_setfield(L, -2, "hooks");
    lua_rawseti(L, -2, depth + 1);
    lua_pushvalue(L, 2);
    int rc = lua_pcall(L, 0, 0, 0);
    lua_pushnil(L);
    lua_rawseti(L, 3, depth + 1); /* pop the scope whatever happened */
    if (rc != LUA_OK) return lua_error(L);
    return 0;
}

static int l_before_each(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_rawgeti(L, -1, luaL_len(L, -1));
    lua_getfield(L, -1, "hooks");
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, luaL_len(L, -2) + 1);
    return 0;
}

/* ---- the simulation handle ----------------------------------------------------------------- */

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* opts.journey: a path relative to the test file, or the uuid of a flow in a journey of the
 * test file's folder. Sets *flow to the uuid in the second case. */
static const fl_container *resolve_journey(lua_State *L, lctx *c, const char *journey,
                                           const char **flow)
{
    char *path = fl_test_join(c->dir, journey);
    char *err = NULL;
    const fl_container *ct = NULL;
    if (file_exists(path)) {
        ct = fl_test_cache_get(c->cache, path, &err);
        free(path);
        if (!ct) {
            lua_pushstring(L, err);
            free(err);
            lua_error(L);
        }
        return ct;
    }
    free(path);
    if (fl_is_uuid(journey)) {
        const char *dir = c->dir;
        fl_test_paths found;
        fl_buf e = FL_BUF_INIT;
        if (fl_test_discover(&dir, 1, &found, &e) == 0) {
            for (size_t i = 0; i < found.n_flows && !ct; i++) {
                const fl_container *cand = fl_test_cache_get(c->cache, found.flows[i], &err);
                free(err), err = NULL;
                if (cand && fl_container_find_flow(cand, journey)) ct = cand;
            }
            fl_test_paths_free(&found);
        }
        fl_buf_free(&e);
        if (ct) {
            *flow = journey;
            return ct;
        }
        luaL_error(L, "simulation.start: no journey in %s has a flow %s", c->dir, journey);
    }
    luaL_error(L, "simulation.start: journey %s not found (paths are relative to the test file)",
               journey);
    return NULL;
}

static json_t *opt_json(lua_State *L, int opts, const char *key)
{
    lua_getfield(L, opts, key);
    json_t *j = lua_isnil(L, -1) ? NULL : to_json(L, -1, 0);
    lua_pop(L, 1);
    if (j && !json_is_object(j)) {
        json_decref(j);
        luaL_error(L, "simulation.start: opts.%s must be a table of named fields", key);
    }
    return j;
}

static const char *opt_string(lua_State *L, int opts, const char *key)
{
    lua_getfield(L, opts, key);
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays alive: opts holds it */
    return s;
}

static int l_sim_start(lua_State *L)
{
    lctx *c = ctx_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *journey = opt_string(L, 1, "journey");
    if (!journey) return luaL_error(L, "simulation.start: opts.journey is required");
    fl_tsim_start st = {0};
    st.flow = opt_string(L, 1, "flow");
    const fl_container *ct = resolve_journey(L, c, journey, &st.flow);
    st.mode = opt_string(L, 1, "mode");
    st.language = opt_string(L, 1, "language");
    st.now_ms = DEFAULT_NOW_MS;
    lua_getfield(L, 1, "now");
    if (lua_isinteger(L, -1)) {
        st.now_ms = (int64_t)lua_tointeger(L, -1);
    } else if (lua_isstring(L, -1)) {
        if (fl_parse_iso_ms(lua_tostring(L, -1), &st.now_ms))
            return luaL_error(L, "simulation.start: opts.now \"%s\" is not an ISO 8601 time",
                              lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    lua_getfield(L, 1, "seed");
    st.seed = (uint64_t)lua_tointeger(L, -1);
    lua_pop(L, 1);
    const char *timeout = opt_string(L, 1, "timeout");
    st.timeout_default_exit = timeout && !strcmp(timeout, "default");
    lsim *s = lua_newuserdatauv(L, sizeof *s, 0);
    memset(s, 0, sizeof *s);
    luaL_setmetatable(L, SIM_META);
    int ud = lua_gettop(L);
    st.contact = opt_json(L, 1, "contact");
    st.vars = opt_json(L, 1, "vars");
    st.webhook_mocks = opt_json(L, 1, "webhooks");
    if (!st.language && st.contact)
        st.language = json_string_value(json_object_get(st.contact, "language"));
    fl_buf err = FL_BUF_INIT;
    int rc = fl_tsim_begin(&s->sim, ct, &st, c->file->coverage, &err);
    json_decref(st.contact);
    json_decref(st.vars);
    json_decref(st.webhook_mocks);
    if (rc) {
        lua_pushstring(L, err.data ? err.data : "cannot start");
        fl_buf_free(&err);
        return luaL_error(L, "simulation.start: %s", lua_tostring(L, -1));
    }
    fl_buf_free(&err);
    s->live = true;
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_LIVE);
    lua_pushvalue(L, ud);
    lua_rawseti(L, -2, luaL_len(L, -2) + 1);
    lua_settop(L, ud);
    return 1;
}

static int sim_result(lua_State *L, int rc, fl_buf *err)
{
    if (rc) {
        lua_pushstring(L, err->data ? err->data : "failed");
        fl_buf_free(err);
        return luaL_error(L, "%s", lua_tostring(L, -1));
    }
    fl_buf_free(err);
    lua_settop(L, 1);
    return 1; /* the handle, so calls chain */
}

static int l_sim_send(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    fl_buf err = FL_BUF_INIT;
    return sim_result(L, fl_tsim_send(&s->sim, luaL_checkstring(L, 2), &err), &err);
}

static int l_sim_press(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    fl_buf err = FL_BUF_INIT;
    const char *choice = luaL_tolstring(L, 2, NULL);
    return sim_result(L, fl_tsim_press(&s->sim, choice, &err), &err);
}

static int l_sim_send_message(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    json_t *msg = to_json(L, 2, 0);
    fl_buf err = FL_BUF_INIT;
    int rc = fl_tsim_message(&s->sim, msg, &err);
    json_decref(msg);
    return sim_result(L, rc, &err);
}

static int l_sim_wait(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    fl_buf err = FL_BUF_INIT;
    return sim_result(L, fl_tsim_wait(&s->sim, luaL_checkstring(L, 2), &err), &err);
}

static int l_sim_eval(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    const char *tpl = luaL_checkstring(L, 2);
    if (!s->sim.session) return luaL_error(L, "sim:eval: the simulation has no session");
    json_t *out = NULL;
    fl_error e = {0};
    int rc = fl_session_eval(s->sim.session, tpl, &out, &e);
    if (rc) return luaL_error(L, "sim:eval: %s", e.message[0] ? e.message : fl_strerror(rc));
    push_json(L, out);
    json_decref(out);
    return 1;
}

static const luaL_Reg sim_methods[] = {
    {"send", l_sim_send}, {"press", l_sim_press}, {"send_message", l_sim_send_message},
    {"wait", l_sim_wait}, {"eval", l_sim_eval},   {NULL, NULL},
};

static const json_t *sim_context(const lsim *s)
{
    return s->sim.session ? fl_session_context(s->sim.session) : NULL;
}

static int l_sim_index(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    const char *key = luaL_checkstring(L, 2);
    for (const luaL_Reg *m = sim_methods; m->name; m++)
        if (!strcmp(key, m->name)) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    const char *state = fl_tsim_state(&s->sim);
    if (!strcmp(key, "text"))
        lua_pushstring(L, s->sim.text ? s->sim.text : "");
    else if (!strcmp(key, "state"))
        lua_pushstring(L, state);
    else if (!strcmp(key, "waiting"))
        lua_pushboolean(L, !strcmp(state, "waiting_for_input"));
    else if (!strcmp(key, "ended"))
        lua_pushboolean(L, !strcmp(state, "end"));
    else if (!strcmp(key, "contact"))
        push_json(L, json_object_get(sim_context(s), "contact"));
    else if (!strcmp(key, "context"))
        push_json(L, sim_context(s));
    else if (!strcmp(key, "results"))
        push_json(L, json_object_get(sim_context(s), "results"));
    else if (!strcmp(key, "messages"))
        push_json(L, s->sim.messages);
    else if (!strcmp(key, "buttons"))
        push_json(L, s->sim.buttons ? s->sim.buttons : json_array());
    else if (!strcmp(key, "events"))
        push_json(L, s->sim.turn_events);
    else if (!strcmp(key, "block"))
        lua_pushstring(L, fl_tsim_block(&s->sim));
    else if (!strcmp(key, "logs")) {
        json_t *logs = fl_tsim_logs(&s->sim);
        push_json(L, logs);
        json_decref(logs);
    } else if (!strcmp(key, "now")) {
        char iso[48];
        fl_format_iso_ms(s->sim.session ? fl_session_now(s->sim.session) : 0, iso);
        lua_pushstring(L, iso);
    } else
        lua_pushnil(L);
    return 1;
}

static int l_sim_gc(lua_State *L)
{
    lsim *s = luaL_checkudata(L, 1, SIM_META);
    if (s->live) fl_tsim_end(&s->sim);
    s->live = false;
    return 0;
}

static int l_sim_tostring(lua_State *L)
{
    lsim *s = check_sim(L, 1);
    lua_pushfstring(L, "simulation (%s)", fl_tsim_state(&s->sim));
    return 1;
}

/* ---- the sandbox --------------------------------------------------------------------------- */

static int l_print(lua_State *L)
{
    lctx *c = ctx_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) fl_buf_putc(&c->output, '\t');
        fl_buf_append(&c->output, s, len);
        lua_pop(L, 1);
    }
    fl_buf_putc(&c->output, '\n');
    return 0;
}

/* load(chunk [, name [, mode [, env]]]) restricted to source text. */
static int l_load(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *name = luaL_optstring(L, 2, s);
    int has_env = !lua_isnone(L, 4);
    if (luaL_loadbufferx(L, s, n, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) {
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
}

/* require("helpers") loads helpers.lua (source only) from the test file's folder, once. */
static int l_require(lua_State *L)
{
    lctx *c = ctx_of(L);
    const char *mod = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "floip.modules");
    if (lua_getfield(L, -1, mod) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    /* dots separate folders; nothing may climb out of the test folder */
    if (!*mod || mod[0] == '.' || strstr(mod, "..") || strchr(mod, '/') || strchr(mod, '\\'))
        return luaL_error(L, "require: module name \"%s\" may not leave the test folder", mod);
    fl_buf rel = FL_BUF_INIT;
    for (const char *p = mod; *p; p++) fl_buf_putc(&rel, *p == '.' ? '/' : *p);
    fl_buf_puts(&rel, ".lua");
    char *path = fl_test_join(c->dir, rel.data);
    fl_buf_free(&rel);
    int rc = luaL_loadfilex(L, path, "t");
    free(path);
    if (rc != LUA_OK) return luaL_error(L, "require \"%s\": %s", mod, lua_tostring(L, -1));
    lua_pushstring(L, mod);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, mod);
    return 1;
}

static void open_sandbox(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},
        {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},
        {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL},
    };
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    static const char *const removed[] = {"dofile", "loadfile", "collectgarbage", NULL};
    for (const char *const *r = removed; *r; r++) {
        lua_pushnil(L);
        lua_setglobal(L, *r);
    }
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump"); /* bytecode out means bytecode in elsewhere */
    lua_pop(L, 1);
    lua_pushcfunction(L, l_load);
    lua_setglobal(L, "load");
    lua_pushcfunction(L, l_print);
    lua_setglobal(L, "print");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "floip.modules");
    lua_pushcfunction(L, l_require);
    lua_setglobal(L, "require");
}

static void open_api(lua_State *L)
{
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KEY_TESTS);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KEY_LIVE);
    /* the outermost scope, so that a top-level before_each applies to every test */
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_SCOPES);
    lua_newtable(L);
    lua_newtable(L);
    lua_setfield(L, -2, "hooks");
    lua_rawseti(L, -2, 1);
    lua_pop(L, 1);

    static const luaL_Reg globals[] = {
        {"test", l_test},
        {"skip", l_skip},
        {"describe", l_describe},
        {"before_each", l_before_each},
        {NULL, NULL},
    };
    for (const luaL_Reg *g = globals; g->name; g++) {
        lua_pushcfunction(L, g->func);
        lua_setglobal(L, g->name);
    }
    lua_newtable(L);
    lua_pushcfunction(L, l_sim_start);
    lua_setfield(L, -2, "start");
    lua_setglobal(L, "simulation");

    static const luaL_Reg asserts[] = {
        {"equals", l_assert_equals},
        {"not_equals", l_assert_not_equals},
        {"contains", l_assert_contains},
        {"not_contains", l_assert_not_contains},
        {"matches", l_assert_matches},
        {"buttons", l_assert_buttons},
        {NULL, NULL},
    };
    luaL_newlib(L, asserts);
    lua_newtable(L);
    lua_pushcfunction(L, l_assert_call);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setglobal(L, "assert");

    luaL_newmetatable(L, SIM_META);
    lua_pushcfunction(L, l_sim_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_sim_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_sim_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
}

/* ---- running ------------------------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the test table at stack top: its before_each hooks, then its function. */
static int run_one(lua_State *L)
{
    int t = lua_gettop(L);
    lua_getfield(L, t, "hooks");
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_call(L, 0, 0);
    }
    lua_getfield(L, t, "fn");
    lua_call(L, 0, 0);
    return 0;
}

/* "path:12: message" -> where "path:12", message "message". */
static void split_where(const char *msg, const char *chunk, fl_buf *where, const char **rest)
{
    size_t n = strlen(chunk);
    *rest = msg;
    if (strncmp(msg, chunk, n) || msg[n] != ':') return;
    const char *p = msg + n + 1;
    const char *digits = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == digits || *p != ':') return;
    fl_buf_append(where, msg, (size_t)(p - msg));
    *rest = p[1] == ' ' ? p + 2 : p + 1;
}

static void record_failure(lua_State *L, lctx *c, fl_test_result *r)
{
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, KEY_FAILURE);
        bool ours = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (ours) {
            lua_getfield(L, -1, "where");
            lua_getfield(L, -2, "message");
            lua_getfield(L, -3, "expected");
            lua_getfield(L, -4, "actual");
            fl_test_result_fail(r, lua_tostring(L, -4), lua_tostring(L, -3), lua_tostring(L, -2),
                                lua_tostring(L, -1));
            lua_pop(L, 4);
            return;
        }
    }
    const char *msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : luaL_typename(L, -1);
    fl_buf where = FL_BUF_INIT;
    const char *rest;
    split_where(msg, c->path, &where, &rest);
    fl_test_result_fail(r, where.len ? where.data : NULL, rest, NULL, NULL);
    fl_buf_free(&where);
}

static void end_live(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, KEY_LIVE);
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lsim *s = (lua_rawgeti(L, -1, i), luaL_testudata(L, -1, SIM_META));
        if (s && s->live) fl_tsim_end(&s->sim), s->live = false;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, KEY_LIVE);
}

int fl_test_run_lua(const char *path, fl_test_cache *cache, const fl_test_options *opt,
                    fl_test_file *out)
{
    lctx c = {0};
    c.path = path;
    char *dir = fl_test_dirname(path);
    c.dir = dir;
    c.cache = cache;
    c.opt = opt;
    c.file = out;
    c.mem_limit = opt->max_memory ? opt->max_memory : DEFAULT_MAX_MEMORY;
    c.instr_limit = opt->max_instructions ? opt->max_instructions : DEFAULT_MAX_INSTRUCTIONS;
    if (!out->coverage) out->coverage = json_object();
    double t0 = now_seconds();

    lua_State *L = lua_newstate(limited_alloc, &c);
    if (!L) {
        out->error = fl_xstrdup("cannot create a Lua state");
        free(dir);
        return FL_ENOMEM;
    }
    open_sandbox(L);
    open_api(L);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);

    /* declaration pass */
    c.counting = true;
    fl_buf chunk = FL_BUF_INIT;
    fl_buf_printf(&chunk, "@%s", path);
    int rc = luaL_loadfilex(L, path, "t");
    if (rc == LUA_OK) rc = lua_pcall(L, 0, 0, 0);
    c.counting = false;
    fl_buf_free(&chunk);
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        out->error = fl_xstrdup(msg ? msg : "error while loading the test file");
        end_live(L);
        lua_close(L);
        fl_buf_free(&c.output);
        free(dir);
        out->seconds = now_seconds() - t0;
        return FL_EINVAL;
    }

    lua_getfield(L, LUA_REGISTRYINDEX, KEY_TESTS);
    int tests = lua_gettop(L);
    lua_Integer n = luaL_len(L, tests);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, tests, i);
        int t = lua_gettop(L);
        lua_getfield(L, t, "name");
        const char *name = lua_tostring(L, -1);
        if (!fl_test_filter_match(opt->filter, name)) {
            lua_settop(L, tests);
            continue;
        }
        fl_test_result *r = fl_test_file_add(out, name);
        lua_pop(L, 1);
        lua_getfield(L, t, "skip");
        bool skipped = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (skipped) {
            r->status = FL_TEST_SKIP;
            lua_settop(L, tests);
            continue;
        }
        double t1 = now_seconds();
        fl_buf_reset(&c.output);
        c.instructions = 0;
        c.counting = true;
        lua_pushcfunction(L, run_one);
        lua_pushvalue(L, t);
        rc = lua_pcall(L, 1, 0, 0);
        c.counting = false;
        /* r may have moved if results grew: take it again */
        r = &out->results[out->n_results - 1];
        if (rc != LUA_OK) record_failure(L, &c, r);
        if (c.output.len) r->output = fl_xstrdup(c.output.data);
        end_live(L);
        r->seconds = now_seconds() - t1;
        lua_settop(L, tests);
    }
    lua_close(L);
    fl_buf_free(&c.output);
    free(dir);
    out->seconds = now_seconds() - t0;
    return 0;
}
