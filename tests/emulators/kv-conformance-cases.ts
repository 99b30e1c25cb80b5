/**
 * One conformance case per command the embedded KV store serves, keyed by the store's own command
 * table (`ServedCommand`): a served command without a case, or a case for a command it does not
 * serve, fails the typecheck and kv-conformance.test.ts. Each case drives the official
 * @upstash/redis SDK and returns its answers; the suite runs it against the embedded store and a
 * real Redis 7.0 and fails on any difference. Edge cases come from bugs seen in the upstream SDK's
 * own suite (missing keys, several values, lower-case options, out-of-range indexes, pipelines).
 */
import type { Redis } from "@upstash/redis";
import type { ServedCommand } from "../../dev/kv/embedded/command-table";

export interface CaseContext {
  redis: Redis;
  /** The same connection without the SDK's JSON deserialisation: replies exactly as sent. */
  raw: Redis;
  /** A key of this case's own (a fixed per-run prefix, the same on both backends). */
  key: (name: string) => string;
}

type Step = () => Promise<unknown>;

export interface ConformanceCase {
  steps(ctx: CaseContext): Step[];
  /** The SDK has no method for this command, so the case reaches it from a script (EVAL). */
  viaScript?: true;
}

const sorted = async (answer: Promise<unknown[]>) => [...(await answer)].map(String).sort();
/** SCAN-like answers: cursor first, then the page; pages are compared as sets. */
const scanned = async (answer: Promise<[string | number, unknown[]]>) => {
  const [cursor, page] = await answer;
  return [String(cursor), page.map(String)];
};
const call = (redis: Redis, script: string, keys: string[], args: unknown[] = []) =>
  redis.eval(script, keys, args);
const expiretime = (redis: Redis, key: string) =>
  call(redis, "return redis.call('expiretime', KEYS[1])", [key]);
const FAR_FUTURE = 4_102_444_800; // 2100-01-01, so absolute expiries compare exactly

