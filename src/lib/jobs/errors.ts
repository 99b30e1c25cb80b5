/**
 * Retry intent as types. The worker maps them: NonRetryableError → 489 + Upstash-NonRetryable-Error
 * (straight to the DLQ), RetryLaterError → 503 with Retry-After, anything else → 500 (QStash retries).
 */
export class NonRetryableError extends Error {
  override readonly name = "NonRetryableError";
  readonly code = "non_retryable";
}

export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  readonly code = "retry_later";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export function isNonRetryable(error: unknown): error is NonRetryableError {
  return error instanceof NonRetryableError;
}

export function isRetryLater(error: unknown): error is RetryLaterError {
  return error instanceof RetryLaterError;
}
