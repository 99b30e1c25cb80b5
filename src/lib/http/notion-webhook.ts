import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "../auth";
import { syncTuning } from "../config";
import { isJobInputError } from "../jobs/errors";
import type { JobRuntime } from "../jobs/runtime";
import { startJob } from "../jobs/start";
import { dashed } from "../notion/reshape-text";
import { getRuntime } from "../runtime";
import { claimWebhookWindow, releaseWebhookWindow } from "../store/webhook-dedup";
import { SYNC_JOB } from "../sync/job";
import type { SyncParams } from "../sync/types";
import { errorResponse, fail, json } from "./responses";

const DEDUP_SECONDS = 30;

const Event = z.object({
  type: z.string().max(100),
  entity: z.object({ id: z.string().max(100), type: z.string().max(50) }).optional(),
});

/** `sha256=<hex HMAC-SHA256 of the raw body>`, keyed by the verification token; compared in constant time. */
export function validNotionSignature(raw: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
  return safeEqual(header, expected);
}

/** POST /api/notion/webhook: the verification handshake, then signed events → deduplicated syncs. */
export async function handleNotionWebhook(request: Request, rt?: JobRuntime): Promise<Response> {
  try {
    const raw = await request.text();
    if (raw.length > 1_000_000) return fail(413, "Payload too large.");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return fail(400, "The body is not JSON.");
    }
    const secret = syncTuning().webhookSecret;
    if (body && typeof body === "object" && "verification_token" in body) {
      // Never log the token itself: it is the signing secret.
      console.info(
        JSON.stringify({
          level: "info",
          event: "notion_webhook_verification",
          message:
            "Notion sent a webhook verification token. Copy it from the Notion integration's Webhooks tab into NOTION_WEBHOOK_SECRET, redeploy, then press Verify in Notion.",
        }),
      );
      return json({ ok: true, verification: "received" });
    }
    if (!secret) return fail(401, "Webhooks are not configured: set NOTION_WEBHOOK_SECRET.");
    if (!validNotionSignature(raw, request.headers.get("x-notion-signature"), secret)) {
      return fail(401, "Invalid X-Notion-Signature.");
    }
    const event = Event.safeParse(body);
    if (!event.success) return json({ ok: true, ignored: "not an event this app handles" });
    const { type, entity } = event.data;
    const runtime = rt ?? getRuntime();
    const pageEvent =
      type.startsWith("page.") && entity?.type === "page" && !/created|deleted|moved|undeleted/.test(type);
    const structural =
      pageEvent ||
      type.startsWith("page.") ||
      type.startsWith("database.") ||
      type.startsWith("data_source.");
    if (!structural) return json({ ok: true, ignored: type });
    const subject = pageEvent ? dashed(entity.id) : "workspace";
    if (!(await claimWebhookWindow(runtime.store, subject, type, DEDUP_SECONDS))) {
      return json({ ok: true, deduplicated: true });
    }
    const params: SyncParams = pageEvent
      ? { mode: "page", page: dashed(entity.id) }
      : { mode: "incremental" };
    try {
      const result = await enqueueForEvent(runtime, params);
      return json({ ok: true, jobId: result.job.id, coalesced: result.coalesced }, 202);
    } catch (error) {
      // Nothing was queued: let Notion's retry of this event through rather than deduplicate it.
      await releaseWebhookWindow(runtime.store, subject).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    return errorResponse(error);
  }
}

async function enqueueForEvent(runtime: JobRuntime, params: SyncParams) {
  try {
    return await startJob(runtime, SYNC_JOB, params, "webhook");
  } catch (error) {
    // A page the site does not have yet: an incremental sync finds it.
    if (!isJobInputError(error)) throw error;
    return startJob(runtime, SYNC_JOB, { mode: "incremental" }, "webhook");
  }
}
