import { hasValidSecret } from "../auth";
import { syncTuning } from "../config";
import { isNonRetryable, isRetryLater } from "../jobs/errors";
import { enqueueJob } from "../jobs/lifecycle";
import type { JobRuntime } from "../jobs/runtime";
import { runInline } from "../jobs/step-runner";
import { isNotionSyncError } from "../notion/errors";
import { getRuntime } from "../runtime";
import { SYNC_JOB } from "../sync/job";
import { publicJob } from "./jobs";
import { describeZod, errorResponse, fail, json, unauthorized } from "./responses";
import { readTriggerInput, syncParamsOf, triggerResponse } from "./trigger";

/**
 * GET /api/sync, the seed's synchronous endpoint: runs the sync in this request while the budget lasts,
 * then hands whatever remains to QStash and answers 202 with the job. `SYNC_LEGACY_BUDGET_MS` overrides
 * the route's budget (tests make a sync "big" with it).
 */
export async function handleLegacySync(
  request: Request,
  routeBudgetMs: number,
  rt?: JobRuntime,
): Promise<Response> {
  try {
    if (!hasValidSecret(request)) return unauthorized();
    const parsed = readTriggerInput(request, "");
    if (parsed === "bad-json" || !parsed.success) {
      return fail(400, `Bad request: ${parsed === "bad-json" ? "bad JSON" : describeZod(parsed.error)}`);
    }
    const runtime = rt ?? getRuntime();
    // Record the job without publishing: this request runs the first steps itself.
    const queued = await enqueueJob(
      { ...runtime, queue: undefined },
      { type: SYNC_JOB, params: syncParamsOf(parsed.data), source: parsed.data.source ?? "manual" },
    );
    if (queued.coalesced) return triggerResponse(queued);
    const maxMs = syncTuning().legacyBudgetMs ?? routeBudgetMs;
    const { job, handedOff } = await runInline(runtime, queued.job.id, { maxMs });
    if (handedOff) return triggerResponse({ job, coalesced: false });
    const ok = job.status === "completed" || job.status === "completed_with_errors";
    return json({ ok, job: publicJob(job) }, ok ? 200 : 500);
  } catch (error) {
    if (isNotionSyncError(error) && error.code === "invalid_request") return fail(400, error.message);
    if (isNonRetryable(error)) return fail(500, `The sync failed: ${error.message}`);
    if (isRetryLater(error)) return fail(409, "Another sync step is running right now; try again shortly.");
    return errorResponse(error);
  }
}
