/**
 * Publish and collection are bounded by the step's deadline (issue 14): once a step is past its deadline
 * it writes one more batch and stops, and the next step goes on where it stopped. Readers see the old
 * generation until the one SET that flips them, what is staged expires unless it is published, and the
 * site that results is the one a publish in one step gives.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { cmsKeys } from "@/lib/store/cms-keys";
import { readCurrentGeneration } from "@/lib/store/current-generation";
import { bundleKeyOf } from "@/lib/store/generations";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import { runSyncStep, startSync, type SyncDeps } from "@/lib/sync/engine";
import type { SyncState } from "@/lib/sync/types";
import { keysOf, startTestCloud, type TestCloud } from "../helpers/cloud";
import { normalizedSite, syncNow } from "../helpers/sync";

let cloud: TestCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
});
afterEach(() => cloud.close());

const JOB = "jstagedpub01";

/**
 * The engine on a store whose Redis client aborts the step as soon as the publish reads the walk's
 * entries back (its first HSCAN of them): the walk is done, and the publish starts past its deadline.
 */
function abortingAtPublish(controller: AbortController): SyncDeps {
  const deps = cloud.deps();
  const redis = new Proxy(deps.store.redis, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== "hscan" || typeof value !== "function") return value;
      return (key: string, ...rest: unknown[]) => {
        if (key.includes(JOB) && key.endsWith(":entries")) controller.abort();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, [key, ...rest]);
      };
    },
  });
  return { ...deps, store: { ...deps.store, redis } };
}

/** A sync's first step: it walks, and its deadline comes as the publish starts (`abortingAtPublish`). */
async function walkUntilPublish(mode: "force" | "incremental"): Promise<SyncState> {
  const controller = new AbortController();
  const state = await startSync(cloud.deps(), JOB, { mode });
  const deps = abortingAtPublish(controller);
  return (await runSyncStep(deps, JOB, state, { budgetMs: 600_000, signal: controller.signal })).state;
}

/**
 * Publishing steps that each start past their deadline (each writes one batch), until the flip. Before
 * each, readers still see `live` and every staged key of the generation expires. Returns the state after
 * the flip and the position each step started from.
 */
async function publishABatchAStep(state: SyncState, live: string) {
  const deps = cloud.deps();
  const positions: string[] = [];
  while (state.phase === "publish") {
    expect(await readCurrentGeneration(cloud.store)).toBe(live);
    const staged = await keysOf(cloud.store, `*${JOB}*`);
    for (const key of staged.filter((k) => !k.includes(":work:") && !k.includes("bundle"))) {
      expect(await cloud.store.redis.ttl(key), `${key} expires until the flip`).toBeGreaterThan(0);
    }
    positions.push(JSON.stringify(state.publishAt));
    state = (await runSyncStep(deps, JOB, state, { budgetMs: 0, deadline: Date.now() - 1 })).state;
    expect(positions.length, "the publish never finished").toBeLessThan(500);
  }
  return { state, positions };
}

