import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJobs } from "@/lib/store/jobs";
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

describe("coalescing", () => {
  it("20 concurrent triggers → exactly one job; the others answer with its id and coalesced: true", async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => probe.trigger()));
    const jobId = expectOneJob(replies);
    const job = await probe.finished(jobId);
    expect(job.status).toBe("completed");
    const { jobs, total } = await listJobs(app.store);
    expect(total).toBe(1);
    expect(jobs.map((j) => j.id)).toEqual([jobId]);
    // No losing trigger published a step of its own: QStash delivered one message per step.
    expect(workerMessageIds(app)).toEqual(new Set(job.messageIds));
    expect(job.messageIds).toHaveLength(job.steps.length);
  });

  it("100 sequential triggers while a job runs: one job; trigger latency p50/p99 reported", async () => {
    const before = (await listJobs(app.store)).total;
    // A forced sync against a slow Notion outlasts the 100 calls; triggering never waits for Notion.
    app.notion.setLatency(300);
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
    expect((await probe.finished(jobId)).status).toBe("completed");
    expect((await listJobs(app.store)).total).toBe(before + 1);
  });
});

itLeaksNoSecrets(() => probe);