export const CONFORMANCE_CASES: Record<ServedCommand, ConformanceCase> = {
  // ---- strings
  get: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.get(key("s")),
      () => redis.get(key("missing")),
      () => redis.lpush(key("list"), "a"),
      () => redis.get(key("list")),
    ],
  },
  set: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "1", { nx: true }),
      () => redis.set(key("a"), "2", { nx: true }),
      () => redis.set(key("b"), "1", { xx: true }),
      () => redis.set(key("a"), "3", { get: true }),
      () => redis.set(key("a"), "4", { ex: 100 }),
      () => redis.ttl(key("a")),
      () => redis.set(key("a"), "5", { keepTtl: true }),
      () => redis.ttl(key("a")),
      () => redis.set(key("a"), "6", { exat: FAR_FUTURE }),
      () => expiretime(redis, key("a")),
      () => redis.set(key("a"), "7", { pxat: FAR_FUTURE * 1000 }),
      () => redis.set(key("a"), "8"),
      () => redis.ttl(key("a")),
      () => redis.set(key("a"), "9", { ex: 0 }),
      () => redis.set(key("a"), "9", { ex: -5 }),
      () => redis.get(key("a")),
    ],
  },
  setnx: {
    steps: ({ redis, key }) => [
      () => redis.setnx(key("a"), "1"),
      () => redis.setnx(key("a"), "2"),
      () => redis.get(key("a")),
    ],
  },
  setex: {
    steps: ({ redis, key }) => [
      () => redis.setex(key("a"), 100, "v"),
      () => redis.ttl(key("a")),
      () => redis.setex(key("a"), 0, "v"),
    ],
  },
  psetex: {
    steps: ({ redis, key }) => [
      () => redis.psetex(key("a"), 100_000, "v"),
      () => redis.ttl(key("a")),
      () => redis.psetex(key("a"), -1, "v"),
    ],
  },
  getset: {
    steps: ({ redis, key }) => [
      () => redis.getset(key("a"), "1"),
      () => redis.getset(key("a"), "2"),
      () => redis.get(key("a")),
    ],
  },
  getdel: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "x"),
      () => redis.getdel(key("l")),
      () => redis.set(key("a"), "v"),
      () => redis.getdel(key("a")),
      () => redis.getdel(key("a")),
      () => redis.exists(key("a")),
    ],
  },
  mget: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "1"),
      () => redis.sadd(key("set"), "x"),
      () => redis.mget(key("a"), key("missing"), key("set")),
    ],
  },
  mset: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "old", { ex: 100 }),
      () => redis.mset({ [key("a")]: "1", [key("b")]: { n: 2 } }),
      () => redis.mget(key("a"), key("b")),
      () => redis.ttl(key("a")),
    ],
  },
  msetnx: {
    steps: ({ redis, key }) => [
      () => redis.msetnx({ [key("a")]: "1", [key("b")]: "2" }),
      () => redis.msetnx({ [key("b")]: "3", [key("c")]: "4" }),
      () => redis.mget(key("a"), key("b"), key("c")),
    ],
  },
  incr: {
    steps: ({ redis, key }) => [
      () => redis.incr(key("n")),
      () => redis.incr(key("n")),
      () => redis.set(key("text"), "abc"),
      () => redis.incr(key("text")),
      () => redis.set(key("max"), "9223372036854775807"),
      () => redis.incr(key("max")),
    ],
  },
  incrby: {
    steps: ({ redis, key }) => [
      () => redis.set(key("float"), "1.5"),
      () => redis.incrby(key("float"), 1),
      () => redis.incrby(key("n"), 41),
      () => redis.incrby(key("n"), -50),
    ],
  },
  decr: { steps: ({ redis, key }) => [() => redis.decr(key("n")), () => redis.decr(key("n"))] },
  decrby: { steps: ({ redis, key }) => [() => redis.decrby(key("n"), 7), () => redis.get(key("n"))] },
  append: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "x"),
      () => redis.append(key("l"), "x"),
      () => redis.append(key("a"), "Hello"),
      () => redis.append(key("a"), " ünï"),
      () => redis.get(key("a")),
    ],
  },
  strlen: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "héllo"),
      () => redis.strlen(key("a")),
      () => redis.strlen(key("missing")),
    ],
  },
  getex: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.getex(key("a"), { ex: 100 }),
      () => redis.ttl(key("a")),
      () => redis.getex(key("a"), { persist: true }),
      () => redis.ttl(key("a")),
      () => redis.getex(key("missing"), { ex: 100 }),
      () => redis.getex(key("a"), { ex: 0 }),
      () => redis.getex(key("missing"), { ex: 0 }),
      // An absolute time in the past deletes the key but still answers its value, in a pipeline too.
      async () => {
        const pipeline = redis.pipeline();
        pipeline.set(key("p"), "gone soon");
        pipeline.getex(key("p"), { exat: 1 });
        pipeline.exists(key("p"));
        return pipeline.exec();
      },
      async () => {
        const transaction = redis.multi();
        transaction.set(key("m"), "gone soon");
        transaction.getex(key("m"), { pxat: 1000 });
        transaction.get(key("m"));
        return transaction.exec();
      },
    ],
  },
  getrange: {
    steps: ({ redis, key }) => [
      () => redis.getrange(key("missing"), 0, 10),
      () => redis.set(key("a"), "Hello World"),
      () => redis.getrange(key("a"), 0, 4),
      () => redis.getrange(key("a"), -5, -1),
      () => redis.getrange(key("a"), 6, 100),
      () => redis.getrange(key("a"), -100, 2),
      () => redis.getrange(key("a"), 5, 2),
      () => redis.getrange(key("a"), -1, -5),
      () => redis.getrange(key("a"), 0, -100),
    ],
  },
  setrange: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "Hello World"),
      () => redis.setrange(key("a"), 6, "Redis"),
      () => redis.get(key("a")),
      () => redis.setrange(key("b"), 3, "x"),
      () => redis.strlen(key("b")),
      () => redis.setrange(key("c"), 5, ""),
      () => redis.exists(key("c")),
      () => redis.setrange(key("a"), -1, "x"),
    ],
  },
  // ---- keys
  del: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2 }),
      () => redis.del(key("a"), key("b"), key("c")),
    ],
  },
  unlink: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.unlink(key("a"), key("b")),
      () => redis.exists(key("a")),
    ],
  },
  exists: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.exists(key("a"), key("a"), key("b")),
    ],
  },
  touch: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.touch(key("a"), key("b")),
      () => redis.touch(key("missing")),
    ],
  },
  expire: {
    steps: ({ redis, key }) => [
      () => redis.expire(key("missing"), 100),
      () => redis.set(key("a"), "v"),
      () => redis.expire(key("a"), 100, "XX"),
      () => redis.expire(key("a"), 100, "NX"),
      () => redis.expire(key("a"), 50, "GT"),
      () => redis.expire(key("a"), 200, "gt"),
      () => redis.expire(key("a"), 300, "LT"),
      () => redis.expire(key("a"), 100, "lt"),
      () => redis.ttl(key("a")),
      () => redis.expire(key("a"), 0),
      () => redis.exists(key("a")),
    ],
  },
  pexpire: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.pexpire(key("a"), 100_000),
      () => redis.ttl(key("a")),
    ],
  },
  expireat: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.expireat(key("a"), FAR_FUTURE),
      () => expiretime(redis, key("a")),
      () => redis.expireat(key("a"), 1),
      () => redis.exists(key("a")),
    ],
  },
  pexpireat: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.pexpireat(key("a"), FAR_FUTURE * 1000 + 1),
      () => expiretime(redis, key("a")),
    ],
  },
  ttl: {
    steps: ({ redis, key }) => [
      () => redis.ttl(key("missing")),
      () => redis.set(key("a"), "v"),
      () => redis.ttl(key("a")),
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.ttl(key("a")),
    ],
  },
  pttl: {
    steps: ({ redis, key }) => [
      () => redis.pttl(key("missing")),
      () => redis.set(key("a"), "v"),
      () => redis.pttl(key("a")),
      () => redis.set(key("a"), "v", { px: 100_000 }),
      async () => {
        const left = await redis.pttl(key("a"));
        return left > 90_000 && left <= 100_000;
      },
    ],
  },
  expiretime: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => expiretime(redis, key("missing")),
      () => redis.set(key("a"), "v"),
      () => expiretime(redis, key("a")),
      () => redis.set(key("a"), "v", { pxat: FAR_FUTURE * 1000 + 999 }),
      () => expiretime(redis, key("a")),
    ],
  },
  pexpiretime: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => call(redis, "return redis.call('pexpiretime', KEYS[1])", [key("missing")]),
      () => redis.set(key("a"), "v", { pxat: FAR_FUTURE * 1000 + 5 }),
      () => call(redis, "return redis.call('pexpiretime', KEYS[1])", [key("a")]),
    ],
  },
  persist: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.persist(key("a")),
      () => redis.persist(key("a")),
      () => redis.ttl(key("a")),
    ],
  },
  type: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.rpush(key("l"), "v"),
      () => redis.sadd(key("set"), "v"),
      () => redis.zadd(key("z"), { score: 1, member: "v" }),
      () => Promise.all(["s", "h", "l", "set", "z", "missing"].map((name) => redis.type(key(name)))),
    ],
  },
  rename: {
    steps: ({ redis, key }) => [
      () => redis.set(key("same"), "v"),
      () => redis.rename(key("same"), key("same")),
      () => redis.get(key("same")),
      () => redis.rename(key("missing"), key("b")),
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.set(key("b"), "old"),
      () => redis.rename(key("a"), key("b")),
      () => redis.get(key("b")),
      () => redis.ttl(key("b")),
      () => redis.exists(key("a")),
    ],
  },
  keys: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a1")]: 1, [key("a2")]: 2, [key("b1")]: 3 }),
      () => sorted(redis.keys(key("a*"))),
      () => sorted(redis.keys(key("?1"))),
      () => sorted(redis.keys(key("[ab]2"))),
    ],
  },
  scan: {
    steps: ({ redis, key }) => [
      () => redis.mset(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [key(`k${i}`), i]))),
      () => redis.sadd(key("set"), "x"),
      async () => {
        const seen: string[] = [];
        let cursor: string | number = 0;
        do {
          const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
            match: key("*"),
            count: 7,
          });
          seen.push(...page);
          cursor = next;
        } while (String(cursor) !== "0");
        return seen.sort();
      },
      async () => {
        let found: string[] = [];
        let cursor: string | number = 0;
        do {
          const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
            match: key("*"),
            type: "set",
          });
          found = found.concat(page);
          cursor = next;
        } while (String(cursor) !== "0");
        return found;
      },
      () => redis.scan("nope"),
    ],
  },
  dbsize: {
    steps: ({ redis, key }) => [
      () => redis.flushdb(),
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2, [key("c")]: 3 }),
      () => redis.dbsize(),
    ],
  },
  flushdb: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2 }),
      () => redis.flushdb({ async: true }),
      () => redis.exists(key("a"), key("b")),
      () => redis.flushdb(),
    ],
  },
  ping: { steps: ({ redis }) => [() => redis.ping(), () => redis.ping(["hello"])] },
  echo: { steps: ({ redis }) => [() => redis.echo("hello"), () => redis.echo("")] },
  time: {
    steps: ({ redis }) => [
      async () => {
        const [seconds, micros] = (await redis.time()).map(Number);
        return [Math.abs(seconds! - Date.now() / 1000) < 60, micros! >= 0 && micros! < 1_000_000];
      },
    ],
  },
  // ---- hashes
  hset: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { title: "Page", views: 1 }),
      () => redis.hset(key("h"), { title: "Other", extra: "x" }),
      () => redis.hgetall(key("h")),
      () => redis.set(key("s"), "v"),
      () => redis.hset(key("s"), { f: "v" }),
    ],
  },
  hmset: {
    steps: ({ redis, key }) => [() => redis.hmset(key("h"), { a: 1, b: 2 }), () => redis.hgetall(key("h"))],
  },
  hsetnx: {
    steps: ({ redis, key }) => [
      () => redis.hsetnx(key("h"), "f", "1"),
      () => redis.hsetnx(key("h"), "f", "2"),
      () => redis.hget(key("h"), "f"),
    ],
  },
  hget: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.hget(key("h"), "f"),
      () => redis.hget(key("h"), "nope"),
      () => redis.hget(key("missing"), "f"),
    ],
  },
  hmget: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: "1", b: "2" }),
      () => redis.hmget(key("h"), "a", "c"),
      () => redis.hmget(key("missing"), "a"),
    ],
  },
  hgetall: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.hgetall(key("s")),
      () => redis.hget(key("s"), "f"),
      () => redis.hset(key("h"), { a: "1", b: { n: 2 } }),
      () => redis.hgetall(key("h")),
      () => redis.hgetall(key("missing")),
    ],
  },
  hkeys: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => sorted(redis.hkeys(key("h"))),
    ],
  },
  hvals: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => sorted(redis.hvals(key("h")) as Promise<unknown[]>),
    ],
  },
  hlen: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => redis.hlen(key("h")),
      () => redis.hlen(key("x")),
    ],
  },
  hexists: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1 }),
      () => redis.hexists(key("h"), "a"),
      () => redis.hexists(key("h"), "b"),
    ],
  },
  hdel: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => redis.hdel(key("h"), "a", "z"),
      () => redis.hdel(key("h"), "b"),
      () => redis.exists(key("h")),
    ],
  },
  hincrby: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("big"), { n: "9223372036854775807" }),
      () => redis.hincrby(key("big"), "n", 1),
      () => redis.hincrby(key("h"), "n", 5),
      () => redis.hincrby(key("h"), "n", -7),
      () => redis.hset(key("h"), { t: "abc" }),
      () => redis.hincrby(key("h"), "t", 1),
    ],
  },
  hscan: {
    steps: ({ redis, key }) => [
      () => scanned(redis.hscan(key("missing"), 0)),
      () => redis.hset(key("h"), { alpha: "1", beta: "2", alpine: "3" }),
      () => scanned(redis.hscan(key("h"), 0)),
      () => scanned(redis.hscan(key("h"), 0, { match: "al*" })),
      () => scanned(redis.hscan(key("h"), 0, { match: "al*", count: 1 })),
      () => scanned(redis.hscan(key("h"), 0, { count: 0 })),
      () => redis.set(key("s"), "v"),
      () => scanned(redis.hscan(key("s"), 0)),
    ],
  },
  // ---- lists
  lpush: {
    steps: ({ redis, key }) => [
      () => redis.lpush(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  rpush: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.rpush(key("l"), "c"),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.set(key("s"), "v"),
      () => redis.rpush(key("s"), "x"),
    ],
  },
  lpop: {
    steps: ({ redis, key }) => [
      () => redis.lpop(key("missing"), 2),
      () => redis.rpush(key("z"), "a"),
      () => redis.lpop(key("z"), 0),
      () => redis.set(key("s"), "v"),
      () => redis.lpop(key("s")),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.lpop(key("l")),
      () => redis.lpop(key("l"), 5),
      () => redis.lpop(key("l")),
      () => redis.lpop(key("l"), 2),
    ],
  },
  rpop: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.rpop(key("l")),
      () => redis.rpop(key("l"), 2),
    ],
  },
  llen: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.llen(key("l")),
      () => redis.llen(key("x")),
    ],
  },
  lindex: {
    steps: ({ redis, key }) => [
      () => redis.lindex(key("missing"), 0),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => Promise.all([0, 2, -1, -3, 3, -4].map((index) => redis.lindex(key("l"), index))),
    ],
  },
  lrange: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.lrange(key("s"), 0, -1),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), -2, 10),
      () => redis.lrange(key("l"), 2, 1),
      () => redis.lrange(key("missing"), 0, -1),
    ],
  },
  ltrim: {
    steps: ({ redis, key }) => [
      () => redis.ltrim(key("missing"), 0, 1),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.ltrim(key("l"), 0, 1),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.ltrim(key("l"), 5, 10),
      () => redis.exists(key("l")),
    ],
  },
  lrem: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b", "a", "c", "a"),
      () => redis.lrem(key("l"), -2, "a"),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.lrem(key("l"), 0, "a"),
    ],
  },
  lpushx: {
    steps: ({ redis, key }) => [
      () => redis.lpushx(key("missing"), "a"),
      () => redis.exists(key("missing")),
      () => redis.rpush(key("l"), "x"),
      () => redis.lpushx(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  rpushx: {
    steps: ({ redis, key }) => [
      () => redis.rpushx(key("missing"), "a"),
      () => redis.rpush(key("l"), "x"),
      () => redis.rpushx(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  lset: {
    steps: ({ redis, key }) => [
      () => redis.lset(key("missing"), 0, "v"),
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.lset(key("l"), -1, "B"),
      () => redis.lset(key("l"), 2, "c"),
      () => redis.lset(key("l"), -3, "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  linsert: {
    steps: ({ redis, key }) => [
      () => redis.linsert(key("missing"), "before", "a", "b"),
      () => redis.rpush(key("l"), "a", "c"),
      () => redis.linsert(key("l"), "before", "c", "b"),
      () => redis.linsert(key("l"), "after", "c", "d"),
      () => redis.linsert(key("l"), "after", "nope", "x"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  lmove: {
    steps: ({ redis, key }) => [
      () => redis.lmove(key("missing"), key("dst"), "left", "right"),
      () => redis.rpush(key("src"), "a", "b", "c"),
      () => redis.lmove(key("src"), key("dst"), "left", "left"),
      () => redis.lmove(key("src"), key("dst"), "right", "left"),
      () => redis.lmove(key("src"), key("src"), "left", "right"),
      () => Promise.all([redis.lrange(key("src"), 0, -1), redis.lrange(key("dst"), 0, -1)]),
      () => redis.set(key("s"), "v"),
      () => redis.lmove(key("src"), key("s"), "left", "left"),
      () => redis.lrange(key("src"), 0, -1),
    ],
  },
  rpoplpush: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.rpush(key("src"), "a", "b"),
      () => call(redis, "return redis.call('rpoplpush', KEYS[1], KEYS[2])", [key("src"), key("dst")]),
      () => call(redis, "return redis.call('rpoplpush', KEYS[1], KEYS[2])", [key("missing"), key("dst")]),
      () => Promise.all([redis.lrange(key("src"), 0, -1), redis.lrange(key("dst"), 0, -1)]),
    ],
  },
  // ---- sets
  sadd: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "x", "y", "x"),
      () => redis.sadd(key("s"), "x"),
      () => sorted(redis.smembers(key("s"))),
    ],
  },
  srem: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "x", "y"),
      () => redis.srem(key("s"), "x", "z"),
      () => redis.srem(key("s"), "y"),
      () => redis.exists(key("s")),
    ],
  },
  smembers: {
    steps: ({ redis, raw, key }) => [
      () => redis.sadd(key("ints"), "3", "-1", "10", "2"),
      () => raw.smembers(key("ints")),
      () => raw.sscan(key("ints"), 0),
      () => redis.rpush(key("l"), "v"),
      () => redis.smembers(key("l")),
      () => redis.scard(key("l")),
      () => redis.sadd(key("s"), "b", "a"),
      () => sorted(redis.smembers(key("s"))),
      () => redis.smembers(key("x")),
    ],
  },
  scard: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "a", "b"),
      () => redis.scard(key("s")),
      () => redis.scard(key("x")),
    ],
  },
  sismember: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "a"),
      () => redis.sismember(key("s"), "a"),
      () => redis.sismember(key("s"), "b"),
    ],
  },
  smismember: {
    steps: ({ redis, key }) => [
      () => redis.smismember(key("missing"), ["a"]),
      () => redis.sadd(key("s"), "a", "c"),
      () => redis.smismember(key("s"), ["a", "b", "c"]),
    ],
  },
  sinter: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2", "3"),
      () => redis.sadd(key("b"), "2", "3", "4"),
      () => sorted(redis.sinter(key("a"), key("b"))),
      () => redis.sinter(key("a"), key("missing")),
      () => redis.set(key("s"), "v"),
      () => redis.sinter(key("a"), key("s")),
    ],
  },
  sunion: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "2", "3"),
      () => sorted(redis.sunion(key("a"), key("b"), key("missing"))),
    ],
  },
  sdiff: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2", "3"),
      () => redis.sadd(key("b"), "2"),
      () => sorted(redis.sdiff(key("a"), key("b"), key("missing"))),
    ],
  },
  sinterstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("self"), "1", "2"),
      () => redis.sinterstore(key("self"), key("self"), key("self")),
      () => redis.smembers(key("self")),
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "2", "3"),
      () => redis.sinterstore(key("dst"), key("a"), key("b")),
      () => redis.smembers(key("dst")),
      () => redis.sinterstore(key("dst"), key("a"), key("missing")),
      () => redis.exists(key("dst")),
    ],
  },
  sunionstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1"),
      () => redis.set(key("dst"), "old"),
      () => redis.sunionstore(key("dst"), key("a"), key("missing")),
      () => redis.type(key("dst")),
    ],
  },
  sdiffstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "1"),
      () => redis.sdiffstore(key("dst"), key("a"), key("b")),
      () => redis.smembers(key("dst")),
    ],
  },
  smove: {
    steps: ({ redis, key }) => [
      () => redis.smove(key("missing"), key("b"), "x"),
      () => redis.sadd(key("a"), "x", "y"),
      () => redis.smove(key("a"), key("b"), "x"),
      () => redis.smove(key("a"), key("b"), "nope"),
      () => redis.smove(key("a"), key("a"), "y"),
      () => Promise.all([redis.smembers(key("a")), redis.smembers(key("b"))]),
      () => redis.set(key("s"), "v"),
      () => redis.smove(key("a"), key("s"), "y"),
    ],
  },
  sscan: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "apple", "avocado", "banana"),
      async () => {
        const [cursor, page] = await redis.sscan(key("s"), 0, { match: "a*" });
        return [String(cursor), page.map(String).sort()];
      },
      () => scanned(redis.sscan(key("missing"), 0)),
    ],
  },
  // ---- sorted sets
  zadd: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zadd(key("z"), { ch: true }, { score: 5, member: "a" }, { score: 3, member: "c" }),
      () => redis.zadd(key("z"), { gt: true }, { score: 1, member: "a" }),
      () => redis.zadd(key("z"), { lt: true, ch: true }, { score: 1, member: "a" }),
      () => redis.zadd(key("z"), { nx: true }, { score: 9, member: "a" }),
      () => redis.zadd(key("z"), { xx: true }, { score: 9, member: "new" }),
      () => redis.zadd(key("z"), { incr: true }, { score: 2.5, member: "a" }),
      () => redis.zrange(key("z"), 0, -1, { withScores: true }),
    ],
  },
  zrange: {
    steps: ({ redis, key }) => [
      () => redis.zrange(key("missing"), 0, -1),
      () => redis.set(key("s"), "v"),
      () => redis.zrange(key("s"), 0, -1),
      () =>
        redis.zadd(
          key("z"),
          { score: 1, member: "a" },
          { score: 2.5, member: "b" },
          { score: 3, member: "c" },
        ),
      () => redis.zrange(key("z"), 0, -1, { withScores: true }),
      () => redis.zrange(key("z"), 0, 0, { rev: true }),
      () => redis.zrange(key("z"), "(1", "+inf", { byScore: true }),
      () => redis.zrange(key("z"), "+inf", "-inf", { byScore: true, rev: true, offset: 1, count: 1 }),
      () => redis.zrange(key("z"), "[b", "+", { byLex: true }),
    ],
  },
  zrevrange: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => call(redis, "return redis.call('zrevrange', KEYS[1], 0, -1, 'withscores')", [key("z")]),
    ],
  },
  zrangebyscore: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }, { score: 3, member: "c" }),
      () =>
        call(redis, "return redis.call('zrangebyscore', KEYS[1], '(1', 'inf', 'limit', 0, 1)", [key("z")]),
    ],
  },
  zcard: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }),
      () => redis.zcard(key("z")),
      () => redis.zcard(key("x")),
    ],
  },
  zscore: {
    steps: ({ redis, raw, key }) => [
      () => {
        const scores = [0.1, 1e21, 1.5e-7, -0.5, 1e17, 0.00001, 9.2e18, -4503599627370497];
        const [first, ...rest] = scores.map((score, i) => ({ score, member: `m${i}` }));
        return raw.zadd(key("f"), first!, ...rest);
      },
      () => raw.zscore(key("f"), "m0"),
      () => raw.zincrby(key("f"), 0.2, "m0"),
      () => raw.zrange(key("f"), 0, -1, { withScores: true }),
      () => raw.zscan(key("f"), 0),
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.zscore(key("h"), "f"),
      () => redis.zcard(key("h")),
      () => redis.zadd(key("z"), { score: 1.5, member: "a" }),
      () => redis.zscore(key("z"), "a"),
      () => redis.zscore(key("z"), "b"),
    ],
  },
  zcount: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zcount(key("z"), "(1", "+inf"),
      () => redis.zcount(key("z"), "-inf", 1),
    ],
  },
  zrank: {
    steps: ({ redis, key }) => [
      () => redis.zrank(key("missing"), "a"),
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zrank(key("z"), "b"),
      () => redis.zrank(key("z"), "nope"),
    ],
  },
  zrevrank: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zrevrank(key("z"), "b"),
    ],
  },
  zincrby: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.zincrby(key("s"), 1, "a"),
      () => redis.zincrby(key("z"), 2.5, "a"),
      () => redis.zincrby(key("z"), -1, "a"),
    ],
  },
  zrem: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }),
      () => redis.zrem(key("z"), "a", "b"),
      () => redis.exists(key("z")),
    ],
  },
  zremrangebyrank: {
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }, { score: 3, member: "c" }),
      () => redis.zremrangebyrank(key("z"), 0, 1),
      () => redis.zrange(key("z"), 0, -1),
    ],
  },
  zremrangebyscore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zremrangebyscore(key("z"), "(1", "+inf"),
      () => redis.zrange(key("z"), 0, -1),
    ],
  },
  zscan: {
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(
          key("z"),
          { score: 2, member: "beta" },
          { score: 1.5, member: "alpha" },
          { score: 3, member: "alpine" },
        ),
      () => scanned(redis.zscan(key("z"), 0)),
      () => scanned(redis.zscan(key("z"), 0, { match: "al*" })),
      () => scanned(redis.zscan(key("missing"), 0, { match: "al*" })),
    ],
  },
  zunionstore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("self"), { score: 1, member: "x" }),
      () => redis.zunionstore(key("self"), 1, [key("self")], { weights: [3] }),
      () => redis.zrange(key("self"), 0, -1, { withScores: true }),
      () => redis.set(key("str"), "v"),
      () => redis.zunionstore(key("dst"), 2, [key("self"), key("str")]),
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.sadd(key("b"), "y", "z"),
      () => redis.zunionstore(key("dst"), 2, [key("a"), key("b")], { weights: [2, 3] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zunionstore(key("dst"), 2, [key("a"), key("b")], { aggregate: "max" }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
    ],
  },
  zinterstore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 10, member: "y" }, { score: 20, member: "z" }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("b")], { weights: [2, 0.5] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("b")], { aggregate: "min", weights: [1, 1] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("missing")]),
      () => redis.exists(key("dst")),
    ],
  },
  zunion: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 3, member: "y" }),
      () => redis.zunion(2, [key("a"), key("b")], { withScores: true }),
      () => redis.zunion(2, [key("a"), key("b")], { aggregate: "min" }),
    ],
  },
  zinter: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 3, member: "y" }),
      () =>
        call(redis, "return redis.call('zinter', 2, KEYS[1], KEYS[2], 'withscores')", [key("a"), key("b")]),
      () => call(redis, "return redis.call('zinter', 0, KEYS[1])", [key("a")]),
    ],
  },
  // ---- scripting
  eval: {
    steps: ({ redis, key }) => [
      () => redis.eval("return {1, 'two', {3}, false, 5.9}", [], []),
      () => redis.eval("return redis.call('set', KEYS[1], ARGV[1])", [key("a")], ["v"]),
      () => redis.eval("return redis.pcall('incr', KEYS[1])", [key("a")], []),
      () => redis.eval("return redis.status_reply('DONE')", [], []),
      () => redis.eval("local x = 1\nerror('boom')", [], []),
      () => redis.eval("return {err = 'My Error'}", [], []),
    ],
  },
  evalsha: {
    steps: ({ redis }) => [
      async () => redis.evalsha(await redis.scriptLoad("return ARGV[1]"), [], ["hi"]),
      () => redis.evalsha("0000000000000000000000000000000000000000", [], []),
    ],
  },
  eval_ro: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.evalRo("return redis.call('get', KEYS[1])", [key("a")], []),
      () => redis.evalRo("return redis.call('set', KEYS[1], 'x')", [key("a")], []),
    ],
  },
  evalsha_ro: {
    steps: ({ redis }) => [async () => redis.evalshaRo(await redis.scriptLoad("return 7"), [], [])],
  },
  script: {
    steps: ({ redis }) => [
      () => redis.scriptLoad("return 'loaded'"),
      async () =>
        redis.scriptExists(
          await redis.scriptLoad("return 'loaded'"),
          "0000000000000000000000000000000000000000",
        ),
    ],
  },
};
