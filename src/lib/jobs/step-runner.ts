import { randomBytes } from "node:crypto";
import { isNotionSyncError } from "../notion/errors";
import { getJob, saveJob, saveJobIfUnchanged } from "../store/jobs";
import { acquireLock, lockTtlMs, releaseLock } from "../store/locks";
import { isNonRetryable, NonRetryableError, RetryLaterError } from "./errors";
import { endJob, messageOf } from "./lifecycle";
import { jobTypeOf, lockTtlFor, type JobRuntime } from "./runtime";
import { isTerminal, type JobRecord, type StepLog } from "./types";

const LOCK = "sync";
const KEEP_LOG = 100;

export interface Delivery {
  jobId: string;
  step: number;
  /** Upstash-Retried: 0 for a first attempt. */
  retried?: number;
  /**
   * QStash will not retry this delivery: a retryable failure now fails the job itself, so its status is
   * right even when the failure callback never arrives.
   */
  lastAttempt?: boolean;
}

export type DeliveryOutcome =
  | { kind: "continued"; job: JobRecord; nextMessageId?: string }
  | { kind: "finished"; job: JobRecord }
  | { kind: "ignored"; reason: string; job: JobRecord };

/** A job type's error that will fail the same way every time (a missing root page, a revoked token). */
function isPermanent(error: unknown): boolean {
  return isNotionSyncError(error) && !error.retryable;
}

/** Whole seconds until the job's `notBefore` (QStash delays are in seconds). */
function waitSecondsOf(job: JobRecord): number {
  const ms = job.notBefore ? Date.parse(job.notBefore) - Date.now() : 0;
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP_LOG) list.splice(0, list.length - KEEP_LOG);
}

/**
 * Handle one worker delivery of step `step`. Duplicates and stale deliveries are acknowledged without
 * work (re-publishing the continuation in case it was lost); the step itself runs under the sync lock.
 */
export async function runDelivery(rt: JobRuntime, delivery: Delivery): Promise<DeliveryOutcome> {
  const job = await getJob(rt.store, delivery.jobId);
  if (!job) throw new NonRetryableError(`Unknown job ${delivery.jobId}: nothing to run.`);
  if (isTerminal(job.status)) return { kind: "ignored", reason: `job already ${job.status}`, job };
  if (delivery.step <= job.step) {
    // Step done already: make sure its continuation exists (QStash deduplicates the id).
    if (rt.queue) await rt.queue.publishStep({ jobId: job.id, step: job.step + 1 });
    return { kind: "ignored", reason: `step ${delivery.step} already done`, job };
  }
  if (delivery.step > job.step + 1) {
    return { kind: "ignored", reason: `step ${delivery.step} is ahead of step ${job.step + 1}`, job };
  }
  const ran = await executeStep(rt, job.id, delivery.step, delivery.retried ?? 0, delivery.lastAttempt);
  if (!ran) return { kind: "ignored", reason: `step ${delivery.step} ran in another delivery`, job };
  if (ran.status !== "running") return { kind: "finished", job: ran };
  if (!rt.queue) return { kind: "continued", job: ran };
  const saved = structuredClone(ran);
  const nextMessageId = await rt.queue.publishStep({ jobId: ran.id, step: ran.step + 1 }, waitSecondsOf(ran));
  pushCapped(ran.messageIds, nextMessageId);
  // The next step may have run (and saved) before the publish call returned: never roll it back.
  await saveJobIfUnchanged(rt.store, saved, ran);
  return { kind: "continued", job: ran, nextMessageId };
}

/**
 * Run step `step` of a job under the lock, save the result, and end the job when it is done. The job is
 * re-read under the lock, so a concurrent duplicate of the same step cannot run it twice: it gets
 * `null` (already done or not yet due).
 */
