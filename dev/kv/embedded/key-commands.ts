import { OK_REPLY, StatusReply } from "../backend";
import { RedisReplyError } from "../errors";
import { parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import { globToRegExp } from "./glob";
import type { KeyScanner } from "./key-scan";
import type { Keyspace, StoredValue } from "./keyspace";

type ExpireUnit = { scale: number; absolute: boolean };

/** EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT with NX | XX | GT | LT (a persistent key counts as infinite TTL). */
function expire(ks: Keyspace, [key, amount, ...flags]: string[], unit: ExpireUnit): number {
  const value = parseInteger(amount!);
  const options = new Set(flags.map((flag) => upper(flag)));
  for (const option of options) {
    if (!["NX", "XX", "GT", "LT"].includes(option))
      throw new RedisReplyError(`ERR Unsupported option ${option}`);
  }
  if (options.has("NX") && options.size > 1) {
    throw new RedisReplyError("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (options.has("GT") && options.has("LT")) {
    throw new RedisReplyError("ERR GT and LT options at the same time are not compatible");
  }
  if (!ks.exists(key!)) return 0;
  const at = (unit.absolute ? 0 : ks.now()) + value * unit.scale;
  const current = ks.expiresAt(key!);
  if (options.has("NX") && current !== undefined) return 0;
  if (options.has("XX") && current === undefined) return 0;
  if (options.has("GT") && (current === undefined || at <= current)) return 0;
  if (options.has("LT") && current !== undefined && at >= current) return 0;
  if (at <= ks.now()) ks.delete(key!);
  else ks.setExpiresAt(key!, at);
  return 1;
}

/** RENAME/RENAMENX/COPY move a value with its TTL; `keepSource` copies instead of moving. */
function moveValue(ks: Keyspace, from: string, to: string, keepSource: boolean): void {
  const value = ks.raw(from) as StoredValue;
  const at = ks.expiresAt(from);
  if (!keepSource) ks.delete(from);
  ks.delete(to);
  ks.write(to, keepSource ? cloneValue(value) : value);
  if (at !== undefined) ks.setExpiresAt(to, at);
}

function cloneValue(value: StoredValue): StoredValue {
  if (typeof value === "string" || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return [...value];
  if (value instanceof Set) return new Set(value);
  if (value instanceof Map) return new Map([...value].map(([member, entry]) => [member, { ...entry }]));
  return { ...value };
}

function remainingMs(ks: Keyspace, key: string): number | undefined {
  const at = ks.expiresAt(key);
  return at === undefined ? undefined : Math.max(0, at - ks.now());
}

export function keyCommands(scanner: KeyScanner) {
  const deleteKeys = (ks: Keyspace, keys: string[]) => keys.filter((key) => ks.delete(key)).length;
  return {
    del: { arity: -2, write: true, run: deleteKeys },
    unlink: { arity: -2, write: true, run: deleteKeys },
    exists: { arity: -2, write: false, run: (ks, keys) => keys.filter((key) => ks.exists(key)).length },
    touch: { arity: -2, write: false, run: (ks, keys) => keys.filter((key) => ks.exists(key)).length },
    expire: { arity: -3, write: true, run: (ks, args) => expire(ks, args, { scale: 1000, absolute: false }) },
    pexpire: { arity: -3, write: true, run: (ks, args) => expire(ks, args, { scale: 1, absolute: false }) },
    expireat: {
      arity: -3,
      write: true,
      run: (ks, args) => expire(ks, args, { scale: 1000, absolute: true }),
    },
    pexpireat: { arity: -3, write: true, run: (ks, args) => expire(ks, args, { scale: 1, absolute: true }) },
    ttl: {
      arity: 2,
      write: false,
      run: (ks, [key]) => {
        if (!ks.exists(key!)) return -2;
        const ms = remainingMs(ks, key!);
        return ms === undefined ? -1 : Math.floor((ms + 500) / 1000);
      },
    },
    pttl: {
      arity: 2,
      write: false,
      run: (ks, [key]) => (ks.exists(key!) ? (remainingMs(ks, key!) ?? -1) : -2),
    },
    expiretime: {
      arity: 2,
      write: false,
      run: (ks, [key]) => {
        if (!ks.exists(key!)) return -2;
        const at = ks.expiresAt(key!);
        return at === undefined ? -1 : Math.floor((at + 500) / 1000); // Redis rounds to the nearest second
      },
    },
    pexpiretime: {
      arity: 2,
      write: false,
      run: (ks, [key]) => (ks.exists(key!) ? (ks.expiresAt(key!) ?? -1) : -2),
    },
    persist: { arity: 2, write: true, run: (ks, [key]) => (ks.persist(key!) ? 1 : 0) },
    type: { arity: 2, write: false, run: (ks, [key]) => new StatusReply(ks.typeOf(key!)) },
    rename: {
      arity: 3,
      write: true,
      run: (ks, [from, to]) => {
        if (!ks.exists(from!)) throw new RedisReplyError("ERR no such key");
        if (from !== to) moveValue(ks, from!, to!, false);
        return OK_REPLY;
      },
    },
    renamenx: {
      arity: 3,
      write: true,
      run: (ks, [from, to]) => {
        if (!ks.exists(from!)) throw new RedisReplyError("ERR no such key");
        if (from === to || ks.exists(to!)) return 0;
        moveValue(ks, from!, to!, false);
        return 1;
      },
    },
    copy: {
      arity: -3,
      write: true,
      run: (ks, [from, to, ...options]) => {
        let replace = false;
        for (let i = 0; i < options.length; i++) {
          const option = upper(options[i]);
          if (option === "REPLACE") replace = true;
          else if (option === "DB" && options[i + 1] !== undefined) {
            // One database here; another one is refused rather than copied into the same keyspace.
            if (parseInteger(options[++i]!) !== 0) throw new RedisReplyError("ERR DB index is out of range");
          } else throw new RedisReplyError("ERR syntax error");
        }
        if (from === to) throw new RedisReplyError("ERR source and destination objects are the same");
        if (!ks.exists(from!) || (ks.exists(to!) && !replace)) return 0;
        moveValue(ks, from!, to!, true);
        return 1;
      },
    },
    keys: {
      arity: 2,
      write: false,
      run: (ks, [pattern]) => {
        const regexp = globToRegExp(pattern!);
        return ks.keys().filter((key) => regexp.test(key));
      },
    },
    scan: { arity: -2, write: false, run: (_ks, args) => scanner.scan(args) },
    dbsize: { arity: 1, write: false, run: (ks) => ks.keys().length },
    flushdb: { arity: -1, write: true, run: (ks) => (ks.flush(), OK_REPLY) },
    ping: {
      arity: -1,
      write: false,
      run: (_ks, [message]) => (message === undefined ? new StatusReply("PONG") : message),
    },
    echo: { arity: 2, write: false, run: (_ks, [message]) => message! },
    time: {
      arity: 1,
      write: false,
      run: (ks) => {
        const micros = BigInt(ks.now()) * 1000n;
        return [String(micros / 1_000_000n), String(micros % 1_000_000n)];
      },
    },
  } satisfies CommandTable;
}
