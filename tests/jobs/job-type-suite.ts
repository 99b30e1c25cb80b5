import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";
import { retryDeadLetterJob } from "@/lib/jobs/control";
import { isJobStateError } from "@/lib/jobs/errors";
import { startJob } from "@/lib/jobs/start";
import type { JobDefinition } from "@/lib/jobs/types";
import { listDeadLetters } from "@/lib/queue/dlq";
import { startJobHarness, type JobHarness } from "./job-harness";

/**
 * What any job type must get from the job layer, run against the real QStash and KV emulators and the
 * app's own worker, callback, status and cancel handlers: start → QStash → worker → completed; retries →
 * DLQ → failed, then a DLQ retry that resumes it; cancel mid-step and between steps; live progress;
 * concurrency (join, queue behind, merge). A job type proves it fits by calling this with a fixture.
 */
export interface JobTypeFixture<P> {
  /** The type under test, freshly built (plus any it needs beside it). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  types(): JobDefinition<any, any>[];
  type: string;
  /** Completes in several steps of `stepBudgetMs`. */
  params: P;
  /** Not satisfied by a running `params` job: queued behind it. */
  otherParams: P;
  /** Yet another request the running job does not satisfy: merged into the queued one. */
  thirdParams: P;
  /** Runs for many steps, reporting progress as it goes (a cancel lands mid-step). */
  longParams: P;
  /** Its first step asks to wait long before the next (a Retry-After): the job sits between steps. */
  waitingParams: P;
  /** From now on every step fails with a retryable error, / no longer. */
  breakSteps(): void;
  healSteps(): void;
  stepBudgetMs?: number;
}

