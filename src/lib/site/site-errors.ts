/** The cache (Redis) could not be read while rendering a page that was not cached yet. */
export class SiteUnavailableError extends Error {
  override readonly name = "SiteUnavailableError";
  readonly code = "cache_unavailable" as const;
  constructor(what: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Could not read ${what} from Redis (the cache): ${detail}`, { cause });
  }
}

export function isSiteUnavailableError(error: unknown): error is SiteUnavailableError {
  return error instanceof SiteUnavailableError;
}
