import { OK_REPLY } from "../backend";
import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { checkedInt64, indexWindow, parseInt64, parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import type { Keyspace } from "./keyspace";

interface SetOptions {
  condition?: "NX" | "XX";
  get: boolean;
  keepTtl: boolean;
  expiresAt?: number;
}

function parseSetOptions(ks: Keyspace, options: string[], command: string): SetOptions {
  const parsed: SetOptions = { get: false, keepTtl: false };
  for (let i = 0; i < options.length; i++) {
    const option = upper(options[i]);
    if ((option === "NX" || option === "XX") && parsed.condition !== (option === "NX" ? "XX" : "NX")) {
      parsed.condition = option;
    } else if (option === "GET") parsed.get = true;
    else if (option === "KEEPTTL" && parsed.expiresAt === undefined) parsed.keepTtl = true;
    else if (
      ["EX", "PX", "EXAT", "PXAT"].includes(option) &&
      parsed.expiresAt === undefined &&
      !parsed.keepTtl
    ) {
      const raw = options[++i];
      if (raw === undefined) throw new RedisReplyError(REDIS_ERRORS.syntax);
      parsed.expiresAt = expiryFrom(ks, option, parseInteger(raw), command);
    } else throw new RedisReplyError(REDIS_ERRORS.syntax);
  }
  return parsed;
}

function expiryFrom(ks: Keyspace, unit: string, amount: number, command: string): number {
  if (amount <= 0) throw new RedisReplyError(`ERR invalid expire time in '${command}' command`);
  switch (unit) {
    case "EX":
      return ks.now() + amount * 1000;
    case "PX":
      return ks.now() + amount;
    case "EXAT":
      return amount * 1000;
    default:
      return amount;
  }
}

/** SET with every option; SETNX/SETEX/PSETEX/GETSET are spelled in terms of it. */
function runSet(ks: Keyspace, key: string, value: string, options: SetOptions) {
  const exists = ks.exists(key);
  const previous = options.get ? (ks.read(key, "string") ?? null) : null;
  if ((options.condition === "NX" && exists) || (options.condition === "XX" && !exists)) {
    return options.get ? previous : null;
  }
  ks.write(key, value);
  if (options.expiresAt !== undefined) ks.setExpiresAt(key, options.expiresAt);
  else if (!options.keepTtl) ks.persist(key);
  return options.get ? previous : OK_REPLY;
}

function incrementBy(ks: Keyspace, key: string, delta: bigint): number {
  const current = ks.read(key, "string");
  const base = current === undefined ? 0n : parseInt64(current);
  const next = checkedInt64(base + delta);
  ks.write(key, next.toString());
  return Number(next);
}

/** GETEX: the options' syntax is checked first, the key next, the expire time last (as Redis 7.0 does). */
function getex(ks: Keyspace, [key, ...options]: string[]) {
  let expiry: { unit: string; amount: string } | undefined;
  let persist = false;
  for (let i = 0; i < options.length; i++) {
    const option = upper(options[i]);
    if (option === "PERSIST" && expiry === undefined) persist = true;
    else if (["EX", "PX", "EXAT", "PXAT"].includes(option) && !persist && expiry === undefined) {
      const amount = options[++i];
      if (amount === undefined) throw new RedisReplyError(REDIS_ERRORS.syntax);
      expiry = { unit: option, amount };
    } else throw new RedisReplyError(REDIS_ERRORS.syntax);
  }
  const value = ks.read(key!, "string");
  if (value === undefined) return null;
  if (expiry !== undefined) {
    const at = expiryFrom(ks, expiry.unit, parseInteger(expiry.amount), "getex");
    // A time already past deletes the key but still answers its value.
    if (at <= ks.now()) ks.delete(key!);
    else ks.setExpiresAt(key!, at);
  } else if (persist) ks.persist(key!);
  return value;
}

/** GETRANGE works on bytes; Redis clamps the window and answers "" for an empty one or a missing key. */
function getrange(ks: Keyspace, [key, startArg, endArg]: string[]): string {
  const start = parseInteger(startArg!);
  const end = parseInteger(endArg!);
  const bytes = Buffer.from(ks.read(key!, "string") ?? "", "utf8");
  if (start < 0 && end < 0 && start > end) return "";
  const window = indexWindow(start, Math.max(end, -bytes.length), bytes.length);
  return window ? bytes.subarray(window[0], window[1] + 1).toString("utf8") : "";
}

function setrange(ks: Keyspace, [key, offsetArg, value]: string[]): number {
  const offset = parseInteger(offsetArg!);
  if (offset < 0) throw new RedisReplyError("ERR offset is out of range");
  const current = Buffer.from(ks.read(key!, "string") ?? "", "utf8");
  const patch = Buffer.from(value!, "utf8");
  if (patch.length === 0) return current.length; // never creates or pads a key
  if (offset + patch.length > 512 * 1024 * 1024) {
    throw new RedisReplyError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  }
  const next = Buffer.alloc(Math.max(current.length, offset + patch.length));
  current.copy(next);
  patch.copy(next, offset);
  ks.write(key!, next.toString("utf8"));
  return next.length;
}

export const stringCommands = {
  get: { arity: 2, write: false, run: (ks, [key]) => ks.read(key!, "string") ?? null },
  set: {
    arity: -3,
    write: true,
    run: (ks, [key, value, ...rest]) => runSet(ks, key!, value!, parseSetOptions(ks, rest, "set")),
  },
  setnx: {
    arity: 3,
    write: true,
    run: (ks, [key, value]) =>
      runSet(ks, key!, value!, { condition: "NX", get: false, keepTtl: false }) ? 1 : 0,
  },
  setex: {
    arity: 4,
    write: true,
    run: (ks, [key, seconds, value]) =>
      runSet(ks, key!, value!, {
        get: false,
        keepTtl: false,
        expiresAt: expiryFrom(ks, "EX", parseInteger(seconds!), "setex"),
      }),
  },
  psetex: {
    arity: 4,
    write: true,
    run: (ks, [key, ms, value]) =>
      runSet(ks, key!, value!, {
        get: false,
        keepTtl: false,
        expiresAt: expiryFrom(ks, "PX", parseInteger(ms!), "psetex"),
      }),
  },
  getset: {
    arity: 3,
    write: true,
    run: (ks, [key, value]) => runSet(ks, key!, value!, { get: true, keepTtl: false }),
  },
  getdel: {
    arity: 2,
    write: true,
    run: (ks, [key]) => {
      const value = ks.read(key!, "string");
      if (value !== undefined) ks.delete(key!);
      return value ?? null;
    },
  },
  mget: {
    arity: -2,
    write: false,
    run: (ks, keys) => keys.map((key) => (ks.typeOf(key) === "string" ? ks.read(key, "string")! : null)),
  },
  mset: {
    arity: -3,
    write: true,
    run: (ks, pairs) => {
      if (pairs.length % 2 !== 0) throw new RedisReplyError(REDIS_ERRORS.arity("mset"));
      for (let i = 0; i < pairs.length; i += 2) {
        ks.write(pairs[i]!, pairs[i + 1]!);
        ks.persist(pairs[i]!);
      }
      return OK_REPLY;
    },
  },
  incr: { arity: 2, write: true, run: (ks, [key]) => incrementBy(ks, key!, 1n) },
  decr: { arity: 2, write: true, run: (ks, [key]) => incrementBy(ks, key!, -1n) },
  incrby: { arity: 3, write: true, run: (ks, [key, delta]) => incrementBy(ks, key!, parseInt64(delta!)) },
  decrby: { arity: 3, write: true, run: (ks, [key, delta]) => incrementBy(ks, key!, -parseInt64(delta!)) },
  append: {
    arity: 3,
    write: true,
    run: (ks, [key, suffix]) => {
      const next = (ks.read(key!, "string") ?? "") + suffix!;
      ks.write(key!, next);
      return Buffer.byteLength(next);
    },
  },
  strlen: { arity: 2, write: false, run: (ks, [key]) => Buffer.byteLength(ks.read(key!, "string") ?? "") },
  getex: { arity: -2, write: true, run: getex },
  getrange: { arity: 4, write: false, run: getrange },
  setrange: { arity: 4, write: true, run: setrange },
  msetnx: {
    arity: -3,
    write: true,
    run: (ks, pairs) => {
      if (pairs.length % 2 !== 0) throw new RedisReplyError(REDIS_ERRORS.arity("msetnx"));
      for (let i = 0; i < pairs.length; i += 2) if (ks.exists(pairs[i]!)) return 0;
      for (let i = 0; i < pairs.length; i += 2) ks.write(pairs[i]!, pairs[i + 1]!);
      return 1;
    },
  },
} satisfies CommandTable;
