import type { JobProgress, JobRecord } from "../jobs/types";
import type { Store } from "./redis";

const JOB_TTL_SECONDS = 30 * 24 * 3600;
const KEEP_JOBS = 500;

/** Write a job record (and index it). The one write a delivery makes to the record. */
export async function saveJob(store: Store, job: JobRecord): Promise<void> {
  const p = store.redis.pipeline();
  p.set(store.keys.job(job.id), JSON.stringify(job), { ex: JOB_TTL_SECONDS });
  p.zadd(store.keys.jobs, { score: Date.parse(job.createdAt), member: job.id });
  await p.exec();
}

// Compare-and-set of a job record: written only if it still holds exactly what the caller last saved.
const SAVE_IF_UNCHANGED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

/**
 * Save `job` only if the stored record is still `saved` (the job as the caller last saved it). Returns
 * false (and writes nothing) when the record moved on.
 */
export async function saveJobIfUnchanged(store: Store, saved: JobRecord, job: JobRecord): Promise<boolean> {
  const result = await store.redis.eval(
    SAVE_IF_UNCHANGED,
    [store.keys.job(job.id)],
    [JSON.stringify(saved), JSON.stringify(job), String(JOB_TTL_SECONDS)],
  );
  return Number(result) === 1;
}

/** What a running step saves beside the record, so readers follow it without rewriting the record. */
export interface JobLive {
  /** The step that is running and since when. */
  running?: { step: number; startedAt: string };
  /** That step's latest progress. */
  progress?: { step: number; at: string; progress: JobProgress };
  /** The message id of the step published last (the record is not rewritten for it). */
  nextMessageId?: string;
  /** When someone asked to cancel the job. */
  cancel?: string;
}

function parseLive(raw: unknown): JobLive {
  if (!raw) return {};
  const flat: Record<string, string> = {};
  if (Array.isArray(raw))
    for (let i = 0; i + 1 < raw.length; i += 2) flat[String(raw[i])] = String(raw[i + 1]);
  else Object.assign(flat, raw);
  const live: JobLive = {};
  if (flat.running) live.running = JSON.parse(flat.running) as JobLive["running"];
  if (flat.progress) live.progress = JSON.parse(flat.progress) as JobLive["progress"];
  if (flat.next) live.nextMessageId = flat.next;
  if (flat.cancel) live.cancel = flat.cancel;
  return live;
}

/** The record as readers see it: a running step's live progress and message id folded in. */
export function withLive(job: JobRecord, live: JobLive): JobRecord {
  if (live.nextMessageId && !job.messageIds.includes(live.nextMessageId))
    job.messageIds.push(live.nextMessageId);
  if (live.cancel && !job.cancelRequestedAt) job.cancelRequestedAt = live.cancel;
  if (job.status !== "queued" && job.status !== "running") return job;
  const next = job.step + 1;
  if (live.running?.step === next) {
    job.status = "running";
    job.startedAt ??= live.running.startedAt;
    if (live.running.startedAt > job.updatedAt) job.updatedAt = live.running.startedAt;
  }
  if (live.progress?.step === next) {
    job.progress = live.progress.progress;
    if (live.progress.at > job.updatedAt) job.updatedAt = live.progress.at;
  }
  return job;
}

/** The stored record only, for the step runner (which owns what the live side says). */
export async function getJobRecord(store: Store, jobId: string): Promise<JobRecord | null> {
  const json = await store.redis.get<string>(store.keys.job(jobId));
  return json ? (JSON.parse(json) as JobRecord) : null;
}

/** A job as readers see it (status API, dashboard, CLI): one round trip for the record and its live side. */
export async function getJob(store: Store, jobId: string): Promise<JobRecord | null> {
  const p = store.redis.pipeline();
  p.get(store.keys.job(jobId));
  p.hgetall(store.keys.jobLive(jobId));
  const [json, live] = await p.exec<[string | null, unknown]>();
  return json ? withLive(JSON.parse(json) as JobRecord, parseLive(live)) : null;
}

export async function deleteJob(store: Store, jobId: string): Promise<void> {
  const p = store.redis.pipeline();
  p.del(store.keys.job(jobId), store.keys.jobLive(jobId));
  p.zrem(store.keys.jobs, jobId);
  await p.exec();
}

/** Newest first. Also forgets jobs beyond the last 500 or older than 30 days. */
export async function listJobs(
  store: Store,
  { offset = 0, limit = 20 }: { offset?: number; limit?: number } = {},
): Promise<{ jobs: JobRecord[]; total: number }> {
  const cutoff = Date.now() - JOB_TTL_SECONDS * 1000;
  const trim = store.redis.pipeline();
  trim.zremrangebyscore(store.keys.jobs, 0, cutoff);
  trim.zremrangebyrank(store.keys.jobs, 0, -(KEEP_JOBS + 1));
  trim.zcard(store.keys.jobs);
  trim.zrange(store.keys.jobs, offset, offset + limit - 1, { rev: true });
  const [, , total, ids] = await trim.exec<[unknown, unknown, number, string[]]>();
  if (ids.length === 0) return { jobs: [], total: Number(total) };
  const read = store.redis.pipeline();
  read.mget(...ids.map((id) => store.keys.job(id)));
  for (const id of ids) read.hgetall(store.keys.jobLive(id));
  const [values, ...lives] = await read.exec<[(string | null)[], ...unknown[]]>();
  const jobs: JobRecord[] = [];
  values.forEach((v, i) => {
    if (v) jobs.push(withLive(JSON.parse(v) as JobRecord, parseLive(lives[i])));
  });
  return { jobs, total: Number(total) };
}

