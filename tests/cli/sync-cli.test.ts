import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { runCli } from "./run-cli";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const jobIdIn = (text: string) => /\b(j[0-9a-z]{6,30})\b/.exec(text)?.[1] ?? "";

describe("npm run sync (through the built app)", () => {
  it("triggers a sync, follows it with --wait and exits 0", async () => {
    const run = await runCli("sync", ["--force", "--wait"], { env: app.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^using app http:\/\/127\.0\.0\.1:\d+ \(APP_URL from the environment\)\nqueued job j[0-9a-z]+\n/,
    );
    // Not a terminal: one progress line per change, ending with the finished job.
    expect(run.stdout).toMatch(/^\[\d+s\] (running|completed) · [a-z ]+ · \d+\/\d+ pages/m);
    expect(run.stdout).toMatch(
      /^completed in [\d.]+ s: \d+ written, \d+ unchanged, 0 deleted, 0 failed; \d+ Notion calls$/m,
    );
    const job = await waitForJob(app, jobIdIn(run.stdout));
    expect(job).toMatchObject({ status: "completed", source: "cli", params: { mode: "force" } });
  });

  it("without --wait prints the job id and its status URL, and never the secret", async () => {
    const run = await runCli("sync", [], { env: app.env });
    expect(run.code).toBe(0);
    const id = jobIdIn(run.stdout);
    expect(run.stdout).toContain(`status: ${app.url}/api/sync/jobs/${id}`);
    expect(run.stdout + run.stderr).not.toContain(app.secret);
    await waitForJob(app, id);
  });

  it("--json prints the trigger's answer, and --page syncs one page", async () => {
    const run = await runCli("sync", ["--page", "docs", "--json"], { env: app.env });
    expect(run.code).toBe(0);
    const reply = JSON.parse(run.stdout) as { jobId: string; page: string };
    expect(reply.page).toBe("docs");
    expect(await waitForJob(app, reply.jobId)).toMatchObject({
      status: "completed",
      params: { mode: "page" },
    });
  });

  it("passes on the app's refusal of an unknown page with exit 3", async () => {
    const run = await runCli("sync", ["--page", "no-such-page"], { env: app.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/No synced page has the slug or id "no-such-page"/);
  });

  it("exits 3 when the app refuses the secret", async () => {
    const wrong = "wrong-secret-0123456789abcdef";
    const run = await runCli("sync", ["--wait"], { env: { ...app.env, SYNC_SECRET: wrong } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the secret was refused \(401 .*\): check SYNC_SECRET/);
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it("exits 4 and says how to start the app when nothing answers", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli("sync", ["--wait", "--url", url], { env: app.env });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(new RegExp(`cannot reach the app at ${url} .*npm run dev`));
  });

  it("exits 3 with the usage for an unknown flag", async () => {
    const run = await runCli("sync", ["--forse"], { env: app.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Unknown option '--forse'[\s\S]*Usage: npm run sync --/);
  });
});
