import { OK_REPLY } from "../backend";
import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { checkedInt64, parseInt64 } from "./args";
import type { CommandTable } from "./command-spec";
import { hasField, setField } from "./keyspace";
import type { HashValue, Keyspace } from "./keyspace";

function setFields(ks: Keyspace, key: string, pairs: string[], command: string): number {
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw new RedisReplyError(REDIS_ERRORS.arity(command));
  const hash: HashValue = ks.read(key, "hash") ?? {};
  let added = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    if (!hasField(hash, pairs[i]!)) added++;
    setField(hash, pairs[i]!, pairs[i + 1]!);
  }
  ks.write(key, hash);
  return added;
}

function fieldOf(ks: Keyspace, key: string, field: string): string | null {
  const hash = ks.read(key, "hash");
  return hash && hasField(hash, field) ? hash[field]! : null;
}

export const hashCommands = {
  hset: { arity: -4, write: true, run: (ks, [key, ...pairs]) => setFields(ks, key!, pairs, "hset") },
  hmset: {
    arity: -4,
    write: true,
    run: (ks, [key, ...pairs]) => (setFields(ks, key!, pairs, "hmset"), OK_REPLY),
  },
  hsetnx: {
    arity: 4,
    write: true,
    run: (ks, [key, field, value]) => {
      if (fieldOf(ks, key!, field!) !== null) return 0;
      return setFields(ks, key!, [field!, value!], "hsetnx");
    },
  },
  hget: { arity: 3, write: false, run: (ks, [key, field]) => fieldOf(ks, key!, field!) },
  hmget: { arity: -3, write: false, run: (ks, [key, ...fields]) => fields.map((f) => fieldOf(ks, key!, f)) },
  hgetall: {
    arity: 2,
    write: false,
    run: (ks, [key]) => Object.entries(ks.read(key!, "hash") ?? {}).flat(),
  },
  hkeys: { arity: 2, write: false, run: (ks, [key]) => Object.keys(ks.read(key!, "hash") ?? {}) },
  hvals: { arity: 2, write: false, run: (ks, [key]) => Object.values(ks.read(key!, "hash") ?? {}) },
  hlen: { arity: 2, write: false, run: (ks, [key]) => Object.keys(ks.read(key!, "hash") ?? {}).length },
  hexists: {
    arity: 3,
    write: false,
    run: (ks, [key, field]) => (fieldOf(ks, key!, field!) === null ? 0 : 1),
  },
  hdel: {
    arity: -3,
    write: true,
    run: (ks, [key, ...fields]) => {
      const hash = ks.read(key!, "hash");
      if (!hash) return 0;
      const removed = fields.filter((field) => hasField(hash, field) && delete hash[field]).length;
      ks.writeCollection(key!, hash);
      return removed;
    },
  },
  hstrlen: {
    arity: 3,
    write: false,
    run: (ks, [key, field]) => Buffer.byteLength(fieldOf(ks, key!, field!) ?? ""),
  },
  hincrby: {
    arity: 4,
    write: true,
    run: (ks, [key, field, delta]) => {
      const increment = parseInt64(delta!);
      const current = fieldOf(ks, key!, field!);
      const base = current === null ? 0n : parseInt64(current, "ERR hash value is not an integer");
      const next = checkedInt64(base + increment);
      setFields(ks, key!, [field!, next.toString()], "hincrby");
      return Number(next);
    },
  },
} satisfies CommandTable;
