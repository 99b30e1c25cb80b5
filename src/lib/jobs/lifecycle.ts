import { randomBytes } from "node:crypto";
import { notifyJobEnded } from "./notify";
import { jobTypeOf, type JobRuntime } from "./runtime";
import {
  activeJobId,
  claimActiveJob,
  deleteJob,
  getJob,
  releaseActiveJob,
  saveJob,
  saveJobIfUnchanged,
} from "../store/jobs";
import { isTerminal, type JobIssue, type JobRecord, type JobStatus, type TriggerSource } from "./types";

const ACTIVE_TTL_SECONDS = 24 * 3600;
const DEFAULT_STALE_MS = 45 * 60_000;

/** Sortable, unguessable job ids: time first, then randomness. */
export function newJobId(now = Date.now()): string {
  return `j${now.toString(36)}${randomBytes(5).toString("hex")}`;
}

export function isDead(rt: JobRuntime, job: JobRecord, now = Date.now()): boolean {
  return !isTerminal(job.status) && now - Date.parse(job.updatedAt) > (rt.staleAfterMs ?? DEFAULT_STALE_MS);
}

export interface EnqueueResult {
  job: JobRecord;
  coalesced: boolean;
}

/**
 * Record a job and publish its first step, unless a job is already queued or running: then that job is
 * returned with `coalesced: true`. A job whose worker died is failed and replaced.
 */
export async function enqueueJob(
  rt: JobRuntime,
  input: { type: string; params: unknown; source: TriggerSource },
): Promise<EnqueueResult> {
  const existing = await liveActiveJob(rt);
  if (existing) return { job: existing, coalesced: true };
  const type = jobTypeOf(rt, input.type);
  const id = newJobId();
  // Validates the params against the live site (e.g. an unknown page) before anything is recorded.
  const state: unknown = await type.start(id, input.params);
  const now = new Date().toISOString();
  const job: JobRecord = {
    id,
    type: input.type,
    status: "queued",
    source: input.source,
    params: input.params,
    createdAt: now,
    updatedAt: now,
    step: 0,
    steps: [],
    attempts: 0,
    retries: 0,
    messageIds: [],
    progress: type.progress(state),
    errors: [],
    state,
  };
  await saveJob(rt.store, job);
  const holder = await claimActiveJob(rt.store, id, ACTIVE_TTL_SECONDS);
  if (holder !== null) {
    const other = await liveActiveJob(rt, holder);
    const retry = other ? holder : await claimActiveJob(rt.store, id, ACTIVE_TTL_SECONDS, holder);
    if (retry !== null) {
      await deleteJob(rt.store, id);
      const winner = other ?? (await getJob(rt.store, retry));
      if (winner) return { job: winner, coalesced: true };
      throw new Error("Another job took the active slot and vanished; try again.");
    }
  }
  if (!rt.queue) return { job, coalesced: false };
  const saved = structuredClone(job);
  try {
    job.messageIds.push(await rt.queue.publishStep({ jobId: id, step: 1 }));
  } catch (error) {
    await endJob(rt, job, "failed", `Could not publish the first step to QStash: ${messageOf(error)}`);
    throw error;
  }
  // Step 1 may be running already: record the message id only where the worker has not moved on.
  await saveJobIfUnchanged(rt.store, saved, job);
  return { job, coalesced: false };
}

/** The active job if it is alive; a dead one is failed on the way (never `running` forever). */
async function liveActiveJob(rt: JobRuntime, knownId?: string): Promise<JobRecord | null> {
  const id = knownId ?? (await activeJobId(rt.store));
  if (!id) return null;
  const job = await getJob(rt.store, id);
  if (!job || isTerminal(job.status)) return null;
  if (!isDead(rt, job)) return job;
  await endJob(rt, job, "failed", "The job made no progress for too long: its worker stopped.");
  return null;
}

/** Put a job in a terminal state, free the active slot and notify. */
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
  job.durationMs = now.getTime() - Date.parse(job.startedAt ?? job.createdAt);
  if (lastError !== undefined) job.lastError = lastError;
  if (errors) job.errors = errors;
  await saveJob(rt.store, job);
  await releaseActiveJob(rt.store, job.id);
  rt.log.info("job_ended", {
    jobId: job.id,
    status,
    durationMs: job.durationMs,
    counters: job.progress.counters,
  });
  await notifyJobEnded(rt.notifyUrl, job, rt.log);
  return job;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
