import { afterEach, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { fileKeysOf } from "@/lib/bundle-files";
import type { Bundle } from "@/lib/bundle-types";
import { readBundleValues } from "@/lib/store/bundle-values";
import { bundleKeyOf } from "@/lib/store/generations";
import { createStore, hgetallRaw } from "@/lib/store/redis";
import { readManifest } from "@/lib/store/site-reader";
import { runSyncStep, startSync, type SyncDeps } from "@/lib/sync/engine";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { startKvSizeProxy, type KvSizeProxy } from "../helpers/kv-size-proxy";

/**
 * Issue 14: a full sync builds its file index from the files the walk recorded as it wrote each bundle,
 * instead of reading every bundle back (at 100,000 pages, every page's content read a second time).
 */

let cloud: TestCloud;
let proxy: KvSizeProxy;
afterEach(async () => {
  await proxy.close();
  await cloud.close();
});

/** The commands that read a value whole or in part: what reading a bundle back sends. */
const READS = new Set(["GET", "MGET", "STRLEN", "GETRANGE"]);

describe("the file index of a full sync", () => {
  it("comes from what the walk recorded: no page bundle it wrote is read back", async () => {
    cloud = await startTestCloud();
    proxy = await startKvSizeProxy(cloud.kv.url, { recordCommands: true });
    // The cloud's store, seen through the proxy: same keys, every command recorded.
    const store = createStore({ url: proxy.url, token: DEV_DEFAULTS.kvToken, prefix: cloud.prefix });
    const deps: SyncDeps = { ...cloud.deps(), store };
    let state = await startSync(deps, "jfiles00001", { mode: "force" });
    for (let step = 0; state.phase !== "done"; step++) {
      expect(step, "the sync never finished").toBeLessThan(20);
      state = (await runSyncStep(deps, "jfiles00001", state, { budgetMs: 600_000 })).state;
    }

    const manifest = (await readManifest(cloud.store))!;
    const pages = Object.values(manifest.entries).filter(
      (e) => e.kind === "page" && e.bundleGen === manifest.generation,
    );
    expect(pages.length).toBeGreaterThan(5);
    const pageBundles = new Set(pages.map((e) => bundleKeyOf(cloud.store, e)));
    const readBack = proxy
      .commands()
      .filter(
        ([command, ...args]) => READS.has(command!.toUpperCase()) && args.some((k) => pageBundles.has(k)),
      );
    expect(readBack).toEqual([]);

    // The index is what the published bundles show, page by page (the demo's covers, images and files).
    const values = await readBundleValues(cloud.store, [...pageBundles]);
    const expected: Record<string, string> = {};
    pages.forEach((entry, i) => {
      for (const file of fileKeysOf(JSON.parse(values[i]!) as Bundle)) expected[file] = entry.id;
    });
    const index = await hgetallRaw(cloud.store, cloud.store.keys.files(manifest.generation));
    const pageIds = new Set(pages.map((e) => e.id));
    const ofPages = Object.fromEntries(Object.entries(index).filter(([, id]) => pageIds.has(id)));
    expect(Object.keys(expected).length).toBeGreaterThan(2);
    expect(ofPages).toEqual(expected);
  });
});
