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
import { saveWebhookToken } from "../store/webhook-token";
import { SYNC_JOB } from "../sync/job";
import type { SyncParams } from "../sync/types";
import { errorResponse, fail, json } from "./responses";

const DEDUP_SECONDS = 30;

const NotionId = z.string().regex(/^[0-9a-f-]{32,36}$/i);

const Event = z.object({
  type: z.string().max(100),
  entity: z.object({ id: NotionId, type: z.string().max(50) }).optional(),
  data: z
    .object({ parent: z.object({ id: NotionId }).optional() })
    .passthrough()
    .optional(),
});

const Handshake = z.object({ verification_token: z.string().min(1).max(500) });

/** Events that change where a page is, or whether it exists: search cannot show those, so recheck. */
const STRUCTURAL = /^page\.(created|deleted|undeleted|moved)$|^(database|data_source)\./;

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
      const handshake = Handshake.safeParse(body);
      if (!handshake.success) return fail(400, "verification_token must be a non-empty string.");
      const runtime = rt ?? getRuntime();
      await saveWebhookToken(runtime.store, handshake.data.verification_token, new Date().toISOString());
      // Never log the token itself: it is the signing secret. Notion shows it nowhere, so the dashboard does.
      console.info(
        JSON.stringify({
          level: "info",
          event: "notion_webhook_verification",
          message:
            "Notion sent a webhook verification token. Sign in to the dashboard (/admin): its overview shows the token for 24 hours. Paste it into Notion's Verify dialog and into NOTION_WEBHOOK_SECRET, then redeploy.",
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
    const { type, entity, data } = event.data;
    const runtime = rt ?? getRuntime();
    const structural = STRUCTURAL.test(type);
    const pageEvent = type.startsWith("page.") && entity?.type === "page" && !structural;
    if (!pageEvent && !structural) return json({ ok: true, ignored: type });
    const subject = entity ? dashed(entity.id) : "workspace";
    if (!(await claimWebhookWindow(runtime.store, subject, type, DEDUP_SECONDS))) {
      return json({ ok: true, deduplicated: true });
    }
    // A structural event: the next sync rereads the entity and its parent (new and old), so a deleted
    // page leaves the site on the sync this event starts.
    const recheck = [entity?.id, data?.parent?.id].filter((id): id is string => Boolean(id)).map(dashed);
    const params: SyncParams = pageEvent
      ? { mode: "page", page: dashed(entity.id) }
      : { mode: "incremental", ...(recheck.length > 0 ? { recheck } : {}) };
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
