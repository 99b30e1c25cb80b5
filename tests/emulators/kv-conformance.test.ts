/**
 * The embedded KV store's guard: every command it serves runs the same SDK-driven case against the
 * embedded store and against a real Redis (through the same emulator, `redisUrl`), and any
 * difference in answers fails. The store serves exactly the commands these cases cover.
 *
 * The real-Redis side uses database 12 of REDIS_URL (default redis://127.0.0.1:6379) because the
 * FLUSHDB and DBSIZE cases need a database of their own; nothing else in the project uses it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "@upstash/redis";
import type { RedisConfigNodejs } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";
import { CONFORMANCE_CASES } from "./kv-conformance";
import type { ConformanceCase } from "./kv-conformance";

const COMPARISON_DB = 12;

function comparisonRedisUrl(): string {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  url.pathname = `/${COMPARISON_DB}`;
  return url.toString();
}

/** Runs a case's steps in order; an error is an answer too (its message must match). */
async function transcript(testCase: ConformanceCase, kv: KvEmulator, prefix: string): Promise<unknown[]> {
  const redis = client(kv);
  const raw = client(kv, { automaticDeserialization: false });
  const answers: unknown[] = [];
  for (const step of testCase.steps({ redis, raw, key: (name) => `${prefix}${name}` })) {
    try {
      answers.push(await step());
    } catch (error) {
      answers.push({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  return answers;
}

const client = (kv: KvEmulator, config: Partial<RedisConfigNodejs> = {}) =>
  new Redis({ url: kv.url, token: kv.token, enableTelemetry: false, retry: false, ...config });

const commands = Object.keys(CONFORMANCE_CASES).sort() as (keyof typeof CONFORMANCE_CASES)[];

describe("KV conformance: the embedded store answers every command it serves as Redis 7.0 does", () => {
  const runId = randomUUID();
  let embedded: KvEmulator;
  let real: KvEmulator;
  let embeddedClient: Redis;
  let realClient: Redis;

  beforeAll(async () => {
    embedded = await startKvEmulator({ port: 0 });
    real = await startKvEmulator({ port: 0, redisUrl: comparisonRedisUrl() });
    embeddedClient = client(embedded);
    realClient = client(real);
  });

  afterAll(async () => {
    await realClient?.flushdb();
    await Promise.all([embedded?.close(), real?.close()]);
  });

  it("serves exactly the commands this suite covers, and refuses the rest", async () => {
    expect(embedded.servedCommands()?.sort()).toEqual(commands);
    expect(real.servedCommands()).toBeUndefined();
    await expect(embeddedClient.srandmember("any")).rejects.toThrow(
      /not supported by the embedded KV emulator/,
    );
  });

  it("docs/emulator-kv.md lists exactly the served commands", () => {
    const doc = readFileSync(new URL("../../docs/emulator-kv.md", import.meta.url), "utf8");
    const section =
      /<!-- served-commands:start -->([\s\S]*?)<!-- served-commands:end -->/.exec(doc)?.[1] ?? "";
    // Options are listed in parentheses after their command; only the commands count.
    const listed = [...section.replace(/\([^)]*\)/g, "").matchAll(/`([A-Z_]+)`/g)].map((match) =>
      match[1]!.toLowerCase(),
    );
    expect(listed.sort()).toEqual(commands);
    expect(doc).toContain(`**Commands served (${commands.length})**`);
  });

  it.each(commands)("%s", async (command) => {
    const testCase = CONFORMANCE_CASES[command];
    const prefix = `kvconf:${runId}:${command}:`;
    const wireName = testCase.viaScript ? "eval" : command;
    const before = embedded.commandsSeen().get(wireName) ?? 0;

    const fromEmbedded = await transcript(testCase, embedded, prefix);
    const fromRedis = await transcript(testCase, real, prefix);

    // The case really exercised its command (scripts reach the ones the SDK has no method for).
    expect(embedded.commandsSeen().get(wireName) ?? 0).toBeGreaterThan(before);
    if (testCase.viaScript) expect(command in embeddedClient).toBe(false);
    expect(fromEmbedded).toEqual(fromRedis);
  });
});
