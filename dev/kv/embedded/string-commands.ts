import { OK_REPLY } from "../backend";
import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { checkedInt64, parseInt64, parseInteger, upper } from "./args";
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

export const stringCommands: CommandTable = {
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
};
