/**
 * Reading a hash of records by field (src/lib/store/manifest-chunks.ts): the replies stay near a batch
 * as the requests do, on both KV backends (the embedded store of `npm run dev` and a real Redis).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToHash, hmgetBatched } from "@/lib/store/manifest-chunks";
import type { Store } from "@/lib/store/redis";
import { TEST_REDIS_URL } from "../helpers/cloud";
import type { KvSizeProxy } from "../helpers/kv-size-proxy";
import { measuredStore } from "../helpers/measured-store";

describe.each([
  ["embedded store", undefined],
  ["Redis", TEST_REDIS_URL],
])("HMGET of records on the %s", (_name, redisUrl) => {
  let proxy: KvSizeProxy;
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, proxy, close } = await measuredStore(redisUrl, { batchBytes: 1024 }));
  });
  afterAll(() => close());

  it("reads records in replies of about a batch each, in the order asked, null where absent", async () => {
    const key = `${store.keys.prefix}:records`;
    // 30 records of about 600 B (a batch is 1,024 B here): 18 KB in all.
    const records = Array.from({ length: 30 }, (_, i): [string, string] => [
      `id${i}`,
      JSON.stringify({ id: `id${i}`, children: Array.from({ length: 40 }, (_, j) => `c${i}-${j}`) }),
    ]);
    await addToHash(store, key, records);
    const fields = [...records.map(([id]) => id).reverse(), "absent"];

    proxy.reset();
    const values = await hmgetBatched(store, key, fields, { sized: true });
    expect(values).toEqual([...records.map(([, json]) => json).reverse(), null]);
    expect(proxy.sizes().largestReplyBytes).toBeLessThan(2 * 1024);
  });
});
