import type { JobType } from "../jobs/types";
import { runSyncStep, startSync, type SyncDeps } from "./engine";
import type { SyncParams, SyncState } from "./types";

export const SYNC_JOB = "notion-sync";

/** The Notion sync as a job type: the job layer runs it without knowing anything about Notion. */
export function createSyncJobType(deps: SyncDeps): JobType<SyncState, SyncParams> {
  return {
    name: SYNC_JOB,
    start: (jobId, params) => startSync(deps, jobId, params),
    step: (jobId, state, options) => runSyncStep(deps, jobId, state, options),
    progress: (state) => ({
      phase: state.phase,
      done: state.queueCursor,
      total: Math.max(state.queueLength, state.queueCursor),
      counters: { ...state.counters },
    }),
    outcome: (state) => ({
      status:
        state.errors.length > 0 || state.counters.pagesFailed > 0 ? "completed_with_errors" : "completed",
      errors: state.errors.map((e) => ({ ...e })),
    }),
  };
}
