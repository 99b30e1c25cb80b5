/**
 * How the client reads Notion's "slow down" answers. A 429 says which limit refused the call in
 * `additional_data.rate_limit_reason`: the connection's own budget (its Retry-After is at most 60 s)
 * or the workspace's, shared by every integration (possibly longer, and every step must honour it).
 * A 529 `service_overload` is Notion itself under load: back off, growing, with jitter.
 */
import { APIResponseError } from "@notionhq/client";

export type Refusal =
  | {
      kind: "connection";
      retryAfterMs: number;
      /** Retry-After had a fraction: it was not rounded up to whole seconds. */
      precise?: boolean;
    }
  | { kind: "workspace"; retryAfterMs: number }
  | { kind: "overload"; retryAfterMs: number | undefined };

/** The Retry-After of a 429 without one (Notion always sends it; a proxy might not). */
const DEFAULT_RETRY_AFTER_MS = 1_000;
const OVERLOAD_BASE_MS = 500;
const OVERLOAD_CAP_MS = 30_000;

/** A 429 or 529 as a refusal to wait out; anything else → undefined (the caller's failure handling). */
export function classifyRefusal(error: unknown): Refusal | undefined {
  if (!(error instanceof APIResponseError)) return undefined;
  if (error.status === 429) {
    const retryAfterMs = retryAfterOf(error) ?? DEFAULT_RETRY_AFTER_MS;
    const reason = error.additional_data?.rate_limit_reason;
    // Older servers send no reason: their only limit is the connection's.
    if (typeof reason === "string" && reason.includes("workspace"))
      return { kind: "workspace", retryAfterMs };
    return { kind: "connection", retryAfterMs, precise: rawRetryAfter(error)?.includes(".") ?? false };
  }
  if (error.status === 529) return { kind: "overload", retryAfterMs: retryAfterOf(error) };
  return undefined;
}

/**
 * The pause after the `streak`-th 529 in a row: 0.5 s, 1 s, 2 s … up to 30 s, each between half and
 * all of that (jitter, so many clients do not come back at the same instant); never shorter than the
 * server's own Retry-After.
 */
export function overloadPauseMs(streak: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(OVERLOAD_CAP_MS, OVERLOAD_BASE_MS * 2 ** Math.max(0, streak - 1));
  return Math.max(retryAfterMs ?? 0, ceiling * (0.5 + random() / 2));
}

/** Retry-After in ms (seconds, fractions allowed); undefined when absent or unreadable. */
export function retryAfterOf(error: APIResponseError): number | undefined {
  const raw = rawRetryAfter(error);
  if (raw === undefined || raw === "") return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(seconds * 1000, 50) : undefined;
}

function rawRetryAfter(error: APIResponseError): string | undefined {
  const headers = error.headers as Headers | Record<string, string> | undefined;
  const raw =
    headers && typeof (headers as Headers).get === "function"
      ? (headers as Headers).get("retry-after")
      : (headers as Record<string, string> | undefined)?.["retry-after"];
  return raw ?? undefined;
}

/**
 * A connection 429 that asks for a longer wait than a token bucket at `ratePerSecond` would (two
 * tokens' time, or a whole second when the header is rounded to seconds): the server counts a window.
 */
export function suggestsWindow(refusal: { retryAfterMs: number; precise?: boolean }, ratePerSecond: number) {
  const bucketWait = 2_000 / ratePerSecond;
  return refusal.retryAfterMs > (refusal.precise ? bucketWait : Math.max(bucketWait, 1_000));
}
