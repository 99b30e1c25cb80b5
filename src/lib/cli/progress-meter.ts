import type { JobView } from "./job-view";

/** After this long in `queued`, the progress line says where to look (QStash cannot reach the app?). */
export const QUEUED_HINT_AFTER_MS = 30_000;

export interface ProgressSnapshot {
  status: JobView["status"];
  phase: string;
  done: number;
  total: number;
  /** Pages per second over the recent window; null until two samples are a second apart. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /** How long the job has been seen `queued` (0 once it runs). */
  queuedForMs: number;
}

/**
 * Turns successive job observations into a rate and an ETA. The rate is measured over a sliding window
 * so it follows the current phase rather than the whole run; `now` is a seam for tests.
 */
export class ProgressMeter {
  private samples: { at: number; done: number }[] = [];
  private queuedSince: number | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 15_000,
  ) {}

  observe(job: Pick<JobView, "status" | "progress">): ProgressSnapshot {
    const at = this.now();
    const { phase, done, total } = job.progress;
    if (job.status === "queued") this.queuedSince ??= at;
    else this.queuedSince = undefined;
    const last = this.samples.at(-1);
    if (last && done < last.done) this.samples = [];
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const spanMs = at - first.at;
    const ratePerSecond = spanMs >= 1_000 ? ((done - first.done) * 1000) / spanMs : null;
    const left = Math.max(0, total - done);
    const etaSeconds = ratePerSecond && ratePerSecond > 0 ? left / ratePerSecond : null;
    return {
      status: job.status,
      phase,
      done,
      total: Math.max(total, done),
      ratePerSecond,
      etaSeconds,
      queuedForMs: this.queuedSince === undefined ? 0 : at - this.queuedSince,
    };
  }
}

/** 9s, 2m 05s, 1h 02m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function formatRate(ratePerSecond: number | null): string {
  return ratePerSecond === null ? "–" : ratePerSecond.toFixed(1);
}

/** What a phase means to someone watching; the engine's names are terse. */
export function phaseLabel(snapshot: Pick<ProgressSnapshot, "status" | "phase" | "queuedForMs">): string {
  if (snapshot.status === "queued") {
    return snapshot.queuedForMs >= QUEUED_HINT_AFTER_MS
      ? `queued for ${formatDuration(snapshot.queuedForMs / 1000)}: can QStash reach APP_URL? (docs/operations.md)`
      : "waiting for a worker";
  }
  const labels: Record<string, string> = {
    list: "listing pages",
    walk: "fetching pages",
    publish: "publishing",
    collect: "cleaning up",
    done: "done",
  };
  return labels[snapshot.phase] ?? snapshot.phase;
}

/** One line for logs and non-TTY output: `running · fetching pages · 12/40 pages · 3.1 pages/s · ETA 9s`. */
export function describeProgress(snapshot: ProgressSnapshot): string {
  if (snapshot.status === "queued") {
    return snapshot.queuedForMs >= QUEUED_HINT_AFTER_MS ? `queued · ${phaseLabel(snapshot)}` : "queued";
  }
  const parts = [snapshot.status, phaseLabel(snapshot), `${snapshot.done}/${snapshot.total} pages`];
  if (snapshot.ratePerSecond !== null) parts.push(`${formatRate(snapshot.ratePerSecond)} pages/s`);
  if (snapshot.etaSeconds !== null && snapshot.status === "running") {
    parts.push(`ETA ${formatDuration(snapshot.etaSeconds)}`);
  }
  return parts.join(" · ");
}
