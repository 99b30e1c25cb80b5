/**
 * Bundles over a batch's size are stored in parts (src/lib/store/bundle-values.ts): split without
 * breaking a character, read whole by the route script and by readBundleValues, kept and deleted with
 * their parts; on both KV backends (the embedded store of `npm run dev` and a real Redis).
 */
import { describe, expect, it } from "vitest";
import {
  deleteBundles,
  LUA_READ_BUNDLE,
  partKey,
  persistBundles,
  readBundleValues,
  setBundleValue,
  splitUtf8,
} from "@/lib/store/bundle-values";
import { keysOf } from "../helpers/cloud";
import { describeOnKvBackends } from "../helpers/measured-store";

describe("splitUtf8", () => {
  it("cuts at most maxBytes per piece, never inside a character, and joins back", () => {
    const text = `{"t":"${"é€😀a".repeat(500)}"}`;
    for (const max of [4, 5, 7, 64, 1000]) {
      const pieces = splitUtf8(text, max);
      expect(pieces.join("")).toBe(text);
      for (const piece of pieces) {
        expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(max);
        // A lone surrogate would be written as U+FFFD: the piece must survive a UTF-8 round trip.
        expect(Buffer.from(piece).toString()).toBe(piece);
      }
    }
  });
});

describeOnKvBackends("bundles in parts on the %s", { batchBytes: 1024, maxRequestBytes: 4096 }, (kv) => {
  const big = JSON.stringify({
    kind: "database",
    rows: Array.from({ length: 200 }, (_, i) => `ligne ${i} — é`),
  });
  const small = JSON.stringify({ kind: "page", blocks: [] });

  it("writes a big bundle in parts under the KV's request limit and reads it whole", async () => {
    const key = `${kv.store.keys.prefix}:bundle:big:g1`;
    const parts = await setBundleValue(kv.store, key, big, 60);
    expect(parts).toBeGreaterThan(3);
    expect(await setBundleValue(kv.store, `${kv.store.keys.prefix}:bundle:small:g1`, small, 60)).toBe(0);
    expect(
      await readBundleValues(kv.store, [key, `${kv.store.keys.prefix}:bundle:small:g1`, "nope"]),
    ).toEqual([big, small, null]);
    const viaScript = await kv.store.redis.eval<string[], string>(
      `${LUA_READ_BUNDLE}\nreturn read_bundle(KEYS[1])`,
      [key],
      [],
    );
    expect(viaScript).toBe(big);
  });

  it("a bundle with a part gone reads as gone, not as part of itself", async () => {
    const key = `${kv.store.keys.prefix}:bundle:torn:g1`;
    await setBundleValue(kv.store, key, big, 60);
    await kv.store.redis.del(partKey(key, 2));
    expect(await readBundleValues(kv.store, [key])).toEqual([null]);
    const viaScript = await kv.store.redis.eval<string[], string | null>(
      `${LUA_READ_BUNDLE}\nreturn read_bundle(KEYS[1])`,
      [key],
      [],
    );
    expect(viaScript).toBeNull();
  });

  it("persists and deletes a bundle together with its parts", async () => {
    const key = `${kv.store.keys.prefix}:bundle:kept:g2`;
    const parts = await setBundleValue(kv.store, key, big, 60);
    await persistBundles(kv.store, [key, `${kv.store.keys.prefix}:bundle:small:g1`]);
    const all = await keysOf(kv.store, "*:kept:g2*");
    expect(all).toHaveLength(parts + 1);
    for (const k of all) expect(await kv.store.redis.ttl(k)).toBe(-1);
    expect(await kv.store.redis.ttl(`${kv.store.keys.prefix}:bundle:small:g1`)).toBe(-1);

    expect(await deleteBundles(kv.store, [key, `${kv.store.keys.prefix}:bundle:small:g1`])).toBe(2);
    expect(await keysOf(kv.store, "*:kept:g2*")).toEqual([]);
    expect(await readBundleValues(kv.store, [`${kv.store.keys.prefix}:bundle:small:g1`])).toEqual([null]);
  });

  it("reads many bundles in replies of about a batch each, not one reply of them all", async () => {
    // 30 bundles of about 600 B (a batch is 1,024 B here) and one in parts: 18 KB in all.
    const bundles = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ kind: "page", id: `p${i}`, text: `${i} `.repeat(280).slice(0, 560) }),
    );
    const keys = bundles.map((_, i) => `${kv.store.keys.prefix}:bundle:many${i}:g3`);
    for (const [i, json] of bundles.entries()) await setBundleValue(kv.store, keys[i]!, json, 60);
    const parted = `${kv.store.keys.prefix}:bundle:parted:g3`;
    await setBundleValue(kv.store, parted, big, 60);
    kv.proxy.reset();

    const read = await readBundleValues(kv.store, [...keys, "nope", parted]);
    expect(read).toEqual([...bundles, null, big]);
    // A reply holds at most a batch of values (JSON-escaped, with its envelope): never the 18 KB.
    expect(kv.proxy.sizes().largestReplyBytes).toBeLessThan(2 * 1024);
  });
});
