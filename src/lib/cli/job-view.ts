import { z } from "zod";
import { JOB_STATUSES } from "../jobs/types";

/**
 * The job as the CLI sees it: the status API's JSON (`GET /api/sync/jobs/{id}`), or a `JobRecord` in
 * `--local` mode, which has the same shape. Unknown fields are kept so `--json` prints them all.
 */
export const JobViewSchema = z.looseObject({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  source: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  progress: z.object({
    phase: z.string(),
    done: z.number(),
    total: z.number(),
    counters: z.record(z.string(), z.number()),
  }),
  errors: z
    .array(
      z.object({
        id: z.string().optional(),
        title: z.string().optional(),
        code: z.string(),
        message: z.string(),
      }),
    )
    .default([]),
  lastError: z.string().optional(),
  dlqId: z.string().optional(),
});
export type JobView = z.infer<typeof JobViewSchema>;

/** The trigger's 202 answer (`POST /api/sync/trigger`). */
export const TriggerReplySchema = z.looseObject({
  ok: z.literal(true),
  jobId: z.string(),
  status: z.enum(JOB_STATUSES),
  coalesced: z.boolean().optional(),
  statusUrl: z.string(),
  dashboardUrl: z.string().optional(),
  force: z.boolean().optional(),
  page: z.string().nullable().optional(),
});
export type TriggerReply = z.infer<typeof TriggerReplySchema>;

export const JobReplySchema = z.object({ ok: z.literal(true), job: JobViewSchema });

/** `{ ok: false, error }`, the shape of every error the API answers. */
export const ErrorReplySchema = z.object({ error: z.string() });
