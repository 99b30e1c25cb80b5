import { describe, expect, it } from "vitest";
import { nextRunOf, parseCron, ScheduleError } from "../lib/queue/schedules";

describe("schedule crons (validated with croner before QStash sees them)", () => {
  it("accepts five fields, and a CRON_TZ= prefix", () => {
    expect(parseCron("0 2 * * *")).toEqual({ expression: "0 2 * * *", pattern: "0 2 * * *" });
    expect(parseCron("  CRON_TZ=Europe/Paris   0 2 * * 1-5 ")).toEqual({
      expression: "CRON_TZ=Europe/Paris 0 2 * * 1-5",
      pattern: "0 2 * * 1-5",
      timezone: "Europe/Paris",
    });
  });

  it.each(["every hour", "0 2 * *", "0 0 2 * * *", "61 * * * *", "CRON_TZ=Mars/Olympus 0 2 * * *"])(
    "refuses %j with a message that shows the format",
    (cron) => {
      expect(() => parseCron(cron)).toThrow(ScheduleError);
      expect(() => parseCron(cron)).toThrow(/five fields \(minute hour day month weekday\)/);
    },
  );

  it("computes the next run, in the cron's time zone", () => {
    const after = new Date("2025-03-10T10:15:00Z");
    expect(nextRunOf("0 * * * *", after)?.toISOString()).toBe("2025-03-10T11:00:00.000Z");
    expect(nextRunOf("0 2 * * *", after)?.toISOString()).toBe("2025-03-11T02:00:00.000Z");
    // 02:00 in Paris (UTC+1 in March before DST) is 01:00 UTC.
    expect(nextRunOf("CRON_TZ=Europe/Paris 0 2 * * *", after)?.toISOString()).toBe(
      "2025-03-11T01:00:00.000Z",
    );
    expect(nextRunOf("not a cron", after)).toBeNull();
  });
});
