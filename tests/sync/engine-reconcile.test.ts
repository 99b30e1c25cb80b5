import { afterEach, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { runInline } from "@/lib/jobs/step-runner";
import { refTag, SITE_TAG, slugTag } from "@/lib/site/cache-tags";
import { createStore } from "@/lib/store/redis";
import { readManifest } from "@/lib/store/site-reader";
import { reconcileDue } from "@/lib/sync/discover";
import { runSyncStep, startSync, type SyncDeps } from "@/lib/sync/engine";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { startKvSizeProxy, type KvSizeProxy } from "../helpers/kv-size-proxy";
import { bundleAt, databaseAt, syncNow } from "../helpers/sync";

/** Issue 14 §3: change-only syncs miss what search cannot show; the periodic full walk repairs it. */

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let cloud: TestCloud;
let proxy: KvSizeProxy | undefined;

const searchCalls = () => cloud.notion.requests.counts().byRoute["POST /v1/search"] ?? 0;

describe("reconciliation", () => {
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await cloud.close();
  });

  it("repairs an edit that search hid from the change-only syncs", async () => {
    cloud = await startTestCloud({ searchLagMs: 10 * MINUTE });
    cloud.notion.clock.set(T0);
    await syncNow(cloud, { mode: "force" });
    cloud.notion.clock.advance(15 * MINUTE);
    cloud.notion.workspace.setPageTitle(DEMO_IDS.contact, "Contact, edited early");
    cloud.notion.clock.advance(15 * MINUTE);
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About, edited while search lags");
    cloud.notion.clock.advance(2 * MINUTE);
    // Search shows the earlier edit, but still shows About as it was: this sync publishes the one and
    // moves the watermark past the other.
    const missed = await syncNow(cloud);
    expect(missed.manifest.entries[DEMO_IDS.contact]?.title).toBe("Contact, edited early");
    expect(missed.manifest.entries[DEMO_IDS.about]?.title).toBe("About");
    // Once search catches up, the edit sorts before that watermark: the change-only syncs never see it.
    cloud.notion.clock.advance(20 * MINUTE);
    const later = await syncNow(cloud);
    expect(later.manifest.entries[DEMO_IDS.about]?.title).toBe("About");

    // A day after the last full walk, the next sync walks everything and finds it.
    cloud.notion.clock.advance(DAY);
    cloud.notion.requests.reset();
    const { job, manifest } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(manifest.entries[DEMO_IDS.about]?.title).toBe("About, edited while search lags");
    expect((await bundleAt(cloud, manifest.entries[DEMO_IDS.about]!.slug)).title).toBe(
      "About, edited while search lags",
    );
    // It listed everything instead of stopping at the watermark.
    expect(cloud.notion.requests.counts().byRoute["POST /v1/data_sources/:id/query"]).toBeGreaterThan(0);
  });

  it("removes a trashed row that sorted search cannot reveal", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const post = demoPostId(3);
    const { manifest: first } = await syncNow(cloud, { mode: "force" });
    const slug = first.entries[post]!.slug;
    // Trashing a row bumps no page: search has nothing to list.
    cloud.notion.workspace.trashPage(post);
    cloud.notion.clock.advance(5 * MINUTE);
    cloud.notion.requests.reset();
    const incremental = await syncNow(cloud);
    expect(searchCalls()).toBe(1);
    expect(incremental.manifest.entries[post]?.slug).toBe(slug);

    cloud.notion.clock.advance(DAY);
    const { job, manifest } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(manifest.entries[post]).toBeUndefined();
    await expect(bundleAt(cloud, slug)).rejects.toThrow(/no bundle/);
    expect((await databaseAt(cloud, "blog")).rows.map((r) => r.id)).not.toContain(post);
    expect(job.progress.counters.pagesDeleted).toBe(1);
  });

  it("keeps the paths the published generation gave, and tells the site what changed", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const { manifest: first } = await syncNow(cloud, { mode: "force" });
    // Two pages side by side under the home page, in document order.
    const home = first.entries[first.rootId]!;
    const [earlier, later] = home.children
      .map((id) => first.entries[id]!)
      .filter((e) => e.kind === "page" && e.parentId === home.id);
    const post = demoPostId(2);
    // The earlier page takes the later one's title: walked first, it would take the later one's path.
    cloud.notion.workspace.setPageTitle(earlier!.id, later!.title);
    cloud.notion.workspace.trashPage(post);
    cloud.notion.clock.advance(5 * MINUTE);

    // A full walk over the published generation, as the daily reconciliation is.
    const told: string[][] = [];
    const deps = { ...cloud.deps(), onPublished: (tags: string[]) => void told.push(tags) };
    const rt = { ...cloud.runtime(), types: { [SYNC_JOB]: createSyncJobType(deps) } };
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    const done = await runInline(rt, job.id, { maxMs: 600_000 });
    expect(done.job.status).toBe("completed");
    const manifest = (await readManifest(cloud.store))!;

    // The page that held the path keeps it; the renamed one gets a suffix, not its namesake's URL.
    expect(manifest.entries[later!.id]!.slug).toBe(later!.slug);
    expect(manifest.entries[earlier!.id]!.slug).toBe(
      `${later!.slug}-${earlier!.id.replace(/-/g, "").slice(0, 6)}`,
    );
    expect(done.job.progress.counters.pagesDeleted).toBe(1);
    // Compared with the generation before (not "everything"): the renamed page, its old and new paths,
    // and the trashed post.
    expect(told).toHaveLength(1);
    for (const tag of [
      refTag(earlier!.id),
      slugTag(earlier!.slug),
      slugTag(manifest.entries[earlier!.id]!.slug),
      refTag(post),
      slugTag(first.entries[post]!.slug),
    ])
      expect(told[0]).toContain(tag);
    expect(told[0]).not.toContain(SITE_TAG);
    expect(told[0]).not.toContain(refTag(later!.id));
  });

  it("reads the generation it replaces once to publish it (paths kept, pages deleted)", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const { manifest: first } = await syncNow(cloud, { mode: "force" });
    cloud.notion.workspace.trashPage(demoPostId(1));
    cloud.notion.clock.advance(5 * MINUTE);

    proxy = await startKvSizeProxy(cloud.kv.url, { recordCommands: true });
    const store = createStore({ url: proxy.url, token: DEV_DEFAULTS.kvToken, prefix: cloud.prefix });
    const told: string[][] = [];
    const deps: SyncDeps = { ...cloud.deps(), store, onPublished: (tags) => void told.push(tags) };
    let state = await startSync(deps, "jreconcile1", { mode: "force" });
    for (let step = 0; state.phase !== "done"; step++) {
      expect(step, "the sync never finished").toBeLessThan(20);
      state = (await runSyncStep(deps, "jreconcile1", state, { budgetMs: 600_000 })).state;
    }

    expect(state.counters.pagesDeleted).toBe(1);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(slugTag(first.entries[demoPostId(1)]!.slug));
    // Each read of the whole generation is an HSCAN of its entries from cursor 0: one by the publish (the
    // paths the walked pages keep and the pages it did not find), one for the site's cache tags after the
    // flip, one by the collection of its bundles. The publish read it twice before.
    const entriesKey = cloud.store.keys.manifestEntries(first.generation);
    const scans = proxy
      .commands()
      .filter(
        ([command, key, cursor]) =>
          command!.toUpperCase() === "HSCAN" && key === entriesKey && cursor === "0",
      );
    expect(scans).toHaveLength(3);
  });

  it("walks everything every N syncs when SYNC_RECONCILE_EVERY_SYNCS is set", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    await syncNow(cloud, { mode: "force" });
    process.env.SYNC_RECONCILE_EVERY_SYNCS = "2";
    try {
      const queries: number[] = [];
      for (let i = 0; i < 3; i++) {
        cloud.notion.clock.advance(2 * MINUTE);
        cloud.notion.requests.reset();
        await syncNow(cloud);
        queries.push(cloud.notion.requests.counts().byRoute["POST /v1/data_sources/:id/query"] ?? 0);
      }
      // Two change-only syncs (no data-source query), then a full walk (every data source queried).
      expect(queries[0]).toBe(0);
      expect(queries[1]).toBe(0);
      expect(queries[2]).toBeGreaterThan(0);
    } finally {
      delete process.env.SYNC_RECONCILE_EVERY_SYNCS;
    }
  });
});

describe("reconcileDue", () => {
  const tuning = { everyHours: 24, everySyncs: 0 };
  const at = "2026-03-02T10:00:00.000Z";
  it("is due when no full walk ever ran", () => {
    expect(reconcileDue({ at: null, syncs: 0 }, tuning, Date.parse(at))).toBe(true);
  });
  it("is due a day after the last full walk, not before", () => {
    expect(reconcileDue({ at, syncs: 40 }, tuning, Date.parse(at) + DAY - 1)).toBe(false);
    expect(reconcileDue({ at, syncs: 40 }, tuning, Date.parse(at) + DAY)).toBe(true);
  });
  it("counts syncs when asked to, and never reconciles by time at 0 hours", () => {
    const bySyncs = { everyHours: 0, everySyncs: 10 };
    expect(reconcileDue({ at, syncs: 9 }, bySyncs, Date.parse(at) + 365 * DAY)).toBe(false);
    expect(reconcileDue({ at, syncs: 10 }, bySyncs, Date.parse(at))).toBe(true);
  });
});
