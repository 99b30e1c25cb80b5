import { describe, expect, it } from "vitest";
import { CliError, EXIT } from "../lib/cli/exit-codes";
import { DEFAULT_SCHEDULE_ID, jobScheduleId } from "../lib/queue/schedules";
import { parseSchedulesArgs } from "./schedules-args";

describe("npm run schedules arguments", () => {
  it("creates or updates the default schedule by default", () => {
    expect(parseSchedulesArgs([])).toEqual({
      help: false,
      options: { action: "upsert", scheduleId: DEFAULT_SCHEDULE_ID, json: false },
    });
    expect(parseSchedulesArgs(["--cron", "CRON_TZ=Europe/Paris 0 2 * * *"])).toMatchObject({
      options: { action: "upsert", cron: "CRON_TZ=Europe/Paris 0 2 * * *" },
    });
  });

  it("lists, and deletes by id", () => {
    expect(parseSchedulesArgs(["--list", "--json"])).toMatchObject({
      options: { action: "list", json: true },
    });
    expect(parseSchedulesArgs(["--delete"])).toMatchObject({
      options: { action: "delete", scheduleId: DEFAULT_SCHEDULE_ID },
    });
    expect(parseSchedulesArgs(["--delete", "--id", "nightly"])).toMatchObject({
      options: { action: "delete", scheduleId: "nightly" },
    });
  });

  it("schedules a job type with its params as the body, under the type's own schedule id", () => {
    expect(
      parseSchedulesArgs(["--job", "tally", "--params", '{"items":3,"label":"x"}', "--cron", "*/5 * * * *"]),
    ).toEqual({
      help: false,
      options: {
        action: "upsert",
        cron: "*/5 * * * *",
        job: { type: "tally", params: { items: 3, label: "x" } },
        scheduleId: jobScheduleId("tally"),
        json: false,
      },
    });
    expect(parseSchedulesArgs(["--job", "search-index"])).toMatchObject({
      options: { job: { type: "search-index", params: {} }, scheduleId: "notion-sync-job-search-index" },
    });
    expect(parseSchedulesArgs(["--job", "tally", "--id", "tally-nightly"])).toMatchObject({
      options: { scheduleId: "tally-nightly" },
    });
    expect(parseSchedulesArgs(["--delete", "--job", "tally"])).toMatchObject({
      options: { action: "delete", scheduleId: jobScheduleId("tally") },
    });
  });

  it.each([
    [["--params", "{}"], /--params needs --job/],
    [["--job", "tally", "--params", "[1,2]"], /--params must be a JSON object/],
    [["--job", "tally", "--params", "{items:3}"], /--params must be a JSON object/],
    [["--job", "../worker"], /--job needs a job type name/],
    [["--job", ""], /--job needs a job type name/],
    [["--list", "--job", "tally"], /leave out --job/],
    [["--delete", "--job", "tally", "--params", "{}"], /cannot be combined with --delete/],
    [["--list", "--delete"], /choose one/],
    [["--list", "--cron", "0 * * * *"], /cannot be combined with --list/],
    [["--delete", "--cron", "0 * * * *"], /cannot be combined with --delete/],
    [["--list", "--id", "x"], /leave out --id/],
    [["--cron", ""], /--cron needs an expression/],
    [["--every", "hour"], /Unknown option/],
  ])("refuses %j with a usage error (exit 3)", (argv, message) => {
    let error: unknown;
    try {
      parseSchedulesArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(message);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
  });
});
