import { z } from "zod";
import type { NotionConfig } from "../config";
import { NotionApi } from "./api";
import { isNotionSyncError } from "./errors";
import { DeadlineReachedError } from "../jobs/errors";

/** Where a file lives on its owner: a file block's own file, or a page's (database's, callout's) cover or icon. */
export type FileField = "block" | "cover" | "icon";

export interface FreshFileUrl {
  url: string;
  /** ISO time after which Notion's signed URL stops working (about an hour after it was handed out). */
  expiresAt: string;
}

export type FileUrlErrorCode =
  | "not_found" // no such object, or not shared with the integration
  | "no_file" // the object exists but has no file in that field
  | "not_notion_hosted" // an external file or an emoji: nothing expires, nothing to refresh
  | "unavailable"; // Notion unreachable, failing or rate limiting beyond the time budget

export class FileUrlError extends Error {
  override readonly name = "FileUrlError";
  constructor(
    readonly code: FileUrlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isFileUrlError(error: unknown): error is FileUrlError {
  return error instanceof FileUrlError;
}

/** Fetches a fresh signed URL of a Notion-hosted file; a seam so the route can be tested without Notion. */
export interface FileUrlSource {
  fetchFileUrl(ownerId: string, field: FileField): Promise<FreshFileUrl>;
}

export interface FileUrlSourceOptions {
  /** A reader is waiting: give up after this long instead of waiting out long rate limits. */
  budgetMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const hostedFile = z.object({
  type: z.literal("file"),
  file: z.object({ url: z.string().min(1), expiry_time: z.string().min(1) }),
});
const anyObject = z.record(z.string(), z.unknown());

function fileIn(value: unknown, what: string): FreshFileUrl {
  const hosted = hostedFile.safeParse(value);
  if (hosted.success) return { url: hosted.data.file.url, expiresAt: hosted.data.file.expiry_time };
  if (!anyObject.safeParse(value).success) throw new FileUrlError("no_file", `${what} has no file.`);
  throw new FileUrlError("not_notion_hosted", `${what} is not a Notion-hosted file: it is linked directly.`);
}

/** The type-specific body of a block (`block[block.type]`), where its file or icon lives. */
function blockBody(block: unknown): Record<string, unknown> {
  const raw = anyObject.parse(block);
  if (raw.in_trash === true || raw.archived === true) {
    throw new FileUrlError("not_found", `Block ${String(raw.id)} is in the trash.`);
  }
  const body = typeof raw.type === "string" ? anyObject.safeParse(raw[raw.type]) : undefined;
  return body?.success ? body.data : {};
}

type Lookup = (api: NotionApi, id: string) => Promise<unknown>;

// Covers and icons belong to pages, databases or (icons) callout blocks. Ids are unique across kinds, so
// the kinds are tried in order of how common they are; "not found" moves on to the next one.
const OWNERS: Record<FileField, Lookup[]> = {
  block: [
    async (api, id) => {
      const body = blockBody(await api.retrieveBlock(id));
      return "type" in body ? body : body.icon;
    },
  ],
  cover: [
    async (api, id) => anyObject.parse(await api.retrievePage(id)).cover,
    async (api, id) => anyObject.parse(await api.retrieveDatabase(id)).cover,
  ],
  icon: [
    async (api, id) => anyObject.parse(await api.retrievePage(id)).icon,
    async (api, id) => anyObject.parse(await api.retrieveDatabase(id)).icon,
    async (api, id) => blockBody(await api.retrieveBlock(id)).icon,
  ],
};

function moveOn(error: unknown): boolean {
  return isNotionSyncError(error) && (error.code === "not_found" || error.code === "invalid_request");
}

function asFileUrlError(error: unknown): FileUrlError {
  if (isFileUrlError(error)) return error;
  if (error instanceof DeadlineReachedError) {
    return new FileUrlError("unavailable", "Notion is rate limiting; try again in a moment.");
  }
  if (isNotionSyncError(error)) return new FileUrlError("unavailable", error.message);
  const detail = error instanceof Error ? error.message : String(error);
  return new FileUrlError("unavailable", `Notion could not be reached: ${detail}`);
}

/**
 * Asks Notion (through the Notion owner module) for the current URL of a file. In the app `client` is
 * the process's Notion client (the sync's throttle and rate budget); each lookup works through its own
 * session of it, so its deadline bounds that lookup only. Given a configuration (tests, scripts), the
 * source makes one client of its own for all its lookups.
 */
export function createFileUrlSource(
  client: NotionApi | NotionConfig,
  options: FileUrlSourceOptions = {},
): FileUrlSource {
  const now = options.now ?? Date.now;
  const budgetMs = options.budgetMs ?? 8_000;
  const api =
    client instanceof NotionApi
      ? client
      : new NotionApi({
          ...client,
          notionVersion: client.apiVersion,
          timeoutMs: Math.min(client.timeoutMs, budgetMs),
          fetch: options.fetch,
          now,
        });
  return {
    async fetchFileUrl(ownerId, field) {
      const session = api.session({ deadline: now() + budgetMs, maxRetries: 1 });
      const what = field === "block" ? `Block ${ownerId}` : `The ${field} of ${ownerId}`;
      for (const lookup of OWNERS[field]) {
        let value: unknown;
        try {
          value = await lookup(session, ownerId);
        } catch (error) {
          if (moveOn(error)) continue;
          throw asFileUrlError(error);
        }
        return fileIn(value, what);
      }
      throw new FileUrlError(
        "not_found",
        `Notion has no ${field === "block" ? "block" : "page"} ${ownerId}, or it is not shared with the integration.`,
      );
    },
  };
}
