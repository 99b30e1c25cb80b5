/** The embedded KV store survives a restart when given a data directory (driven through the SDK). */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";

describe("KV emulator, embedded persistence", () => {
  let dataDir: string;
  const running: KvEmulator[] = [];

  const start = async (dir?: string) => {
    const kv = await startKvEmulator({ port: 0, dataDir: dir });
    running.push(kv);
    return { kv, redis: new Redis({ url: kv.url, token: kv.token, enableTelemetry: false, retry: false }) };
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "kv-emulator-"));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((kv) => kv.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps every type, and TTLs, across a restart with the same dataDir", async () => {
    const first = await start(dataDir);
    await first.redis.set("page:home", { title: "Home", blocks: [1, 2] }, { ex: 100 });
    await first.redis.set("plain", "text");
    await first.redis.hset("hash", { a: "1", ["__proto__"]: "odd field" });
    await first.redis.rpush("list", "x", "y", "z");
    await first.redis.sadd("set", "m1", "m2");
    await first.redis.zadd("zset", { score: 2, member: "two" }, { score: 1.5, member: "one-and-a-half" });
    await first.redis.set("gone", "v", { pxat: Date.now() - 1 });
    await first.kv.close();

    const saved = JSON.parse(await readFile(join(dataDir, "kv.json"), "utf8")) as { keys: unknown[] };
    expect(saved.keys).toHaveLength(6);

    const second = await start(dataDir);
    expect(await second.redis.get("page:home")).toEqual({ title: "Home", blocks: [1, 2] });
    const ttl = await second.redis.ttl("page:home");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await second.redis.ttl("plain")).toBe(-1);
    expect(await second.redis.hget("hash", "a")).toBe(1);
    expect(await second.redis.hget("hash", "__proto__")).toBe("odd field");
    expect(await second.redis.lrange("list", 0, -1)).toEqual(["x", "y", "z"]);
    expect((await second.redis.smembers("set")).sort()).toEqual(["m1", "m2"]);
    expect(await second.redis.zrange("zset", 0, -1, { withScores: true })).toEqual([
      "one-and-a-half",
      1.5,
      "two",
      2,
    ]);
    expect(await second.redis.dbsize()).toBe(6);
  });

  it("keeps separate emulators' data apart, and writes no file before the first write", async () => {
    const memoryOnly = await start();
    const persisted = await start(dataDir);
    await memoryOnly.redis.set("shared-name", "from-memory-only");
    expect(await persisted.redis.get("shared-name")).toBeNull();
    await memoryOnly.kv.close();
    await persisted.kv.close();
    await expect(readFile(join(dataDir, "kv.json"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