export function describeJobType<P>(name: string, fixture: JobTypeFixture<P>): void {
  describe(`job type ${name} on the job platform`, () => {
    let h: JobHarness;
    let notify: RecordingDestination;
    beforeAll(async () => {
      notify = await startRecordingDestination();
      h = await startJobHarness({
        types: fixture.types(),
        stepBudgetMs: fixture.stepBudgetMs ?? 300,
        notifyUrl: notify.urlFor("/notify"),
      });
    });
    afterAll(async () => {
      await h.close();
      await notify.close();
    });

    it("start → QStash → worker: completes in several steps, each delivered once, and notifies", async () => {
      const { job } = await startJob(h.rt, fixture.type, fixture.params, "manual");
      expect(job.status).toBe("queued");
      expect(job.messageIds).toHaveLength(1);
      const done = await h.settled(job.id);
      expect(done.status).toBe("completed");
      expect(done.step).toBeGreaterThan(1);
      expect(done.steps.map((s) => s.step)).toEqual(done.steps.map((_, i) => i + 1));
      expect(done.durationMs).toBeGreaterThan(0);
      expect(done.messageIds.length).toBe(done.step);
      const ended = await notify.waitFor(1, { pathPrefix: "/notify" });
      expect(ended.some((r) => r.body.toString("utf8").includes(job.id))).toBe(true);
    });

    it("bad parameters are refused with a JobInputError, running job or not", async () => {
      await expect(startJob(h.rt, fixture.type, { nonsense: true }, "manual")).rejects.toMatchObject({
        code: "invalid_input",
      });
      const { job } = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      await expect(startJob(h.rt, fixture.type, { nonsense: true }, "manual")).rejects.toMatchObject({
        code: "invalid_input",
      });
      await h.cancel(job.id);
      await h.settled(job.id);
    });

    it("shows live progress during a step, before the step has ended", async () => {
      const { job } = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      // Step 1 is still running (no step recorded) while its progress already moved.
      const live = await h.until(
        "progress inside step 1",
        (j) => j.step === 0 && j.status === "running" && j.progress.done > 0 && j,
        job.id,
      );
      expect(live.progress.done).toBeGreaterThan(0);
      await h.cancel(job.id);
      await h.settled(job.id);
    });

    it("a cancel stops a running step at its next checkpoint; nothing runs after it", async () => {
      const { job } = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      await h.until("running with progress", (j) => j.status === "running" && j.progress.done > 0, job.id);
      const answer = await h.cancel(job.id);
      expect([200, 202]).toContain(answer.status);
      const ended = await h.settled(job.id);
      expect(ended.status).toBe("cancelled");
      expect(ended.progress.done).toBeLessThan(ended.progress.total);
      await h.qstash.waitForIdle({ timeoutMs: 30_000 });
      expect((await h.status(job.id)).step).toBe(ended.step);
      expect((await h.cancel(job.id)).status).toBe(409);
    });

    it("a cancel between steps (waiting out a Retry-After) ends the job at once", async () => {
      const { job } = await startJob(h.rt, fixture.type, fixture.waitingParams, "manual");
      await h.until("step 1 done, waiting", (j) => j.step === 1 && Boolean(j.notBefore), job.id);
      const answer = await h.cancel(job.id);
      expect(answer.status).toBe(200);
      expect(answer.body.outcome).toBe("cancelled");
      expect((await h.status(job.id)).status).toBe("cancelled");
    });

    it("concurrency: the same request joins, another is queued behind, a third merges into it", async () => {
      const running = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      const same = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      expect(same).toMatchObject({ coalesced: true, job: { id: running.job.id } });
      const queued = await startJob(h.rt, fixture.type, fixture.otherParams, "manual");
      expect(queued.coalesced).toBe(false);
      expect(queued.queuedBehind).toBe(running.job.id);
      expect(queued.job.status).toBe("queued");
      const merged = await startJob(h.rt, fixture.type, fixture.thirdParams, "manual");
      expect(merged.job.id).toBe(queued.job.id);
      // The queued job starts once the running one ends (here: is cancelled).
      await h.cancel(running.job.id);
      expect((await h.settled(running.job.id)).status).toBe("cancelled");
      const next = await h.settled(queued.job.id);
      expect(next.status).toBe("completed");
      expect(Date.parse(next.startedAt!)).toBeGreaterThanOrEqual(
        Date.parse((await h.status(running.job.id)).finishedAt!),
      );
    });

    it("retries → DLQ → failed; a DLQ retry resumes the job visibly, and it notifies again", async () => {
      fixture.breakSteps();
      const { job } = await startJob(h.rt, fixture.type, fixture.params, "manual");
      expect((await h.settled(job.id)).status).toBe("failed");
      // The failure callback records the dead letter's id.
      const failed = await h.until("the DLQ id recorded", (j) => Boolean(j.dlqId) && j, job.id);
      expect(failed.retries).toBeGreaterThan(0);
      const letters = (await listDeadLetters(h.rt.queue!)).items.filter((l) => l.jobId === job.id);
      expect(letters).toHaveLength(1);

      fixture.healSteps();
      const before = notify.received("/notify").length;
      const resumed = await retryDeadLetterJob(h.rt, failed.dlqId!);
      expect(resumed.job?.status).toBe("running");
      expect((await h.status(job.id)).status).toBe("running");
      const done = await h.settled(job.id);
      expect(done.status).toBe("completed");
      expect(done.resumedAt).toBeTruthy();
      await notify.waitFor(before + 1, { pathPrefix: "/notify" });
      expect((await listDeadLetters(h.rt.queue!)).items.filter((l) => l.jobId === job.id)).toHaveLength(0);
    });

    it("a DLQ retry that cannot run now is refused with the reason, and the dead letter stays", async () => {
      fixture.breakSteps();
      const { job } = await startJob(h.rt, fixture.type, fixture.params, "manual");
      await h.settled(job.id);
      const failed = await h.until("the DLQ id recorded", (j) => Boolean(j.dlqId) && j, job.id);
      fixture.healSteps();
      const busy = await startJob(h.rt, fixture.type, fixture.longParams, "manual");
      const refused = await retryDeadLetterJob(h.rt, failed.dlqId!).catch((e: unknown) => e);
      expect(isJobStateError(refused)).toBe(true);
      expect((refused as Error).message).toContain(busy.job.id);
      expect((await h.status(job.id)).status).toBe("failed");
      const letters = await listDeadLetters(h.rt.queue!);
      expect(letters.items.filter((l) => l.dlqId === failed.dlqId)).toHaveLength(1);
      const unknown = await retryDeadLetterJob(h.rt, "no-such-letter").catch((e: unknown) => e);
      expect(isJobStateError(unknown)).toBe(true);

      await h.cancel(busy.job.id);
      await h.settled(busy.job.id);
      await retryDeadLetterJob(h.rt, failed.dlqId!);
      expect((await h.settled(job.id)).status).toBe("completed");
    });
  });
}
