import { randomBytes } from "node:crypto";
import { cancelRequestedAt, getJobRecord, saveJob, saveJobLive } from "../store/jobs";
import { acquireLock, lockTtlMs, releaseLock } from "../store/locks";
import { endIfIdle } from "./control";
import { isNonRetryable, isPermanent, NonRetryableError, RetryLaterError } from "./errors";
import { endJob, messageOf } from "./lifecycle";
import { concurrencyKeyOf, jobTypeOf, lockTtlFor, type JobRuntime } from "./runtime";
import { openStep, type OpenStep } from "./step-context";
import { isTerminal, type JobProgress, type JobRecord, type StepLog } from "./types";

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

/** Whole seconds until the job's `notBefore` (QStash delays are in seconds). */
function waitSecondsOf(job: JobRecord): number {
  const ms = job.notBefore ? Date.parse(job.notBefore) - Date.now() : 0;
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP_LOG) list.splice(0, list.length - KEEP_LOG);
}

/** Publish step `job.step + 1`; its message id is kept beside the record, which is not rewritten for it. */
async function publishNext(rt: JobRuntime, job: JobRecord): Promise<string | undefined> {
  if (!rt.queue) return undefined;
  const messageId = await rt.queue.publishStep({ jobId: job.id, step: job.step + 1 }, waitSecondsOf(job));
  pushCapped(job.messageIds, messageId);
  await saveJobLive(rt.store, job.id, { nextMessageId: messageId });
  return messageId;
}

/**
 * Handle one worker delivery of step `step`. Duplicates and stale deliveries are acknowledged without
 * work (re-publishing the continuation in case it was lost); the step itself runs under its job type's
 * lock.
 */
export async function runDelivery(rt: JobRuntime, delivery: Delivery): Promise<DeliveryOutcome> {
  const job = await getJobRecord(rt.store, delivery.jobId);
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
  const nextMessageId = await publishNext(rt, ran);
  return { kind: "continued", job: ran, ...(nextMessageId ? { nextMessageId } : {}) };
}

function withCounters(progress: JobProgress, totals: Record<string, number> | undefined): JobProgress {
  return totals ? { ...progress, counters: { ...progress.counters, ...totals } } : progress;
}

function addCounters(job: JobRecord, step: Record<string, number>): void {
  if (Object.keys(step).length === 0) return;
  job.counters ??= {};
  for (const [name, n] of Object.entries(step)) job.counters[name] = (job.counters[name] ?? 0) + n;
}

/**
 * Run step `step` of a job under its lock, save the result (the one write of the record in a delivery),
 * and end the job when it is done or cancelled. The job is re-read under the lock, so a concurrent
 * duplicate of the same step cannot run it twice: it gets `null` (already done or not yet due).
 */
export async function executeStep(
  rt: JobRuntime,
  jobId: string,
  step: number,
  retried = 0,
  lastAttempt = false,
): Promise<JobRecord | null> {
  const first = await getJobRecord(rt.store, jobId);
  if (!first) return null;
  const lockName = concurrencyKeyOf(rt, first);
  const token = `${jobId}:${step}:${randomBytes(6).toString("hex")}`;
  if (!(await acquireLock(rt.store, lockName, token, lockTtlFor(rt)))) {
    const waitMs = await lockTtlMs(rt.store, lockName);
    throw new RetryLaterError("Another step holds the lock.", Math.max(1, Math.ceil(waitMs / 1000)));
  }
  let ran: JobRecord;
  try {
    const job = await getJobRecord(rt.store, jobId);
    if (!job || isTerminal(job.status) || job.step !== step - 1) return null;
    const startedAt = new Date().toISOString();
    const live = await saveJobLive(rt.store, jobId, { running: { step, startedAt } });
    // The message that delivered this step was recorded beside the record: fold it in now.
    if (live.nextMessageId && !job.messageIds.includes(live.nextMessageId)) {
      pushCapped(job.messageIds, live.nextMessageId);
    }
    if (live.cancel) return await endJob(rt, job, "cancelled", `Cancelled at ${live.cancel}.`);
    ran = await runStep(rt, job, step, retried, lastAttempt, startedAt);
  } finally {
    await releaseLock(rt.store, lockName, token).catch(() => undefined);
  }
  // A cancel requested after the step's last look at it (its last progress save) but before the lock
  // was let go: the request found the lock held, so it is ours to honour. The next delivery would too,
  // but a long Retry-After can hold that back for minutes.
  if (isTerminal(ran.status) || !(await cancelRequestedAt(rt.store, jobId))) return ran;
  return (await endIfIdle(rt, ran, "Cancelled as its step ended.")) ?? ran;
}

async function runStep(
  rt: JobRuntime,
  job: JobRecord,
  step: number,
  retried: number,
  lastAttempt: boolean,
  startedAt: string,
): Promise<JobRecord> {
  const type = jobTypeOf(rt, job.type);
  const started = Date.parse(startedAt);
  const log: StepLog = { step, startedAt, durationMs: 0, retried, outcome: "continued" };
  job.status = "running";
  job.startedAt ??= startedAt;
  job.attempts++;
  if (retried > 0) job.retries++;
  const open: OpenStep = openStep(rt, job.id, step, retried);
  try {
    const result = await type.step(job.state, open.ctx);
    await open.close();
    addCounters(job, open.ctx.counters);
    job.state = result.state;
    job.step = step;
    if (result.waitMs) job.notBefore = new Date(Date.now() + result.waitMs).toISOString();
    else delete job.notBefore;
    job.progress = withCounters(type.describe(result.state), job.counters);
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
      progressSaves: open.ticks(),
      progress: job.progress,
    });
    if (open.cancelled() && !result.done)
      return await endJob(rt, job, "cancelled", "Cancelled while running.");
    if (!result.done) {
      await saveJob(rt.store, job);
      return job;
    }
    const outcome = type.outcome(result.state);
    return await endJob(rt, job, outcome.status, undefined, outcome.errors);
  } catch (error) {
    await open.close();
    addCounters(job, open.ctx.counters);
    // The failed step's work still counts (its Notion calls, say): keep the last progress it reported.
    const seen = open.lastProgress();
    if (seen) job.progress = withCounters(seen, job.counters);
    log.durationMs = Date.now() - started;
    log.error = messageOf(error);
    job.lastError = log.error;
    job.updatedAt = new Date().toISOString();
    if (isPermanent(error) || isNonRetryable(error) || lastAttempt) {
      const permanent = isPermanent(error) || isNonRetryable(error);
      const reason = permanent ? log.error : `Step ${step} failed on its last attempt: ${log.error}`;
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
  let job = await getJobRecord(rt.store, jobId);
  if (!job) throw new NonRetryableError(`Unknown job ${jobId}.`);
  while (!isTerminal(job.status)) {
    // The source asked to slow down: wait here, or hand the wait to QStash as a delay if it outlasts `maxMs`.
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
    job = ran ?? (await getJobRecord(rt.store, jobId));
    if (!job) throw new NonRetryableError(`Job ${jobId} disappeared while running.`);
    onStep?.(job);
  }
  if (isTerminal(job.status) || !rt.queue) return { job, handedOff: false };
  await publishNext(rt, job);
  return { job, handedOff: true };
}
