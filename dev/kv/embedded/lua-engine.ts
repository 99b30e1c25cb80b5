import { createRequire } from "node:module";

/**
 * fengari is the Lua 5.3 VM in JavaScript that ioredis-mock runs EVAL on (a devDependency of
 * ours too, pinned to the version ioredis-mock uses). We host scripts ourselves: that lets `redis.call` reach our faithful command table instead of ioredis-mock's.
 * Only the slice of its C-like API we use is typed here.
 */
export type LuaState = { readonly __brand: "lua_State" };
export type LuaFunction = (L: LuaState) => number;

interface LuaApi {
  LUA_OK: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  LUA_MASKCOUNT: number;
  lua_close(L: LuaState): void;
  lua_gettop(L: LuaState): number;
  lua_settop(L: LuaState, index: number): void;
  lua_type(L: LuaState, index: number): number;
  lua_toboolean(L: LuaState, index: number): boolean;
  lua_tonumber(L: LuaState, index: number): number;
  lua_isinteger(L: LuaState, index: number): boolean;
  lua_tolstring(L: LuaState, index: number): Uint8Array;
  lua_pushnil(L: LuaState): void;
  lua_pushboolean(L: LuaState, value: boolean): void;
  lua_pushinteger(L: LuaState, value: number): void;
  lua_pushnumber(L: LuaState, value: number): void;
  lua_pushstring(L: LuaState, value: Uint8Array): void;
  lua_pushjsfunction(L: LuaState, fn: LuaFunction): void;
  lua_createtable(L: LuaState, arraySize: number, recordSize: number): void;
  lua_rawseti(L: LuaState, index: number, n: number): void;
  lua_rawgeti(L: LuaState, index: number, n: number): number;
  lua_setfield(L: LuaState, index: number, key: Uint8Array): void;
  lua_getfield(L: LuaState, index: number, key: Uint8Array): number;
  lua_setglobal(L: LuaState, name: Uint8Array): void;
  lua_getglobal(L: LuaState, name: Uint8Array): number;
  lua_pop(L: LuaState, count: number): void;
  lua_pcall(L: LuaState, args: number, results: number, handler: number): number;
  lua_error(L: LuaState): never;
  lua_sethook(L: LuaState, hook: (L: LuaState) => void, mask: number, count: number): void;
  lua_Debug: new () => { currentline: number };
  lua_getstack(L: LuaState, level: number, ar: { currentline: number }): number;
  lua_getinfo(L: LuaState, what: Uint8Array, ar: { currentline: number }): number;
}

interface Fengari {
  lua: LuaApi;
  lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, source: Uint8Array, size: number | null, chunkName: Uint8Array): number;
    luaL_requiref(L: LuaState, name: Uint8Array, open: LuaFunction, global: number): void;
  };
  lualib: Record<"luaopen_base" | "luaopen_table" | "luaopen_string" | "luaopen_math", LuaFunction>;
  to_luastring(text: string): Uint8Array;
}

const require = createRequire(import.meta.url);

export const fengari = require("fengari") as Fengari;
export const lua = fengari.lua;

/** JS string → Lua byte string (UTF-8). */
export function luaString(text: string): Uint8Array {
  return fengari.to_luastring(text);
}

/** Lua byte string → JS string; invalid UTF-8 becomes U+FFFD as everywhere else in the emulator. */
export function jsString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
