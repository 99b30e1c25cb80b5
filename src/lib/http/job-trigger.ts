import { z } from "zod";
import { appUrl } from "../config";
import { isJobInputError } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { startJob, type StartResult } from "../jobs/start";
import { getQueue } from "../queue/qstash";
import { getRuntime } from "../runtime";
import { BodyTooLargeError, MAX_TRIGGER_BODY_BYTES, readCappedText } from "./request-body";
import { errorResponse, fail, json, unauthorized } from "./responses";
import { authenticate, startOnce, type Answered } from "./trigger";

/** The body is the job's parameters: a JSON object (empty body: `{}`), checked by the type's own schema. */
const ParamsObject = z.record(z.string(), z.unknown());

function parseBody(text: string): Record<string, unknown> | null {
  if (!text.trim()) return {};
  try {
    const parsed = ParamsObject.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The sync trigger's answer, with the type and its parameters instead of the sync's force/page. */
export function jobStartedResponse(
  result: StartResult,
  { status = 202, deduplicated }: Answered = {},
): Response {
  const base = appUrl();
  const { job } = result;
  return json(
    {
      ok: true,
      jobId: job.id,
      messageId: job.messageIds[0] ?? null,
      status: job.status,
      type: job.type,
      params: job.params,
      ...(result.coalesced ? { coalesced: true } : {}),
      ...(result.queuedBehind ? { queuedBehind: result.queuedBehind } : {}),
      ...(deduplicated ? { deduplicated } : {}),
      workerUrl: `${base}/api/sync/worker`,
      statusUrl: `${base}/api/sync/jobs/${job.id}`,
      dashboardUrl: `${base}/admin/jobs/${job.id}`,
    },
    status,
  );
}

/**
 * POST /api/jobs/{type}/trigger: start a job of any registered type. Authenticated like the sync trigger
 * (the secret, or a QStash schedule signed for this exact URL) before the size-capped body is read; the
 * body is the parameters, validated by the type's schema (400), and an unknown type is a 404.
 */
export async function handleJobTrigger(
  request: Request,
  typeName: string,
  rt?: JobRuntime,
): Promise<Response> {
  try {
    const runtime = rt ?? getRuntime();
    const auth = await authenticate(request, {
      queue: runtime.queue ?? getQueue(),
      url: (queue) => queue.urls.jobTrigger(typeName),
    });
    if (!auth.source) return unauthorized();
    if (!Object.hasOwn(runtime.types, typeName)) {
      const types = Object.keys(runtime.types);
      return fail(
        404,
        `Unknown job type ${JSON.stringify(typeName.slice(0, 60))}: one of ${types.join(", ")}.`,
        {
          types,
        },
      );
    }
    const params = parseBody(auth.body ?? (await readCappedText(request, MAX_TRIGGER_BODY_BYTES)));
    if (!params) {
      return fail(
        400,
        'Bad request: the body must be a JSON object of the job\'s parameters, like {"items":3}.',
      );
    }
    const source = auth.source;
    const start = () => startJob(runtime, typeName, params, source);
    return await startOnce(runtime, request, source, start, jobStartedResponse);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(413, `Payload too large: ${error.message}`);
    if (isJobInputError(error)) return fail(400, error.message);
    return errorResponse(error);
  }
}
