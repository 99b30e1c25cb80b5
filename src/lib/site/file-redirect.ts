import { z } from "zod";
import { isConfigError, notionConfig } from "../config";
import {
  createFileUrlSource,
  isFileUrlError,
  type FileUrlSource,
  type FreshFileUrl,
} from "../notion/file-url";
import { cacheFileUrl, FILE_URL_MARGIN_MS, readCachedFileUrl } from "../store/file-urls";
import { getStore, type Store } from "../store/redis";
import { normalizeNotionId } from "./notion-id";

export interface FileRedirectDeps {
  store: Store;
  source: FileUrlSource;
  now?: () => number;
  logger?: Pick<Console, "warn">;
}

const fileRequest = z.object({
  ownerId: z
    .string()
    .transform(
      (id, ctx) => normalizeNotionId(id) ?? (ctx.addIssue({ code: "custom", message: "bad id" }), z.NEVER),
    ),
  field: z.enum(["block", "cover", "icon"]),
});

const MESSAGES = {
  ownerId: "Invalid id: expected a Notion block or page id (32 hex digits, dashes optional).",
  field: "Invalid field: expected one of block, cover, icon (default block).",
} as const;

const STATUS = { not_found: 404, no_file: 404, not_notion_hosted: 404, unavailable: 502 } as const;

function json(status: number, error: string, code: string): Response {
  return Response.json({ ok: false, code, error }, { status, headers: { "Cache-Control": "no-store" } });
}

function redirect(file: FreshFileUrl, now: number): Response {
  // Browsers and CDNs may reuse the redirect while the URL stays valid, for at most half an hour.
  const seconds = Math.min(1800, Math.floor((Date.parse(file.expiresAt) - now - FILE_URL_MARGIN_MS) / 1000));
  return new Response(null, {
    status: 302,
    headers: { Location: file.url, "Cache-Control": seconds > 0 ? `public, max-age=${seconds}` : "no-store" },
  });
}

/**
 * GET /api/files/{id}?field=block|cover|icon: a 302 to a fresh URL of a Notion-hosted file, from the cache
 * when it has one that stays valid for 5 more minutes, else from Notion (and then cached).
 */
export async function serveFileRedirect(
  input: { ownerId: string; field: string | null },
  deps?: Partial<FileRedirectDeps>,
): Promise<Response> {
  const parsed = fileRequest.safeParse({ ownerId: input.ownerId, field: input.field ?? "block" });
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.path[0] === "field" ? "field" : "ownerId";
    return json(400, MESSAGES[key], "invalid_request");
  }
  const { ownerId, field } = parsed.data;
  let resolved: FileRedirectDeps;
  try {
    resolved = {
      store: deps?.store ?? getStore(),
      source: deps?.source ?? createFileUrlSource(notionConfig()),
      now: deps?.now,
      logger: deps?.logger,
    };
  } catch (error) {
    if (isConfigError(error)) return json(500, error.message, error.code);
    throw error;
  }
  const now = resolved.now ?? Date.now;
  const cached = await readCachedFileUrl(resolved.store, ownerId, field, now());
  if (cached) return redirect(cached, now());
  try {
    const fresh = await resolved.source.fetchFileUrl(ownerId, field);
    await cacheFileUrl(resolved.store, ownerId, field, fresh, now());
    return redirect(fresh, now());
  } catch (error) {
    if (!isFileUrlError(error)) throw error;
    if (error.code === "unavailable") (resolved.logger ?? console).warn(`[files] ${error.message}`);
    return json(STATUS[error.code], error.message, error.code);
  }
}
