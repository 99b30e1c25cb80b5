/** Errors of the Notion owner module. Retry intent is in the type: callers never parse messages. */
export type NotionErrorCode =
  | "unauthorized" // token missing, wrong or revoked (401/403)
  | "not_found" // not shared with the integration, or deleted (404)
  | "invalid_request" // a 400 we caused
  | "unavailable"; // retries exhausted on 429/5xx/timeouts/network errors

export class NotionSyncError extends Error {
  override readonly name = "NotionSyncError";
  constructor(
    readonly code: NotionErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** Worth another attempt later (a new step, a QStash retry); the others will fail the same way. */
  get retryable(): boolean {
    return this.code === "unavailable";
  }
}

export function isNotionSyncError(error: unknown): error is NotionSyncError {
  return error instanceof NotionSyncError;
}
