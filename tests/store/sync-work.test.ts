/**
 * The sync's scratch space (src/lib/store/sync-work.ts), on both KV backends: which walk items are done,
 * and the files the walk recorded with the bundles it wrote.
 */
import { expect, it } from "vitest";
import type { ManifestEntry } from "@/lib/store/manifest";
import { SyncWork } from "@/lib/store/sync-work";
import { describeOnKvBackends } from "../helpers/measured-store";

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

describeOnKvBackends("a sync's scratch space on the %s", { batchBytes: 1024 }, (kv) => {
  it("tells which items are done without reading their records", async () => {
    const work = new SyncWork(kv.store, "jdone000001");
    await work.saveEntry(database("big", 1_000));
    await work.markSkipped("vanished");

    kv.proxy.reset();
    const done = await work.doneIds(["big", "vanished", "queued"]);
    expect([...done].sort()).toEqual(["big", "vanished"]);
    // The record is about 40 KB: an answer of three flags does not carry it.
    expect(kv.proxy.sizes().replyBytes).toBeLessThan(1024);
    await work.clear();
  });

  it("keeps the files recorded with an entry, none as an empty list, and knows nothing of the rest", async () => {
    const work = new SyncWork(kv.store, "jfiles00001");
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
