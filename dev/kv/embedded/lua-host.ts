import { StatusReply } from "../backend";
import type { RedisReply } from "../backend";
import { RedisReplyError, isRedisReplyError } from "../errors";
import { fengari, jsString, lua, luaString } from "./lua-engine";
import type { LuaFunction, LuaState } from "./lua-engine";

export interface LuaScriptRun {
  script: string;
  keys: readonly string[];
  args: readonly string[];
  /** Runs one `redis.call` synchronously; throws RedisReplyError for an error reply. */
  call(argv: string[]): RedisReply;
  sha1hex(text: string): string;
  /** A runaway script is stopped after this long (Redis would answer BUSY instead). */
  timeLimitMs: number;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * Runs a script the way Redis' scripting engine does: KEYS/ARGV globals, the `redis` library,
 * Redis' conversions between replies and Lua values in both directions. A fresh VM per run.
 */
export function runLuaScript(run: LuaScriptRun): RedisReply {
  const L = fengari.lauxlib.luaL_newstate();
  try {
    openLibraries(L);
    setStringArray(L, "KEYS", run.keys);
    setStringArray(L, "ARGV", run.args);
    installRedisLibrary(L, run);
    const deadline = Date.now() + run.timeLimitMs;
    lua.lua_sethook(
      L,
      (state) => {
        if (Date.now() > deadline)
          raise(state, `ERR script ran longer than ${run.timeLimitMs} ms and was stopped`);
      },
      lua.LUA_MASKCOUNT,
      10_000,
    );
    const source = luaString(run.script);
    if (fengari.lauxlib.luaL_loadbuffer(L, source, source.length, luaString("@user_script")) !== lua.LUA_OK) {
      throw new RedisReplyError(`ERR Error compiling script (new function): ${errorText(L)}`);
    }
    if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
      const failure = toReply(L, -1);
      // Like Redis 7, a runtime error or one raised by redis.call names the script and the line.
      const where = (line: number | undefined) =>
        line === undefined ? "" : ` script: ${run.sha1hex(run.script)}, on @user_script:${line}.`;
      if (!(failure instanceof RedisReplyError)) {
        const text = errorText(L);
        const line = /^user_script:(\d+):/.exec(text)?.[1];
        throw new RedisReplyError(`ERR ${text}${where(line === undefined ? undefined : Number(line))}`);
      }
      throw new RedisReplyError(`${failure.message}${where(callLine(L))}`);
    }
    const reply = toReply(L, -1);
    if (reply instanceof RedisReplyError) throw reply;
    return reply;
  } finally {
    lua.lua_close(L);
  }
}

function openLibraries(L: LuaState): void {
  const { lualib, lauxlib } = fengari;
  // Redis offers base, table, string and math (plus cjson/bit/struct, which fengari lacks).
  const libraries: [string, LuaFunction][] = [
    ["_G", lualib.luaopen_base],
    ["table", lualib.luaopen_table],
    ["string", lualib.luaopen_string],
    ["math", lualib.luaopen_math],
  ];
  for (const [name, open] of libraries) {
    lauxlib.luaL_requiref(L, luaString(name), open, 1);
    lua.lua_pop(L, 1);
  }
  // Redis runs Lua 5.1: keep its globals that 5.3 moved, drop file access.
  lua.lua_getglobal(L, luaString("table"));
  lua.lua_getfield(L, -1, luaString("unpack"));
  lua.lua_setglobal(L, luaString("unpack"));
  lua.lua_pop(L, 1);
  lua.lua_getglobal(L, luaString("load"));
  lua.lua_setglobal(L, luaString("loadstring"));
  for (const name of ["dofile", "loadfile"]) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, luaString(name));
  }
}

function setStringArray(L: LuaState, name: string, values: readonly string[]): void {
  lua.lua_createtable(L, values.length, 0);
  values.forEach((value, index) => {
    lua.lua_pushstring(L, luaString(value));
    lua.lua_rawseti(L, -2, index + 1);
  });
  lua.lua_setglobal(L, luaString(name));
}

function installRedisLibrary(L: LuaState, run: LuaScriptRun): void {
  const functions: Record<string, LuaFunction> = {
    call: (state) => redisCall(state, run, true),
    pcall: (state) => redisCall(state, run, false),
    error_reply: (state) => pushTagged(state, "err", stringArg(state, 1)),
    status_reply: (state) => pushTagged(state, "ok", stringArg(state, 1)),
    sha1hex: (state) => (lua.lua_pushstring(state, luaString(run.sha1hex(stringArg(state, 1)))), 1),
    log: () => 0,
    setresp: () => 0,
    set_repl: () => 0,
    replicate_commands: (state) => (lua.lua_pushboolean(state, true), 1),
  };
  lua.lua_createtable(L, 0, Object.keys(functions).length + 4);
  for (const [name, fn] of Object.entries(functions)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, luaString(name));
  }
  ["LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING"].forEach((name, level) => {
    lua.lua_pushinteger(L, level);
    lua.lua_setfield(L, -2, luaString(name));
  });
  lua.lua_setglobal(L, luaString("redis"));
}

