/**
 * Scenarios 7 and 11 against the built app (`next start`, QStash emulator, KV emulator): a burst of
 * concurrent triggers and a trigger during a running sync make one job; a notify endpoint that is down
 * (SYNC_NOTIFY_URL on a closed port) changes nothing about the job's own status.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYNC_JOB } from "@/lib/sync/job";
import { freePort, readJob, startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { faultWorkspace, sleep } from "./fault-kit";

let app: TestApp;
beforeAll(async () => {
  const closed = await freePort();
  app = await startTestApp({
    notion: { workspace: faultWorkspace().workspace, latencyMs: 8 },
    env: { SYNC_NOTIFY_URL: `http://127.0.0.1:${closed}/hook`, SYNC_STEP_BUDGET_MS: "300" },
  });
});
afterAll(() => app.close());

const auth = () => ({ authorization: `Bearer ${app.secret}` });

async function trigger(): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.url}/api/sync/trigger`, { method: "POST", headers: auth() });
  expect(response.status).toBe(202);
  return (await response.json()) as Record<string, unknown>;
}

interface ListedJob {
  id: string;
  type: string;
  status: string;
  step: number;
}

/** Every job, once none is queued or running: each publish also starts a search-index job. */
async function settledJobs(): Promise<ListedJob[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${app.url}/api/sync/jobs?limit=100`, { headers: auth() });
    const { jobs } = (await response.json()) as { jobs: ListedJob[] };
    const live = jobs.some((j) => j.status === "queued" || j.status === "running");
    if (!live || Date.now() > deadline) return jobs;
    await sleep(100);
  }
}

async function jobStatus(jobId: string): Promise<string> {
  return String((await readJob(app, jobId))?.status);
}

describe("7. concurrent triggers", () => {
  it("20 triggers at once and one during the run make one job; the rest are coalesced into it", async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => trigger()));
    const ids = new Set(burst.map((b) => b.jobId));
    expect(ids.size).toBe(1);
    expect(burst.filter((b) => b.coalesced !== true)).toHaveLength(1);
    const jobId = String(burst[0]!.jobId);

    // Once it runs, a further trigger joins it too.
    const deadline = Date.now() + 30_000; // generous: a loaded machine may start the first step late
    while ((await jobStatus(jobId)) === "queued" && Date.now() < deadline) await sleep(20);
    expect(await jobStatus(jobId)).toBe("running");
    const during = await trigger();
    expect(during).toMatchObject({ jobId, coalesced: true, status: "running" });

    const job = await waitForJob(app, jobId);
    expect(job.status).toBe("completed");
    const jobs = await settledJobs();
    // The losers of the race left no job records behind (the publish's search-index job is its own type).
    expect(jobs.filter((j) => j.type === "notion-sync").map((j) => j.id)).toEqual([jobId]);
    // One QStash message per step of each job: the coalesced triggers published nothing.
    const steps = jobs.reduce((n, j) => n + Number(j.step), 0);
    const workerIds = () =>
      new Set(
        app.qstash
          .deliveries()
          .filter((d) => d.url.endsWith("/api/sync/worker"))
          .map((d) => d.messageId),
      );
    // A job is recorded as ended just before its last delivery's answer reaches QStash's log.
    const logged = Date.now() + 30_000;
    while (workerIds().size < steps && Date.now() < logged) await sleep(50);
    const worker = app.qstash.deliveries().filter((d) => d.url.endsWith("/api/sync/worker"));
    expect(workerIds().size).toBe(steps);
    console.info(
      `[faults] 21 triggers → 1 job (${String(job.step)} steps, ${worker.length} worker deliveries), 20 coalesced`,
    );

    // After it ended, a trigger starts a new job.
    const next = await trigger();
    expect(next.jobId).not.toBe(jobId);
    expect(next.coalesced).toBeUndefined();
    expect((await waitForJob(app, String(next.jobId))).status).toBe("completed");
  });
});

describe("11. the notify endpoint is down", () => {
  it("the job's own status is still right, and the failed notification is logged", async () => {
    // The jobs above ran with SYNC_NOTIFY_URL on a closed port.
    const list = { jobs: await settledJobs() };
    expect(list.jobs.length).toBeGreaterThan(0);
    expect(list.jobs.every((j) => j.status === "completed")).toBe(true);
    // Every sync notifies when it ends; the search index job after each publish only when it fails.
    const syncs = list.jobs.filter((j) => j.type === SYNC_JOB);
    expect(syncs.length).toBeGreaterThan(0);
    const failures = app.logs.filter((line) => line.includes("notify_failed"));
    expect(failures.length).toBe(syncs.length);
    for (const job of syncs) expect(failures.some((line) => line.includes(job.id))).toBe(true);
  });
});
