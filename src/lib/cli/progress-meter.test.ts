import { describe, expect, it } from "vitest";
import type { JobView } from "./job-view";
import { createProgressDisplay, type OutputStream } from "./progress-display";
import { describeProgress, formatDuration, ProgressMeter } from "./progress-meter";

function job(status: JobView["status"], done: number, total: number, phase = "walk") {
  return { status, progress: { phase, done, total, counters: {} } };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("progress meter", () => {
  it("measures pages/s and the ETA over the recent window", () => {
    const c = clock();
    const meter = new ProgressMeter(c.now, 10_000);
    expect(meter.observe(job("running", 0, 100)).ratePerSecond).toBeNull();
    c.advance(2_000);
    const s = meter.observe(job("running", 10, 100));
    expect(s.ratePerSecond).toBe(5);
    expect(s.etaSeconds).toBe(18);
    // Old samples leave the window: the rate follows the current pace.
    c.advance(20_000);
    meter.observe(job("running", 12, 100));
    c.advance(2_000);
    expect(meter.observe(job("running", 52, 100)).ratePerSecond).toBe(20);
  });

  it("counts how long a job stays queued", () => {
    const c = clock();
    const meter = new ProgressMeter(c.now);
    meter.observe(job("queued", 0, 0, "list"));
    c.advance(31_000);
    const s = meter.observe(job("queued", 0, 0, "list"));
    expect(s.queuedForMs).toBe(31_000);
    expect(describeProgress(s)).toMatch(/queued · queued for 31s: can QStash reach APP_URL\?/);
    expect(meter.observe(job("running", 0, 0, "list")).queuedForMs).toBe(0);
  });

  it("describes a running job in one line", () => {
    const c = clock();
    const meter = new ProgressMeter(c.now);
    meter.observe(job("running", 0, 40));
    c.advance(4_000);
    expect(describeProgress(meter.observe(job("running", 12, 40)))).toBe(
      "running · fetching pages · 12/40 pages · 3.0 pages/s · ETA 9s",
    );
  });

  it("formats durations", () => {
    expect(formatDuration(9.4)).toBe("9s");
    expect(formatDuration(125)).toBe("2m 05s");
    expect(formatDuration(3720)).toBe("1h 02m");
  });
});

describe("progress display without a terminal", () => {
  it("prints one line per change, not per poll", () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as OutputStream;
    const c = clock();
    const display = createProgressDisplay(stream, c.now);
    display.update(job("running", 1, 10));
    display.update(job("running", 1, 10));
    c.advance(1_000);
    display.update(job("running", 5, 10));
    display.update(job("completed", 10, 10, "done"));
    display.stop();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("[0s] running · fetching pages · 1/10 pages\n");
    expect(lines[2]).toMatch(/^\[1s\] completed · done · 10\/10 pages/);
  });
});
