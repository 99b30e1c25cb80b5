/**
 * The search index job on the job platform, through the QStash emulator and the app's worker handler:
 * a publish while it runs queues one follow-up (later ones merge into it), it never waits for or
 * blocks a sync (its own concurrency key), and a run that keeps failing goes to the DLQ, failed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { startJob } from "@/lib/jobs/start";
import { listDeadLetters } from "@/lib/queue/dlq";
import { SEARCH_INDEX_JOB } from "@/lib/search/index-job";
import { createSearchIndexJobType } from "@/lib/search/index-job-type";
import { searchSite } from "@/lib/search/query";
import { readSearchMeta } from "@/lib/store/search-index";
import { startJobHarness, type JobHarness } from "../jobs/job-harness";
import { startSiteFixture, type SiteFixture } from "./search-fixture";

/** A stand-in for the sync on the same platform: it runs until cancelled, under the sync's key. */
const SLOW_STEPS = 10_000;
const slowSync = defineJob({
  type: "sync",
  params: z.object({}),
  start: () => Promise.resolve({ left: SLOW_STEPS }),
  step: async (input: { left: number }, ctx) => {
    await new Promise((r) => setTimeout(r, Math.max(0, ctx.deadline - Date.now())));
    return { state: { left: input.left - 1 }, done: input.left <= 1 };
  },
  describe: (s) => ({ phase: "walking", done: SLOW_STEPS - s.left, total: SLOW_STEPS, counters: {} }),
});

let h: JobHarness;
let site: SiteFixture;
beforeAll(async () => {
  h = await startJobHarness({
    types: (store) => [createSearchIndexJobType({ store }), slowSync],
    stepBudgetMs: 150,
    retries: 1,
  });
  site = await startSiteFixture(600, h.store);
});
afterAll(async () => {
  await site.close();
  await h.close();
});

const find = async (q: string) =>
  (await searchSite(h.store, await readSearchMeta(h.store), q, 20)).map((r) => r.url);

describe("the search index job on QStash", () => {
  it("a publish during a run queues one follow-up; later ones merge into it; nothing is missed", async () => {
    await site.publish("g1");
    // The worker answers nothing until the three requests are in: the first run holds its slot however
    // fast it would index (a wall-clock race otherwise: on a quick machine it was done before the third).
    const release = h.holdWorker();
    const ids = new Set<string>();
    try {
      const first = await startJob(h.rt, SEARCH_INDEX_JOB, {}, "publish");
      expect(first.coalesced).toBe(false);

      site.pages.get("p7")!.text = "A note about narwhals.";
      await site.publish("g2", ["p7"]);
      const second = await startJob(h.rt, SEARCH_INDEX_JOB, {}, "publish");
      site.pages.get("p8")!.text = "A note about okapis.";
      await site.publish("g3", ["p8"]);
      const third = await startJob(h.rt, SEARCH_INDEX_JOB, {}, "publish");

      // The second request waits behind the first run, the third joins the queued one.
      expect(second.queuedBehind).toBe(first.job.id);
      expect(second.job.status).toBe("queued");
      expect(third.job.id).toBe(second.job.id);
      for (const started of [first, second, third]) ids.add(started.job.id);
    } finally {
      release();
    }
    for (const id of ids) {
      expect((await h.settled(id)).status).toBe("completed");
    }
    expect((await readSearchMeta(h.store))?.siteGeneration).toBe("g3");
    expect(await find("narwhals")).toEqual(["/docs/p7"]);
    expect(await find("okapis")).toEqual(["/docs/p8"]);
  });

  it("has its own concurrency key: it runs while a sync runs, and a sync runs while it does", async () => {
    const sync = await startJob(h.rt, "sync", {}, "manual");
    site.pages.get("p9")!.text = "A note about axolotls.";
    await site.publish("g4", ["p9"]);
    const index = await startJob(h.rt, SEARCH_INDEX_JOB, {}, "publish");
    expect(index.queuedBehind).toBeUndefined();
    expect((await h.settled(index.job.id)).status).toBe("completed");
    expect(await find("axolotls")).toEqual(["/docs/p9"]);
    expect((await h.status(sync.job.id)).status).toBe("running");
    await h.cancel(sync.job.id);
    expect((await h.settled(sync.job.id)).status).toBe("cancelled");
  });

  it("a run that keeps failing is retried, then dead-lettered and failed", async () => {
    // A changed page whose bundle cannot be read: every attempt fails the same way.
    await site.publish("g5", ["p10"]);
    await h.store.redis.set(h.store.keys.bundle("p10", "g5"), "{ not json");
    const { job } = await startJob(h.rt, SEARCH_INDEX_JOB, {}, "publish");
    expect((await h.settled(job.id)).status).toBe("failed");
    const failed = await h.until("the DLQ id recorded", (j) => Boolean(j.dlqId) && j, job.id);
    expect(failed.retries).toBeGreaterThan(0);
    const letters = (await listDeadLetters(h.rt.queue!)).items.filter((l) => l.jobId === job.id);
    expect(letters).toHaveLength(1);
    // The index still answers from the last generation it completed.
    expect(await find("axolotls")).toEqual(["/docs/p9"]);
  });
});
