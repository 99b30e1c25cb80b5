import type { Logger } from "../log";
import type { JobRecord } from "./types";

/** A Slack-compatible one-line summary of a finished job. */
export function summarize(job: JobRecord): string {
  const c = job.progress.counters;
  const seconds = job.durationMs !== undefined ? ` in ${(job.durationMs / 1000).toFixed(1)}s` : "";
  const counts =
    c.pagesWritten !== undefined
      ? ` — ${c.pagesWritten ?? 0} written, ${c.pagesUnchanged ?? 0} unchanged, ${c.pagesDeleted ?? 0} deleted, ${c.pagesFailed ?? 0} failed, ${c.apiCalls ?? 0} Notion calls`
      : "";
  const error = job.status === "failed" && job.lastError ? `: ${job.lastError}` : "";
  return `notion-sync job ${job.id} (${job.source}, ${String((job.params as { mode?: string }).mode ?? "")}) ${job.status}${seconds}${counts}${error}`;
}

/** POST the job's summary to SYNC_NOTIFY_URL (from config only). Failures are logged, never thrown. */
export async function notifyJobEnded(url: string | undefined, job: JobRecord, log: Logger): Promise<void> {
  if (!url) return;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: summarize(job),
        job: {
          id: job.id,
          status: job.status,
          source: job.source,
          params: job.params,
          durationMs: job.durationMs,
          counters: job.progress.counters,
          errors: job.errors.slice(0, 10),
        },
      }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) log.warn("notify_failed", { jobId: job.id, status: response.status });
  } catch (error) {
    log.warn("notify_failed", {
      jobId: job.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
