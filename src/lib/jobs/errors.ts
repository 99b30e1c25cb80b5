/**
 * The job layer's own errors: a job type throws them, and every entry point maps them the same way.
 * - JobInputError: the request is wrong (400 at the trigger, a usage error in the CLI); nothing recorded.
 * - PermanentJobError: the step will fail the same way every time; the job fails at once (489 → DLQ).
 * - RetryLaterError: try again after `retryAfterSeconds` (503 + Retry-After to QStash).
 * Anything else thrown by a step is retried by QStash (500) from the last checkpoint.
 */
export class JobInputError extends Error {
  override readonly name = "JobInputError";
  readonly code = "invalid_input";
  constructor(
    message: string,
    /** A short machine-readable reason, for UIs that word it their own way (e.g. "needs_site"). */
    readonly reason = "invalid",
  ) {
    super(message);
  }
}

export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
  readonly code = "permanent";
}

/** What the step runner throws to the worker for a job it has failed: 489 + Upstash-NonRetryable-Error. */
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

export type JobStateReason =
  | "ended" // the job has ended already
  | "busy" // another job of the same concurrency key is running
  | "not_failed" // a DLQ retry for a job that is not failed (completed, cancelled, running again)
  | "job_gone" // the job record expired
  | "stale_step" // the dead letter is an older step than where the job stopped
  | "no_letter" // no such dead letter
  | "no_queue"; // in-process runtime without QStash

/** A request the job layer refuses in the job's current state (cancel a finished job, retry a running one). */
export class JobStateError extends Error {
  override readonly name = "JobStateError";
  readonly code = "job_state";
  constructor(
    message: string,
    readonly reason: JobStateReason,
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

export function isJobInputError(error: unknown): error is JobInputError {
  return error instanceof JobInputError;
}

export function isPermanent(error: unknown): error is PermanentJobError {
  return error instanceof PermanentJobError;
}

export function isNonRetryable(error: unknown): error is NonRetryableError {
  return error instanceof NonRetryableError;
}

export function isRetryLater(error: unknown): error is RetryLaterError {
  return error instanceof RetryLaterError;
}

export function isJobStateError(error: unknown): error is JobStateError {
  return error instanceof JobStateError;
}
