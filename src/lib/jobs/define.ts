import { isDeepStrictEqual } from "node:util";
import type { ZodType } from "zod";
import type { JobDefinition, JobIssue, JobProgress, StartContext, StepContext, StepResult } from "./types";

/** What `defineJob` needs; everything optional has a sensible default. */
export interface JobSpec<P, S> {
  /** A unique name, stored on every job record (e.g. "notion-sync"). */
  type: string;
  /** zod schema of the parameters; its messages reach the user in a 400, so name the allowed values. */
  params: ZodType<P>;
  /** Default: the type's name (one job of this type at a time). */
  concurrency?: (params: P) => string;
  /** Default: equal parameters (a second identical request joins the running job). */
  satisfies?: (running: P, requested: P) => boolean;
  /** Default: the later request wins. */
  merge?: (queued: P, requested: P) => P;
  start: (params: P, ctx: StartContext) => Promise<S>;
  step: (state: S, ctx: StepContext) => Promise<StepResult<S>>;
  describe: (state: S) => JobProgress;
  /** Default: `completed`, no errors. */
  outcome?: (state: S) => { status: "completed" | "completed_with_errors"; errors: JobIssue[] };
  /** Default: the progress counters, `name value, …`. */
  summarize?: (state: S) => string;
  /** Default: "always" (every ending is notified); "problems": only failed and completed_with_errors. */
  notify?: "always" | "problems";
}

/**
 * Define a job type. Register it in a `JobRuntime`'s `types` and start it with
 * `startJob(runtime, type, params, source)`; the job layer then runs `step` through QStash until it
 * returns `done`, with retries, the DLQ, cancel, progress and notifications. See docs/jobs.md.
 */
export function defineJob<P, S>(spec: JobSpec<P, S>): JobDefinition<P, S> {
  return {
    type: spec.type,
    params: spec.params,
    concurrency: spec.concurrency ?? (() => spec.type),
    satisfies: spec.satisfies ?? ((running, requested) => isDeepStrictEqual(running, requested)),
    merge: spec.merge ?? ((_queued, requested) => requested),
    start: spec.start,
    step: spec.step,
    describe: spec.describe,
    outcome: spec.outcome ?? (() => ({ status: "completed", errors: [] })),
    summarize:
      spec.summarize ??
      ((state) =>
        Object.entries(spec.describe(state).counters)
          .map(([name, value]) => `${name} ${value}`)
          .join(", ")),
    notify: spec.notify ?? "always",
  };
}