describe("a publish spread over steps", () => {
  it("goes on where each step stopped, shows the old site until the flip, and ends as a one-step publish", async () => {
    const first = (await syncNow(cloud, { mode: "force" })).manifest;
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About, published in steps");
    cloud.notion.clock.advance(2 * 60_000);

    let state = await walkUntilPublish("force");
    expect(state.phase).toBe("publish");
    // The step walked, then its deadline came while the publish was planning: it gave the plan up
    // (the next step plans with a whole budget) and wrote nothing of the generation.
    expect(state.publishAt).toBeUndefined();
    expect(await cloud.store.redis.exists(cloud.store.keys.routes(JOB))).toBe(0);

    // Every later step starts past its deadline: it writes exactly one batch.
    const deps = cloud.deps();
    const publishing = await publishABatchAStep(state, first.generation);
    state = publishing.state;
    const { positions } = publishing;
    const publishSteps = positions.length + 1;
    // Each step moved the position on: none was repeated.
    expect(new Set(positions).size).toBe(positions.length);
    expect(publishSteps).toBeGreaterThan(8);
    expect(state.phase).toBe("collect");
    expect(await readCurrentGeneration(cloud.store)).toBe(JOB);

    let collectSteps = 0;
    while (state.phase === "collect") {
      state = (await runSyncStep(deps, JOB, state, { budgetMs: 0, deadline: Date.now() - 1 })).state;
      collectSteps++;
      expect(collectSteps, "the collection never finished").toBeLessThan(500);
    }
    expect(state.phase).toBe("done");
    expect(collectSteps).toBeGreaterThan(1);

    // The published generation: whole, kept (no TTL), and the previous one gone.
    const manifest = await readManifest(cloud.store);
    expect(manifest?.generation).toBe(JOB);
    expect(Object.keys(manifest!.entries).sort()).toEqual(Object.keys(first.entries).sort());
    expect(Object.values(manifest!.entries).find((e) => e.id === DEMO_IDS.about)?.title).toBe(
      "About, published in steps",
    );
    const published = [
      cloud.store.keys.routes(JOB),
      cloud.store.keys.links(JOB),
      cloud.store.keys.files(JOB),
      cloud.store.keys.manifest(JOB),
      cloud.store.keys.manifestEntries(JOB),
      cmsKeys(cloud.store).privateRoutes(JOB),
    ];
    for (const key of published) expect(await cloud.store.redis.ttl(key), key).toBe(-1);
    for (const entry of Object.values(manifest!.entries)) {
      expect((await readRoute(cloud.store, entry.slug)).state, entry.slug).toBe("found");
    }
    // Publish plans without rows and reads them back when it writes the manifest's records: each row
    // keeps its listing fields (a later change-only sync rebuilds its database's listing from them).
    const rows = Object.values(manifest!.entries).filter(
      (e) => manifest!.entries[e.parentId ?? ""]?.kind === "database",
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.row?.id, row.slug).toBe(row.id);
    // Of the previous generation, only its job record and the bundles the new one still uses are left.
    const stillUsed = Object.values(manifest!.entries)
      .filter((e) => e.bundleGen === first.generation)
      .map((e) => bundleKeyOf(cloud.store, e));
    const left = (await keysOf(cloud.store, `*${first.generation}*`)).filter((k) => !k.includes(":job:"));
    expect(left.sort()).toEqual(stillUsed.sort());
    expect(await keysOf(cloud.store, `*:work:*`)).toEqual([]);

    // A force sync in one step of the same workspace publishes the same site, and counts the same.
    const stepwise = await normalizedSite(cloud);
    cloud.notion.clock.advance(2 * 60_000);
    const { job } = await syncNow(cloud, { mode: "force" });
    expect(await normalizedSite(cloud)).toEqual(stepwise);
    const counts = (s: SyncState) => {
      const { pagesDiscovered, pagesWritten, pagesUnchanged, databases, pagesFailed } = s.counters;
      return { pagesDiscovered, pagesWritten, pagesUnchanged, databases, pagesFailed };
    };
    expect(counts(state)).toEqual(counts(job.state as SyncState));
    expect(state.counters.pagesWritten).toBeGreaterThan(20);
  });

  it("publishes in place over steps too, and ends as the site a force sync gives", async () => {
    const first = (await syncNow(cloud, { mode: "force" })).manifest;
    cloud.notion.clock.advance(5 * 60_000);
    cloud.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Edited, published in place in steps.");
    cloud.notion.workspace.updateRowProperties(demoPostId(1), { Summary: "A summary, in steps." });
    cloud.notion.clock.advance(60_000);

    let state = await walkUntilPublish("incremental");
    expect(state.phase).toBe("publish");
    const published = await publishABatchAStep(state, first.generation);
    state = published.state;
    const steps = published.positions.length;
    expect(state.publishInPlace).toBe(true);
    // One batch a step: the blog's listing, the copy, the changed entries (the flip, one SET, follows
    // the last batch).
    expect(steps).toBe(3);
    const deps = cloud.deps();
    while (state.phase === "collect") {
      state = (await runSyncStep(deps, JOB, state, { budgetMs: 0, deadline: Date.now() - 1 })).state;
    }
    expect(state.phase).toBe("done");
    const manifest = await readManifest(cloud.store);
    expect(manifest?.generation).toBe(JOB);
    expect(Object.keys(manifest!.entries).sort()).toEqual(Object.keys(first.entries).sort());
    expect(JSON.stringify(await normalizedSite(cloud))).toContain("A summary, in steps.");

    const stepwise = await normalizedSite(cloud);
    cloud.notion.clock.advance(2 * 60_000);
    await syncNow(cloud, { mode: "force" });
    expect(await normalizedSite(cloud)).toEqual(stepwise);
  });
});
