import { z } from "zod";
import { appUrl } from "../config";
import { hasValidSecret } from "../auth";
import { enqueueJob, type EnqueueResult } from "../jobs/lifecycle";
import type { JobRuntime } from "../jobs/runtime";
import type { TriggerSource } from "../jobs/types";
import { isNotionSyncError } from "../notion/errors";
import { getQueue } from "../queue/qstash";
import { getRuntime } from "../runtime";
import { SYNC_JOB } from "../sync/job";
import type { SyncParams } from "../sync/types";
import { describeZod, errorResponse, fail, json, unauthorized } from "./responses";

const flag = z
  .union([z.boolean(), z.enum(["1", "0", "true", "false", "yes", "no", ""])])
  .transform((v) => v === true || v === "1" || v === "true" || v === "yes");

export const TriggerInput = z.object({
  force: flag.optional().default(false),
  page: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(300, "is too long")
    .regex(/^[\p{L}\p{N}/_-]+$/u, "must be a page slug (like blog/my-post) or a Notion page id")
    .optional(),
  source: z.enum(["manual", "cli", "dashboard"]).optional(),
});
export type TriggerInput = z.infer<typeof TriggerInput>;

export function syncParamsOf(input: TriggerInput): SyncParams {
  if (input.page) return { mode: "page", page: input.page };
  return { mode: input.force ? "force" : "incremental" };
}

const INPUT_KEYS = ["force", "page", "source"] as const;

function copyParams(from: URLSearchParams, into: Record<string, unknown>): void {
  for (const key of INPUT_KEYS) {
    const value = from.get(key);
    if (value !== null) into[key] = value;
  }
}

/**
 * Query parameters, merged with the POST body: a JSON object, or form fields (`curl -d force=1`, an HTML
 * form). Any other body is refused rather than ignored, so a typo never runs a different sync than asked.
 * Unknown keys (like `secret`) are ignored.
 */
export function readTriggerInput(
  request: Request,
  text: string,
): z.ZodSafeParseResult<TriggerInput> | "bad-json" {
  const raw: Record<string, unknown> = {};
  copyParams(new URL(request.url).searchParams, raw);
  if (request.method === "POST" && text.trim()) {
    if (request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")) {
      copyParams(new URLSearchParams(text), raw);
      return TriggerInput.safeParse(raw);
    }
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === "object" && !Array.isArray(body)) Object.assign(raw, body);
      else return "bad-json";
    } catch {
      return "bad-json";
    }
  }
  return TriggerInput.safeParse(raw);
}

export function triggerResponse(result: EnqueueResult, status = 202): Response {
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

async function sourceOf(
  request: Request,
  input: TriggerInput,
  rawBody: string,
): Promise<TriggerSource | null> {
  if (hasValidSecret(request)) {
    if (request.headers.get("user-agent")?.startsWith("vercel-cron")) return "cron";
    return input.source ?? "manual";
  }
  // A QStash schedule calls the trigger with a signature instead of the secret.
  const signature = request.headers.get("upstash-signature");
  if (signature) {
    const queue = getQueue();
    if (await queue.verify(signature, rawBody, queue.urls.trigger)) return "schedule";
  }
  return null;
}

/** GET/POST /api/sync/trigger */
export async function handleTrigger(request: Request, rt?: JobRuntime): Promise<Response> {
  try {
    const rawBody = request.method === "POST" ? await request.text() : "";
    const parsed = readTriggerInput(request, rawBody);
    const input = parsed !== "bad-json" && parsed.success ? parsed.data : TriggerInput.parse({});
    const source = await sourceOf(request, input, rawBody);
    if (!source) return unauthorized();
    if (parsed === "bad-json")
      return fail(400, 'Bad request: the body must be a JSON object like {"force":true}.');
    if (!parsed.success) return fail(400, `Bad request: ${describeZod(parsed.error)}`);
    const result = await enqueueJob(rt ?? getRuntime(), {
      type: SYNC_JOB,
      params: syncParamsOf(input),
      source,
    });
    return triggerResponse(result);
  } catch (error) {
    if (isNotionSyncError(error) && error.code === "invalid_request") return fail(400, error.message);
    return errorResponse(error);
  }
}
