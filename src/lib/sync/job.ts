import { z } from "zod";
import { defineJob } from "../jobs/define";
import { PermanentJobError } from "../jobs/errors";
import { isNotionSyncError } from "../notion/errors";
import { describeSync, runSyncStep, startSync, type SyncDeps } from "./engine";
import type { SyncParams, SyncState } from "./types";

export const SYNC_JOB = "notion-sync";
/** Every sync shares one lock and one active slot: two syncs never write the same generation chain. */
export const SYNC_CONCURRENCY = "sync";

const MODES = ["incremental", "force", "page"] as const;
/** Webhook rechecks folded into one queued sync; past this, the next reconciliation finds the rest. */
const MAX_RECHECK = 200;

/** The sync's parameters, as every entry point sends them (the trigger maps `force`/`page` to these). */
export const SyncParamsSchema = z
  .object({
    mode: z.enum(MODES, { message: `must be one of ${MODES.join(", ")}` }),
    page: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(300, "is too long")
      .regex(/^[\p{L}\p{N}/_-]+$/u, "must be a page slug (like blog/my-post) or a Notion page id")
      .optional(),
    recheck: z
      .array(z.string().regex(/^[0-9a-f-]{32,36}$/i, "must be Notion ids"))
      .max(MAX_RECHECK, `must name at most ${MAX_RECHECK} ids`)
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.mode === "page" && !p.page)
      ctx.addIssue({ code: "custom", path: ["page"], message: "is required in page mode" });
    if (p.mode !== "incremental" && p.recheck) {
      ctx.addIssue({ code: "custom", path: ["recheck"], message: `cannot be combined with mode ${p.mode}` });
    }
    if (p.mode !== "page" && p.page) {
      ctx.addIssue({ code: "custom", path: ["page"], message: `cannot be combined with mode ${p.mode}` });
    }
  }) satisfies z.ZodType<SyncParams>;

function samePage(a: SyncParams, b: SyncParams): boolean {
  return (a.page ?? "").toLowerCase().replace(/-/g, "") === (b.page ?? "").toLowerCase().replace(/-/g, "");
}

/**
 * Whether the running sync covers a request: any sync covers an incremental one (it lists what changed)
 * unless it asks for rechecks;
 * only a force sync covers a force sync; a page sync covers the same page.
 */
export function syncSatisfies(running: SyncParams, requested: SyncParams): boolean {
  // A running sync may have read those pages already: a recheck runs after it.
  if (requested.recheck?.length) return false;
  if (requested.mode === "incremental") return true;
  if (requested.mode === "force") return running.mode === "force";
  return running.mode === "page" && samePage(running, requested);
}

/** The one sync queued behind the running one, widened to cover every request folded into it. */
export function mergeSyncParams(queued: SyncParams, requested: SyncParams): SyncParams {
  if (queued.mode === "force" || requested.mode === "force") return { mode: "force" };
  if (queued.mode === "page" && requested.mode === "page" && samePage(queued, requested)) return queued;
  // An incremental sync finds every page edited since the last one, the requested pages included.
  const recheck = [...new Set([...(queued.recheck ?? []), ...(requested.recheck ?? [])])];
  return { mode: "incremental", ...(recheck.length > 0 ? { recheck: recheck.slice(0, MAX_RECHECK) } : {}) };
}

/**
 * The Notion sync as a job type. Its errors are translated here, at its edge: Notion refusals that will
 * not change (a revoked token, a missing root page) become PermanentJobError; the job layer knows
 * nothing about Notion.
 */
export function createSyncJobType(deps: SyncDeps) {
  return defineJob<SyncParams, SyncState>({
    type: SYNC_JOB,
    params: SyncParamsSchema,
    concurrency: () => SYNC_CONCURRENCY,
    satisfies: syncSatisfies,
    merge: mergeSyncParams,
    start: (params, { jobId }) => startSync(deps, jobId, params),
    step: async (state, ctx) => {
      try {
        return await runSyncStep(deps, ctx.jobId, state, ctx);
      } catch (error) {
        if (isNotionSyncError(error) && !error.retryable) throw new PermanentJobError(error.message);
        throw error;
      }
    },
    describe: describeSync,
    outcome: (state) => ({
      status:
        state.errors.length > 0 || state.counters.pagesFailed > 0 ? "completed_with_errors" : "completed",
      errors: state.errors.map((e) => ({ ...e })),
    }),
    summarize: (state) => {
      const c = state.counters;
      return `${c.pagesWritten} written, ${c.pagesUnchanged} unchanged, ${c.pagesDeleted} deleted, ${c.pagesFailed} failed, ${c.apiCalls} Notion calls`;
    },
  });
}
