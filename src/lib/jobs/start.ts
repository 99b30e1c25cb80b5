import { isDeepStrictEqual } from "node:util";
import type { ZodError } from "zod";
import { claimJobSlot, deleteJob, getJob, saveJob, saveJobIfUnchanged } from "../store/jobs";
import { JobInputError } from "./errors";
import {
  claimActive,
  liveJobInSlot,
  newJobId,
  publishFirstStep,
  SLOT_TTL_SECONDS,
  startQueuedJob,
} from "./lifecycle";
import { jobTypeOf, type JobRuntime } from "./runtime";
import type { JobDefinition, JobRecord, TriggerSource } from "./types";

export interface StartResult {
  job: JobRecord;
  /** The request joined a job that already covers it (the running one, or the one queued after it). */
  coalesced: boolean;
  /** The job waits for the running one to end (its own id, status `queued`). */
  queuedBehind?: string;
}

export interface StartOptions {
  /** Record the job but do not publish its first step: the caller runs it in-process (the legacy route). */
  inline?: boolean;
}

/** "force: expected one of 1, 0, true, false; page: …": zod's issues, each with the field it is about. */
export function describeIssues(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}

function newRecord<P, S>(
  type: JobDefinition<P, S>,
  id: string,
  params: P,
  state: S,
  source: TriggerSource,
): JobRecord {
  const now = new Date().toISOString();
  return {
    id,
    type: type.type,
    status: "queued",
    source,
    params,
    createdAt: now,
    updatedAt: now,
    step: 0,
    steps: [],
    attempts: 0,
    retries: 0,
    messageIds: [],
    progress: type.describe(state),
    errors: [],
    state,
  };
}

/**
 * Start a job of a registered type: the one entry point for the trigger, the legacy route, webhooks, the
 * dashboard, the CLI and schedules. Parameters are validated (and `start` run) the same way whether or
 * not a job is running, so bad input is a JobInputError every time. Then, per concurrency key:
 * - nothing active: the job is recorded and its first step published;
 * - the active job satisfies the request: that job is returned (`coalesced`);
 * - otherwise the request is queued to run right after it (at most one queued job per key; later
 *   requests are merged into that one).
 */
export async function startJob(
  rt: JobRuntime,
  typeName: string,
  rawParams: unknown,
  source: TriggerSource,
  options: StartOptions = {},
): Promise<StartResult> {
  const type = jobTypeOf(rt, typeName);
  const parsed = type.params.safeParse(rawParams);
  if (!parsed.success) throw new JobInputError(`Bad request: ${describeIssues(parsed.error)}`);
  const params: unknown = parsed.data;
  const key = type.concurrency(params);
  const id = newJobId();
  const state: unknown = await type.start(params, { jobId: id });

  const active = await liveJobInSlot(rt, "active", key);
  if (!active) {
    const job = newRecord(type, id, params, state, source);
    await saveJob(rt.store, job);
    const holder = await claimActive(rt, key, id);
    if (!holder) return { job: options.inline ? job : await publishFirstStep(rt, job), coalesced: false };
    await deleteJob(rt.store, id);
    return joinOrQueue(rt, type, holder, newRecord(type, id, params, state, source));
  }
  return joinOrQueue(rt, type, active, newRecord(type, id, params, state, source));
}

/** `candidate`: the record this request would start (not saved yet). */
async function joinOrQueue(
  rt: JobRuntime,
  type: JobDefinition,
  active: JobRecord,
  candidate: JobRecord,
): Promise<StartResult> {
  // In-process runs have no queue to start a follow-up job from: they join the active job.
  if (!rt.queue || (active.type === type.type && type.satisfies(active.params, candidate.params))) {
    return { job: active, coalesced: true };
  }
  return { ...(await queueBehind(rt, type, candidate)), queuedBehind: active.id };
}

async function queueBehind(rt: JobRuntime, type: JobDefinition, candidate: JobRecord): Promise<StartResult> {
  const params = candidate.params;
  const key = type.concurrency(params);
  for (let attempt = 0; attempt < 3; attempt++) {
    const queued = await liveJobInSlot(rt, "queued", key);
    if (queued) {
      const merged = type.merge(queued.params, params);
      if (isDeepStrictEqual(merged, queued.params)) return { job: queued, coalesced: true };
      const saved = structuredClone(queued);
      queued.params = merged;
      queued.state = await type.start(merged, { jobId: queued.id });
      queued.progress = type.describe(queued.state);
      queued.updatedAt = new Date().toISOString();
      if (await saveJobIfUnchanged(rt.store, saved, queued)) return { job: queued, coalesced: true };
      continue; // it changed under us (merged or started): look again
    }
    const job = candidate;
    const id = job.id;
    await saveJob(rt.store, job);
    if ((await claimJobSlot(rt.store, "queued", key, id, SLOT_TTL_SECONDS)) === null) {
      // The active job may have ended meanwhile: then this one starts now.
      const started = await startQueuedJob(rt, key);
      return { job: started?.id === id ? started : ((await getJob(rt.store, id)) ?? job), coalesced: false };
    }
    await deleteJob(rt.store, id);
  }
  throw new Error("The queue behind the running job kept changing; try again.");
}
