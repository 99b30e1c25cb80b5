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

/** What a route answers while Redis is unreachable: the service named, no internals, a time to retry. */
export const STORE_UNREACHABLE_MESSAGE =
  "Redis (the cache at KV_REST_API_URL) is unreachable right now, so nothing was read or recorded; try again in a minute.";

/** A Redis call failed because the cache could not be reached; the original error is the `cause`. */
export class StoreUnreachableError extends Error {
  override readonly name = "StoreUnreachableError";
  readonly code = "store_unreachable";
  constructor(cause: unknown) {
    super(STORE_UNREACHABLE_MESSAGE, { cause });
  }
}

export function isStoreUnreachable(error: unknown): error is StoreUnreachableError {
  return error instanceof StoreUnreachableError;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The REST client's fetch failed (undici says "fetch failed" and puts the socket error in `cause`), it
 * timed out, or the endpoint answered a gateway failure (the SDK keeps only the body: a 5xx reason
 * phrase, or a body that is not JSON at all). Command errors (WRONGTYPE, a bad argument) are not.
 */
function isNetworkFailure(error: unknown): boolean {
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

/**
 * The Redis client with its network failures turned into StoreUnreachableError, so routes can tell an
 * unreachable cache (503 naming Redis) from any other failure, including another service's fetch.
 */
export function guardStoreErrors<T extends object>(client: T): T {
  const wrap = <O extends object>(target: O): O =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (prop === "pipeline" || prop === "multi") return wrap(result as object);
          if (result instanceof Promise) {
            return result.catch((error: unknown) => {
              throw isNetworkFailure(error) ? new StoreUnreachableError(error) : error;
            });
          }
          return result === obj ? (receiver as unknown) : result;
        };
      },
    });
  return wrap(client);
}
