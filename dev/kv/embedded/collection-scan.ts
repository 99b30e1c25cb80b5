import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { formatFloat, parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import { globToRegExp } from "./glob";
import type { KeyType, Keyspace } from "./keyspace";
import { memberOrder } from "./set-commands";
import { ordered } from "./sorted-set-ranges";

/**
 * HSCAN/SSCAN/ZSCAN answer the whole collection in one page with cursor 0. Redis does the same for
 * small (listpack/intset) collections and treats COUNT as a hint, so this is a valid SCAN answer at
 * any size: every element present throughout the iteration is returned, exactly once.
 */
function scanCollection(ks: Keyspace, type: Exclude<KeyType, "string" | "list">, args: string[]) {
  const [key, cursorArg, ...options] = args;
  if (!/^\d+$/.test(cursorArg!)) throw new RedisReplyError("ERR invalid cursor");
  const pairs = elements(ks, key!, type);
  if (pairs === undefined) return ["0", []];
  let match: RegExp | undefined;
  for (let i = 0; i < options.length; i += 2) {
    const name = upper(options[i]);
    const value = options[i + 1];
    if (value === undefined) throw new RedisReplyError(REDIS_ERRORS.syntax);
    if (name === "COUNT") {
      if (parseInteger(value) < 1) throw new RedisReplyError(REDIS_ERRORS.syntax);
    } else if (name === "MATCH") match = globToRegExp(value);
    else throw new RedisReplyError(REDIS_ERRORS.syntax);
  }
  // A cursor we never handed out (we only answer 0) starts nothing new: the iteration is over.
  if (cursorArg !== "0") return ["0", []];
  const page = pairs.filter(([name]) => !match || match.test(name));
  return ["0", page.flatMap(([name, value]) => (type === "set" ? [name] : [name, value]))];
}

/** [name, value] pairs in Redis' order for small collections: insertion (hash), score (zset). */
function elements(ks: Keyspace, key: string, type: "hash" | "set" | "zset"): [string, string][] | undefined {
  if (type === "hash") {
    const hash = ks.read(key, "hash");
    return hash && Object.entries(hash);
  }
  if (type === "set") {
    const set = ks.read(key, "set");
    return set && memberOrder(set).map((member) => [member, member]);
  }
  const zset = ks.read(key, "zset");
  return zset && ordered(zset).map((entry) => [entry.value, storedScore(entry.score)]);
}

const HALF_INT64 = 2 ** 62;

/**
 * ZSCAN answers a score the way Redis 7.0 stored it (`d2string`): an integral score up to
 * LLONG_MAX/2 as an integer ("100000000000000000"), anything else like ZSCORE ("%.17g").
 */
function storedScore(score: number): string {
  return Number.isInteger(score) && Math.abs(score) <= HALF_INT64
    ? BigInt(score).toString()
    : formatFloat(score);
}

export const collectionScanCommands = {
  hscan: { arity: -3, write: false, run: (ks, args) => scanCollection(ks, "hash", args) },
  sscan: { arity: -3, write: false, run: (ks, args) => scanCollection(ks, "set", args) },
  zscan: { arity: -3, write: false, run: (ks, args) => scanCollection(ks, "zset", args) },
} satisfies CommandTable;
