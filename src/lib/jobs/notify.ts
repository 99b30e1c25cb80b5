import type { Logger } from "../log";
import type { JobRecord } from "./types";

/** A Slack-compatible one-line summary of a finished job; `detail` is the job type's own summary. */
export function summarize(job: JobRecord, detail = ""): string {
  const seconds = job.durationMs !== undefined ? ` in ${(job.durationMs / 1000).toFixed(1)}s` : "";
  const counts = detail ? ` — ${detail}` : "";
  const error = job.status === "failed" && job.lastError ? `: ${job.lastError}` : "";
  const resumed = job.resumedAt ? " (resumed)" : "";
  return `${job.type} job ${job.id} (${job.source})${resumed} ${job.status}${seconds}${counts}${error}`;
}

/** POST the job's summary to SYNC_NOTIFY_URL (from config only). Failures are logged, never thrown. */
export async function notifyJobEnded(
  url: string | undefined,
  job: JobRecord,
  detail: string,
  log: Logger,
): Promise<void> {
  if (!url) return;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: summarize(job, detail),
        job: {
          id: job.id,
          type: job.type,
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
