import { z } from "zod";
import { hasValidSecret, SESSION_COOKIE, verifySession } from "../auth";
import { cancelJob } from "../jobs/control";
import { isJobStateError } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import type { JobRecord } from "../jobs/types";
import { getRuntime } from "../runtime";
import { getJob, listJobs } from "../store/jobs";
import { getStore, type Store } from "../store/redis";
import { errorResponse, fail, json, unauthorized } from "./responses";

/** The status API's view of a job: everything but the engine's internal state. */
export function publicJob(job: JobRecord) {
  const { state: _state, ...rest } = job;
  return rest;
}

function cookieOf(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join("="));
    } catch {
      return undefined; // not valid percent-encoding: no session, rather than a 500
    }
  }
  return undefined;
}

/** The secret (any accepted form) or a dashboard session cookie. */
export async function isAuthorized(request: Request): Promise<boolean> {
  return hasValidSecret(request) || (await verifySession(cookieOf(request, SESSION_COOKIE)));
}

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** GET /api/sync/jobs */
export async function handleListJobs(request: Request, store?: Store): Promise<Response> {
  try {
    if (!(await isAuthorized(request))) return unauthorized();
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = ListQuery.safeParse({ limit: params.limit, offset: params.offset });
    if (!query.success) return fail(400, "Bad request: limit must be 1–100 and offset 0–10000.");
    const { jobs, total } = await listJobs(store ?? getStore(), query.data);
    return json({ ok: true, total, ...query.data, jobs: jobs.map(publicJob) });
  } catch (error) {
    return errorResponse(error);
  }
}

const JOB_ID = /^j[0-9a-z]{6,30}$/;

/**
 * POST /api/sync/jobs/{jobId}/cancel: 200 `cancelled` when the job ended now (it was between steps),
 * 202 `requested` when its running step stops at its next checkpoint; 409 when it has ended already.
 */
export async function handleCancelJob(request: Request, jobId: string, rt?: JobRuntime): Promise<Response> {
  try {
    if (!(await isAuthorized(request))) return unauthorized();
    if (!JOB_ID.test(jobId)) return fail(400, `"${jobId.slice(0, 40)}" is not a job id.`);
    const result = await cancelJob(rt ?? getRuntime(), jobId);
    if (!result) return fail(404, `No job ${jobId} (jobs are kept for 30 days or the last 500).`);
    return json(
      { ok: true, outcome: result.outcome, job: publicJob(result.job) },
      result.outcome === "cancelled" ? 200 : 202,
    );
  } catch (error) {
    if (isJobStateError(error)) return fail(409, error.message);
    return errorResponse(error);
  }
}

/** GET /api/sync/jobs/{jobId} */
export async function handleGetJob(request: Request, jobId: string, store?: Store): Promise<Response> {
  try {
    if (!(await isAuthorized(request))) return unauthorized();
    if (!JOB_ID.test(jobId)) return fail(400, `"${jobId.slice(0, 40)}" is not a job id.`);
    const job = await getJob(store ?? getStore(), jobId);
    if (!job) return fail(404, `No job ${jobId} (jobs are kept for 30 days or the last 500).`);
    return json({ ok: true, job: publicJob(job) });
  } catch (error) {
    return errorResponse(error);
  }
}