// One command per progress tick: save what changed, keep the hash alive, and say whether to cancel.
const LIVE_TICK = `
for i = 1, #ARGV - 1, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ${JOB_TTL_SECONDS})
return redis.call('HMGET', KEYS[1], 'cancel', 'next')
`;

/**
 * Save a running step's live fields (any of running, progress, next message id) and, in the same
 * command, read back the cancel request and the last published message id.
 */
export async function saveJobLive(
  store: Store,
  jobId: string,
  live: Pick<JobLive, "running" | "progress" | "nextMessageId">,
): Promise<Pick<JobLive, "cancel" | "nextMessageId">> {
  const args: string[] = [];
  if (live.running) args.push("running", JSON.stringify(live.running));
  if (live.progress) args.push("progress", JSON.stringify(live.progress));
  if (live.nextMessageId) args.push("next", live.nextMessageId);
  args.push("");
  const [cancel, next] = await store.redis.eval<string[], (string | null)[]>(
    LIVE_TICK,
    [store.keys.jobLive(jobId)],
    args,
  );
  return { ...(cancel ? { cancel } : {}), ...(next ? { nextMessageId: next } : {}) };
}

/** Ask a job to cancel: its running step reads this at its next progress tick or checkpoint. */
export async function requestJobCancel(store: Store, jobId: string, at: string): Promise<void> {
  const p = store.redis.pipeline();
  p.hset(store.keys.jobLive(jobId), { cancel: at });
  p.expire(store.keys.jobLive(jobId), JOB_TTL_SECONDS);
  await p.exec();
}

/** When a cancel was requested for a job (null: never). */
export async function cancelRequestedAt(store: Store, jobId: string): Promise<string | null> {
  return await store.redis.hget<string>(store.keys.jobLive(jobId), "cancel");
}

// A slot pointer (active or queued): set only if absent, or if it still points at `expected` (a dead job).
const CLAIM_SLOT = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[2] then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return false
`;

const RELEASE_SLOT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type Slot = "active" | "queued";

function slotKey(store: Store, slot: Slot, concurrencyKey: string): string {
  return slot === "active" ? store.keys.activeJob(concurrencyKey) : store.keys.queuedJob(concurrencyKey);
}

/**
 * Make `jobId` the one active (or queued) job of `concurrencyKey`. Returns null when claimed, else the id
 * of the job that holds the slot. `replacing` names a dead job whose pointer may be taken over.
 */
export async function claimJobSlot(
  store: Store,
  slot: Slot,
  concurrencyKey: string,
  jobId: string,
  ttlSeconds: number,
  replacing = "",
): Promise<string | null> {
  const result = await store.redis.eval<string[], string | null>(
    CLAIM_SLOT,
    [slotKey(store, slot, concurrencyKey)],
    [jobId, replacing, String(ttlSeconds)],
  );
  return typeof result === "string" ? result : null;
}

export async function jobInSlot(store: Store, slot: Slot, concurrencyKey: string): Promise<string | null> {
  return store.redis.get<string>(slotKey(store, slot, concurrencyKey));
}

export async function releaseJobSlot(
  store: Store,
  slot: Slot,
  concurrencyKey: string,
  jobId: string,
): Promise<void> {
  await store.redis.eval(RELEASE_SLOT, [slotKey(store, slot, concurrencyKey)], [jobId]);
}

// The queued job becomes the active one, only if the active slot is free: one atomic move.
const PROMOTE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local queued = redis.call('GET', KEYS[2])
if not queued then return false end
redis.call('SET', KEYS[1], queued, 'EX', ARGV[1])
redis.call('DEL', KEYS[2])
return queued
`;

/** Move the queued job of `concurrencyKey` into the free active slot; returns its id, or null. */
export async function promoteQueuedJob(
  store: Store,
  concurrencyKey: string,
  ttlSeconds: number,
): Promise<string | null> {
  const result = await store.redis.eval<string[], string | null>(
    PROMOTE,
    [store.keys.activeJob(concurrencyKey), store.keys.queuedJob(concurrencyKey)],
    [String(ttlSeconds)],
  );
  return typeof result === "string" ? result : null;
}

/** The active job id of one concurrency key (the dashboard's "running now"). */
export async function activeJobId(store: Store, concurrencyKey: string): Promise<string | null> {
  return jobInSlot(store, "active", concurrencyKey);
}
