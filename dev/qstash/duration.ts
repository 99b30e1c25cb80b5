import { badRequest } from "./errors";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses QStash durations: `"10s"`, `"5m"`, `"1h30m"`, `"2d"`; a bare number means seconds
 * (the SDK turns numeric delays into `"<n>s"`, but curl users send plain numbers).
 */
export function parseDurationMs(value: string, headerName: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((part) => part[0]).join("");
  if (parts.length === 0 || consumed !== text) {
    throw badRequest(`invalid ${headerName}: "${value}" (expected a duration such as 10s, 5m, 1h)`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (UNIT_MS[part[2] ?? "s"] ?? 1000), 0);
}

/** `Retry-After`: delta seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
