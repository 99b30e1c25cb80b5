import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { runCli } from "./run-cli";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface ListedSchedule {
  scheduleId: string;
  cron: string;
  destination: string;
  method: string;
  isPaused: boolean;
  nextRun: string | null;
  ours: boolean;
}

async function listed(): Promise<ListedSchedule[]> {
  const run = await runCli("schedules", ["--list", "--json"], { env: app.env });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { schedules: ListedSchedule[] }).schedules;
}

async function jobsFrom(source: string): Promise<{ id: string }[]> {
  const response = await fetch(`${app.url}/api/sync/jobs?limit=20`, {
    headers: { authorization: `Bearer ${app.secret}` },
  });
  const body = (await response.json()) as { jobs: { id: string; source: string }[] };
  expect(
    response.status,
    `GET /api/sync/jobs answered ${JSON.stringify(body)}; server log:\n${app.logs.slice(-30).join("\n")}`,
  ).toBe(200);
  return body.jobs.filter((j) => j.source === source);
}

describe("npm run schedules (against the QStash emulator and the built app)", () => {
  it("creates, updates, lists, fires and deletes the sync schedule", async () => {
    const trigger = `${app.url}/api/sync/trigger`;
    const created = await runCli("schedules", ["--cron", "*/5 * * * *"], { env: app.env });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      `created schedule notion-sync-incremental: "*/5 * * * *" → POST ${trigger}`,
    );
    expect(created.stdout).toMatch(/next run: \d{4}-\d\d-\d\dT[\d:.]+Z \(in \d+ min\)/);

    // Same id again: an update, from SYNC_SCHEDULE_CRON this time.
    const cron = "CRON_TZ=UTC 0 * * * *";
    const updatedAt = Date.now();
    const updated = await runCli("schedules", [], { env: { ...app.env, SYNC_SCHEDULE_CRON: cron } });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("updated schedule notion-sync-incremental");

    const schedules = await listed();
    expect(schedules).toHaveLength(1);
    const [ours] = schedules;
    expect(ours).toMatchObject({
      scheduleId: "notion-sync-incremental",
      cron,
      destination: trigger,
      method: "POST",
    });
    expect(ours).toMatchObject({ isPaused: false, ours: true });
    const nextRun = new Date(ours!.nextRun!);
    expect(nextRun.getUTCMinutes()).toBe(0);
    // After the update that set it (not after now: the hour may turn while the test runs).
    expect(nextRun.getTime()).toBeGreaterThan(updatedAt);

    const text = await runCli("schedules", ["--list"], { env: app.env });
    expect(text.stdout).toMatch(/^ID\s+CRON\s+DESTINATION\s+PAUSED\s+NEXT RUN$/m);
    expect(text.stdout).toMatch(
      new RegExp(
        `^notion-sync-incremental\\s+${cron.replace(/\*/g, "\\*")}\\s+POST ${trigger}\\s+no\\s+`,
        "m",
      ),
    );

    // QStash fires it: a signed POST to the trigger, which records a job with source "schedule".
    expect(app.qstash.tick(nextRun)).toHaveLength(1);
    let scheduled: { id: string }[] = [];
    const deadline = Date.now() + 30_000; // generous: the app answers late on a loaded machine
    while (scheduled.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      scheduled = await jobsFrom("schedule");
    }
    expect(scheduled).toHaveLength(1);
    expect(await waitForJob(app, scheduled[0]!.id)).toMatchObject({
      status: "completed",
      source: "schedule",
    });
    const fired = app.qstash.deliveries().find((d) => d.url === trigger);
    expect(fired?.status).toBe(202);

    const deleted = await runCli("schedules", ["--delete"], { env: app.env });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain("deleted schedule notion-sync-incremental");
    const again = await runCli("schedules", ["--delete"], { env: app.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("no schedule notion-sync-incremental: nothing to delete");
    expect(await listed()).toEqual([]);
  });

  it("refuses a bad cron, or no cron at all, with exit 3", async () => {
    const bad = await runCli("schedules", ["--cron", "every hour"], { env: app.env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/Invalid cron "every hour".*five fields/);
    const none = await runCli("schedules", [], { env: app.env });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no cron given: pass --cron .* or set SYNC_SCHEDULE_CRON/);
  });

  it("exits 3 when QStash refuses the token and 4 when QStash cannot be reached", async () => {
    const refused = await runCli("schedules", ["--list"], {
      env: { ...app.env, QSTASH_TOKEN: "not-the-token" },
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/QStash refused the token \(401\): check QSTASH_TOKEN/);
    const url = `http://127.0.0.1:${await freePort()}`;
    const down = await runCli("schedules", ["--list"], { env: { ...app.env, QSTASH_URL: url } });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(new RegExp(`cannot reach QStash at ${url}: .*npm run dev`));
  });
});
