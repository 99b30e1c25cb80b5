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

/**
 * A step's deadline (its time budget) arrived: work that cannot start or finish before it stops, and the
 * step checkpoints. Thrown by anything that honours the step context's deadline (the Notion throttle,
 * for one); the job layer treats it as "continue in the next step", never as a failure.
 */
export class DeadlineReachedError extends Error {
  override readonly name: string = "DeadlineReachedError";
  readonly code: string = "deadline_reached";
}

export function isDeadlineReached(error: unknown): error is DeadlineReachedError {
  return error instanceof DeadlineReachedError;
}

export function isNonRetryable(error: unknown): error is NonRetryableError {
  return error instanceof NonRetryableError;
}

export function isRetryLater(error: unknown): error is RetryLaterError {
  return error instanceof RetryLaterError;
}
