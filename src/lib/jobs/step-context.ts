import { saveJobLive } from "../store/jobs";
import type { JobRuntime } from "./runtime";
import type { JobProgress, StepContext } from "./types";

/** Why a step's signal aborted: its time ran out, or someone cancelled the job. */
export type AbortReason = "deadline" | "cancelled";

export interface OpenStep {
  ctx: StepContext;
  /** Stop sampling; resolves once the last save is done. */
  close(): Promise<void>;
  cancelled(): boolean;
  /** The progress the step reported last (its counters even when it threw). */
  lastProgress(): JobProgress | undefined;
  /** Progress saves this step made (one Redis command each, cancel check included). */
  ticks(): number;
}

/**
 * A step's own context: a deadline and an AbortSignal that fires at it (or on cancel), fresh counters,
 * and a progress reader sampled every `progressEveryMs` (1 s by default). Each sample is one Redis
 * command that saves the progress when it changed and reads the cancel request, so readers are never
 * more than ~1 s behind and a cancel reaches the step within a second.
 */
export function openStep(rt: JobRuntime, jobId: string, step: number, retried: number): OpenStep {
  const budgetMs = rt.stepBudgetMs;
  const deadline = Date.now() + budgetMs;
  const controller = new AbortController();
  let reader: (() => JobProgress) | undefined;
  let lastJson = "";
  let last: JobProgress | undefined;
  let cancelled = false;
  let closed = false;
  let ticks = 0;
  let pending: Promise<void> = Promise.resolve();

  const deadlineTimer = setTimeout(() => controller.abort("deadline" satisfies AbortReason), budgetMs);
  const sample = () => {
    if (!reader) return undefined;
    try {
      last = reader();
    } catch {
      return undefined; // a reader that fails now may work at the next tick; never fail the step for it
    }
    const json = JSON.stringify(last);
    if (json === lastJson) return undefined;
    lastJson = json;
    return last;
  };
  const tick = async () => {
    const progress = sample();
    ticks++;
    const { cancel } = await saveJobLive(rt.store, jobId, {
      ...(progress ? { progress: { step, at: new Date().toISOString(), progress } } : {}),
    });
    if (cancel && !cancelled) {
      cancelled = true;
      controller.abort("cancelled" satisfies AbortReason);
    }
  };
  const every = rt.progressEveryMs ?? 1_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      pending = tick()
        .catch((error: unknown) => {
          // A lost progress save is not worth failing the step over; the next tick tries again.
          rt.log.warn("job_progress_save_failed", { jobId, error: String(error) });
        })
        .finally(() => {
          if (!closed) schedule();
        });
    }, every);
  };
  schedule();

  const ctx: StepContext = {
    jobId,
    step,
    retried,
    deadline,
    budgetMs,
    signal: controller.signal,
    counters: {},
    progress(read) {
      reader = read;
    },
  };
  return {
    ctx,
    async close() {
      closed = true;
      clearTimeout(deadlineTimer);
      clearTimeout(timer);
      await pending;
      sample();
    },
    cancelled: () => cancelled,
    lastProgress: () => last,
    ticks: () => ticks,
  };
}
