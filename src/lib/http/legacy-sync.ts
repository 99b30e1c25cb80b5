import { hasValidSecret } from "../auth";
import { syncTuning } from "../config";
import { isJobInputError, isNonRetryable, isRetryLater } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { startJob } from "../jobs/start";
import { runInline } from "../jobs/step-runner";
import { getRuntime } from "../runtime";
import { SYNC_JOB } from "../sync/job";
import { publicJob } from "./jobs";
import { readTriggerInput, TriggerInput } from "./request-body";
import { describeZod, errorResponse, fail, json, unauthorized } from "./responses";
import { syncParamsOf, triggerResponse } from "./trigger";

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
    const read = readTriggerInput(request, "");
    if (!read.ok) return fail(read.status, read.error);
    const parsed = TriggerInput.safeParse(read.raw);
    if (!parsed.success) return fail(400, `Bad request: ${describeZod(parsed.error)}`);
    const runtime = rt ?? getRuntime();
    // Record the job without publishing: this request runs the first steps itself.
    const started = await startJob(
      runtime,
      SYNC_JOB,
      syncParamsOf(parsed.data),
      parsed.data.source ?? "manual",
      {
        inline: true,
      },
    );
    if (started.coalesced || started.queuedBehind) return triggerResponse(started);
    const maxMs = syncTuning().legacyBudgetMs ?? routeBudgetMs;
    const { job, handedOff } = await runInline(runtime, started.job.id, { maxMs });
    if (handedOff) return triggerResponse({ job, coalesced: false });
    const ok = job.status === "completed" || job.status === "completed_with_errors";
    return json({ ok, job: publicJob(job) }, ok ? 200 : 500);
  } catch (error) {
    if (isJobInputError(error)) return fail(400, error.message);
    if (isNonRetryable(error)) return fail(500, `The sync failed: ${error.message}`);
    if (isRetryLater(error)) return fail(409, "Another sync step is running right now; try again shortly.");
    return errorResponse(error);
  }
}
