/**
 * Scenarios 5, 6, 11 and 12: the QStash side under faults — the cache down for part of a step, every
 * message delivered twice with stale ones replayed out of order, the failure callback and the notify
 * endpoint down, and QStash itself restarted mid-job. Real QStash emulator, real HTTP, the worker and
 * callback handlers the routes call (tests/faults/worker-harness.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleWorker } from "@/lib/http/worker";
import { getJob } from "@/lib/store/jobs";
import type { TestCloud } from "../helpers/cloud";
import { normalizedSite } from "../helpers/sync";
import { freePort } from "../helpers/app";
import { auditCache, editedCloud, referenceSites, seeded, sleep, waitForTerminal } from "./fault-kit";
import { watchReaders } from "./reader-watch";
import { outcomes, startWorkerHarness, type HarnessOptions, type WorkerHarness } from "./worker-harness";

let before: Record<string, unknown>;
let after: Record<string, unknown>;
const open: { cloud: TestCloud; harness: WorkerHarness }[] = [];

beforeAll(async () => {
  ({ before, after } = await referenceSites());
});
afterEach(async () => {
  for (const { cloud, harness } of open.splice(0)) {
    await harness.close();
    await cloud.close();
  }
});

async function setup(options: HarnessOptions = {}, latencyMs = 8) {
  const cloud = await editedCloud({ latencyMs });
  const harness = await startWorkerHarness(cloud, options);
  open.push({ cloud, harness });
  return { cloud, harness };
}

async function waitForStep(
  cloud: TestCloud,
  jobId: string,
  step: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (((await getJob(cloud.store, jobId))?.step ?? 0) >= step) return;
    await sleep(10);
  }
  throw new Error(`job ${jobId} did not reach step ${step} within ${timeoutMs} ms`);
}

async function expectRightSite(cloud: TestCloud) {
  expect(await normalizedSite(cloud)).toEqual(after);
  expect(await auditCache(cloud.store)).toEqual({ missing: [], orphans: [], scratch: [] });
}

describe("5. the cache is unavailable for part of a step", () => {
  for (const mode of ["503", "drop"] as const) {
    it(`(${mode}) the step fails, QStash retries it, and the job completes`, async () => {
      // The cache goes down at step 2's first Notion call (mid-step, whatever the machine's speed) and
      // comes back once that delivery has been answered with its failure. 0.05: QStash's first retry
      // comes ~0.6 s after the failure, later than the failed step's lock (budget + margin = 0.5 s) lives.
      let outage: "armed" | "on" | "over" | undefined;
      const cloud = await editedCloud({ latencyMs: 15 });
      const api = cloud.api({
        fetch: (input, init) => {
          if (outage === "armed") {
            outage = "on";
            cloud.kv.setUnavailable(mode);
          }
          return fetch(input, init);
        },
      });
      const harness = await startWorkerHarness(cloud, {
        api,
        timeScale: 0.05,
        stepBudgetMs: 300,
        lockMarginMs: 200,
        deliver: async (request, run) => {
          const { step } = (await request.clone().json()) as { step: number };
          if (step === 2 && outage === undefined) outage = "armed";
          const response = await run(request);
          if (outage === "on") {
            outage = "over";
            cloud.kv.setUnavailable(false);
          }
          return response;
        },
      });
      open.push({ cloud, harness });
      const job = await harness.enqueue();
      const watch = watchReaders(cloud.store, [before, after]);
      const done = await waitForTerminal(cloud.store, job.id);
      const readers = await watch.stop();
      const failed = harness.answered.filter((a) => a.path === "/api/sync/worker" && a.status >= 500);
      console.info(
        `[faults] cache down (${mode}) during step 2: ${done.status} in ${done.step} steps, ${done.attempts} attempts ` +
          `(${done.retries} QStash retries), ${failed.length} failed deliveries, ${readers.unavailable} reader reads refused`,
      );
      expect(outage).toBe("over");
      expect(done.status).toBe("completed");
      expect(failed.length).toBeGreaterThan(0);
      expect(
        harness.answered.some((a) => a.path === "/api/sync/worker" && a.retried > 0 && a.status === 200),
      ).toBe(true);
      expect(done.retries).toBeGreaterThan(0);
      expect(readers.violations).toEqual([]);
      await expectRightSite(cloud);
    });
  }
});

describe("6. duplicate and out-of-order deliveries", () => {
  it("every message delivered twice, stale ones replayed later: no step runs twice, the site is right", async () => {
    const random = seeded(606);
    const history: Request[] = [];
    const answers: { httpStatus: number; outcome?: string; reason?: string }[] = [];
    // The lock outlives any step however slow the machine: a duplicate is refused, never run beside it.
    const { cloud, harness } = await setup({
      stepBudgetMs: 150,
      lockMarginMs: 60_000,
      deliver: async (request, run) => {
        // Twice at once, as two QStash deliveries of one message; often an old message comes along.
        const stale =
          history.length > 0 && random() < 0.6 ? history[Math.floor(random() * history.length)] : undefined;
        history.push(request.clone());
        const responses = await Promise.all([
          run(request.clone()),
          run(request.clone()),
          ...(stale ? [run(stale.clone())] : []),
        ]);
        for (const response of responses) {
          const body = (await response.clone().json()) as { outcome?: string; reason?: string };
          answers.push({ httpStatus: response.status, outcome: body.outcome, reason: body.reason });
        }
        return responses[0];
      },
    });
    const job = await harness.enqueue();
    const watch = watchReaders(cloud.store, [before, after]);
    const done = await waitForTerminal(cloud.store, job.id);
    const readers = await watch.stop();
    // QStash records a delivery once the worker has answered it: the last one may still be answering.
    await harness.qstash.waitForIdle({ timeoutMs: 120_000 });
    // Late duplicates of the finished job's messages: all acknowledged, none runs.
    const requests = cloud.notion.requests.counts().total;
    const late = await Promise.all(history.map((r) => handleWorker(r.clone(), harness.rt)));
    expect(late.map((r) => r.status)).toEqual(late.map(() => 200));
    expect(cloud.notion.requests.counts().total).toBe(requests);

    const ignored = answers.filter((a) => a.outcome === "ignored");
    const busy = answers.filter((a) => a.httpStatus === 503);
    console.info(
      `[faults] duplicates: ${answers.length} worker deliveries for ${done.step} steps; ${ignored.length} ignored ` +
        `(${[...new Set(ignored.map((a) => a.reason?.replace(/\d+/g, "n")))].join("; ")}), ${busy.length} told to retry (lock held); ` +
        `Notion ${requests} requests = ${done.progress.counters.apiCalls} counted by committed steps`,
    );
    expect(done.status).toBe("completed");
    // Every step's duplicate was turned away: acknowledged as done, or told to retry while the lock was held.
    expect(ignored.length + busy.length).toBeGreaterThanOrEqual(done.step);
    expect(answers.filter((a) => a.outcome === "continued" || a.outcome === "finished")).toHaveLength(
      done.step,
    );
    // No double work: every Notion call belongs to exactly one committed step.
    expect(requests).toBe(done.progress.counters.apiCalls);
    const completed = done.steps.filter((s) => s.outcome !== "retry").map((s) => s.step);
    expect(completed).toEqual(completed.map((_, i) => i + 1));
    // One QStash message per step: the re-publishes of duplicates were deduplicated by id.
    const messages = new Set(
      harness.qstash
        .deliveries()
        .filter((d) => d.url.endsWith("/api/sync/worker"))
        .map((d) => d.messageId),
    );
    expect(messages.size).toBe(done.step);
    expect(readers.violations).toEqual([]);
    await expectRightSite(cloud);
  });

  it("a step delivered ahead of its turn, again after it ran, or after the job ended does nothing", async () => {
    // QStash's deliveries are held unanswered-to-the-engine; the test hands signed steps to the worker.
    // The lock outlives any step however slow the machine, so the pair below can never both run step 2.
    const { cloud, harness } = await setup({
      stepBudgetMs: 150,
      lockMarginMs: 60_000,
      deliver: () => Promise.resolve(Response.json({ held: true })),
    });
    const job = await harness.enqueue();
    await harness.qstash.waitForIdle();
    const deliver = async (step: number) => {
      const body = JSON.stringify({ jobId: job.id, step });
      const signature = await harness.qstash.sign({ url: harness.queue.urls.worker, body });
      const request = new Request(harness.queue.urls.worker, {
        method: "POST",
        headers: { "content-type": "application/json", "upstash-signature": signature },
        body,
      });
      const response = await handleWorker(request, harness.rt);
      const answer = (await response.json()) as { outcome?: string; reason?: string };
      return { httpStatus: response.status, outcome: answer.outcome, reason: answer.reason };
    };
    const unchanged = async (step: number) => {
      const calls = cloud.notion.requests.counts().total;
      const record = await getJob(cloud.store, job.id);
      const answer = await deliver(step);
      expect(answer).toMatchObject({ httpStatus: 200, outcome: "ignored" });
      expect(cloud.notion.requests.counts().total).toBe(calls);
      expect(await getJob(cloud.store, job.id)).toEqual(record);
      return answer.reason;
    };

    expect(await unchanged(2)).toMatch(/ahead/);
    expect(await deliver(1)).toMatchObject({ httpStatus: 200, outcome: "continued" });
    expect(await unchanged(1)).toMatch(/already done/);
    expect(await unchanged(3)).toMatch(/ahead/);
    // The due step twice at once: one runs it, the other is told to come back or finds it done.
    const pair = await Promise.all([deliver(2), deliver(2)]);
    expect(pair.filter((a) => a.outcome === "continued" || a.outcome === "finished")).toHaveLength(1);
    expect(pair.filter((a) => a.httpStatus === 503 || a.outcome === "ignored")).toHaveLength(1);
    for (let step = 3; step < 100; step++) {
      const answer = await deliver(step);
      if (answer.outcome === "finished") break;
      expect(answer.outcome).toBe("continued");
    }
    const done = (await getJob(cloud.store, job.id))!;
    expect(done.status).toBe("completed");
    expect(cloud.notion.requests.counts().total).toBe(done.progress.counters.apiCalls);
    for (const step of [1, done.step, done.step + 1])
      expect(await unchanged(step)).toMatch(/already completed/);
    await expectRightSite(cloud);
  });
});

describe("11. the failure callback and the notify endpoint are down", () => {
  it("a step failing on every attempt still ends the job failed, with the reason; the cache is untouched", async () => {
    const closed = await freePort();
    const { cloud, harness } = await setup({
      retries: 1,
      stepBudgetMs: 1_000,
      callbackDown: true,
      notifyUrl: `http://127.0.0.1:${closed}/hook`,
    });
    const untouched = await normalizedSite(cloud);
    cloud.notion.faults.storm({ status: 503, durationMs: 60_000 });
    const job = await harness.enqueue();
    const done = await waitForTerminal(cloud.store, job.id);
    await harness.qstash.waitForIdle({ timeoutMs: 20_000 });
    const callbacks = harness.answered.filter((a) => a.path === "/api/sync/callback");
    const dlq = await harness.queue.client.dlq.listMessages();
    console.info(
      `[faults] callback + notify down: ${done.status} after ${done.attempts} attempts; ` +
        `${callbacks.length} failure-callback deliveries refused; DLQ ${dlq.messages.length}`,
    );
    expect(done.status).toBe("failed");
    expect(done.lastError).toMatch(/last attempt.*Notion kept failing/);
    expect(done.finishedAt).toBeDefined();
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.every((c) => c.status === 500)).toBe(true);
    expect(dlq.messages.some((m) => m.url.endsWith("/api/sync/worker"))).toBe(true);
    // The last attempt answered 489: QStash did not keep retrying a job that had already failed.
    expect(outcomes(harness.answered).at(-1)?.httpStatus).toBe(489);
    expect(await normalizedSite(cloud)).toEqual(untouched);
    expect((await getJob(cloud.store, job.id))?.status).toBe("failed");
  });

  it("a job that succeeds is completed whatever happens to its notification", async () => {
    const closed = await freePort();
    const { cloud, harness } = await setup({
      callbackDown: true,
      notifyUrl: `http://127.0.0.1:${closed}/hook`,
    });
    const job = await harness.enqueue();
    const done = await waitForTerminal(cloud.store, job.id);
    expect(done.status).toBe("completed");
    await expectRightSite(cloud);
  });
});

describe("12. QStash restarts mid-job", () => {
  it("persisted messages are delivered after the restart and the job completes", async () => {
    const { cloud, harness } = await setup({ stepBudgetMs: 150 }, 15);
    const job = await harness.enqueue();
    const watch = watchReaders(cloud.store, [before, after]);
    await waitForStep(cloud, job.id, 2);
    const beforeRestart = new Set((await getJob(cloud.store, job.id))!.messageIds);
    await harness.restartQStash(400);
    const done = await waitForTerminal(cloud.store, job.id);
    const readers = await watch.stop();
    const delivered = harness.qstash.deliveries().filter((d) => d.url.endsWith("/api/sync/worker"));
    console.info(
      `[faults] QStash restart: ${done.status} in ${done.step} steps; ${delivered.length} deliveries after the restart, ` +
        `${delivered.filter((d) => beforeRestart.has(d.messageId)).length} of them published before it`,
    );
    expect(done.status).toBe("completed");
    expect(delivered.length).toBeGreaterThan(0);
    const completed = done.steps.filter((s) => s.outcome !== "retry").map((s) => s.step);
    expect(completed).toEqual(completed.map((_, i) => i + 1));
    expect(readers.violations).toEqual([]);
    await expectRightSite(cloud);
  });
});
