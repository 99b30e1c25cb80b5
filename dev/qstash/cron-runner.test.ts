import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CronRunner } from "./cron-runner";
import { MessageIntake } from "./message-intake";
import type { ScheduleRecord } from "./model";
import { StateStore, type Logger } from "./state-store";

const quiet: Logger = { info: () => undefined, warn: () => undefined };

/** A runner over a real store and intake, with one every-minute schedule; the clock is vitest's. */
async function runnerWith(clock: "real" | "manual") {
  const store = await StateStore.open(undefined, quiet);
  const cron = new CronRunner(store, new MessageIntake(store, 1, () => undefined), quiet, clock);
  const schedule: ScheduleRecord = {
    scheduleId: "every-minute",
    cron: "* * * * *",
    createdAt: Date.now(),
    template: {
      url: "http://127.0.0.1:1/hook",
      method: "POST",
      header: {},
      bodyBase64: "",
      maxRetries: 0,
      callerIp: "127.0.0.1",
    },
    isPaused: false,
    lastScheduleStates: {},
  };
  store.schedules.set(schedule.scheduleId, schedule);
  cron.refresh(schedule);
  return { cron, schedule };
}

describe("the emulator's cron clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(new Date("2026-12-01T10:00:30Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("fires a schedule when the real clock reaches its next run", async () => {
    const { cron, schedule } = await runnerWith("real");
    expect(schedule.nextScheduleTime).toBe(Date.parse("2026-12-01T10:01:00Z"));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(schedule.lastScheduleTime).toBe(Date.parse("2026-12-01T10:01:00Z"));
    expect(Object.keys(schedule.lastScheduleStates)).toHaveLength(1);
    cron.stop();
  });

  it("with the manual clock, fires only what tick() is told is due", async () => {
    const { cron, schedule } = await runnerWith("manual");
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(schedule.lastScheduleTime).toBeUndefined();
    expect(cron.tick(new Date(schedule.nextScheduleTime!))).toHaveLength(1);
    expect(schedule.lastScheduleTime).toBe(Date.parse("2026-12-01T10:01:00Z"));
    cron.stop();
  });
});
