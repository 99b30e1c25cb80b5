/**
 * Reading a hash of records by field (src/lib/store/manifest-chunks.ts): the replies stay near a batch
 * as the requests do, on both KV backends (the embedded store of `npm run dev` and a real Redis).
 */
import { expect, it } from "vitest";
import { addToHash, hmgetBatched } from "@/lib/store/manifest-chunks";
import { describeOnKvBackends } from "../helpers/measured-store";

describeOnKvBackends("HMGET of records on the %s", { batchBytes: 1024 }, (kv) => {
  it("reads records in replies of about a batch each, in the order asked, null where absent", async () => {
    const key = `${kv.store.keys.prefix}:records`;
    // 30 records of about 600 B (a batch is 1,024 B here): 18 KB in all.
    const records = Array.from({ length: 30 }, (_, i): [string, string] => [
      `id${i}`,
      JSON.stringify({ id: `id${i}`, children: Array.from({ length: 40 }, (_, j) => `c${i}-${j}`) }),
    ]);
    await addToHash(kv.store, key, records);
    const fields = [...records.map(([id]) => id).reverse(), "absent"];

    kv.proxy.reset();
    const values = await hmgetBatched(kv.store, key, fields, { sized: true });
    expect(values).toEqual([...records.map(([, json]) => json).reverse(), null]);
    expect(kv.proxy.sizes().largestReplyBytes).toBeLessThan(2 * 1024);
  });
});
