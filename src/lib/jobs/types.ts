export const JOB_STATUSES = [
  "queued",
  "running",
  "completed",
  "completed_with_errors",
  "failed",
  "cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TRIGGER_SOURCES = ["cron", "manual", "cli", "dashboard", "webhook", "schedule"] as const;
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
  errors: JobIssue[];
  lastError?: string;
  dlqId?: string;
  /** The next step waits until then (the source asked to slow down, e.g. Notion's Retry-After). */
  notBefore?: string;
  state: S | null;
}

/** What a job type provides; the job layer owns everything else (records, steps, continuation, lock). */
export interface JobType<S, P> {
  name: string;
  start(jobId: string, params: P): Promise<S>;
  /** `waitMs`: the next step should start no sooner (a step that only waits would waste a delivery). */
  step(
    jobId: string,
    state: S,
    options: { budgetMs: number },
  ): Promise<{ state: S; done: boolean; waitMs?: number }>;
  progress(state: S): JobProgress;
  outcome(state: S): { status: "completed" | "completed_with_errors"; errors: JobIssue[] };
}
