import { z } from "zod";
import { endJob } from "../jobs/lifecycle";
import type { JobRuntime } from "../jobs/runtime";
import { isTerminal } from "../jobs/types";
import { getRuntime } from "../runtime";
import { getJob, saveJob } from "../store/jobs";
import { errorResponse, fail, json } from "./responses";
import { readSignedBody } from "./signed-body";
import { StepMessageSchema } from "./worker";

const CallbackBody = z.object({
  status: z.number().optional(),
  body: z.string().optional(),
  sourceBody: z.string(),
  sourceMessageId: z.string().optional(),
  dlqId: z.string().optional(),
  retried: z.number().optional(),
});

function decode(base64: string | undefined): string {
  return base64 ? Buffer.from(base64, "base64").toString("utf8") : "";
}

/** The error our worker answered with, when it answered JSON `{error}`. */
function lastErrorOf(status: number | undefined, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") return `Worker answered ${status ?? "?"}: ${parsed.error}`;
  } catch {
    // not JSON: fall through
  }
  return `Worker answered ${status ?? "?"} on every attempt${body ? `: ${body.slice(0, 200)}` : ""}`;
}

/** POST /api/sync/callback: QStash (failure) callbacks, signed like deliveries. */
export async function handleCallback(request: Request, rt?: JobRuntime): Promise<Response> {
  try {
    const runtime = rt ?? getRuntime();
    const body = await readSignedBody(request, runtime.queue, "callback");
    if (!body.verified) {
      return fail(401, "Missing or invalid Upstash-Signature: this endpoint only accepts QStash callbacks.");
    }
    if (body.json === undefined) return fail(400, "The callback body is not JSON.");
    const callback = CallbackBody.safeParse(body.json);
    if (!callback.success) return fail(400, "Not a QStash callback body.");
    let source: unknown;
    try {
      source = JSON.parse(decode(callback.data.sourceBody));
    } catch {
      return json({ ok: true, ignored: "the source message is not a step message" });
    }
    const message = StepMessageSchema.safeParse(source);
    if (!message.success) return json({ ok: true, ignored: "the source message is not a step message" });
    const job = await getJob(runtime.store, message.data.jobId);
    if (!job) return json({ ok: true, ignored: "unknown job" });
    if (!callback.data.dlqId) return json({ ok: true, jobId: job.id, status: job.status });
    job.dlqId = callback.data.dlqId;
    const lastError = lastErrorOf(callback.data.status, decode(callback.data.body));
    if (isTerminal(job.status)) await saveJob(runtime.store, job);
    else
      await endJob(
        runtime,
        job,
        "failed",
        `Step ${message.data.step} failed every attempt (DLQ ${job.dlqId}). ${lastError}`,
      );
    return json({ ok: true, jobId: job.id, status: job.status, dlqId: job.dlqId });
  } catch (error) {
    return errorResponse(error);
  }
}
