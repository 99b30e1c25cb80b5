import type { DatabaseRow, PageSummary, PropertyValue } from "../bundle-types";
import {
  asRaw,
  dashed,
  plainText,
  reshapeFile,
  reshapeIcon,
  reshapeRichText,
  str,
  type Raw,
} from "./reshape-text";

/** The value if it is a string, else null (how our property values say "empty"). */
function nullable(value: unknown): string | null {
  return str(value) ?? null;
}

/** Text of a number, string or boolean; anything else is empty. */
function scalarText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}

export function reshapeProperty(value: unknown, ownerId: string): PropertyValue {
  const raw = asRaw(value);
  const type = nullable(raw.type) ?? "";
  const body = raw[type];
  switch (type) {
    case "title":
    case "rich_text": {
      const spans = reshapeRichText(body);
      return { type, spans, text: plainText(spans) };
    }
    case "number":
      return { type, value: typeof body === "number" ? body : null };
    case "checkbox":
      return { type, value: body === true };
    case "select":
    case "status": {
      const option = asRaw(body);
      return {
        type,
        value: nullable(option.name),
        ...(nullable(option.color) ? { color: nullable(option.color)! } : {}),
      };
    }
    case "multi_select":
      return {
        type,
        values: (Array.isArray(body) ? body : []).map((o) => ({
          name: nullable(asRaw(o).name) ?? "",
          ...(nullable(asRaw(o).color) ? { color: nullable(asRaw(o).color)! } : {}),
        })),
      };
    case "date": {
      const date = asRaw(body);
      return { type, start: nullable(date.start), end: nullable(date.end) };
    }
    case "url":
    case "email":
    case "phone_number":
      return { type, value: nullable(body) };
    case "people":
      return {
        type,
        names: (Array.isArray(body) ? body : []).map((p) => nullable(asRaw(p).name) ?? "").filter(Boolean),
      };
    case "relation":
      return { type, ids: (Array.isArray(body) ? body : []).map((r) => dashed(nullable(asRaw(r).id) ?? "")) };
    case "files":
      return {
        type,
        files: (Array.isArray(body) ? body : [])
          .map((f) => reshapeFile(f, ownerId, "block"))
          .filter((f): f is NonNullable<typeof f> => Boolean(f)),
      };
    case "created_time":
    case "last_edited_time":
      return { type: "timestamp", value: nullable(body) ?? "" };
    case "formula": {
      const formula = asRaw(body);
      const inner = formula[nullable(formula.type) ?? ""];
      const text =
        typeof inner === "object" && inner ? (nullable(asRaw(inner).start) ?? "") : scalarText(inner);
      return { type: "other", text };
    }
    case "unique_id": {
      const id = asRaw(body);
      return {
        type: "other",
        text: `${nullable(id.prefix) ? `${nullable(id.prefix)}-` : ""}${scalarText(id.number)}`,
      };
    }
    default:
      return { type: "other", text: "" };
  }
}

export function reshapeProperties(value: unknown, ownerId: string): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, prop] of Object.entries(asRaw(value))) out[name] = reshapeProperty(prop, ownerId);
  return out;
}

export function titleOf(properties: Record<string, PropertyValue>): string {
  for (const prop of Object.values(properties)) if (prop.type === "title") return prop.text.trim();
  return "";
}

function reshapeParent(value: unknown): PageSummary["parent"] {
  const raw = asRaw(value);
  if (raw.type === "page_id" && nullable(raw.page_id))
    return { kind: "page", id: dashed(nullable(raw.page_id)!) };
  if (raw.type === "data_source_id" && nullable(raw.data_source_id)) {
    return {
      kind: "data_source",
      id: dashed(nullable(raw.data_source_id)!),
      databaseId: dashed(nullable(raw.database_id) ?? ""),
    };
  }
  return { kind: "other" };
}

/** A Notion page object (from search, a data-source query or a retrieve) → our summary. */
export function reshapePageSummary(page: unknown): PageSummary {
  const raw: Raw = asRaw(page);
  const id = dashed(nullable(raw.id) ?? "");
  const properties = reshapeProperties(raw.properties, id);
  const icon = reshapeIcon(raw.icon, id);
  const cover = reshapeFile(raw.cover, id, "cover");
  return {
    id,
    title: titleOf(properties) || "Untitled",
    ...(icon ? { icon } : {}),
    ...(cover ? { cover } : {}),
    properties,
    parent: reshapeParent(raw.parent),
    createdTime: nullable(raw.created_time) ?? "",
    lastEditedTime: nullable(raw.last_edited_time) ?? "",
    inTrash: raw.in_trash === true || raw.archived === true,
  };
}

/** The listing view of a database row. */
export function toDatabaseRow(page: PageSummary, slug: string): DatabaseRow {
  let date: string | null = null;
  let tags: string[] = [];
  for (const prop of Object.values(page.properties)) {
    if (prop.type === "date" && date === null) date = prop.start;
    if (prop.type === "multi_select" && tags.length === 0) tags = prop.values.map((v) => v.name);
  }
  return {
    id: page.id,
    slug,
    title: page.title,
    ...(page.icon ? { icon: page.icon } : {}),
    properties: page.properties,
    date,
    tags,
    createdTime: page.createdTime,
    lastEditedTime: page.lastEditedTime,
  };
}

/** Rows newest first by their date (then creation time), then by title. */
export function sortRows(rows: DatabaseRow[]): DatabaseRow[] {
  return [...rows].sort(
    (a, b) =>
      (b.date ?? "").localeCompare(a.date ?? "") ||
      b.createdTime.localeCompare(a.createdTime) ||
      a.title.localeCompare(b.title) ||
      a.id.localeCompare(b.id),
  );
}
