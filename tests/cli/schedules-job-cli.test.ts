import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { runCli } from "./run-cli";

/**
 * `npm run schedules -- --job <type>` against the built app: the schedule calls the app's generic
 * trigger `/api/jobs/{type}/trigger` (a real route of the built app), which starts the app's own
 * search index job with the schedule's body as its params.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function post(type: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/api/jobs/${type}/trigger`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the generic job trigger and npm run schedules -- --job (built app, QStash emulator)", () => {
  it("answers 401 without the secret, 404 naming the types, 400 for params the type refuses", async () => {
    expect((await post("search-index", "{}")).status).toBe(401);
    const secret = { authorization: `Bearer ${app.secret}` };
    const unknown = await post("wordpress-import", "{}", secret);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/Unknown job type "wordpress-import": one of .*search-index/);
    const bad = await post("search-index", '{"everything":true}', secret);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/everything/);
  });

  it("creates the job type's schedule, idempotently; QStash fires it and the job runs", async () => {
    const trigger = `${app.url}/api/jobs/search-index/trigger`;
    const args = ["--job", "search-index", "--params", "{}", "--cron", "0 4 * * *"];
    const created = await runCli("schedules", args, { env: app.env });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      `created schedule notion-sync-job-search-index: "0 4 * * *" → POST ${trigger}`,
    );
    const again = await runCli("schedules", args, { env: app.env });
    expect(again.stdout).toContain("updated schedule notion-sync-job-search-index");

    const list = await runCli("schedules", ["--list", "--json"], { env: app.env });
    const { schedules } = JSON.parse(list.stdout) as { schedules: Record<string, unknown>[] };
    expect(schedules).toEqual([
      expect.objectContaining({
        scheduleId: "notion-sync-job-search-index",
        destination: trigger,
        ours: true,
        job: "search-index",
      }),
    ]);

    expect(app.qstash.tick(new Date(Date.now() + 25 * 3600_000))).toHaveLength(1);
    let jobId: string | undefined;
    const deadline = Date.now() + 60_000; // generous: the app answers late on a loaded machine
    while (!jobId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${app.url}/api/sync/jobs?limit=20`, {
        headers: { authorization: `Bearer ${app.secret}` },
      });
      const { jobs } = (await response.json()) as { jobs: { id: string; type: string; source: string }[] };
      jobId = jobs.find((j) => j.type === "search-index" && j.source === "schedule")?.id;
    }
    expect(jobId).toBeDefined();
    expect(await waitForJob(app, jobId!)).toMatchObject({
      type: "search-index",
      source: "schedule",
      status: "completed",
    });
    expect(app.qstash.deliveries().find((d) => d.url === trigger)?.status).toBe(202);

    const deleted = await runCli("schedules", ["--job", "search-index", "--delete"], { env: app.env });
    expect(deleted.stdout).toContain("deleted schedule notion-sync-job-search-index");
  });
});
