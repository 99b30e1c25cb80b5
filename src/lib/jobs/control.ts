import { randomBytes } from "node:crypto";
import { getDeadLetter, retryDeadLetter } from "../queue/dlq";
import {
  claimJobSlot,
  getJob,
  getJobRecord,
  jobInSlot,
  releaseJobSlot,
  requestJobCancel,
  saveJob,
  saveJobLive,
} from "../store/jobs";
import { acquireLock, releaseLock } from "../store/locks";
import { JobStateError } from "./errors";
import { endJob, liveJobInSlot, SLOT_TTL_SECONDS } from "./lifecycle";
import { concurrencyKeyOf, lockTtlFor, type JobRuntime } from "./runtime";
import { isTerminal, type JobRecord } from "./types";

export interface CancelResult {
  job: JobRecord;
  /** `cancelled`: ended now. `requested`: a step is running and stops at its next checkpoint. */
  outcome: "cancelled" | "requested";
}

/**
 * Cancel a job. Between steps (queued, waiting for its next delivery or out a Retry-After delay) it ends
 * `cancelled` at once; a running step reads the request within a second, stops at its next checkpoint,
 * and the job ends `cancelled` then. What a job published stays published.
 */
export async function cancelJob(rt: JobRuntime, jobId: string): Promise<CancelResult | null> {
  const seen = await getJob(rt.store, jobId);
  if (!seen) return null;
  if (isTerminal(seen.status)) throw new JobStateError(`Job ${jobId} is already ${seen.status}.`, "ended");
  const at = new Date().toISOString();
  if ((await jobInSlot(rt.store, "queued", concurrencyKeyOf(rt, seen))) === jobId) {
    return { job: await endJob(rt, seen, "cancelled", "Cancelled before it started."), outcome: "cancelled" };
  }
  const ended = await endIfIdle(rt, seen, "Cancelled between steps.");
  if (ended) return { job: ended, outcome: "cancelled" };
  await requestJobCancel(rt.store, jobId, at);
  // The step that held the lock may have ended between the look above and the request, after its own
  // last look at it (executeStep looks again once it lets go): look once more, so the request never waits
  // for a next delivery that a long Retry-After holds back.
  const after = await endIfIdle(rt, seen, "Cancelled between steps.");
  if (after) return { job: after, outcome: "cancelled" };
  seen.cancelRequestedAt = at;
  return { job: seen, outcome: "requested" };
}

/**
 * End a job `cancelled` if no step of it runs: holding its lock proves that. Returns the ended (or
 * already ended) record, or null when a step holds the lock (or the job is gone). `seen` names the job
 * and its lock; the record is read again under the lock.
 */
export async function endIfIdle(rt: JobRuntime, seen: JobRecord, reason: string): Promise<JobRecord | null> {
  const key = concurrencyKeyOf(rt, seen);
  const token = `cancel:${seen.id}:${randomBytes(6).toString("hex")}`;
  if (!(await acquireLock(rt.store, key, token, lockTtlFor(rt)))) return null;
  try {
    const job = await getJobRecord(rt.store, seen.id);
    if (!job) return null;
    if (isTerminal(job.status)) return job;
    return await endJob(rt, job, "cancelled", reason);
  } finally {
    await releaseLock(rt.store, key, token).catch(() => undefined);
  }
}

/**
 * Retry a dead letter. A step of a failed job resumes that job: it is `running` again (visibly) and
 * notifies again when it ends. Anything that would make the retry a silent no-op is refused with a
 * JobStateError saying why, and the dead letter stays. It leaves the DLQ only once QStash accepted
 * the retry. Returns the job (null for a message that is not a job step) and the new message id.
 */
export async function retryDeadLetterJob(
  rt: JobRuntime,
  dlqId: string,
): Promise<{ job: JobRecord | null; messageId: string }> {
  const queue = rt.queue;
  if (!queue) throw new JobStateError("Retrying a dead letter needs QStash.", "no_queue");
  const letter = await getDeadLetter(queue, dlqId);
  if (!letter) {
    throw new JobStateError(`No dead letter ${dlqId}: it was retried or deleted already.`, "no_letter");
  }
  if (!letter.jobId) return { job: null, messageId: await retryDeadLetter(queue, dlqId) };
  const job = await getJobRecord(rt.store, letter.jobId);
  if (!job) {
    throw new JobStateError(
      `Job ${letter.jobId} no longer exists (jobs are kept 30 days): delete this dead letter.`,
      "job_gone",
    );
  }
  if (job.status !== "failed") {
    const why = isTerminal(job.status)
      ? `it is ${job.status}, so its step would do nothing: delete this dead letter`
      : `it is ${job.status} again already`;
    throw new JobStateError(`Job ${job.id} cannot be resumed: ${why}.`, "not_failed");
  }
  if (letter.step !== job.step + 1) {
    throw new JobStateError(
      `This dead letter is step ${letter.step ?? "?"}, but job ${job.id} stopped before step ${job.step + 1}: delete it.`,
      "stale_step",
    );
  }
  const key = concurrencyKeyOf(rt, job);
  if ((await claimJobSlot(rt.store, "active", key, job.id, SLOT_TTL_SECONDS)) !== null) {
    const other = await liveJobInSlot(rt, "active", key);
    const free = !other && (await claimJobSlot(rt.store, "active", key, job.id, SLOT_TTL_SECONDS)) === null;
    if (!free) {
      throw new JobStateError(
        `Job ${other?.id ?? "another job"} is running: retry this dead letter once it has ended.`,
        "busy",
      );
    }
  }
  const failed = structuredClone(job);
  const now = new Date().toISOString();
  job.status = "running";
  job.resumedAt = job.updatedAt = now;
  delete job.finishedAt;
  delete job.durationMs;
  delete job.dlqId;
  await saveJob(rt.store, job);
  let messageId: string;
  try {
    messageId = await retryDeadLetter(queue, dlqId);
  } catch (error) {
    await saveJob(rt.store, failed);
    await releaseJobSlot(rt.store, "active", key, job.id);
    throw error;
  }
  job.messageIds.push(messageId);
  await saveJobLive(rt.store, job.id, { nextMessageId: messageId });
  rt.log.info("job_resumed", { jobId: job.id, dlqId, step: letter.step });
  return { job, messageId };
}
