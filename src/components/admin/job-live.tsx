"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatCount, formatDuration } from "@/lib/admin/format";
import { countersOf, durationOf, isLive, percentOf, type PublicJob } from "@/lib/admin/job-view";
import { StatusBadge } from "./status-badge";

const POLL_MS = 1000;

/** One line under the bar, true to the job's state (an ended job is never "still discovering"). */
function progressText(job: PublicJob, percent: number | null): string {
  const { done, total } = job.progress;
  if (job.status === "queued") return "Waiting for its first step.";
  if (job.status === "running") {
    return percent === null
      ? `${formatCount(done)} items done; still discovering pages`
      : `${formatCount(done)} of ${formatCount(total)} items (${percent}%)`;
  }
  if (job.status === "completed" || job.status === "completed_with_errors") {
    return `${formatCount(done)} items done.`;
  }
  const where = total ? `${formatCount(done)} of ${formatCount(total)} items` : `${formatCount(done)} items`;
  return `${job.status === "cancelled" ? "Cancelled" : "Stopped"} after ${where}.`;
}
// One hour of polling; after that the page asks for a refresh instead of polling forever.
const MAX_POLLS = 3600;

/**
 * A job's status, progress bar and counters. Rendered on the server with the current state (so it works
 * without JS); in the browser it polls the status API every second while the job is live, and refreshes
 * the server-rendered parts (steps, errors) once it ends.
 */
export function JobLive({ initial, renderedAt }: { initial: PublicJob; renderedAt: number }) {
  const router = useRouter();
  const [job, setJob] = useState(initial);
  const [now, setNow] = useState(renderedAt);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!isLive(initial.status)) return;
    let stopped = false;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      polls++;
      try {
        const response = await fetch(`/api/sync/jobs/${encodeURIComponent(initial.id)}`, {
          cache: "no-store",
        });
        if (stopped) return;
        if (response.status === 401) {
          setProblem("Your session has ended: sign in again to keep watching.");
          return;
        }
        if (!response.ok) throw new Error(`status ${response.status}`);
        const body = (await response.json()) as { job: PublicJob };
        if (stopped) return;
        setJob(body.job);
        setNow(Date.now());
        setProblem(null);
        if (!isLive(body.job.status)) {
          router.refresh();
          return;
        }
      } catch {
        if (!stopped) setProblem("Lost contact with the server; still trying…");
      }
      if (stopped) return;
      if (polls >= MAX_POLLS) setProblem("Stopped watching after an hour: refresh the page to continue.");
      else timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id, initial.status, router]);

  const percent = percentOf(job);
  const { phase } = job.progress;
  const live = isLive(job.status);
  return (
    <section aria-labelledby="progress-heading" className="admin-card">
      <h2 id="progress-heading">Progress</h2>
      <p className="admin-status-line" aria-live="polite" id="job-status" data-status={job.status}>
        <StatusBadge status={job.status} />
        <span>
          Phase <strong>{phase}</strong>
        </span>
        <span>{formatDuration(durationOf(job, now))}</span>
      </p>
      {live || percent !== null ? (
        <>
          <label htmlFor="job-progress" className="visually-hidden">
            Sync progress
          </label>
          {/* An ended job never shows the indeterminate (animated) bar: only where it stopped. */}
          <progress id="job-progress" max={100} value={percent ?? undefined}>
            {percent === null ? "Working out the total" : `${percent}%`}
          </progress>
        </>
      ) : null}
      <p className="muted small" data-progress-text>
        {progressText(job, percent)}
      </p>
      {live && job.cancelRequestedAt ? (
        <p className="muted small">Cancel requested: the running step stops at its next checkpoint.</p>
      ) : null}
      {problem ? (
        <p className="admin-flash" data-kind="error" role="alert">
          {problem}
        </p>
      ) : null}
      <dl className="admin-counters">
        {countersOf(job).map((c) => (
          <div key={c.name}>
            <dt>{c.label}</dt>
            <dd data-counter={c.name}>{formatCount(c.value)}</dd>
          </div>
        ))}
        <div>
          <dt>QStash deliveries</dt>
          <dd data-counter="attempts">
            {formatCount(job.attempts)}
            {job.retries ? ` (${formatCount(job.retries)} retries)` : ""}
          </dd>
        </div>
      </dl>
      {job.lastError ? (
        <p className="admin-flash" data-kind="error">
          Last error: {job.lastError}
        </p>
      ) : null}
    </section>
  );
}
