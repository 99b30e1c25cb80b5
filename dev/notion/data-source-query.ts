/** Filters and sorts for `POST /v1/data_sources/{id}/query` (the common subset of Notion's grammar). */
import { validationError } from "./errors";
import { asString, isObject } from "./json";
import type { DataSourceNode, JsonObject, PageNode, PropertySchema, RichTextItem } from "./model";
import { plainText } from "./model";
import { findSchema } from "./properties";

type Predicate = (row: PageNode) => boolean;
const DAY = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const invalidFilter = (detail: string) => validationError(`body failed validation: body.filter ${detail}`);

/** Builds a row predicate from a filter; `now` anchors relative dates (past_week, …). */
export function compileFilter(source: DataSourceNode, filter: unknown, now: number, depth = 0): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isObject(filter)) throw invalidFilter("should be an object.");
  if (depth > 2) throw invalidFilter("nesting is limited to two levels.");
  for (const op of ["and", "or"] as const) {
    const group = filter[op];
    if (group === undefined) continue;
    if (!Array.isArray(group)) throw invalidFilter(`.${op} should be an array.`);
    const parts = group.map((f) => compileFilter(source, f, now, depth + 1));
    return op === "and" ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
  }
  if (filter.timestamp === "last_edited_time" || filter.timestamp === "created_time") {
    const key = filter.timestamp;
    const cond = filter[key];
    const field = key === "created_time" ? "createdTime" : "lastEditedTime";
    // Compared as served: rounded down to the minute.
    return dateCondition(cond, now, (row) => Math.floor(row[field] / 60_000) * 60_000);
  }
  if (typeof filter.property === "string") return propertyFilter(source, filter, now);
  throw invalidFilter("should have `property`, `timestamp`, `and` or `or`.");
}

function propertyFilter(source: DataSourceNode, filter: JsonObject, now: number): Predicate {
  const name = filter.property as string;
  const schema = findSchema(source, name);
  if (!schema) throw validationError(`Could not find property with name or id: ${name}`);
  const condKey = Object.keys(filter).find((k) => k !== "property" && k !== "type");
  const cond = condKey ? filter[condKey] : undefined;
  if (!condKey || !isObject(cond)) throw invalidFilter(`for "${name}" needs a condition.`);
  const raw = (row: PageNode): unknown => row.properties[schema.name]?.[schema.type];
  const textual = ["title", "rich_text", "url", "email", "phone_number"];
  if (textual.includes(condKey) && textual.includes(schema.type)) {
    return textCondition(cond, (row) => {
      const v = raw(row);
      return Array.isArray(v) ? plainText(v as RichTextItem[]) : typeof v === "string" ? v : "";
    });
  }
  if (condKey !== schema.type && !(condKey === "date" && isTimestampType(schema))) {
    throw validationError(`Filter type ${condKey} does not match property "${name}" of type ${schema.type}.`);
  }
  switch (schema.type) {
    case "checkbox":
      return checkboxCondition(cond, (row) => raw(row) === true);
    case "number":
      return numberCondition(cond, (row) => (typeof raw(row) === "number" ? (raw(row) as number) : null));
    case "select":
    case "status":
      return selectCondition(cond, (row) => (raw(row) as { name?: string } | null)?.name ?? null);
    case "multi_select":
      return multiSelectCondition(cond, (row) =>
        ((raw(row) as Array<{ name: string }>) ?? []).map((o) => o.name),
      );
    case "date":
      return dateCondition(cond, now, (row) => {
        const start = (raw(row) as { start?: string } | null)?.start;
        return start ? Date.parse(start) : null;
      });
    case "created_time":
      return dateCondition(cond, now, (row) => row.createdTime);
    case "last_edited_time":
      return dateCondition(cond, now, (row) => row.lastEditedTime);
    default:
      throw validationError(`Filtering on ${schema.type} properties is not supported by the emulator.`);
  }
}

const isTimestampType = (schema: PropertySchema) =>
  schema.type === "created_time" || schema.type === "last_edited_time";

function textCondition(cond: JsonObject, get: (row: PageNode) => string): Predicate {
  const [op, value] = Object.entries(cond)[0] ?? [];
  const needle = asString(value).toLowerCase();
  const ops: Record<string, (s: string) => boolean> = {
    equals: (s) => s === value,
    does_not_equal: (s) => s !== value,
    contains: (s) => s.toLowerCase().includes(needle),
    does_not_contain: (s) => !s.toLowerCase().includes(needle),
    starts_with: (s) => s.toLowerCase().startsWith(needle),
    ends_with: (s) => s.toLowerCase().endsWith(needle),
    is_empty: (s) => s === "",
    is_not_empty: (s) => s !== "",
  };
  const test = op ? ops[op] : undefined;
  if (!test) throw invalidFilter(`text condition \`${String(op)}\` is not supported.`);
  return (row) => test(get(row));
}

function checkboxCondition(cond: JsonObject, get: Predicate): Predicate {
  if (typeof cond.equals === "boolean") return (row) => get(row) === cond.equals;
  if (typeof cond.does_not_equal === "boolean") return (row) => get(row) !== cond.does_not_equal;
  throw invalidFilter("checkbox condition needs equals or does_not_equal.");
}