/** `redis.call` raises an error table on an error reply; `redis.pcall` returns it. */
function redisCall(L: LuaState, run: LuaScriptRun, raiseErrors: boolean): number {
  const argv: string[] = [];
  let failure: string | undefined;
  let reply: RedisReply = null;
  for (let index = 1; index <= lua.lua_gettop(L); index++) {
    const type = lua.lua_type(L, index);
    if (type === lua.LUA_TSTRING) argv.push(jsString(lua.lua_tolstring(L, index)));
    else if (type === lua.LUA_TNUMBER) argv.push(formatLuaNumber(lua.lua_tonumber(L, index)));
    else failure = "ERR Lua redis lib command arguments must be strings or integers";
  }
  if (argv.length === 0) failure ??= "ERR Please specify at least one argument for this redis lib call";
  if (failure === undefined) {
    try {
      reply = run.call(argv);
    } catch (error) {
      failure = isRedisReplyError(error) ? error.message : `ERR ${String(error)}`;
    }
  }
  lua.lua_settop(L, 0);
  if (failure === undefined) {
    pushReply(L, reply);
    return 1;
  }
  if (!raiseErrors) return pushTagged(L, "err", failure);
  const ar = new lua.lua_Debug();
  const line = lua.lua_getstack(L, 1, ar) && lua.lua_getinfo(L, luaString("l"), ar) ? ar.currentline : -1;
  pushTagged(L, "err", failure);
  if (line > 0) {
    lua.lua_pushinteger(L, line);
    lua.lua_setfield(L, -2, luaString(CALL_LINE));
  }
  return lua.lua_error(L);
}

/** Field of the error table raised by redis.call that remembers the calling line. */
const CALL_LINE = "__redis_call_line";

function callLine(L: LuaState): number | undefined {
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return undefined;
  const type = lua.lua_getfield(L, -1, luaString(CALL_LINE));
  const line = type === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : undefined;
  lua.lua_pop(L, 1);
  return line;
}

/** Lua 5.1 (what Redis embeds) prints numbers with %.14g; integers stay exact. */
function formatLuaNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(14)));
}

function pushTagged(L: LuaState, field: "ok" | "err", text: string): number {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, luaString(text));
  lua.lua_setfield(L, -2, luaString(field));
  return 1;
}

/** Redis reply → Lua: nil bulk is false, status is {ok=…}, error is {err=…}. */
function pushReply(L: LuaState, reply: RedisReply): void {
  if (reply === null) lua.lua_pushboolean(L, false);
  else if (typeof reply === "number") {
    // fengari's integers are 32-bit; larger values travel as floats.
    if (Number.isInteger(reply) && Math.abs(reply) <= INT32_MAX) lua.lua_pushinteger(L, reply);
    else lua.lua_pushnumber(L, reply);
  } else if (typeof reply === "string") lua.lua_pushstring(L, luaString(reply));
  else if (Buffer.isBuffer(reply)) lua.lua_pushstring(L, new Uint8Array(reply));
  else if (reply instanceof StatusReply) pushTagged(L, "ok", reply.text);
  else if (reply instanceof RedisReplyError) pushTagged(L, "err", reply.message);
  else {
    const items = reply;
    lua.lua_createtable(L, items.length, 0);
    items.forEach((item, index) => {
      pushReply(L, item);
      lua.lua_rawseti(L, -2, index + 1);
    });
  }
}

/** Lua → Redis reply: numbers truncate to integers, true is 1, false/nil are nil, arrays stop at nil. */
function toReply(L: LuaState, index: number): RedisReply {
  const at = index < 0 ? lua.lua_gettop(L) + index + 1 : index;
  const type = lua.lua_type(L, at);
  if (type === lua.LUA_TSTRING) return jsString(lua.lua_tolstring(L, at));
  if (type === lua.LUA_TNUMBER) return Math.trunc(lua.lua_tonumber(L, at));
  if (type === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, at) ? 1 : null;
  if (type !== lua.LUA_TTABLE) return null;
  for (const field of ["err", "ok"] as const) {
    const fieldType = lua.lua_getfield(L, at, luaString(field));
    const text = fieldType === lua.LUA_TSTRING ? jsString(lua.lua_tolstring(L, -1)) : undefined;
    lua.lua_pop(L, 1);
    if (text !== undefined) return field === "err" ? new RedisReplyError(text) : new StatusReply(text);
  }
  const items: RedisReply[] = [];
  for (let i = 1; lua.lua_rawgeti(L, at, i) !== lua.LUA_TNIL; i++) {
    items.push(toReply(L, -1));
    lua.lua_pop(L, 1);
  }
  lua.lua_pop(L, 1);
  return items;
}

function stringArg(L: LuaState, index: number): string {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER) return jsString(lua.lua_tolstring(L, index));
  return raise(L, "ERR wrong argument: a string was expected");
}

function errorText(L: LuaState): string {
  const type = lua.lua_type(L, -1);
  return type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER
    ? jsString(lua.lua_tolstring(L, -1))
    : "unknown error";
}

function raise(L: LuaState, message: string): never {
  lua.lua_pushstring(L, luaString(message));
  return lua.lua_error(L);
}
