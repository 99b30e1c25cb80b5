/**
 * Scenarios 1, 2, 3, 9 and 10: Notion misbehaving under the in-process engine. Each run starts from a
 * published site, edits the workspace, and syncs through the fault while a reader polls the cache.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { runInline } from "@/lib/jobs/step-runner";
import type { JobRecord } from "@/lib/jobs/types";
import { getJob } from "@/lib/store/jobs";
import { readManifest } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import type { TestCloud } from "../helpers/cloud";
import { normalizedSite, syncNow } from "../helpers/sync";
import { auditCache, editedCloud, faultWorkspace, keysOf, referenceSites } from "./fault-kit";
import { watchReaders, type ReaderReport } from "./reader-watch";

const generated = faultWorkspace();
const STEP_MS = 300;
let before: Record<string, unknown>;
let after: Record<string, unknown>;
const clouds: TestCloud[] = [];

async function cloudUnderTest(): Promise<TestCloud> {
  const cloud = await editedCloud({ latencyMs: 2 });
  clouds.push(cloud);
  return cloud;
}

// Force syncs throughout: every page is fetched under the fault, not just the edited ones.
beforeAll(async () => {
  ({ before, after } = await referenceSites());
  expect(after).not.toEqual(before);
});
afterEach(() => Promise.all(clouds.splice(0).map((c) => c.close())));

function report(name: string, cloud: TestCloud, job: JobRecord, readers: ReaderReport): void {
  const n = cloud.notion.requests.counts();
  console.info(
    `[faults] ${name}: ${job.status} in ${job.step} steps; Notion ${n.total} requests, ${n.faults} faults, ` +
      `${n.rateLimited} rate-limited; engine retries ${job.progress.counters.retries}; ` +
      `reader ${readers.reads} reads over ${readers.generations.length} generations, ${readers.violations.length} violations`,
  );
}

async function expectHealthyCache(
  cloud: TestCloud,
  expected: Record<string, unknown>,
  readers: ReaderReport,
) {
  expect(readers.violations).toEqual([]);
  expect(readers.reads).toBeGreaterThan(0);
  expect(await normalizedSite(cloud)).toEqual(expected);
  expect(await auditCache(cloud.store)).toEqual({ missing: [], orphans: [], scratch: [] });
}

describe("Notion faults during a sync", () => {
  it("1. waits out a 429 storm on every call and completes after it", async () => {
    const cloud = await cloudUnderTest();
    const watch = watchReaders(cloud.store, [before, after]);
    cloud.notion.faults.storm({ status: 429, durationMs: 2_000, retryAfterSec: 1 });
    const { job } = await syncNow(cloud, { mode: "force" }, { stepBudgetMs: STEP_MS });
    const readers = await watch.stop();
    report("429 storm", cloud, job, readers);
    expect(job.status).toBe("completed");
    expect(job.progress.counters.rateLimited).toBeGreaterThan(0);
    const log = cloud.notion.requests.entries();
    expect(log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
    // It completed after the storm (the later calls succeeded), and Retry-After paused every caller:
    // the storm cost a handful of 429s, not one per page, and steps waited instead of spinning empty.
    expect(log.at(-1)?.status).toBe(200);
    expect(job.progress.counters.rateLimited).toBeLessThan(10);
    expect(job.steps.filter((s) => s.durationMs < 50).length).toBeLessThan(5);
    await expectHealthyCache(cloud, after, readers);
  });

  it("2. retries 500/502/503/529 on 20 % of calls, and the counters show it", async () => {
    const cloud = await cloudUnderTest();
    const watch = watchReaders(cloud.store, [before, after]);
    cloud.notion.faults.setRates({ rate: 0.2, statuses: [500, 502, 503, 529] });
    const { job } = await syncNow(cloud, { mode: "force" }, { stepBudgetMs: STEP_MS });
    const readers = await watch.stop();
    report("5xx at 20 %", cloud, job, readers);
    expect(job.status).toBe("completed");
    const statuses = new Set(cloud.notion.requests.entries().map((e) => e.status));
    for (const status of [500, 502, 503, 529]) expect(statuses).toContain(status);
    const faults = cloud.notion.requests.counts().faults;
    expect(faults).toBeGreaterThan(10);
    // Exactly one layer retried each failure: one engine retry per injected fault.
    expect(job.progress.counters.retries).toBe(faults);
    expect(job.progress.counters.apiCalls).toBe(cloud.notion.requests.counts().total);
    await expectHealthyCache(cloud, after, readers);
  });

  it("3. survives timeouts and dropped connections", async () => {
    const cloud = await cloudUnderTest();
    const watch = watchReaders(cloud.store, [before, after]);
    cloud.notion.faults.setRates({ timeoutRate: 0.04, dropRate: 0.04, hangMs: 5_000 });
    const api = cloud.api({ timeoutMs: 300 });
    const { job } = await syncNow(cloud, { mode: "force" }, { api, stepBudgetMs: STEP_MS });
    const readers = await watch.stop();
    report("timeouts + drops", cloud, job, readers);
    expect(job.status).toBe("completed");
    const faults = cloud.notion.requests.entries().filter((e) => e.fault);
    expect(faults.some((e) => e.fault?.includes("timeout"))).toBe(true);
    expect(faults.some((e) => e.fault?.includes("drop"))).toBe(true);
    expect(job.progress.counters.retries).toBeGreaterThan(0);
    await expectHealthyCache(cloud, after, readers);
  });

  it("10. a page that always fails keeps its last good bundle; the job ends completed_with_errors", async () => {
    const cloud = await cloudUnderTest();
    const failing = generated.pageIds[3]!; // edited by editWorkspace, so the sync must refetch it
    const slug = (await readManifest(cloud.store))!.entries[failing]!.slug;
    const expected = { ...after, [slug]: before[slug] };
    const watch = watchReaders(cloud.store, [before, expected]);
    cloud.notion.faults.failFor(failing, 500);
    const api = cloud.api({ maxRetries: 2 });
    const { job, manifest } = await syncNow(cloud, { mode: "force" }, { api, stepBudgetMs: STEP_MS });
    const readers = await watch.stop();
    report("one page always fails", cloud, job, readers);
    expect(job.status).toBe("completed_with_errors");
    expect(job.errors.map((e) => e.id)).toEqual([failing]);
    expect(job.errors[0]?.message).toMatch(/kept failing/);
    expect(job.progress.counters.pagesFailed).toBe(1);
    expect(manifest.entries[failing]?.stale).toBe(true);
    expect(before[slug]).not.toEqual(after[slug]);
    await expectHealthyCache(cloud, expected, readers);
  });
});

describe("9. a sync that can never succeed fails cleanly and leaves the cache alone", () => {
  const live = async (cloud: TestCloud) => {
    const keys = await Promise.all(
      ["bundle:*", "manifest:*", "routes:*", "links:*", "current"].map((p) => keysOf(cloud.store, p)),
    );
    return {
      keys: keys.flat(),
      site: await normalizedSite(cloud),
      current: await cloud.store.redis.get(cloud.store.keys.current),
    };
  };

  async function failingSync(cloud: TestCloud): Promise<JobRecord> {
    const rt = cloud.runtime({ stepBudgetMs: STEP_MS });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "incremental" }, source: "cli" });
    await expect(runInline(rt, job.id, { maxMs: 30_000 })).rejects.toThrow();
    return (await getJob(cloud.store, job.id))!;
  }

  const cases: [string, (cloud: TestCloud) => void, RegExp][] = [
    [
      "the root page is trashed",
      (c) => c.notion.workspace.trashPage(c.notion.rootPageId),
      /root page.*trash/i,
    ],
    [
      "the root page is unshared",
      (c) => c.notion.workspace.unsharePage(c.notion.rootPageId),
      /root page.*(not shared|could not be read)/i,
    ],
    [
      "the token is revoked (401)",
      (c) => c.notion.workspace.revokeToken(),
      /refused the token.*NOTION_TOKEN/i,
    ],
  ];

  for (const [name, breakIt, message] of cases) {
    it(name, async () => {
      const cloud = await cloudUnderTest();
      const untouched = await live(cloud);
      const watch = watchReaders(cloud.store, [before]);
      breakIt(cloud);
      const job = await failingSync(cloud);
      const readers = await watch.stop();
      report(`9: ${name}`, cloud, job, readers);
      expect(job.status).toBe("failed");
      expect(job.lastError).toMatch(message);
      expect(job.finishedAt).toBeDefined();
      expect(readers.violations).toEqual([]);
      expect(await live(cloud)).toEqual(untouched);
      // The active slot is free again: the next trigger starts a new job instead of joining this one.
      const rt = cloud.runtime();
      const next = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "incremental" }, source: "cli" });
      expect(next.coalesced).toBe(false);
    });
  }
});
