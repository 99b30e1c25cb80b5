import type { JobView } from "./job-view";

function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : ` in ${(ms / 1000).toFixed(1)} s`;
}

function countersLine(job: JobView): string {
  const c = job.progress.counters;
  const n = (key: string) => c[key] ?? 0;
  const parts = [
    `${n("pagesWritten")} written`,
    `${n("pagesUnchanged")} unchanged`,
    `${n("pagesDeleted")} deleted`,
    `${n("pagesFailed")} failed`,
  ];
  return `${parts.join(", ")}; ${n("apiCalls")} Notion calls`;
}

/** The lines printed when a job ends: what happened, and for errors what to do next. */
export function summarizeJob(job: JobView): string[] {
  const lines: string[] = [];
  switch (job.status) {
    case "completed":
      lines.push(`completed${seconds(job.durationMs)}: ${countersLine(job)}`);
      break;
    case "completed_with_errors":
      lines.push(`completed with errors${seconds(job.durationMs)}: ${countersLine(job)}`);
      for (const issue of job.errors) {
        const who = [issue.title, issue.id && `(${issue.id})`].filter(Boolean).join(" ") || "the job";
        lines.push(`  - ${who}: ${issue.message} [${issue.code}]`);
      }
      lines.push("Failed pages keep their last good version on the site; the next sync tries them again.");
      break;
    case "failed":
    case "cancelled":
      lines.push(`${job.status}${seconds(job.durationMs)}: ${job.lastError ?? "no error was recorded"}`);
      if (job.dlqId) lines.push(`QStash DLQ id: ${job.dlqId} (inspect or retry it in the QStash console)`);
      break;
    default:
      lines.push(`${job.status}: ${job.progress.phase} ${job.progress.done}/${job.progress.total}`);
  }
  return lines;
}
