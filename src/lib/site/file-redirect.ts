import { z } from "zod";
import { fileKey } from "../bundle-files";
import { isConfigError, readerBudget, type ReaderBudget } from "../config";
import {
  createFileUrlSource,
  isFileUrlError,
  type FileUrlSource,
  type FreshFileUrl,
} from "../notion/file-url";
import { publishedFileSet, takeReaderCall } from "../store/file-index";
import { readCurrentGeneration } from "../store/current-generation";
import { cacheFileUrl, FILE_URL_MARGIN_MS, readCachedFileUrl } from "../store/file-urls";
import { getNotionApi } from "../runtime";
import { getStore, type Store } from "../store/redis";
import { normalizeNotionId } from "./notion-id";

export interface FileRedirectDeps {
  store: Store;
  source: FileUrlSource;
  /** Whether the published generation shows the file (`<ownerId>:<field>`); the app passes a cached read. */
  isPublished: (key: string) => Promise<boolean>;
  /** The readers' share of Notion's rate budget (FILES_NOTION_SHARE). */
  budget: ReaderBudget;
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

function json(status: number, error: string, code: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { ok: false, code, error },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

// One Notion lookup per file at a time in this process: concurrent requests for it share the answer.
const inflight = new Map<string, Promise<FreshFileUrl>>();

function singleFlight(key: string, lookup: () => Promise<FreshFileUrl>): Promise<FreshFileUrl> {
  let pending = inflight.get(key);
  if (!pending) {
    pending = lookup().finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

class ReaderBudgetSpent extends Error {
  readonly code = "busy";
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
 * GET /api/files/{id}?field=block|cover|icon: a 302 to a fresh URL of a Notion-hosted file that the
 * published site shows (any other id: 404 without a Notion call), from the cache when it has one that
 * stays valid for 5 more minutes, else from Notion (one lookup per file at a time, within the readers'
 * share of the rate budget), and then cached.
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
    const store = deps?.store ?? getStore();
    resolved = {
      store,
      source: deps?.source ?? createFileUrlSource(getNotionApi()),
      isPublished:
        deps?.isPublished ??
        (async (key) => {
          // The app passes its cached read (cached-reads.ts); outside Next, the same in-memory index.
          const generation = await readCurrentGeneration(store);
          return generation !== null && (await publishedFileSet(store, generation)).has(key);
        }),
      budget: deps?.budget ?? readerBudget(),
      now: deps?.now,
      logger: deps?.logger,
    };
  } catch (error) {
    if (isConfigError(error)) return json(500, error.message, error.code);
    throw error;
  }
  const now = resolved.now ?? Date.now;
  const key = fileKey(ownerId, field);
  try {
    if (!(await resolved.isPublished(key))) {
      // Unknown ids, and files of pages that are trashed or unpublished: no Notion call, ever.
      return json(404, `No published page shows a ${field} file with id ${ownerId}.`, "not_published", {
        "Cache-Control": "public, max-age=300",
      });
    }
    const cached = await readCachedFileUrl(resolved.store, ownerId, field, now());
    if (cached) return redirect(cached, now());
  } catch (error) {
    (resolved.logger ?? console).warn(
      `[files] Redis: ${error instanceof Error ? error.message : String(error)}`,
    );
    return json(503, "Redis (the cache) is unreachable; try again in a moment.", "cache_unavailable", {
      "Retry-After": "10",
    });
  }
  try {
    const fresh = await singleFlight(key, async () => {
      const { calls, windowMs } = resolved.budget;
      if (!(await takeReaderCall(resolved.store, calls, windowMs, now()))) throw new ReaderBudgetSpent();
      const url = await resolved.source.fetchFileUrl(ownerId, field);
      await cacheFileUrl(resolved.store, ownerId, field, url, now());
      return url;
    });
    return redirect(fresh, now());
  } catch (error) {
    if (error instanceof ReaderBudgetSpent) {
      return json(503, "Too many file lookups right now; try again in a few seconds.", "busy", {
        "Retry-After": String(Math.ceil(resolved.budget.windowMs / 1000)),
      });
    }
    if (!isFileUrlError(error)) {
      (resolved.logger ?? console).warn(`[files] ${error instanceof Error ? error.message : String(error)}`);
      return json(503, "Redis (the cache) is unreachable; try again in a moment.", "cache_unavailable");
    }
    if (error.code === "unavailable") (resolved.logger ?? console).warn(`[files] ${error.message}`);
    return json(STATUS[error.code], error.message, error.code);
  }
}
