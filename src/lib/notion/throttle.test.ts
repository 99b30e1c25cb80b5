import { describe, expect, it } from "vitest";
import { DeadlineReachedError } from "../jobs/errors";
import { Throttle, type SharedPause } from "./throttle";

describe("Throttle", () => {
  it("never has more calls in flight than its concurrency", async () => {
    const throttle = new Throttle({ ratePerSecond: 1000, burst: 1000, concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        throttle.run(async () => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it("starts at most `burst` calls at once, then paces the rest by the rate", async () => {
    const throttle = new Throttle({ ratePerSecond: 20, burst: 4, concurrency: 100 });
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, () => throttle.run(() => Promise.resolve(void starts.push(Date.now() - t0)))),
    );
    // The first four may go at once; each later one waits for a token (50 ms apart at 20/s).
    starts.sort((a, b) => a - b);
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(40);
    expect(starts[7]! - starts[0]!).toBeGreaterThanOrEqual(190);
  });

  it("holds everyone back during a pause (a 429's Retry-After)", async () => {
    const throttle = new Throttle({ ratePerSecond: 1000, burst: 10, concurrency: 10 });
    throttle.pause(150);
    const t0 = Date.now();
    const started = await throttle.run(() => Promise.resolve(Date.now() - t0));
    expect(started).toBeGreaterThanOrEqual(145);
  });

  it("refuses a call that cannot start before the deadline", async () => {
    const throttle = new Throttle({ ratePerSecond: 1000, burst: 10, concurrency: 10 });
    throttle.pause(10_000);
    await expect(throttle.run(() => Promise.resolve("ran"), Date.now() + 50)).rejects.toBeInstanceOf(
      DeadlineReachedError,
    );
  });

  it("shares a workspace pause with a later step's throttle, which starts nothing before it ends", async () => {
    let stored = 0;
    const shared: SharedPause = {
      read: () => Promise.resolve(stored),
      extend: (until) => Promise.resolve(void (stored = Math.max(stored, until))),
    };
    let now = 1_000_000;
    const first = new Throttle({
      ratePerSecond: 3,
      burst: 10,
      concurrency: 6,
      now: () => now,
      sharedPause: shared,
    });
    await first.refused({ kind: "workspace", retryAfterMs: 90_000 });
    expect(stored).toBe(1_090_000);

    now += 5_000;
    const next = new Throttle({
      ratePerSecond: 3,
      burst: 10,
      concurrency: 6,
      now: () => now,
      sharedPause: shared,
    });
    await next.adoptSharedPause();
    expect(next.pausedUntil).toBe(1_090_000);
    let ran = false;
    await expect(next.run(() => Promise.resolve((ran = true)), now + 30_000)).rejects.toBeInstanceOf(
      DeadlineReachedError,
    );
    expect(ran).toBe(false);
    now = 1_090_000;
    await expect(next.run(() => Promise.resolve("ran"), now + 30_000)).resolves.toBe("ran");
  });

  it("backs off 529s for everyone, longer with each one in a row", async () => {
    let now = 0;
    const throttle = new Throttle({
      ratePerSecond: 3,
      burst: 10,
      concurrency: 6,
      now: () => now,
      random: () => 1,
    });
    await throttle.refused({ kind: "overload", retryAfterMs: undefined });
    expect(throttle.pausedUntil).toBe(500);
    // The rest of the same volley (calls that were in flight) does not grow the backoff.
    await throttle.refused({ kind: "overload", retryAfterMs: undefined });
    expect(throttle.pausedUntil).toBe(500);
    now = 500;
    await throttle.refused({ kind: "overload", retryAfterMs: undefined });
    expect(throttle.pausedUntil).toBe(1_500);
  });
});
