import { isJobInputError, isRetryLater } from "../jobs/errors";
import { endJob, messageOf } from "../jobs/lifecycle";
import type { JobRuntime } from "../jobs/runtime";
import { startJob } from "../jobs/start";
import { runInline } from "../jobs/step-runner";
import { isTerminal, type JobRecord } from "../jobs/types";
import { silentLogger } from "../log";
import { createRuntimeFromEnv } from "../runtime";
import { getJob } from "../store/jobs";
import { SYNC_JOB } from "../sync/job";
import type { SyncParams } from "../sync/types";
import { CliError } from "./exit-codes";

export interface LocalSyncOptions {
  params: SyncParams;
  onUpdate?: (job: JobRecord) => void;
  /** Called once when this many steps in a row made no progress (default 10): see STALL_STEPS. */
  onStall?: (steps: number) => void;
  /** Called before a failed step is tried again. */
  onRetry?: (attempt: number, error: unknown) => void;
  /** Default: built from the environment (NOTION_*, KV_*), without QStash. */
  runtime?: JobRuntime;
  /**
   * Time per step (default SYNC_STEP_BUDGET_MS, as in the worker). Not shortened for a livelier progress
   * bar: a page whose fetch needs more than one step's budget would be restarted in every step.
   */
  stepBudgetMs?: number;
  /** Attempts after a step fails, as QStash would retry it (default 3). */
  stepRetries?: number;
  /** Give up after this long (default 12 h). */
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Steps in a row without a page finishing before `onStall`: normal for one very large page (each step
 * carries on with it), but worth a word when Notion keeps failing or rate limiting.
 */
export const STALL_STEPS = 10;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run a sync in this process, no QStash and no app: the CLI's `--local`. The job is recorded like any
 * other (the dashboard shows it) and its steps run back to back; a failed step is retried from its
 * checkpoint with backoff, as QStash would, before the job is failed.
 */
export async function runLocalSync(
  options: LocalSyncOptions,
): Promise<{ job: JobRecord; coalesced: boolean }> {
  const base = options.runtime ?? createRuntimeFromEnv({ local: true, log: silentLogger });
  // Steps must never leave the process, even if the caller's runtime has a queue.
  const { queue: _queue, ...withoutQueue } = base;
  const rt: JobRuntime = {
    ...withoutQueue,
    stepBudgetMs: options.stepBudgetMs ?? base.stepBudgetMs,
  };
  const retries = options.stepRetries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = Date.now() + (options.maxMs ?? 12 * 3600_000);

  const enqueued = await startJob(rt, SYNC_JOB, options.params, "cli").catch((error: unknown) => {
    if (isJobInputError(error)) throw new CliError("usage", error.message);
    throw error;
  });
  const { coalesced } = enqueued;
  let job = enqueued.job;
  options.onUpdate?.(job);
  // Steps save live progress as they run: show it every second, not only when a step ends.
  const watch = setInterval(() => {
    getJob(rt.store, enqueued.job.id).then(
      (seen) => {
        if (seen && !isTerminal(seen.status)) options.onUpdate?.(seen);
      },
      () => undefined,
    );
  }, 1_000);
  try {
    return await runSteps();
  } finally {
    clearInterval(watch);
  }

  async function runSteps(): Promise<{ job: JobRecord; coalesced: boolean }> {
    let failures = 0;
    let still = 0;
    let mark = "";
    while (!isTerminal(job.status) && Date.now() < deadline) {
      const stepBefore = job.step;
      try {
        ({ job } = await runInline(rt, job.id, {
          // Long enough to include a wait Notion asked for (Retry-After ≤ 60 s) inside the call.
          maxMs: Math.min(10 * 60_000, Math.max(1_000, deadline - Date.now())),
          onStep: (j) => {
            failures = 0;
            const now = `${j.progress.phase}:${j.progress.done}:${j.progress.total}`;
            still = now === mark ? still + 1 : 0;
            mark = now;
            if (still === STALL_STEPS) options.onStall?.(still);
            options.onUpdate?.(j);
          },
        }));
        // Back without a step (a wait it would not sleep through): pause rather than spin.
        if (!isTerminal(job.status) && job.step === stepBefore) await sleep(1_000);
      } catch (error) {
        const current = (await getJob(rt.store, job.id)) ?? job;
        job = current;
        // A permanent error (revoked token, missing root page) has already ended the job.
        if (isTerminal(current.status)) break;
        if (isRetryLater(error)) {
          // Another process (the app's worker) holds the sync lock: wait for it, as QStash would.
          await sleep(Math.min(10_000, error.retryAfterSeconds * 1000));
          continue;
        }
        if (++failures > retries) {
          job = await endJob(
            rt,
            current,
            "failed",
            `Step ${current.step + 1} kept failing: ${messageOf(error)}`,
          );
          break;
        }
        options.onRetry?.(failures, error);
        await sleep(1000 * 2 ** (failures - 1));
      }
    }
    if (!isTerminal(job.status)) {
      throw new CliError("failed", `gave up: job ${job.id} is still ${job.status} after the time limit.`);
    }
    options.onUpdate?.(job);
    return { job, coalesced };
  }
}
