/** Behaviour specific to the embedded store (no real Redis behind it), driven through the SDK. */
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";

describe("KV emulator, embedded store specifics", () => {
  let kv: KvEmulator;
  let redis: Redis;

  beforeAll(async () => {
    kv = await startKvEmulator({ port: 0, scriptTimeLimitMs: 200 });
    redis = new Redis({ url: kv.url, token: kv.token, enableTelemetry: false, retry: false });
  });

  afterAll(async () => {
    await kv.close();
  });

  it("stops a runaway script instead of hanging every client", async () => {
    await expect(redis.eval("while true do end", [], [])).rejects.toThrow(/script ran longer than 200 ms/);
    expect(await redis.ping()).toBe("PONG");
  });

  it("returns every surviving key from a SCAN while other keys are deleted", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `scan-churn:${i}`);
    await redis.mset(Object.fromEntries(names.map((name, index) => [name, index])));
    const seen = new Set<string>();
    let cursor: string | number = 0;
    for (let round = 0; round < 1_000; round++) {
      const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
        match: "scan-churn:*",
        count: 10,
      });
      page.forEach((name) => seen.add(name));
      // Delete keys both already visited and not yet visited: neither may disturb the iteration.
      await redis.del(`scan-churn:${round * 2}`, `scan-churn:${199 - round}`);
      cursor = next;
      if (String(cursor) === "0") break;
    }
    const survivors = await redis.keys("scan-churn:*");
    expect(survivors.length).toBeGreaterThan(0);
    for (const name of survivors) expect(seen.has(name)).toBe(true);
  });

  it("refuses every command it does not serve, alone, in a pipeline and in a transaction", async () => {
    const refusal = /ERR unknown command 'xadd'.*not supported by the embedded KV emulator; set REDIS_URL/i;
    await expect(redis.xadd("stream", "*", { a: "1" })).rejects.toThrow(refusal);
    await expect(redis.srandmember("fallback-set")).rejects.toThrow(/'srandmember'.*not supported/);

    const pipeline = redis.pipeline();
    pipeline.set("refused-pipeline", "kept");
    pipeline.xadd("stream", "*", { a: "1" });
    await expect(pipeline.exec()).rejects.toThrow(refusal);
    expect(await redis.get("refused-pipeline")).toBe("kept");

    const transaction = redis.multi();
    transaction.set("refused-multi", "never");
    transaction.xadd("stream", "*", { a: "1" });
    await expect(transaction.exec()).rejects.toThrow(/EXECABORT.*not supported by the embedded KV emulator/);
    expect(await redis.get("refused-multi")).toBeNull();
    expect(await redis.exists("stream")).toBe(0);
  });

  it("says when a script calls a command it cannot run in scripts", async () => {
    await expect(redis.eval("return redis.call('srandmember', KEYS[1])", ["any-set"], [])).rejects.toThrow(
      /not supported inside scripts by the embedded KV emulator/,
    );
  });
});
