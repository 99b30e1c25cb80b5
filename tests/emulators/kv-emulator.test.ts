/**
 * Conformance suite for the KV emulator: the same behaviour, driven only through the official
 * @upstash/redis SDK, against both backends (embedded store and a real Redis behind the emulator).
 */
import { randomUUID } from "node:crypto";
import { Redis, errors } from "@upstash/redis";
import type { RedisConfigNodejs } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const ALL_LATIN1 = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join("");

describe.each(["embedded", "redis"] as const)("KV emulator, %s backend", (backend) => {
  const prefix = `kvtest:${randomUUID()}:`;
  const key = (name: string) => `${prefix}${name}`;
  let kv: KvEmulator;
  let redis: Redis;

  const client = (config: Partial<RedisConfigNodejs> = {}) =>
    new Redis({ url: kv.url, token: kv.token, enableTelemetry: false, retry: false, ...config });

  beforeAll(async () => {
    kv = await startKvEmulator({ port: 0, redisUrl: backend === "redis" ? REDIS_URL : undefined });
    redis = client();
  });

  afterAll(async () => {
    const leftovers = await redis.keys(`${prefix}*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await kv.close();
  });

  it("reports which backend it runs on", () => {
    expect(kv.backend).toBe(backend);
  });

  it("stores strings, numbers and JSON values (auto-serialised by the SDK)", async () => {
    await redis.set(key("str"), "hello");
    await redis.set(key("num"), 42);
    await redis.set(key("obj"), { title: "Home", tags: ["a", "b"], nested: { n: 1 } });
    expect(await redis.get(key("str"))).toBe("hello");
    expect(await redis.get(key("num"))).toBe(42);
    expect(await redis.get(key("obj"))).toEqual({ title: "Home", tags: ["a", "b"], nested: { n: 1 } });
    expect(await redis.get(key("missing"))).toBeNull();
  });

  it("honours SET options NX, XX and GET, and MSET/MGET/GETDEL", async () => {
    expect(await redis.set(key("nx"), "first", { nx: true })).toBe("OK");
    expect(await redis.set(key("nx"), "second", { nx: true })).toBeNull();
    expect(await redis.set(key("xx-missing"), "v", { xx: true })).toBeNull();
    expect(await redis.set(key("nx"), "third", { get: true })).toBe("first");
    expect(await redis.get(key("nx"))).toBe("third");

    await redis.mset({ [key("m1")]: "one", [key("m2")]: { two: 2 } });
    expect(await redis.mget(key("m1"), key("m2"), key("m3"))).toEqual(["one", { two: 2 }, null]);
    expect(await redis.getdel(key("m1"))).toBe("one");
    expect(await redis.exists(key("m1"), key("m2"))).toBe(1);
  });

  it("counts with INCR/INCRBY and refuses non-integers", async () => {
    expect(await redis.incr(key("counter"))).toBe(1);
    expect(await redis.incrby(key("counter"), 41)).toBe(42);
    expect(await redis.decrby(key("counter"), 2)).toBe(40);
    await redis.set(key("not-a-number"), "abc");
    await expect(redis.incr(key("not-a-number"))).rejects.toThrow(/not an integer/);
  });

  it("keeps hashes", async () => {
    expect(await redis.hset(key("hash"), { title: "Page", views: 1, meta: { a: 1 } })).toBe(3);
    expect(await redis.hget(key("hash"), "title")).toBe("Page");
    expect(await redis.hmget(key("hash"), "title", "nope")).toEqual({ title: "Page", nope: null });
    expect(await redis.hincrby(key("hash"), "views", 9)).toBe(10);
    expect(await redis.hgetall(key("hash"))).toEqual({ title: "Page", views: 10, meta: { a: 1 } });
    expect(await redis.hdel(key("hash"), "title", "meta", "views")).toBe(3);
    expect(await redis.exists(key("hash"))).toBe(0);
    expect(await redis.hgetall(key("hash"))).toBeNull();
  });

  it("keeps lists", async () => {
    await redis.rpush(key("list"), "b", "c");
    expect(await redis.lpush(key("list"), "a")).toBe(3);
    expect(await redis.lrange(key("list"), 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.lrange(key("list"), -2, 10)).toEqual(["b", "c"]);
    await redis.ltrim(key("list"), 0, 1);
    expect(await redis.llen(key("list"))).toBe(2);
    await redis.ltrim(key("list"), 5, 10);
    expect(await redis.exists(key("list"))).toBe(0);
  });

  it("keeps sets", async () => {
    expect(await redis.sadd(key("set"), "x", "y", "z")).toBe(3);
    expect(await redis.sadd(key("set"), "x")).toBe(0);
    expect(await redis.srem(key("set"), "z")).toBe(1);
    expect((await redis.smembers(key("set"))).sort()).toEqual(["x", "y"]);
    expect(await redis.scard(key("set"))).toBe(2);
    expect(await redis.sismember(key("set"), "x")).toBe(1);
    expect(await redis.sismember(key("set"), "z")).toBe(0);
  });

  it("keeps sorted sets with ZRANGE by rank, score and in reverse", async () => {
    const z = key("zset");
    expect(
      await redis.zadd(z, { score: 3, member: "c" }, { score: 1, member: "a" }, { score: 2.5, member: "b" }),
    ).toBe(3);
    expect(await redis.zadd(z, { gt: true }, { score: 0, member: "a" })).toBe(0);
    expect(await redis.zrange(z, 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.zrange(z, 0, -1, { withScores: true })).toEqual(["a", 1, "b", 2.5, "c", 3]);
    expect(await redis.zrange(z, 0, 0, { rev: true })).toEqual(["c"]);
    expect(await redis.zrange(z, "(1", "+inf", { byScore: true })).toEqual(["b", "c"]);
    expect(await redis.zrange(z, "+inf", "-inf", { byScore: true, rev: true, offset: 0, count: 2 })).toEqual([
      "c",
      "b",
    ]);
    expect(await redis.zscore(z, "b")).toBe(2.5);
    expect(await redis.zremrangebyrank(z, 0, 0)).toBe(1);
    expect(await redis.zrem(z, "b")).toBe(1);
    expect(await redis.zcard(z)).toBe(1);
  });

  it("expires keys and reports TTLs", async () => {
    await redis.set(key("ttl"), "v", { ex: 100 });
    const ttl = await redis.ttl(key("ttl"));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await redis.pexpire(key("ttl"), 50_000)).toBe(1);
    const pttl = await redis.pttl(key("ttl"));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(50_000);
    expect(await redis.expire(key("ttl"), 10, "nx")).toBe(0);
    expect(await redis.persist(key("ttl"))).toBe(1);
    expect(await redis.ttl(key("ttl"))).toBe(-1);
    expect(await redis.ttl(key("no-such-key"))).toBe(-2);

    await redis.set(key("past"), "v", { pxat: Date.now() - 1_000 });
    expect(await redis.get(key("past"))).toBeNull();
    await redis.set(key("expire-now"), "v");
    expect(await redis.expireat(key("expire-now"), Math.floor(Date.now() / 1000) - 10)).toBe(1);
    expect(await redis.exists(key("expire-now"))).toBe(0);
  });

  it("iterates keys with SCAN (MATCH, COUNT, TYPE) and KEYS", async () => {
    const names = Array.from({ length: 30 }, (_, i) => key(`scan:${i}`));
    await redis.mset(Object.fromEntries(names.map((name) => [name, "v"])));
    await redis.hset(key("scan:hash"), { f: "v" });

    const seen = new Set<string>();
    let cursor: string | number = 0;
    for (let round = 0; round < 10_000; round++) {
      const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
        match: key("scan:*"),
        count: 50,
      });
      page.forEach((name) => seen.add(name));
      cursor = next;
      if (String(cursor) === "0") break;
    }
    expect(String(cursor)).toBe("0");
    expect([...seen].sort()).toEqual([...names, key("scan:hash")].sort());

    const hashes = new Set<string>();
    cursor = 0;
    for (let round = 0; round < 10_000; round++) {
      const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
        match: key("scan:*"),
        count: 100,
        type: "hash",
      });
      page.forEach((name) => hashes.add(name));
      cursor = next;
      if (String(cursor) === "0") break;
    }
    expect([...hashes]).toEqual([key("scan:hash")]);
    expect((await redis.keys(key("scan:1*"))).sort()).toEqual(
      names.filter((n) => /scan:1\d*$/.test(n)).sort(),
    );
  });

  it("runs Lua scripts for atomic locks (compare-and-delete, compare-and-expire)", async () => {
    const lock = key("lock");
    const release =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    const renew =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    await redis.set(lock, "owner-a", { nx: true, px: 30_000 });
    expect(await redis.eval(renew, [lock], ["owner-b", 60_000])).toBe(0);
    expect(await redis.eval(renew, [lock], ["owner-a", 60_000])).toBe(1);
    expect(await redis.pttl(lock)).toBeGreaterThan(30_000);
    expect(await redis.eval(release, [lock], ["owner-b"])).toBe(0);
    expect(await redis.eval(release, [lock], ["owner-a"])).toBe(1);
    expect(await redis.exists(lock)).toBe(0);

    const acquire = redis.createScript<string | null>(
      "return redis.call('set', KEYS[1], ARGV[1], 'nx', 'px', ARGV[2]) and 'acquired' or false",
    );
    expect(await acquire.exec([lock], ["owner-c", "5000"])).toBe("acquired");
    expect(await acquire.exec([lock], ["owner-d", "5000"])).toBeNull();
    expect(await redis.get(lock)).toBe("owner-c");
    const pttl = await redis.pttl(lock);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5000);
  });

  it("converts script values like Redis and caches scripts for EVALSHA", async () => {
    await redis.set(key("script-str"), "text");
    const script = `
      local t = redis.call('type', KEYS[1])
      local r = redis.pcall('lpush', KEYS[1], 'x')
      return { t.ok, r.err ~= nil and 'caught' or 'missed', 3.9, true, redis.call('get', KEYS[2]), 'after-nil' }`;
    expect(await redis.eval(script, [key("script-str"), key("script-none")], [])).toEqual([
      "string",
      "caught",
      3,
      1,
      null, // a nil reply is `false` in Lua, which converts back to nil without ending the array
      "after-nil",
    ]);
    const sha = await redis.scriptLoad("return ARGV[1] .. ':' .. #KEYS");
    expect(await redis.scriptExists(sha, "0000000000000000000000000000000000000000")).toEqual([1, 0]);
    expect(await redis.evalsha(sha, [key("a"), key("b")], ["n"])).toBe("n:2");
    await expect(redis.evalsha("0000000000000000000000000000000000000000", [], [])).rejects.toThrow(
      /NOSCRIPT/,
    );
    await expect(
      redis.eval("return redis.call('lpush', KEYS[1], 'x')", [key("script-str")], []),
    ).rejects.toThrow(/WRONGTYPE/);
    await expect(redis.eval("return {err = 'custom failure'}", [], [])).rejects.toThrow(/custom failure/);
  });

  it("executes explicit pipelines and surfaces failing items", async () => {
    const results = await redis.pipeline().set(key("p"), 1).incr(key("p")).get(key("p")).exec();
    expect(results).toEqual(["OK", 2, 2]);

    const failing = () => redis.pipeline().set(key("p-str"), "x").lpush(key("p-str"), "y").get(key("p-str"));
    await expect(failing().exec()).rejects.toThrow(/Command 2 \[ lpush \] failed: WRONGTYPE/);
    const kept = await failing().exec({ keepErrors: true });
    expect(kept[0]).toEqual({ result: "OK", error: undefined });
    expect(kept[1]?.error).toMatch(/WRONGTYPE/);
    expect(kept[2]).toEqual({ result: "x", error: undefined });
  });

  it("executes MULTI/EXEC transactions, and runs nothing of a discarded one", async () => {
    const tx = redis.multi();
    tx.set(key("tx"), 10);
    tx.incrby(key("tx"), 5);
    tx.hset(key("tx-hash"), { a: 1 });
    tx.get(key("tx"));
    expect(await tx.exec()).toEqual(["OK", 15, 1, 15]);

    const partial = redis.multi();
    partial.set(key("tx-str"), "s");
    partial.lpush(key("tx-str"), "boom");
    partial.set(key("tx-after"), "ran");
    const outcome = await partial.exec({ keepErrors: true });
    expect(outcome[1]?.error).toMatch(/WRONGTYPE/);
    expect(await redis.get(key("tx-after"))).toBe("ran");

    const discarded = redis.multi();
    discarded.set(key("tx-discarded"), "never");
    discarded.hset(key("tx-discarded-hash"), {}); // HSET without fields: refused while queuing
    await expect(discarded.exec()).rejects.toThrow(/EXECABORT/);
    expect(await redis.get(key("tx-discarded"))).toBeNull();
  });

  it("serves concurrent calls through the SDK's auto-pipelining", async () => {
    const before = kv.commandCount();
    const names = Array.from({ length: 50 }, (_, i) => key(`auto:${i}`));
    await Promise.all(names.map((name, i) => redis.set(name, { i })));
    const values = await Promise.all(names.map((name) => redis.get(name)));
    expect(values).toEqual(names.map((_, i) => ({ i })));
    expect(kv.commandCount() - before).toBe(100);
  });

  it("round-trips binary-like, unicode and multi-megabyte values in both encodings", async () => {
    const unicode = "héllo wörld — 你好 — 🚀 — \u0000 nul";
    const large = "x".repeat(3 * 1024 * 1024);
    const plain = client({ responseEncoding: false });
    for (const [name, value] of [
      ["latin1", ALL_LATIN1],
      ["unicode", unicode],
      ["large", large],
    ] as const) {
      await redis.set(key(`bytes:${name}`), value);
      expect(await redis.get(key(`bytes:${name}`))).toBe(value);
      expect(await plain.get(key(`bytes:${name}`))).toBe(value);
    }
    expect(await plain.hset(key("bytes:hash"), { f: unicode })).toBe(1);
    expect(await plain.hgetall(key("bytes:hash"))).toEqual({ f: unicode });
  });

  it("returns raw strings when automatic deserialisation is off", async () => {
    await redis.set(key("raw"), { a: 1 });
    const raw = client({ automaticDeserialization: false });
    expect(await raw.get(key("raw"))).toBe('{"a":1}');
    expect(await raw.set(key("raw-ok"), "v")).toBe("OK");
  });

  it("turns Redis errors into UpstashError with the message", async () => {
    await redis.set(key("wrongtype"), "string");
    const direct = client({ enableAutoPipelining: false });
    const error: unknown = await direct.lpush(key("wrongtype"), "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.UpstashError);
    expect((error as Error).message).toMatch(
      /^WRONGTYPE Operation against a key holding the wrong kind of value/,
    );
    await expect(redis.hget(key("wrongtype"), "f")).rejects.toBeInstanceOf(errors.UpstashError);
    await expect(direct.exec(["NOSUCHCOMMAND", "x"])).rejects.toThrow(/ERR unknown command/i);
  });

  it("rejects a wrong token", async () => {
    const intruder = new Redis({ url: kv.url, token: "wrong-token", enableTelemetry: false, retry: false });
    await expect(intruder.set(key("intruder"), "x")).rejects.toThrow(/Unauthorized/);
    expect(await redis.exists(key("intruder"))).toBe(0);
  });

  it("fails like an unreachable Upstash while unavailable, then recovers", async () => {
    await redis.set(key("outage"), "before");
    try {
      kv.setUnavailable("503");
      await expect(redis.get(key("outage"))).rejects.toBeInstanceOf(errors.UpstashError);
      kv.setUnavailable("drop");
      await expect(client({ retry: { retries: 1, backoff: () => 0 } }).get(key("outage"))).rejects.toThrow();
    } finally {
      kv.setUnavailable(false);
    }
    expect(await redis.get(key("outage"))).toBe("before");
  });
});
