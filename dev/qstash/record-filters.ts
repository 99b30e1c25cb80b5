import { badRequest } from "./errors";

/**
 * QStash list filters: each query key may repeat (OR between its values); different keys AND.
 * `fromDate` / `toDate` are inclusive millisecond bounds on the record's time.
 */
export type FilterValues = Record<string, string | number | string[] | null | undefined>;

export function matchesFilters(
  values: FilterValues,
  time: number,
  query: URLSearchParams,
  keys: readonly string[],
): boolean {
  const from = query.get("fromDate");
  const to = query.get("toDate");
  if (from !== null && time < Number(from)) return false;
  if (to !== null && time > Number(to)) return false;
  for (const key of keys) {
    const wanted = query.getAll(key);
    if (wanted.length === 0) continue;
    const value = values[key];
    const have = Array.isArray(value) ? value : value === undefined || value === null ? [] : [String(value)];
    if (!have.some((item) => wanted.includes(item))) return false;
  }
  return true;
}

/** `count` query parameter, clamped to [1, max]. */
export function pageSize(query: URLSearchParams, fallback: number, max: number): number {
  const count = Number(query.get("count") ?? fallback);
  return Number.isFinite(count) && count > 0 ? Math.min(Math.floor(count), max) : fallback;
}

/** Query keys every bulk endpoint takes besides its filters: the page size and the cursor. */
const PAGING_KEYS = ["count", "cursor", "fromDate", "toDate"];

/**
 * Like QStash, a bulk endpoint refuses a filter it does not know (a typo such as `labeel`) with a
 * 400 instead of ignoring it, which would widen a delete to everything.
 */
export function refuseUnknownFilters(
  query: URLSearchParams,
  accepted: readonly string[],
  endpoint: string,
): void {
  const known = new Set([...PAGING_KEYS, ...accepted]);
  const unknown = [...new Set(query.keys())].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw badRequest(
      `unknown filter ${unknown.map((key) => `"${key}"`).join(", ")} for ${endpoint}; ` +
        `accepted: ${[...known].join(", ")}`,
    );
  }
}
