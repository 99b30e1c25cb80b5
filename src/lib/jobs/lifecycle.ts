import { randomBytes } from "node:crypto";
import { notifyJobEnded } from "./notify";
import { concurrencyKeyOf, jobTypeOf, type JobRuntime } from "./runtime";
import {
  claimJobSlot,
  getJob,
  jobInSlot,
  promoteQueuedJob,
  releaseJobSlot,
  saveJob,
  saveJobLive,
} from "../store/jobs";
import { startJob, type StartResult } from "./start";
import { isTerminal, type JobIssue, type JobRecord, type JobStatus, type TriggerSource } from "./types";

export const SLOT_TTL_SECONDS = 24 * 3600;
const DEFAULT_STALE_MS = 45 * 60_000;

/** Sortable, unguessable job ids: time first, then randomness. */
export function newJobId(now = Date.now()): string {
  return `j${now.toString(36)}${randomBytes(5).toString("hex")}`;
}

export function isDead(rt: JobRuntime, job: JobRecord, now = Date.now()): boolean {
  return !isTerminal(job.status) && now - Date.parse(job.updatedAt) > (rt.staleAfterMs ?? DEFAULT_STALE_MS);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The job in a slot if it is alive. A pointer to a finished job is cleared; a job whose worker died is
 * failed on the way (never `running` forever).
 */
export async function liveJobInSlot(
  rt: JobRuntime,
  slot: "active" | "queued",
  key: string,
): Promise<JobRecord | null> {
  const id = await jobInSlot(rt.store, slot, key);
  if (!id) return null;
  const job = await getJob(rt.store, id);
  if (job && !isTerminal(job.status) && !isDead(rt, job)) return job;
  if (job && !isTerminal(job.status)) {
    await endJob(rt, job, "failed", "The job made no progress for too long: its worker stopped.");
  } else {
    await releaseJobSlot(rt.store, slot, key, id);
  }
  return null;
}

/** Publish a job's first step and remember its message id (beside the record, not in it). */
export async function publishFirstStep(rt: JobRuntime, job: JobRecord): Promise<JobRecord> {
  if (!rt.queue) return job;
  try {
    const messageId = await rt.queue.publishStep({ jobId: job.id, step: 1 });
    job.messageIds.push(messageId);
    await saveJobLive(rt.store, job.id, { nextMessageId: messageId });
    return job;
  } catch (error) {
    await endJob(rt, job, "failed", `Could not publish the first step to QStash: ${messageOf(error)}`);
    throw error;
  }
}

/**
 * When no job of `key` is active, the one queued behind it starts: it takes the active slot and its first
 * step is published. Safe to call from anywhere, any number of times: the move is atomic.
 */
export async function startQueuedJob(rt: JobRuntime, key: string): Promise<JobRecord | null> {
  if (!rt.queue) return null;
  const id = await promoteQueuedJob(rt.store, key, SLOT_TTL_SECONDS);
  if (!id) return null;
  const job = await getJob(rt.store, id);
  if (!job || isTerminal(job.status)) {
    await releaseJobSlot(rt.store, "active", key, id);
    return null;
  }
  rt.log.info("job_dequeued", { jobId: job.id, type: job.type });
  return publishFirstStep(rt, job);
}

/** Put a job in a terminal state, free its slot, start the job queued behind it, and notify. */
export async function endJob(
  rt: JobRuntime,
  job: JobRecord,
  status: Exclude<JobStatus, "queued" | "running">,
  lastError?: string,
  errors?: JobIssue[],
): Promise<JobRecord> {
  const now = new Date();
  job.status = status;
  job.updatedAt = job.finishedAt = now.toISOString();
  // From its first step; a job that never ran one (failed or cancelled while queued) from its creation.
  job.durationMs = now.getTime() - Date.parse(job.startedAt ?? job.createdAt);
  if (lastError !== undefined) job.lastError = lastError;
  if (errors) job.errors = errors;
  await saveJob(rt.store, job);
  const key = concurrencyKeyOf(rt, job);
  await releaseJobSlot(rt.store, "active", key, job.id);
  await releaseJobSlot(rt.store, "queued", key, job.id);
  rt.log.info("job_ended", {
    jobId: job.id,
    status,
    durationMs: job.durationMs,
    counters: job.progress.counters,
  });
  const type = jobTypeOf(rt, job.type);
  if (type.notify === "always" || status === "failed" || status === "completed_with_errors") {
    const detail = job.state !== null ? type.summarize(job.state) : "";
    await notifyJobEnded(rt.notifyUrl, job, detail, rt.log);
  }
  await startQueuedJob(rt, key).catch((error: unknown) => {
    rt.log.error("job_dequeue_failed", { after: job.id, error: messageOf(error) });
  });
  return job;
}

/** Claim the active slot for a new job, or learn which live job holds it (a dead holder is replaced). */
export async function claimActive(rt: JobRuntime, key: string, jobId: string): Promise<JobRecord | null> {
  const holder = await claimJobSlot(rt.store, "active", key, jobId, SLOT_TTL_SECONDS);
  if (holder === null) return null;
  const live = await liveJobInSlot(rt, "active", key);
  if (live) return live;
  const retry = await claimJobSlot(rt.store, "active", key, jobId, SLOT_TTL_SECONDS, holder);
  if (retry === null) return null;
  const winner = await getJob(rt.store, retry);
  if (winner) return winner;
  throw new Error("Another job took the active slot and vanished; try again.");
}

/** @deprecated Use `startJob(rt, type, params, source)`; kept for callers written before it. */
export function enqueueJob(
  rt: JobRuntime,
  input: { type: string; params: unknown; source: TriggerSource },
): Promise<StartResult> {
  return startJob(rt, input.type, input.params, input.source);
}
