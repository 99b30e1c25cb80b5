import { validationError } from "./errors";

export const MAX_PAGE_SIZE = 100;

/** `page_size`: default and maximum 100, as Notion enforces. */
export function parsePageSize(raw: unknown, where: "query" | "body"): number {
  if (raw === undefined || raw === null) return MAX_PAGE_SIZE;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw validationError(
      `${where} failed validation: ${where}.page_size should be a number or \`undefined\`, instead was \`${JSON.stringify(raw)}\`.`,
    );
  }
  if (value > MAX_PAGE_SIZE) {
    throw validationError(
      `${where} failed validation: ${where}.page_size should be ≤ \`${MAX_PAGE_SIZE}\`, instead was \`${value}\`.`,
    );
  }
  if (value < 1) {
    throw validationError(
      `${where} failed validation: ${where}.page_size should be ≥ \`1\`, instead was \`${value}\`.`,
    );
  }
  return value;
}

export function invalidCursor(cursor: string): Error {
  return validationError(`start_cursor provided is invalid: ${cursor}`);
}

export interface Page<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * Block children: Notion's cursor is the id of the first block of the next page. Looking it up among
 * all children (trashed ones included) keeps a cursor valid when a block before it goes away.
 */
export function pageOfChildren(
  allIds: readonly string[],
  isVisible: (id: string) => boolean,
  startCursor: string | null,
  pageSize: number,
): Page<string> {
  let start = 0;
  if (startCursor !== null) {
    start = allIds.indexOf(startCursor);
    if (start < 0) throw invalidCursor(startCursor);
  }
  const results: string[] = [];
  for (let i = start; i < allIds.length; i++) {
    const id = allIds[i] as string;
    if (!isVisible(id)) continue;
    if (results.length === pageSize) return { results, next_cursor: id, has_more: true };
    results.push(id);
  }
  return { results, next_cursor: null, has_more: false };
}

/** Search / query cursors: opaque, carrying the next item's position and id. */
function encodeCursor(index: number, id: string): string {
  return Buffer.from(`${index}:${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { index: number; id: string } | null {
  const [index, id] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  const n = Number(index);
  return Number.isInteger(n) && n >= 0 && id ? { index: n, id } : null;
}

/** Slices an already filtered and ordered id list. */
export function pageOfList(
  ids: readonly string[],
  startCursor: string | null,
  pageSize: number,
): Page<string> {
  let start = 0;
  if (startCursor !== null) {
    const decoded = decodeCursor(startCursor);
    if (!decoded) throw invalidCursor(startCursor);
    const found = ids.indexOf(decoded.id);
    // An item that left the list (trashed, edited out of a filter) keeps its position.
    start = found >= 0 ? found : Math.min(decoded.index, ids.length);
  }
  const results = ids.slice(start, start + pageSize);
  const next = start + pageSize;
  const nextId = ids[next];
  return nextId === undefined
    ? { results, next_cursor: null, has_more: false }
    : { results, next_cursor: encodeCursor(next, nextId), has_more: true };
}
