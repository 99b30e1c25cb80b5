/**
 * The API versions the emulator serves, chosen per request by `Notion-Version`. Objects are rendered in
 * 2025-09-03 shape; a 2026-03-11 request gets the upgrade guide's renames: `archived` → `in_trash`
 * (the old flag is gone), a `transcription` block is a `meeting_notes` block. (`after` → `position`
 * concerns block append, which the emulator's read-only public API does not offer.)
 */
import type { JsonObject } from "./model";

export const API_VERSIONS = ["2025-09-03", "2026-03-11"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}

const OBJECTS = new Set(["page", "block", "database", "data_source"]);
const RENAMED_TYPES: Record<ApiVersion, Record<string, string>> = {
  "2025-09-03": { meeting_notes: "transcription" },
  "2026-03-11": { transcription: "meeting_notes" },
};

/** A response body as `version` shapes it (the body is freshly rendered, so it is changed in place). */
export function shapeForVersion(body: JsonObject, version: ApiVersion): JsonObject {
  reshape(body, version);
  return body;
}

function reshape(raw: unknown, version: ApiVersion): void {
  if (Array.isArray(raw)) {
    for (const item of raw) reshape(item, version);
    return;
  }
  if (typeof raw !== "object" || raw === null) return;
  const value = raw as JsonObject;
  if (typeof value.object === "string" && OBJECTS.has(value.object)) {
    if (version === "2026-03-11") {
      delete value.archived;
      delete value.is_archived;
    }
    const type = typeof value.type === "string" ? value.type : undefined;
    const renamed = type === undefined ? undefined : RENAMED_TYPES[version][type];
    if (type !== undefined && renamed !== undefined && value.object === "block") {
      value[renamed] = value[type] ?? {};
      delete value[type];
      value.type = renamed;
    }
  }
  if (Array.isArray(value.results)) reshape(value.results, version);
}