function numberCondition(cond: JsonObject, get: (row: PageNode) => number | null): Predicate {
  const [op, v] = Object.entries(cond)[0] ?? [];
  const n = Number(v);
  const ops: Record<string, (x: number | null) => boolean> = {
    equals: (x) => x === n,
    does_not_equal: (x) => x !== n,
    greater_than: (x) => x !== null && x > n,
    less_than: (x) => x !== null && x < n,
    greater_than_or_equal_to: (x) => x !== null && x >= n,
    less_than_or_equal_to: (x) => x !== null && x <= n,
    is_empty: (x) => x === null,
    is_not_empty: (x) => x !== null,
  };
  const test = op ? ops[op] : undefined;
  if (!test) throw invalidFilter(`number condition \`${String(op)}\` is not supported.`);
  return (row) => test(get(row));
}

function selectCondition(cond: JsonObject, get: (row: PageNode) => string | null): Predicate {
  if ("equals" in cond) return (row) => get(row) === cond.equals;
  if ("does_not_equal" in cond) return (row) => get(row) !== cond.does_not_equal;
  if (cond.is_empty === true) return (row) => get(row) === null;
  if (cond.is_not_empty === true) return (row) => get(row) !== null;
  throw invalidFilter("select condition is not supported.");
}

function multiSelectCondition(cond: JsonObject, get: (row: PageNode) => string[]): Predicate {
  if ("contains" in cond) return (row) => get(row).includes(String(cond.contains));
  if ("does_not_contain" in cond) return (row) => !get(row).includes(String(cond.does_not_contain));
  if (cond.is_empty === true) return (row) => get(row).length === 0;
  if (cond.is_not_empty === true) return (row) => get(row).length > 0;
  throw invalidFilter("multi_select condition is not supported.");
}

function dateCondition(cond: unknown, now: number, get: (row: PageNode) => number | null): Predicate {
  if (!isObject(cond)) throw invalidFilter("date condition should be an object.");
  const [op, value] = Object.entries(cond)[0] ?? [];
  if (op === "is_empty") return (row) => get(row) === null;
  if (op === "is_not_empty") return (row) => get(row) !== null;
  const relative: Record<string, [number, number]> = {
    past_week: [now - 7 * DAY, now],
    past_month: [now - 30 * DAY, now],
    past_year: [now - 365 * DAY, now],
    next_week: [now, now + 7 * DAY],
    next_month: [now, now + 30 * DAY],
    next_year: [now, now + 365 * DAY],
  };
  const range = op ? relative[op] : undefined;
  if (range) return (row) => inRange(get(row), range);
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw invalidFilter(`date condition \`${String(op)}\` needs an ISO 8601 date.`);
  }
  // A date without a time compares whole (UTC) days, as Notion does.
  const byDay = DATE_ONLY.test(value);
  const t = Date.parse(value);
  const norm = (x: number) => (byDay ? Math.floor(x / DAY) * DAY : x);
  const ops: Record<string, (x: number) => boolean> = {
    equals: (x) => norm(x) === t,
    before: (x) => norm(x) < t,
    after: (x) => norm(x) > t,
    on_or_before: (x) => norm(x) <= t,
    on_or_after: (x) => norm(x) >= t,
  };
  const test = op ? ops[op] : undefined;
  if (!test) throw invalidFilter(`date condition \`${String(op)}\` is not supported.`);
  return (row) => {
    const x = get(row);
    return x !== null && test(x);
  };
}

function inRange(x: number | null, [from, to]: [number, number]): boolean {
  return x !== null && x >= from && x <= to;
}

type SortKey = (row: PageNode) => string | number | null;

/** Orders rows by `sorts`; ties (and no sorts) keep the data source's row order. */
export function sortRows(source: DataSourceNode, rows: PageNode[], sorts: unknown): PageNode[] {
  if (sorts === undefined || sorts === null) return rows;
  if (!Array.isArray(sorts)) throw validationError("body failed validation: body.sorts should be an array.");
  const keys = sorts.map((sort): [SortKey, number] => {
    if (!isObject(sort)) throw validationError("body failed validation: body.sorts[] should be an object.");
    const dir = sort.direction === "descending" ? -1 : 1;
    if (sort.timestamp === "created_time") return [(r) => r.createdTime, dir];
    if (sort.timestamp === "last_edited_time") return [(r) => Math.floor(r.lastEditedTime / 60_000), dir];
    const schema = typeof sort.property === "string" ? findSchema(source, sort.property) : undefined;
    if (!schema)
      throw validationError(`Could not find sort property with name or id: ${String(sort.property)}`);
    return [(r) => sortValue(r, schema), dir];
  });
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return [...rows].sort((a, b) => {
    for (const [key, dir] of keys) {
      const c = compare(key(a), key(b), dir);
      if (c !== 0) return c;
    }
    return (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
  });
}

function sortValue(row: PageNode, schema: PropertySchema): string | number | null {
  if (schema.type === "created_time") return row.createdTime;
  if (schema.type === "last_edited_time") return row.lastEditedTime;
  const v = row.properties[schema.name]?.[schema.type];
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (Array.isArray(v)) {
    const text = v.map((x: { plain_text?: string; name?: string }) => x.plain_text ?? x.name ?? "").join("");
    return text === "" ? null : text;
  }
  const obj = v as { start?: string; name?: string };
  return obj.start ? Date.parse(obj.start) : (obj.name ?? null);
}

/** Empty values sort last in either direction, as in Notion. */
function compare(a: string | number | null, b: string | number | null, dir: number): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return (a - b) * dir;
  return String(a).localeCompare(String(b)) * dir;
}
