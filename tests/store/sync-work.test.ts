/**
 * The sync's scratch space (src/lib/store/sync-work.ts), on both KV backends: which walk items are done,
 * and the files the walk recorded with the bundles it wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManifestEntry } from "@/lib/store/manifest";
import type { Store } from "@/lib/store/redis";
import { SyncWork } from "@/lib/store/sync-work";
import { TEST_REDIS_URL } from "../helpers/cloud";
import type { KvSizeProxy } from "../helpers/kv-size-proxy";
import { measuredStore } from "../helpers/measured-store";

/** A database's record: its rows' ids make it tens of KB. */
function database(id: string, rows: number): ManifestEntry {
  return {
    id,
    kind: "database",
    slug: "",
    segment: id,
    title: id,
    parentId: null,
    lastEditedTime: "2026-03-02T10:00:00.000Z",
    bundleGen: "g1",
    children: Array.from({ length: rows }, (_, i) => `row-${i}-${"x".repeat(30)}`),
  };
}

describe.each([
  ["embedded store", undefined],
  ["Redis", TEST_REDIS_URL],
])("a sync's scratch space on the %s", (_name, redisUrl) => {
  let proxy: KvSizeProxy;
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, proxy, close } = await measuredStore(redisUrl, { batchBytes: 1024 }));
  });
  afterAll(() => close());

  it("tells which items are done without reading their records", async () => {
    const work = new SyncWork(store, "jdone000001");
    await work.saveEntry(database("big", 1_000));
    await work.markSkipped("vanished");

    proxy.reset();
    const done = await work.doneIds(["big", "vanished", "queued"]);
    expect([...done].sort()).toEqual(["big", "vanished"]);
    // The record is about 40 KB: an answer of three flags does not carry it.
    expect(proxy.sizes().replyBytes).toBeLessThan(1024);
    await work.clear();
  });

  it("keeps the files recorded with an entry, none as an empty list, and knows nothing of the rest", async () => {
    const work = new SyncWork(store, "jfiles00001");
    await work.saveEntry(database("shows-two", 1), undefined, ["file:a:cover", "file:b:block"]);
    await work.saveEntry(database("shows-none", 1), undefined, []);
    await work.saveEntry(database("unrecorded", 1));

    const files = await work.recordedFiles(["shows-two", "shows-none", "unrecorded", "absent"]);
    expect(Object.fromEntries(files)).toEqual({
      "shows-two": ["file:a:cover", "file:b:block"],
      "shows-none": [],
    });
    // Scratch like the rest: gone with the sync's other keys.
    await work.clear();
    expect((await work.recordedFiles(["shows-two"])).size).toBe(0);
  });
});
