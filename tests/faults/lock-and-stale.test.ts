/**
 * Scenario 8: the lock holder dies. Its lock expires and the job resumes (QStash retries a refused step
 * after Retry-After); a job whose worker vanished without a retry left is failed by the next trigger
 * once it made no progress for `staleAfterMs`, and its late deliveries do nothing. Never `running`
 * forever.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isRetryLater } from "@/lib/jobs/errors";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { executeStep, runDelivery } from "@/lib/jobs/step-runner";
import { getJob, saveJob } from "@/lib/store/jobs";
import { acquireLock, lockTtlMs } from "@/lib/store/locks";
import { SYNC_JOB } from "@/lib/sync/job";
import type { TestCloud } from "../helpers/cloud";
import { normalizedSite } from "../helpers/sync";
import {
  auditCache,
  editedCloud,
  finishInline,
  keysOf,
  referenceSites,
  sleep,
  waitForTerminal,
} from "./fault-kit";
import { startWorkerHarness, type WorkerHarness } from "./worker-harness";

let after: Record<string, unknown>;
const clouds: TestCloud[] = [];
const harnesses: WorkerHarness[] = [];

beforeAll(async () => {
  ({ after } = await referenceSites());
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  await Promise.all(clouds.splice(0).map((c) => c.close()));
});

async function cloudUnderTest(): Promise<TestCloud> {
  const cloud = await editedCloud({ latencyMs: 4 });
  clouds.push(cloud);
  return cloud;
}

describe("8. the lock holder dies", () => {
  it("its lock refuses steps with a Retry-After until it expires; then the job resumes and completes", async () => {
    const cloud = await cloudUnderTest();
    const rt = cloud.runtime({ stepBudgetMs: 200, lockMarginMs: 200 });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    // A worker took the lock and died: nobody will release it.
    expect(await acquireLock(cloud.store, "sync", "dead-worker", 900)).toBe(true);
    const refused = await runDelivery(rt, { jobId: job.id, step: 1 }).catch((error: unknown) => error);
    expect(isRetryLater(refused)).toBe(true);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(cloud.notion.requests.counts().total).toBe(0);
    expect(await getJob(cloud.store, job.id)).toEqual(job);

    for (let i = 0; i < 100 && (await lockTtlMs(cloud.store, "sync")) > 0; i++) await sleep(20);
    const done = await finishInline(rt, job.id);
    expect(done.status).toBe("completed");
    expect(await normalizedSite(cloud)).toEqual(after);
  });

  it("through QStash: the worker answers 503 + Retry-After, QStash comes back, the job completes", async () => {
    const cloud = await cloudUnderTest();
    // 0.5: a 1 s Retry-After waits 0.5 s; five retries outlast the dead holder's 1.2 s lock.
    const harness = await startWorkerHarness(cloud, { timeScale: 0.5, retries: 5, stepBudgetMs: 300 });
    harnesses.push(harness);
    expect(await acquireLock(cloud.store, "sync", "dead-worker", 1_200)).toBe(true);
    const job = await harness.enqueue();
    const done = await waitForTerminal(cloud.store, job.id);
    const refused = harness.answered.filter((a) => a.path === "/api/sync/worker" && a.status === 503);
    console.info(
      `[faults] dead lock holder: ${refused.length} deliveries refused with Retry-After, then ${done.status}`,
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => /lock/.test(a.body))).toBe(true);
    expect(done.status).toBe("completed");
    expect(await normalizedSite(cloud)).toEqual(after);
    expect(await auditCache(cloud.store)).toEqual({ missing: [], orphans: [], scratch: [] });
  });

  it("a job that made no progress for longer than staleAfterMs is failed by the next trigger", async () => {
    const cloud = await cloudUnderTest();
    const staleAfterMs = 60_000;
    const rt = { ...cloud.runtime({ stepBudgetMs: 150, lockMarginMs: 100 }), staleAfterMs };
    const { job: dead } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    // Its first step runs, then its worker vanishes and no retry ever comes.
    expect((await executeStep(rt, dead.id, 1))?.status).toBe("running");
    const coalesced = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    expect(coalesced).toMatchObject({ coalesced: true, job: { id: dead.id } });

    // Time passes with no progress: the record's last update moves past staleAfterMs (no sleeping).
    const stalled = (await getJob(cloud.store, dead.id))!;
    await saveJob(cloud.store, {
      ...stalled,
      updatedAt: new Date(Date.now() - staleAfterMs - 1_000).toISOString(),
    });
    const fresh = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    expect(fresh.coalesced).toBe(false);
    const failed = (await getJob(cloud.store, dead.id))!;
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/no progress/);
    expect(failed.finishedAt).toBeDefined();

    // The dead job's late delivery does nothing.
    const calls = cloud.notion.requests.counts().total;
    const late = await runDelivery(rt, { jobId: dead.id, step: 2 });
    expect(late).toMatchObject({ kind: "ignored", reason: "job already failed" });
    expect(cloud.notion.requests.counts().total).toBe(calls);

    const done = await finishInline(rt, fresh.job.id);
    expect(done.status).toBe("completed");
    expect(await normalizedSite(cloud)).toEqual(after);
    // What the dead job left: its scratch keys, which expire, and bundles of its unpublished generation.
    const audit = await auditCache(cloud.store);
    expect(audit.missing).toEqual([]);
    expect(audit.orphans.every((key) => key.endsWith(`:${dead.id}`))).toBe(true);
    expect(audit.scratch.every((key) => key.includes(`:work:${dead.id}:`))).toBe(true);
    for (const key of await keysOf(cloud.store, `work:${dead.id}:*`)) {
      expect(await cloud.store.redis.pttl(key)).toBeGreaterThan(0);
    }
  });
});
