import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminal } from "@/lib/jobs/types";
import { listJobs } from "@/lib/store/jobs";
import { SYNC_JOB } from "@/lib/sync/job";
import { startTestApp, type TestApp } from "../helpers/app";
import {
  AppProbe,
  itLeaksNoSecrets,
  percentile,
  TRIGGER_KEYS,
  workerMessageIds,
  type Reply,
} from "./app-probe";

/** Issue 4, item 4 (and the latency figures of item 1): concurrent triggers make one job. */

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  // Slow Notion answers keep the job running while the triggers arrive.
  app = await startTestApp({ notion: { latencyMs: 40 } });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

function expectOneJob(replies: Reply[]): string {
  for (const reply of replies) expect(reply.status, reply.text).toBe(202);
  const ids = new Set(replies.map((r) => String(r.body.jobId)));
  expect(ids.size).toBe(1);
  const fresh = replies.filter((r) => r.body.coalesced === undefined);
  expect(fresh).toHaveLength(1);
  expect(Object.keys(fresh[0]!.body).sort()).toEqual(TRIGGER_KEYS);
  for (const reply of replies.filter((r) => r !== fresh[0])) {
    expect(Object.keys(reply.body).sort()).toEqual([...TRIGGER_KEYS, "coalesced"].sort());
    expect(reply.body.coalesced).toBe(true);
  }
  return [...ids][0]!;
}

/** Every job, once none is queued or running (a sync's publish starts a search-index job). */
async function settledJobs() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { jobs } = await listJobs(app.store, { limit: 100 });
    if (jobs.every((j) => isTerminal(j.status)) || Date.now() > deadline) return jobs;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const syncJobCount = async () =>
  (await listJobs(app.store, { limit: 100 })).jobs.filter((j) => j.type === SYNC_JOB).length;

describe("coalescing", () => {
  it("20 concurrent triggers → exactly one job; the others answer with its id and coalesced: true", async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => probe.trigger()));
    const jobId = expectOneJob(replies);
    const job = await probe.finished(jobId);
    expect(job.status).toBe("completed");
    // The publish also started the search index, a job type of its own (docs/search.md): let it end.
    const jobs = await settledJobs();
    expect(jobs.filter((j) => j.type === SYNC_JOB).map((j) => j.id)).toEqual([jobId]);
    // No losing trigger published a step of its own: QStash delivered one message per step of each job.
    const others = jobs.filter((j) => j.type !== SYNC_JOB).flatMap((j) => j.messageIds);
    const expected = new Set([...job.messageIds, ...others]);
    // A job is recorded as ended just before its last delivery's answer reaches QStash's log.
    const deadline = Date.now() + 30_000;
    while ([...expected].some((id) => !workerMessageIds(app).has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(workerMessageIds(app)).toEqual(expected);
    expect(job.messageIds).toHaveLength(job.steps.length);
  });

  it("100 sequential triggers while a job runs: one job; trigger latency p50/p99 reported", async () => {
    const before = await syncJobCount();
    // Each Notion call takes 8 s now, so the forced sync's ~50 calls (3 at a time) need over 2 minutes,
    // however loaded the machine: every trigger below arrives while it runs (triggering never waits for
    // Notion). It is cancelled afterwards instead of waited for.
    app.notion.setLatency(8_000);
    const replies: Reply[] = [];
    const timings: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      replies.push(await probe.trigger("force=1"));
      timings.push(performance.now() - started);
    }
    console.info(
      `[e2e trigger latency] 100 sequential POST /api/sync/trigger (1 new + 99 coalesced): ` +
        `p50 ${percentile(timings, 50).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms, ` +
        `max ${Math.max(...timings).toFixed(1)} ms`,
    );
    const jobId = expectOneJob(replies);
    expect(["queued", "running"]).toContain((await probe.job(jobId)).status);
    const cancel = await probe.call(`/api/sync/jobs/${jobId}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.secret}` },
    });
    expect([200, 202]).toContain(cancel.status);
    app.notion.setLatency(40);
    expect((await probe.finished(jobId, 120_000)).status).toBe("cancelled");
    expect(await syncJobCount()).toBe(before + 1);
  });
});

itLeaksNoSecrets(() => probe);
