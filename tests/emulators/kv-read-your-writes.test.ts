/**
 * Read-your-writes (`upstash-sync-token`) through the SDK's own flow: every answer carries a new
 * sync token, the SDK sends the last one back, and a client that adopts another client's token
 * reads that client's writes. The emulator is one node, so every token is already satisfied.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe.each(["embedded", "redis"] as const)("KV read-your-writes, %s backend", (backend) => {
  const prefix = `kvryw:${randomUUID()}:`;
  let kv: KvEmulator;
  const client = (readYourWrites?: boolean) =>
    new Redis({ url: kv.url, token: kv.token, enableTelemetry: false, retry: false, readYourWrites });

  beforeAll(async () => {
    kv = await startKvEmulator({ port: 0, redisUrl: backend === "redis" ? REDIS_URL : undefined });
  });

  afterAll(async () => {
    const redis = client();
    const leftovers = await redis.keys(`${prefix}*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await kv.close();
  });

  it("answers a new sync token for every request: command, pipeline and transaction", async () => {
    const writer = client();
    expect(writer.readYourWritesSyncToken).toBe("");
    const seen: string[] = [];
    const remember = () => seen.push(writer.readYourWritesSyncToken ?? "");

    await writer.set(`${prefix}a`, "1");
    remember();
    const pipeline = writer.pipeline();
    pipeline.set(`${prefix}a`, "2");
    pipeline.get(`${prefix}a`);
    expect(await pipeline.exec()).toEqual(["OK", 2]);
    remember();
    const transaction = writer.multi();
    transaction.incr(`${prefix}a`);
    expect(await transaction.exec()).toEqual([3]);
    remember();

    expect(seen.every((token) => token.length > 0)).toBe(true);
    expect(new Set(seen).size).toBe(3);
  });

  it("lets another client read a write once it adopts the writer's token", async () => {
    const writer = client();
    const reader = client();
    await writer.set(`${prefix}page`, { title: "Fresh" });
    reader.readYourWritesSyncToken = writer.readYourWritesSyncToken;
    expect(await reader.get(`${prefix}page`)).toEqual({ title: "Fresh" });
    expect(reader.readYourWritesSyncToken).not.toBe("");
  });

  it("keeps no token when read-your-writes is turned off", async () => {
    const redis = client(false);
    await redis.set(`${prefix}off`, "1");
    expect(redis.readYourWritesSyncToken).toBe("");
  });
});
