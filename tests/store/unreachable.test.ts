import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { createStore, type Store } from "@/lib/store/redis";
import { isStoreUnreachable } from "@/lib/store/unreachable";
import { freePort } from "../helpers/app";

/*
 * What the routes call an outage (503 naming Redis) against what stays a 500: the real SDK against the
 * KV emulator answering 503, dropping connections, and nothing listening at all.
 */

let kv: KvEmulator;
let store: Store;

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the Redis call to fail");
}

beforeAll(async () => {
  kv = await startKvEmulator({ port: 0 });
  store = createStore({ url: kv.url, token: DEV_DEFAULTS.kvToken, prefix: "unreachable", retries: 0 });
});
afterAll(() => kv?.close());

describe("isStoreUnreachable", () => {
  it("is true when the endpoint answers 503 or drops the connection", async () => {
    for (const mode of ["503", "drop"] as const) {
      kv.setUnavailable(mode);
      try {
        expect(isStoreUnreachable(await failureOf(() => store.redis.get("a"))), mode).toBe(true);
      } finally {
        kv.setUnavailable(false);
      }
    }
  });

  it("is true when nothing listens at the URL", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const nowhere = createStore({ url, token: DEV_DEFAULTS.kvToken, prefix: "unreachable", retries: 0 });
    expect(isStoreUnreachable(await failureOf(() => nowhere.redis.get("a")))).toBe(true);
  });

  it("is true for a pipeline's exec too", async () => {
    kv.setUnavailable("drop");
    try {
      const pipeline = store.redis.pipeline().set("unreachable:p", "1").get("unreachable:p");
      expect(isStoreUnreachable(await failureOf(() => pipeline.exec()))).toBe(true);
    } finally {
      kv.setUnavailable(false);
    }
  });

  it("is false for a command Redis refuses, which is a bug and not an outage", async () => {
    await store.redis.set("unreachable:str", "x");
    const error = await failureOf(() => store.redis.lpush("unreachable:str", "y"));
    expect(String(error)).toMatch(/WRONGTYPE/);
    expect(isStoreUnreachable(error)).toBe(false);
  });

  it("is false when another service cannot be reached (QStash or Notion are not Redis)", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    expect(isStoreUnreachable(await failureOf(() => fetch(url)))).toBe(false);
  });
});
