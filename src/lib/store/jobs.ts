import type { JobRecord } from "../jobs/types";
import type { Store } from "./redis";

const JOB_TTL_SECONDS = 30 * 24 * 3600;
const KEEP_JOBS = 500;

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
 * Save `job` only if the stored record is still `saved` (the job as the caller last saved it). Used
 * after publishing a step: QStash may already have delivered it and the worker saved newer progress,
 * which an older copy must never roll back. Returns false (and writes nothing) when the record moved on.
 */
export async function saveJobIfUnchanged(store: Store, saved: JobRecord, job: JobRecord): Promise<boolean> {
  const result = await store.redis.eval(
    SAVE_IF_UNCHANGED,
    [store.keys.job(job.id)],
    [JSON.stringify(saved), JSON.stringify(job), String(JOB_TTL_SECONDS)],
  );
  return Number(result) === 1;
}

export async function getJob(store: Store, jobId: string): Promise<JobRecord | null> {
  const json = await store.redis.get<string>(store.keys.job(jobId));
  return json ? (JSON.parse(json) as JobRecord) : null;
}

export async function deleteJob(store: Store, jobId: string): Promise<void> {
  const p = store.redis.pipeline();
  p.del(store.keys.job(jobId));
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
  const values = await store.redis.mget<(string | null)[]>(...ids.map((id) => store.keys.job(id)));
  const jobs = values.filter((v): v is string => Boolean(v)).map((v) => JSON.parse(v) as JobRecord);
  return { jobs, total: Number(total) };
}

// The active-job pointer: set only if absent, or if it still points at `expected` (a dead job).
const CLAIM_ACTIVE = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[2] then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return false
`;

const RELEASE_ACTIVE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Make `jobId` the one active job. Returns null when claimed, else the id of the job that is active.
 * `replacing` names a dead job whose pointer may be taken over.
 */
export async function claimActiveJob(
  store: Store,
  jobId: string,
  ttlSeconds: number,
  replacing = "",
): Promise<string | null> {
  const result = await store.redis.eval<string[], string | null>(
    CLAIM_ACTIVE,
    [store.keys.activeJob],
    [jobId, replacing, String(ttlSeconds)],
  );
  return typeof result === "string" ? result : null;
}

export async function activeJobId(store: Store): Promise<string | null> {
  return store.redis.get<string>(store.keys.activeJob);
}

export async function releaseActiveJob(store: Store, jobId: string): Promise<void> {
  await store.redis.eval(RELEASE_ACTIVE, [store.keys.activeJob], [jobId]);
}
