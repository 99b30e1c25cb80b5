/**
 * Cancelling a sync loses nothing published: whether it is cancelled between steps or while a step
 * runs, the site keeps the generation it had, every page reads as before, and what the cancelled sync
 * wrote is never published (its bundles keep their expiry).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { cancelJob } from "@/lib/jobs/control";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { executeStep } from "@/lib/jobs/step-runner";
import { getJob } from "@/lib/store/jobs";
import type { Manifest } from "@/lib/store/manifest";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { keysOf, startTestCloud, type TestCloud } from "../helpers/cloud";
import { syncNow } from "../helpers/sync";

let cloud: TestCloud;
let published: Manifest;
let pages: Map<string, string>;

/** Every published page's bundle, as a reader gets it. */
async function readSite(manifest: Manifest): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of Object.values(manifest.entries)) {
    const read = await readRoute(cloud.store, entry.slug);
    out.set(entry.slug, read.state === "found" ? JSON.stringify(read.bundle) : read.state);
  }
  return out;
}

beforeEach(async () => {
  // Each Notion call takes 40 ms, so a force sync of the demo spans several short steps.
  cloud = await startTestCloud({ latencyMs: 40 });
  published = (await syncNow(cloud, { mode: "force" })).manifest;
  pages = await readSite(published);
  cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About, renamed by the cancelled sync");
  cloud.notion.clock.advance(2 * 60_000);
});
afterEach(() => cloud.close());

async function expectSiteUnchanged(rt: JobRuntime, jobId: string): Promise<void> {
  expect((await getJob(rt.store, jobId))?.status).toBe("cancelled");
  const now = await readManifest(cloud.store);
  expect(now?.generation).toBe(published.generation);
  expect(await readSite(now!)).toEqual(pages);
  // What the cancelled sync wrote was never published: its bundles still expire.
  const job = await getJob(rt.store, jobId);
  const generation = (job?.state as { generation?: string } | null | undefined)?.generation;
  expect(generation).toMatch(/\w/);
  expect(generation).not.toBe(published.generation);
  for (const key of await keysOf(cloud.store, `bundle:*:${generation}`)) {
    expect(await cloud.store.redis.ttl(key), key).toBeGreaterThan(0);
  }
}

describe("cancelling a sync", () => {
  it("between steps keeps the published site as it was", async () => {
    const rt = cloud.runtime({ stepBudgetMs: 150 });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    const first = await executeStep(rt, job.id, 1);
    expect(first?.status).toBe("running");
    expect((await cancelJob(rt, job.id))?.outcome).toBe("cancelled");
    await expectSiteUnchanged(rt, job.id);
  });

  it("while a step runs stops it at its next checkpoint and keeps the published site", async () => {
    // Calls of 1 s from here: the sync's ~50 calls need well over 10 s, so the cancel below lands while
    // the step runs however loaded the machine is (no race with the step's end).
    cloud.notion.setLatency(1_000);
    const rt = { ...cloud.runtime({ stepBudgetMs: 120_000 }), progressEveryMs: 50 };
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    const step = executeStep(rt, job.id, 1);
    // Cancel once the step is visibly under way (its live progress shows Notion calls).
    const deadline = Date.now() + 120_000;
    while (((await getJob(rt.store, job.id))?.progress.counters.apiCalls ?? 0) === 0) {
      if (Date.now() > deadline) throw new Error("the step never showed progress");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await cancelJob(rt, job.id))?.outcome).toBe("requested");
    const ended = await step;
    expect(ended?.status).toBe("cancelled");
    await expectSiteUnchanged(rt, job.id);
  });
});
