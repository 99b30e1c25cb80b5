/**
 * GET /api/search's answers to bad input (400 naming the rule) and to a Redis outage (503 naming
 * Redis), through its handler with the real SDK against the KV emulator.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { handleSearch } from "@/lib/http/search";
import { createStore, type Store } from "@/lib/store/redis";

let kv: KvEmulator;
let store: Store;

beforeAll(async () => {
  kv = await startKvEmulator({ port: 0 });
  store = createStore({
    url: kv.url,
    token: DEV_DEFAULTS.kvToken,
    prefix: `t${randomBytes(4).toString("hex")}`,
    retries: 0,
  });
});
afterAll(() => kv?.close());

async function search(
  query: string,
): Promise<{ status: number; body: { error?: string; results?: unknown[] } }> {
  const response = await handleSearch(new Request(`http://site.test/api/search${query}`), store);
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; results?: unknown[] },
  };
}

describe("GET /api/search", () => {
  it.each([
    ["", /q is required/],
    ["?q=", /q is empty/],
    ["?q=%20%20", /q is empty/],
    [`?q=${"a".repeat(201)}`, /at most 200 characters/],
    ["?q=notion&limit=abc", /limit must be a whole number from 1 to 20/],
    ["?q=notion&limit=1.5", /limit must be a whole number from 1 to 20/],
    ["?q=notion&limit=0", /limit must be a whole number from 1 to 20/],
    ["?q=notion&limit=21", /limit must be a whole number from 1 to 20/],
  ])("%s → 400 naming the rule", async (query, message) => {
    const { status, body } = await search(query);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  it("answers an empty result list before anything is indexed", async () => {
    expect(await search("?q=notion&limit=5")).toEqual({ status: 200, body: { results: [] } });
  });

  it("answers 503 naming Redis while Redis cannot be reached", async () => {
    kv.setUnavailable("503");
    try {
      const { status, body } = await search("?q=notion");
      expect(status).toBe(503);
      expect(body.error).toMatch(/Redis/);
    } finally {
      kv.setUnavailable(false);
    }
  });
});
