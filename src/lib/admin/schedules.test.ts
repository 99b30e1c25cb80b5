import { describe, expect, it } from "vitest";
import { nextRunsOf, vercelCronTriggers } from "./schedules";

describe("schedules", () => {
  const now = new Date("2025-03-10T03:00:00Z");

  it("lists the next runs of the deployed Vercel cron (0 2 * * *, UTC)", () => {
    const [trigger] = vercelCronTriggers(now);
    expect(trigger).toMatchObject({ source: "vercel-cron", target: "/api/sync/trigger", cron: "0 2 * * *" });
    expect(trigger!.nextRuns).toEqual([
      "2025-03-11T02:00:00.000Z",
      "2025-03-12T02:00:00.000Z",
      "2025-03-13T02:00:00.000Z",
    ]);
  });

  it("understands QStash's CRON_TZ prefix", () => {
    // 02:00 in Berlin (UTC+1 in March before the switch) is 01:00 UTC.
    expect(nextRunsOf("CRON_TZ=Europe/Berlin 0 2 * * *", now, 1)).toEqual(["2025-03-11T01:00:00.000Z"]);
  });

  it("returns no runs for an invalid expression or config", () => {
    expect(nextRunsOf("not a cron", now)).toEqual([]);
    expect(vercelCronTriggers(now, { crons: "nope" })).toEqual([]);
    expect(vercelCronTriggers(now, {})).toEqual([]);
  });
});
