import type { Logger } from "../log";
import type { Queue } from "../queue/qstash";
import type { Store } from "../store/redis";
import { JobInputError } from "./errors";
import type { JobDefinition } from "./types";

/** What the job machinery runs with. Routes, the CLI and tests each build one. */
export interface JobRuntime {
  store: Store;
  /** Absent for in-process runs (`npm run sync -- --local`): steps then never leave the process. */
  queue?: Queue;
  // Job types differ in state and params; the job layer treats both as opaque.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  types: Record<string, JobDefinition<any, any>>;
  stepBudgetMs: number;
  notifyUrl?: string;
  log: Logger;
  /** A queued/running job with no progress for this long is considered dead (its worker is gone). */
  staleAfterMs?: number;
  /** How long past the step budget the lock outlives a worker that died mid-step (default 30 s). */
  lockMarginMs?: number;
  /** How often a running step's progress is sampled and saved when it changed (default 1 s). */
  progressEveryMs?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jobTypeOf(rt: JobRuntime, name: string): JobDefinition<any, any> {
  const type = rt.types[name];
  if (!type) {
    throw new JobInputError(`Unknown job type "${name}": one of ${Object.keys(rt.types).join(", ")}.`);
  }
  return type;
}

/** The lock a step holds: long enough for one step, short enough that a dead worker's lock frees soon. */
export function lockTtlFor(rt: JobRuntime): number {
  return rt.stepBudgetMs + (rt.lockMarginMs ?? 30_000);
}

/** The concurrency key of a recorded job (its lock and its slots). */
export function concurrencyKeyOf(rt: JobRuntime, job: { type: string; params: unknown }): string {
  return jobTypeOf(rt, job.type).concurrency(job.params);
}
