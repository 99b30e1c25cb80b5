import type { ZodType } from "zod";

export const JOB_STATUSES = [
  "queued",
  "running",
  "completed",
  "completed_with_errors",
  "failed",
  "cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TRIGGER_SOURCES = [
  "cron",
  "manual",
  "cli",
  "dashboard",
  "webhook",
  "schedule",
  // Started by a publish (the search index after a sync).
  "publish",
] as const;
export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

export function isTerminal(status: JobStatus): boolean {
  return status !== "queued" && status !== "running";
}

export interface JobIssue {
  id?: string;
  title?: string;
  code: string;
  message: string;
}

export interface StepLog {
  step: number;
  startedAt: string;
  durationMs: number;
  /** Upstash-Retried of the delivery that ran it (0 = first attempt). */
  retried: number;
  outcome: "continued" | "finished" | "retry" | "failed";
  error?: string;
}

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  counters: Record<string, number>;
}

/** A job as stored and as shown by the status API. `state` is the job type's own, opaque here. */
export interface JobRecord<S = unknown, P = unknown> {
  id: string;
  type: string;
  status: JobStatus;
  source: TriggerSource;
  params: P;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Last completed step; the next delivery runs step + 1. */
  step: number;
  steps: StepLog[];
  /** Deliveries received (all attempts) and how many of them were QStash retries. */
  attempts: number;
  retries: number;
  messageIds: string[];
  progress: JobProgress;
  /** Totals of the steps' `ctx.counters` (shown in `progress.counters` too). */
  counters?: Record<string, number>;
  errors: JobIssue[];
  lastError?: string;
  dlqId?: string;
  /** The next step waits until then (the source asked to slow down, e.g. Notion's Retry-After). */
  notBefore?: string;
  /** Someone asked to cancel: the running step stops at its next checkpoint and the job ends `cancelled`. */
  cancelRequestedAt?: string;
  /** A failed job whose dead letter was retried: when it was resumed. */
  resumedAt?: string;
  state: S | null;
}

/** What a job's step is given: its own deadline, cancellation, counters and a live-progress hook. */
export interface StepContext {
  jobId: string;
  /** The step's number (1 for the first). */
  step: number;
  /** Upstash-Retried of the delivery running it (0 = first attempt). */
  retried: number;
  /** Epoch ms by which the step must checkpoint and return; work past it is cut short. */
  deadline: number;
  budgetMs: number;
  /** Aborts at the deadline and when the job is cancelled: stop at the next checkpoint and return. */
  signal: AbortSignal;
  /** This step's own counters, added to the job's `progress.counters` when the step ends. */
  counters: Record<string, number>;
  /**
   * Register how to read the step's live progress. The job layer samples it about once a second and
   * saves it when it changed (at least every 2 s), so the status API follows a long step.
   */
  progress(read: () => JobProgress): void;
}

export interface StepResult<S> {
  state: S;
  done: boolean;
  /** The next step should start no sooner (the source asked to slow down, e.g. a Retry-After). */
  waitMs?: number;
}

export interface StartContext {
  jobId: string;
}

/**
 * A job type, as `defineJob` builds it. The job layer owns records, steps, continuation through QStash,
 * locks, progress saving, cancel, callbacks and notifications; the type owns only its own work.
 */
export interface JobDefinition<P = unknown, S = unknown> {
  type: string;
  /** Validates the parameters of every request (trigger, dashboard, CLI, schedules, webhooks). */
  params: ZodType<P>;
  /**
   * Jobs with the same key exclude each other: one runs (one lock, one active slot), one more may be
   * queued behind it. Default: the type's name.
   */
  concurrency(params: P): string;
  /** Whether a request for `requested` is served by joining the job already running with `running`. */
  satisfies(running: P, requested: P): boolean;
  /** A later request folded into the job already queued behind the running one. */
  merge(queued: P, requested: P): P;
  /** The initial state. May refuse the parameters with a JobInputError (an unknown page, say). */
  start(params: P, ctx: StartContext): Promise<S>;
  /** One time-boxed step: work until `ctx.deadline` or `ctx.signal`, then return the state to go on from. */
  step(state: S, ctx: StepContext): Promise<StepResult<S>>;
  /** Progress for the status API, the dashboard and the CLI. */
  describe(state: S): JobProgress;
  /** The terminal status of a job whose last step returned `done`. */
  outcome(state: S): { status: "completed" | "completed_with_errors"; errors: JobIssue[] };
  /** One line for notifications, after the generic "job … completed in 3.2 s". */
  summarize(state: S): string;
  /**
   * Which endings SYNC_NOTIFY_URL hears of: every one, or only those that need a person (failed,
   * completed with errors) — for housekeeping jobs that run after every publish.
   */
  notify: "always" | "problems";
}
