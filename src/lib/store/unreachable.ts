/** Network failures that mean the cache itself could not be reached (not a refused or bad command). */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
]);

/** HTTP reason phrases a gateway or the REST endpoint itself answers with when Redis is down. */
const GATEWAY_FAILURE = /^(Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error)\b/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * True when a Redis call failed because the cache could not be reached: the REST client's fetch failed
 * (undici says "fetch failed" and puts the socket error in `cause`), it timed out, or the endpoint
 * answered a gateway failure (the SDK keeps only the body: a 5xx reason phrase, or a body that is not
 * JSON at all). Command errors (WRONGTYPE, a bad argument) are not outages and stay 500s.
 */
export function isStoreUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (code && NETWORK_CODES.has(code)) return true;
    if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return true;
    if (e instanceof TypeError && e.message === "fetch failed") return true;
    if (e instanceof Error && e.name === "UpstashJSONParseError") return true;
    if (e instanceof Error && e.name === "UpstashError" && GATEWAY_FAILURE.test(e.message)) return true;
  }
  return false;
}

/** What a route answers while Redis is unreachable: the service named, no internals, a time to retry. */
export const STORE_UNREACHABLE_MESSAGE =
  "Redis (the cache at KV_REST_API_URL) is unreachable right now, so nothing was read or recorded; try again in a minute.";
