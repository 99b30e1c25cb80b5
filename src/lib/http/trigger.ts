import { z } from "zod";
import { appUrl } from "../config";
import { hasValidSecret } from "../auth";
import { isJobInputError } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { startJob, type StartResult } from "../jobs/start";
import type { TriggerSource } from "../jobs/types";
import { getQueue, type Queue } from "../queue/qstash";
import { getRuntime } from "../runtime";
import { releaseDelivery, recordDelivery, takeDelivery } from "../store/delivery-dedup";
import { getJob } from "../store/jobs";
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

/** How a trigger answered: 202 for a job it started or joined, 200 for a QStash message it had taken before. */
export interface Answered {
  status?: number;
  /** A later delivery of a QStash message: the job is the one its first delivery started. */
  deduplicated?: true;
}

export function triggerResponse(
  result: StartResult,
  { status = 202, deduplicated }: Answered = {},
): Response {
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
      ...(deduplicated ? { deduplicated } : {}),
      workerUrl: `${base}/api/sync/worker`,
      statusUrl: `${base}/api/sync/jobs/${job.id}`,
      dashboardUrl: `${base}/admin/jobs/${job.id}`,
    },
    status,
  );
}

/** A QStash message id as QStash writes it; any other header value is not used as a key. */
const MessageId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/**
 * Start a job once per QStash message. A schedule's message is delivered again when an attempt failed
 * or timed out (and, rarely, twice although one succeeded), each time with the same
 * `Upstash-Message-Id`: a later delivery answers 200 with the job the first one started instead of
 * starting another, and 409 while the first is still starting it (QStash retries). A delivery whose
 * start fails gives the message back, so QStash's retry gets through. Callers with the secret start a
 * job on every call, as before.
 */
export async function startOnce(
  rt: JobRuntime,
  request: Request,
  source: TriggerSource,
  start: () => Promise<StartResult>,
  respond: (result: StartResult, answered?: Answered) => Response,
): Promise<Response> {
  const id = MessageId.safeParse(request.headers.get("upstash-message-id"));
  if (source !== "schedule" || !id.success) return respond(await start());
  const messageId = id.data;
  const delivery = await takeDelivery(rt.store, messageId);
  if (!delivery.taken) {
    if (!delivery.jobId) {
      return fail(409, "An earlier delivery of this QStash message is still starting its job; retry later.");
    }
    const job = await getJob(rt.store, delivery.jobId);
    if (!job) return json({ ok: true, jobId: delivery.jobId, deduplicated: true });
    return respond({ job, coalesced: false }, { status: 200, deduplicated: true });
  }
  let result: StartResult;
  try {
    result = await start();
  } catch (error) {
    await releaseDelivery(rt.store, messageId).catch(() => undefined);
    throw error;
  }
  // The job is started: answer so whatever happens to this record. Without it, a later delivery (there is
  // none once this one answers 2xx) would be told 409 until the id expires, never a second job.
  await recordDelivery(rt.store, messageId, result.job.id).catch(() => undefined);
  return respond(result);
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
    const runtime = rt ?? getRuntime();
    const start = () => startJob(runtime, SYNC_JOB, syncParamsOf(parsed.data), source);
    return await startOnce(runtime, request, source, start, triggerResponse);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(413, `Payload too large: ${error.message}`);
    if (isJobInputError(error)) return fail(400, error.message);
    return errorResponse(error);
  }
}
