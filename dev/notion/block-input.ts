import { EmulatorInputError } from "./errors";
import { asString, isObject } from "./json";
import { normalizeId } from "./ids";
import type { FileRef, IconRef, JsonObject, Workspace } from "./model";
import { toRichText } from "./rich-text";

/**
 * A block to create, in Notion's request form: `{ type: "paragraph", paragraph: { rich_text } }` with
 * optional `children` (beside the payload or inside it) and optional fixed `id`. Two emulator-only
 * forms: `child_page` (`{ child_page: { title }, icon?, cover? }`) creates a page in place, and
 * `child_database` (`{ database: DatabaseInput }`) a database with one data source.
 */
export interface BlockInput {
  type: string;
  id?: string;
  children?: BlockInput[];
  [key: string]: unknown;
}

const TEXT_TYPES = new Set([
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "bulleted_list_item",
  "numbered_list_item",
  "to_do",
  "toggle",
  "quote",
  "callout",
  "code",
  "template",
]);
const COLORED_TYPES = new Set(
  [...TEXT_TYPES, "table_of_contents"].filter((t) => t !== "code" && t !== "template"),
);
const MEDIA_TYPES = new Set(["image", "video", "file", "pdf", "audio"]);

/** `{external:{url}}`, `{file_upload:{id}}` (a file registered with the workspace) or the stored form. */
export function toFileRef(ws: Workspace, input: unknown): FileRef {
  if (!isObject(input)) throw new EmulatorInputError("a file must be {external:{url}} or {file_upload:{id}}");
  if (isObject(input.external) && typeof input.external.url === "string") {
    return { type: "external", external: { url: input.external.url } };
  }
  const fileId = isObject(input.file_upload)
    ? input.file_upload.id
    : isObject(input.file)
      ? input.file.file_id
      : undefined;
  if (typeof fileId !== "string" || !ws.files.has(fileId)) {
    throw new EmulatorInputError(
      `unknown hosted file: ${String(fileId)} (register it with addHostedFile first)`,
    );
  }
  return { type: "file", file: { file_id: fileId } };
}

export function toIcon(ws: Workspace, input: unknown): IconRef | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "string") return { type: "emoji", emoji: input };
  if (isObject(input) && typeof input.emoji === "string") return { type: "emoji", emoji: input.emoji };
  return toFileRef(ws, input);
}

/** The children of an input, wherever the request put them. */
export function childInputs(input: BlockInput): BlockInput[] {
  const payload = input[input.type];
  const nested = isObject(payload) ? payload.children : undefined;
  const children = input.children ?? nested ?? [];
  if (!Array.isArray(children)) throw new EmulatorInputError("children must be an array");
  return children as BlockInput[];
}

/** Validates a block input's payload and fills the defaults Notion fills, in response form. */
export function blockPayload(ws: Workspace, input: BlockInput): JsonObject {
  const type = input.type;
  if (typeof type !== "string" || type === "") throw new EmulatorInputError("a block needs a type");
  const raw = input[type];
  const p: JsonObject = isObject(raw) ? { ...raw } : {};
  delete p.children;
  if (TEXT_TYPES.has(type)) p.rich_text = toRichText(p.rich_text);
  if (COLORED_TYPES.has(type)) p.color ??= "default";
  if (type.startsWith("heading_")) p.is_toggleable = Boolean(p.is_toggleable);
  if (type === "to_do") p.checked = Boolean(p.checked);
  if (type === "callout") p.icon = toIcon(ws, p.icon);
  if (type === "code") {
    p.caption = toRichText(p.caption);
    p.language ??= "plain text";
  }
  if (MEDIA_TYPES.has(type)) return mediaPayload(ws, type, p);
  if (type === "bookmark" || type === "embed") {
    p.caption = toRichText(p.caption);
    p.url = asString(p.url);
  }
  if (type === "table") tablePayload(p, childInputs(input));
  if (type === "table_row") {
    p.cells = (Array.isArray(p.cells) ? p.cells : []).map((cell) => toRichText(cell));
  }
  if (type === "equation") p.expression = asString(p.expression);
  if (type === "synced_block") p.synced_from = syncedFrom(p.synced_from);
  if (type === "link_to_page") return linkToPage(p);
  if (type === "unsupported") p.block_type ??= "unknown";
  return p;
}

function mediaPayload(ws: Workspace, type: string, p: JsonObject): JsonObject {
  const source = toFileRef(ws, p);
  const out: JsonObject = { caption: toRichText(p.caption), ...source };
  if (type === "file") {
    const hosted = source.type === "file" ? ws.files.get(source.file.file_id) : undefined;
    out.name = typeof p.name === "string" ? p.name : (hosted?.name ?? "file");
  }
  return out;
}

function tablePayload(p: JsonObject, rows: BlockInput[]): void {
  const first = rows[0]?.table_row;
  const width = isObject(first) && Array.isArray(first.cells) ? first.cells.length : 1;
  p.table_width = typeof p.table_width === "number" ? p.table_width : width;
  p.has_column_header = Boolean(p.has_column_header);
  p.has_row_header = Boolean(p.has_row_header);
}

function syncedFrom(raw: unknown): JsonObject | null {
  if (raw === null || raw === undefined) return null;
  const id = isObject(raw) ? normalizeId(asString(raw.block_id)) : null;
  if (!id) throw new EmulatorInputError("synced_from needs a block_id");
  return { type: "block_id", block_id: id };
}

function linkToPage(p: JsonObject): JsonObject {
  for (const key of ["page_id", "database_id"] as const) {
    if (typeof p[key] === "string") {
      const id = normalizeId(p[key]);
      if (!id) throw new EmulatorInputError(`link_to_page.${key} is not an id`);
      return { type: key, [key]: id };
    }
  }
  throw new EmulatorInputError("link_to_page needs page_id or database_id");
}
