import type { JobRecord, JobStatus } from "../jobs/types";

/** A job as the status API returns it (no engine state); what the dashboard renders. */
export type PublicJob = Omit<JobRecord, "state">;

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  completed_with_errors: "Completed with errors",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Counters shown on a job page, in reading order; unknown counters are listed after these. */
export const COUNTER_LABELS: Record<string, string> = {
  pagesDiscovered: "Pages discovered",
  pagesFetched: "Pages fetched",
  pagesUnchanged: "Pages unchanged",
  pagesWritten: "Pages written",
  pagesDeleted: "Pages deleted",
  pagesFailed: "Pages failed",
  databases: "Databases",
  apiCalls: "Notion API calls",
  rateLimited: "Rate-limited answers",
  retries: "Notion retries",
  kvCommands: "Cache commands",
  bytesWritten: "Bytes written",
};

/** Labels of other job types' counters (listed after the ones above, only when a job has them). */
const OTHER_COUNTER_LABELS: Record<string, string> = {
  documentsTouched: "Documents touched",
  documentsAdded: "Documents added",
  documentsReplaced: "Documents replaced",
  documentsRemoved: "Documents removed",
  documentsUnchanged: "Documents unchanged",
  documents: "Documents indexed",
};

export function isLive(status: JobStatus): boolean {
  return status === "queued" || status === "running";
}

/** Job types other than the sync, as the dashboard names them. */
export const JOB_TYPE_LABELS: Record<string, string> = { "search-index": "Search index" };

/** "Incremental", "Force", or "Page: blog/post" from the sync job's params; other job types by name. */
export function modeOf(job: Pick<PublicJob, "params"> & { type?: string }): string {
  if (job.type && job.type !== "notion-sync") return JOB_TYPE_LABELS[job.type] ?? job.type;
  const params = (job.params ?? {}) as { mode?: unknown; page?: unknown };
  if (params.mode === "page") return `Page: ${typeof params.page === "string" ? params.page : "?"}`;
  if (params.mode === "force") return "Force";
  if (params.mode === "incremental") return "Incremental";
  return typeof params.mode === "string" ? params.mode : "—";
}

/** Elapsed time: final for an ended job, running time so far for a live one. */
export function durationOf(job: PublicJob, now: number): number | null {
  if (typeof job.durationMs === "number") return job.durationMs;
  if (!isLive(job.status)) return null;
  return Math.max(0, now - Date.parse(job.startedAt ?? job.createdAt));
}

/** Percent done, or null while the total is unknown (the walk is still discovering pages). */
export function percentOf(job: Pick<PublicJob, "status" | "progress">): number | null {
  if (job.status === "completed" || job.status === "completed_with_errors") return 100;
  const { done, total } = job.progress;
  if (!total) return null;
  return Math.min(100, Math.floor((done / total) * 100));
}

export function counter(job: Pick<PublicJob, "progress">, name: string): number {
  return job.progress.counters[name] ?? 0;
}

/** Counters in display order with labels. */
export function countersOf(
  job: Pick<PublicJob, "progress">,
): { name: string; label: string; value: number }[] {
  const names = [
    ...Object.keys(COUNTER_LABELS),
    ...Object.keys(job.progress.counters).filter((n) => !(n in COUNTER_LABELS)),
  ];
  return names.map((name) => ({
    name,
    label: COUNTER_LABELS[name] ?? OTHER_COUNTER_LABELS[name] ?? name,
    value: counter(job, name),
  }));
}