export async function executeStep(
  rt: JobRuntime,
  jobId: string,
  step: number,
  retried = 0,
  lastAttempt = false,
): Promise<JobRecord | null> {
  const token = `${jobId}:${step}:${randomBytes(6).toString("hex")}`;
  if (!(await acquireLock(rt.store, LOCK, token, lockTtlFor(rt)))) {
    const waitMs = await lockTtlMs(rt.store, LOCK);
    throw new RetryLaterError("Another step holds the sync lock.", Math.max(1, Math.ceil(waitMs / 1000)));
  }
  const job = await getJob(rt.store, jobId).catch(async (error: unknown) => {
    await releaseLock(rt.store, LOCK, token).catch(() => undefined);
    throw error;
  });
  if (!job || isTerminal(job.status) || job.step !== step - 1) {
    await releaseLock(rt.store, LOCK, token);
    return null;
  }
  const type = jobTypeOf(rt, job.type);
  const started = Date.now();
  const log: StepLog = {
    step,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    retried,
    outcome: "continued",
  };
  try {
    job.status = "running";
    job.startedAt ??= log.startedAt;
    job.attempts++;
    if (retried > 0) job.retries++;
    job.updatedAt = log.startedAt;
    await saveJob(rt.store, job);

    const result = await type.step(job.id, job.state, { budgetMs: rt.stepBudgetMs });
    job.state = result.state;
    job.step = step;
    if (result.waitMs) job.notBefore = new Date(Date.now() + result.waitMs).toISOString();
    else delete job.notBefore;
    job.progress = type.progress(result.state);
    log.durationMs = Date.now() - started;
    log.outcome = result.done ? "finished" : "continued";
    pushCapped(job.steps, log);
    job.updatedAt = new Date().toISOString();
    rt.log.info("job_step", {
      jobId: job.id,
      step,
      durationMs: log.durationMs,
      outcome: log.outcome,
      retried,
      progress: job.progress,
    });
    if (!result.done) {
      await saveJob(rt.store, job);
      return job;
    }
    const outcome = type.outcome(result.state);
    return await endJob(rt, job, outcome.status, undefined, outcome.errors);
  } catch (error) {
    log.durationMs = Date.now() - started;
    log.error = messageOf(error);
    job.lastError = log.error;
    job.updatedAt = new Date().toISOString();
    if (isPermanent(error) || lastAttempt) {
      const reason = isPermanent(error) ? log.error : `Step ${step} failed on its last attempt: ${log.error}`;
      log.outcome = "failed";
      pushCapped(job.steps, log);
      rt.log.error("job_step", { jobId: job.id, step, outcome: "failed", error: log.error });
      await endJob(rt, job, "failed", reason);
      throw new NonRetryableError(reason);
    }
    log.outcome = "retry";
    pushCapped(job.steps, log);
    rt.log.warn("job_step", { jobId: job.id, step, outcome: "retry", error: log.error });
    await saveJob(rt.store, job).catch(() => undefined);
    throw error;
  } finally {
    await releaseLock(rt.store, LOCK, token).catch(() => undefined);
  }
}

/**
 * Run a job's steps in this process until it ends or `maxMs` is spent. When time runs out and a queue is
 * configured, the next step is handed to QStash (`handedOff`); without one the caller may call again.
 */
export async function runInline(
  rt: JobRuntime,
  jobId: string,
  { maxMs, onStep }: { maxMs: number; onStep?: (job: JobRecord) => void },
): Promise<{ job: JobRecord; handedOff: boolean }> {
  const deadline = Date.now() + maxMs;
  let job = await getJob(rt.store, jobId);
  if (!job) throw new NonRetryableError(`Unknown job ${jobId}.`);
  while (!isTerminal(job.status)) {
    // Notion asked to slow down: wait here, or hand the wait to QStash as a delay if it outlasts `maxMs`.
    const wait = waitSecondsOf(job) * 1000;
    if (wait > 0 && Date.now() + wait >= deadline) break;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const left = deadline - Date.now();
    if (left < Math.min(rt.stepBudgetMs, 1_000)) break;
    let ran: JobRecord | null;
    try {
      ran = await executeStep({ ...rt, stepBudgetMs: Math.min(rt.stepBudgetMs, left) }, job.id, job.step + 1);
    } catch (error) {
      // A retryable failure is handed to QStash, which retries the step from its checkpoint.
      if (isNonRetryable(error) || !rt.queue) throw error;
      break;
    }
    job = ran ?? (await getJob(rt.store, jobId));
    if (!job) throw new NonRetryableError(`Job ${jobId} disappeared while running.`);
    onStep?.(job);
  }
  if (isTerminal(job.status) || !rt.queue) return { job, handedOff: false };
  const saved = structuredClone(job);
  pushCapped(
    job.messageIds,
    await rt.queue.publishStep({ jobId: job.id, step: job.step + 1 }, waitSecondsOf(job)),
  );
  await saveJobIfUnchanged(rt.store, saved, job);
  return { job, handedOff: true };
}
