import { Presets, SingleBar } from "cli-progress";
import type { JobView } from "./job-view";
import {
  describeProgress,
  formatDuration,
  formatRate,
  phaseLabel,
  ProgressMeter,
  QUEUED_HINT_AFTER_MS,
  type ProgressSnapshot,
} from "./progress-meter";

/** stdout, or anything shaped like it (tests pass a collector). */
export interface OutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export interface ProgressDisplay {
  update(job: Pick<JobView, "status" | "progress">): void;
  /** Ends the bar (leaving its last state on screen) so a summary can follow. */
  stop(): void;
}

/**
 * A live progress bar on a terminal; on anything else (a pipe, a CI log) one line per change, since a
 * redrawn bar would fill the log with carriage returns.
 */
export function createProgressDisplay(stream: OutputStream, now: () => number = Date.now): ProgressDisplay {
  return stream.isTTY ? barDisplay(stream, now) : lineDisplay(stream, now);
}

function barDisplay(stream: OutputStream, now: () => number): ProgressDisplay {
  const meter = new ProgressMeter(now);
  const bar = new SingleBar(
    {
      stream,
      format: "{bar} {value}/{total} pages | {rate} pages/s | ETA {etaText} | {phase}",
      hideCursor: true,
      barsize: 30,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let started = false;
  const payload = (s: ProgressSnapshot) => ({
    rate: formatRate(s.ratePerSecond),
    // Not `eta`: cli-progress fills that name itself.
    etaText: s.etaSeconds === null ? "–" : formatDuration(s.etaSeconds),
    phase: phaseLabel(s),
  });
  return {
    update(job) {
      const s = meter.observe(job);
      // A bar needs a positive total; the walk's total grows as pages are discovered.
      const total = Math.max(1, s.total);
      if (!started) {
        bar.start(total, s.done, payload(s));
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(s.done, payload(s));
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function lineDisplay(stream: OutputStream, now: () => number): ProgressDisplay {
  const meter = new ProgressMeter(now);
  const startedAt = now();
  let lastKey = "";
  return {
    update(job) {
      const s = meter.observe(job);
      const key = [s.status, s.phase, s.done, s.total, s.queuedForMs >= QUEUED_HINT_AFTER_MS].join("|");
      if (key === lastKey) return;
      lastKey = key;
      stream.write(`[${formatDuration((now() - startedAt) / 1000)}] ${describeProgress(s)}\n`);
    },
    stop() {},
  };
}
