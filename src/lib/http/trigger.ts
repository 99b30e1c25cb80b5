import { appUrl } from "../config";
import { hasValidSecret } from "../auth";
import { isJobInputError } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { startJob, type StartResult } from "../jobs/start";
import type { TriggerSource } from "../jobs/types";
import { getQueue, type Queue } from "../queue/qstash";
import { getRuntime } from "../runtime";
import { SYNC_JOB } from "../sync/job";
import type { SyncParams } from "../sync/types";
import {
  BodyTooLargeError,
  MAX_TRIGGER_BODY_BYTES,
  readCappedText,
  readTriggerInput,
  TriggerInput,
} from "./request-body";
import { describeZod, errorResponse, fail, json, unauthorized } from "./responses";

export { readTriggerInput, TriggerInput } from "./request-body";

export function syncParamsOf(input: TriggerInput): SyncParams {
  if (input.page) return { mode: "page", page: input.page };
  return { mode: input.force ? "force" : "incremental" };
}

export function triggerResponse(result: StartResult, status = 202): Response {
  const base = appUrl();
  const { job } = result;
  const params = job.params as SyncParams;
  return json(
    {
      ok: true,
      jobId: job.id,
      messageId: job.messageIds[0] ?? null,
      status: job.status,
      force: params.mode === "force",
      page: params.page ?? null,
      ...(result.coalesced ? { coalesced: true } : {}),
      workerUrl: `${base}/api/sync/worker`,
      statusUrl: `${base}/api/sync/jobs/${job.id}`,
      dashboardUrl: `${base}/admin/jobs/${job.id}`,
    },
    status,
  );
}

/**
 * Who is calling, decided before the body is parsed: the secret (header or query), or a QStash schedule's
 * signature over the (size-capped) raw body, checked against the exact URL the schedule calls (default:
 * the sync trigger's). `body` is the raw body read for that check, if any.
 */
export async function authenticate(
  request: Request,
  target: { queue?: Queue; url?: (queue: Queue) => string } = {},
): Promise<{ source: TriggerSource | null; body?: string }> {
  if (hasValidSecret(request)) {
    return { source: request.headers.get("user-agent")?.startsWith("vercel-cron") ? "cron" : "manual" };
  }
  const signature = request.headers.get("upstash-signature");
  if (!signature) return { source: null };
  const body = await readCappedText(request, MAX_TRIGGER_BODY_BYTES);
  const queue = target.queue ?? getQueue();
  const url = target.url?.(queue) ?? queue.urls.trigger;
  return { source: (await queue.verify(signature, body, url)) ? "schedule" : null, body };
}

/** GET/POST /api/sync/trigger: authenticate first, then read a size-capped body, then start the sync. */
export async function handleTrigger(request: Request, rt?: JobRuntime): Promise<Response> {
  try {
    const auth = await authenticate(request);
    if (!auth.source) return unauthorized();
    const text =
      auth.body ?? (request.method === "POST" ? await readCappedText(request, MAX_TRIGGER_BODY_BYTES) : "");
    const read = readTriggerInput(request, text);
    if (!read.ok) return fail(read.status, read.error);
    const parsed = TriggerInput.safeParse(read.raw);
    if (!parsed.success) return fail(400, `Bad request: ${describeZod(parsed.error)}`);
    const source = auth.source === "manual" ? (parsed.data.source ?? "manual") : auth.source;
    return triggerResponse(await startJob(rt ?? getRuntime(), SYNC_JOB, syncParamsOf(parsed.data), source));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(413, `Payload too large: ${error.message}`);
    if (isJobInputError(error)) return fail(400, error.message);
    return errorResponse(error);
  }
}
