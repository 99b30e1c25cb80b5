import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { getJob } from "@/lib/store/jobs";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, itLeaksNoSecrets } from "./app-probe";
import { referenceSite, siteIn } from "./reference-site";

/**
 * Issue 4, item 5: the app process is SIGKILLed in the middle of a step; QStash's retry of that delivery
 * resumes the job from its last checkpoint once the dead step's lock has expired.
 */

const workspace = () => generateWorkspace({ seed: 505, pages: 200, depth: 3, blocksPerPage: 6 }).workspace;

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  app = await startTestApp({
    notion: { workspace: workspace(), latencyMs: 5 },
    // Retry backoff 12 s / 148 s / 1808 s → 37 ms / 0.45 s / 5.4 s: the app is back up by the third retry.
    timeScale: 0.003,
    // Lock TTL = budget + margin = 0.5 s (30 s margin in prod): the dead step's lock is gone by then too.
    // The lock lives in real time while QStash's waits are compressed, so a retry that still found it
    // would get a 503 and be retried at once (Retry-After is compressed too), using up the retries.
    env: { SYNC_STEP_BUDGET_MS: "300", SYNC_LOCK_MARGIN_MS: "200", SYNC_STEP_RETRIES: "5" },
  });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

async function poll<T>(
  what: string,
  read: () => Promise<T | null | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("crash and resume", () => {
  it("resumes a job whose worker was SIGKILLed mid-step, with the same bundles as an uninterrupted sync", async () => {
    const reply = await probe.trigger();
    expect(reply.status, reply.text).toBe(202);
    const jobId = String(reply.body.jobId);
    const lockKey = app.store.keys.lock("sync");

    // Let a couple of steps finish, then kill the app while the next one holds the lock.
    await poll("step 2", async () => ((await getJob(app.store, jobId))?.step ?? 0) >= 2 || null);
    // A lock taken less than 0.15 s ago (TTL 0.5 s): its step has half its budget still to run.
    await poll("a step in flight", async () => ((await app.store.redis.pttl(lockKey)) > 350 ? true : null));
    await app.kill("SIGKILL");
    const killedAt = Date.now();
    const deadHolder = await app.store.redis.get<string>(lockKey);
    const atKill = await getJob(app.store, jobId);
    expect(atKill?.status).toBe("running");
    // The dead step still holds the lock (it never got to release it).
    expect(deadHolder).toMatch(new RegExp(`^${jobId}:${atKill!.step + 1}:`));

    await app.start();
    const job = await probe.finished(jobId, 60_000);
    console.info(
      `[e2e crash] killed during step ${atKill!.step + 1}; job ${job.status} ${Date.now() - killedAt} ms after ` +
        `the kill, ${job.steps.length} steps, ${job.retries} retried deliveries`,
    );

    expect(job.status).toBe("completed");
    // Every step was recorded exactly once, in order: the killed attempt left no half-step behind.
    expect(job.steps.map((s) => s.step)).toEqual(job.steps.map((_, i) => i + 1));
    // The step that died was run again by a QStash retry.
    const rerun = job.steps.find((s) => s.step === atKill!.step + 1);
    expect(rerun?.retried).toBeGreaterThan(0);
    expect(job.retries).toBeGreaterThan(0);
    // QStash saw the killed attempt fail without an answer, then retried it.
    const worker = `${app.url}/api/sync/worker`;
    expect(app.qstash.deliveries().some((d) => d.url === worker && d.status === null)).toBe(true);

    expect(await siteIn(app.store)).toEqual(await referenceSite(workspace()));
  }, 90_000);
});

itLeaksNoSecrets(() => probe);
