import { z } from "zod";
import { defineJob } from "../jobs/define";
import type { JobRuntime } from "../jobs/runtime";
import { startJob } from "../jobs/start";
import { runInline } from "../jobs/step-runner";
import type { TriggerSource } from "../jobs/types";
import type { Store } from "../store/redis";
import {
  documentsTouched,
  runSearchIndexStep,
  SEARCH_INDEX_JOB,
  startSearchIndex,
  type SearchIndexState,
} from "./index-job";

export type SearchIndexParams = Record<string, never>;

function describe(state: SearchIndexState) {
  const c = state.counters;
  return {
    phase: state.siteGeneration ? "published" : "indexing",
    done: documentsTouched(state),
    total: documentsTouched(state) + (state.remaining ?? 0),
    counters: { ...c, documentsTouched: documentsTouched(state), followUps: state.followUps },
  };
}

/**
 * The search index as a job type: its own concurrency key (it never waits for, or blocks, a sync), and
 * a request while it runs is never served by joining it: it queues one follow-up run (merged with any
 * later one), so a publish that lands after the running job last looked is indexed too.
 */
export function createSearchIndexJobType(deps: { store: Store }) {
  return defineJob<SearchIndexParams, SearchIndexState>({
    type: SEARCH_INDEX_JOB,
    params: z.object({}).strict(),
    concurrency: () => SEARCH_INDEX_JOB,
    satisfies: () => false,
    // It runs after every publish: only a failure is worth a message beside the sync's own.
    notify: "problems",
    start: () => startSearchIndex(deps),
    step: (state, ctx) => {
      let current = state;
      ctx.progress(() => describe(current));
      return runSearchIndexStep(deps, ctx.jobId, state, ctx.deadline, ctx.signal, (s) => {
        current = s;
      });
    },
    describe,
    summarize: (state) => {
      const c = state.counters;
      return `${documentsTouched(state)} documents touched (${c.documentsAdded} added, ${c.documentsReplaced} replaced, ${c.documentsRemoved} removed), ${c.documents} indexed`;
    },
  });
}

/**
 * Start an index run after a publish. With a queue (the app) the job runs through QStash like any job;
 * without one (`npm run sync -- --local`, tests) it runs here, to the end.
 */
export async function startSearchIndexing(rt: JobRuntime, source: TriggerSource): Promise<void> {
  if (!rt.types[SEARCH_INDEX_JOB]) return;
  const { job, coalesced } = await startJob(rt, SEARCH_INDEX_JOB, {}, source, { inline: !rt.queue });
  if (!rt.queue && !coalesced) await runInline(rt, job.id, { maxMs: 10 * 60_000 });
}
