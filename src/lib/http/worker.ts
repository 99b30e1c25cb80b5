import { z } from "zod";
import { isConfigError } from "../config";
import { isNonRetryable, isRetryLater } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { runDelivery } from "../jobs/step-runner";
import { getRuntime } from "../runtime";
import { errorResponse, fail, json } from "./responses";
import { readSignedBody } from "./signed-body";

export const StepMessageSchema = z.object({
  jobId: z.string().regex(/^j[0-9a-z]{6,30}$/, "must be a job id"),
  step: z.number().int().min(1).max(1_000_000),
});

/** 489 + Upstash-NonRetryable-Error: QStash moves the message to the DLQ at once instead of retrying. */
function nonRetryable(error: string): Response {
  return json({ ok: false, error }, 489, { "Upstash-NonRetryable-Error": "true" });
}

/** POST /api/sync/worker: only QStash-signed deliveries run a step. */
export async function handleWorker(request: Request, rt?: JobRuntime): Promise<Response> {
  try {
    const runtime = rt ?? getRuntime();
    const queue = runtime.queue;
    const body = await readSignedBody(request, queue, "worker");
    if (!body.verified || !queue) {
      return fail(401, "Missing or invalid Upstash-Signature: this endpoint only accepts QStash deliveries.");
    }
    if (body.json === undefined) return nonRetryable('The body is not JSON: expected {"jobId":…,"step":…}.');
    const message = StepMessageSchema.safeParse(body.json);
    if (!message.success) return nonRetryable(`Malformed step message: ${message.error.issues[0]?.message}`);
    const retried = Number(request.headers.get("upstash-retried") ?? "0") || 0;
    const lastAttempt = retried >= queue.maxRetries;
    const outcome = await runDelivery(runtime, { ...message.data, retried, lastAttempt });
    return json({
      ok: true,
      outcome: outcome.kind,
      ...(outcome.kind === "ignored" ? { reason: outcome.reason } : {}),
      jobId: outcome.job.id,
      status: outcome.job.status,
      step: outcome.job.step,
    });
  } catch (error) {
    if (isNonRetryable(error)) return nonRetryable(error.message);
    if (isRetryLater(error)) {
      return json({ ok: false, error: error.message }, 503, {
        "Retry-After": String(error.retryAfterSeconds),
      });
    }
    if (error instanceof Error && !isConfigError(error)) {
      // Retryable: QStash tries again and the step resumes from its last checkpoint.
      return fail(500, `Step failed and will be retried: ${error.message}`);
    }
    return errorResponse(error);
  }
}
