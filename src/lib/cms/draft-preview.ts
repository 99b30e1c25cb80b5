import { draftMode } from "next/headers";
import { z } from "zod";
import { hasAdminSession } from "../admin/guard";
import { pathOf } from "../site/site-paths";

/** The signed-in owner, or false (no cookie, a bad one, or no secret configured). */
async function isOwner(): Promise<boolean> {
  try {
    return await hasAdminSession();
  } catch {
    return false;
  }
}

/**
 * Whether this request may see drafts: Next's draft mode is on AND it carries a valid owner session.
 * Draft mode alone is not enough: its cookie outlives a sign-out.
 */
export async function canPreviewDrafts(): Promise<boolean> {
  if (!(await draftMode()).isEnabled) return false;
  return isOwner();
}

const previewQuery = z.object({
  slug: z
    .string()
    .max(1000)
    .regex(/^[^\s?#]*$/, "a slug has no spaces, ? or #")
    .transform((s) => s.replace(/^\/+|\/+$/g, "").toLowerCase()),
  exit: z.enum(["1"]).optional(),
});

function json(status: number, error: string): Response {
  return Response.json({ ok: false, error }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * GET /api/preview?slug=…: for the signed-in owner only, turn on Next's draft mode and go to the page;
 * `exit=1` turns it off again.
 */
export async function previewResponse(params: URLSearchParams): Promise<Response> {
  const parsed = previewQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    return json(
      400,
      "Expected ?slug=<page slug> (and optionally exit=1), e.g. /api/preview?slug=blog/my-draft.",
    );
  }
  if (!(await isOwner())) {
    return json(401, "Sign in to the dashboard (/admin/login) to preview drafts.");
  }
  const draft = await draftMode();
  if (parsed.data.exit) draft.disable();
  else draft.enable();
  return new Response(null, {
    status: 307,
    headers: { location: pathOf(parsed.data.slug), "cache-control": "no-store" },
  });
}
