import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestApp, type TestApp } from "../helpers/app";
import { runCli } from "./run-cli";

let app: TestApp;
beforeAll(async () => {
  // A step must outlast the Notion layer's retries of the failing page (about 16 s of backoff), or the
  // page would be retried from scratch in every step instead of being given up on.
  app = await startTestApp({ env: { SYNC_STEP_BUDGET_MS: "40000" } });
});
afterAll(() => app.close());

describe("npm run sync -- --wait when a page keeps failing", () => {
  it("exits 2 (completed_with_errors) and lists the page's error", async () => {
    const first = await runCli("sync", ["--force", "--wait"], { env: app.env });
    expect(first.code).toBe(0);

    app.notion.clock.advance(120_000);
    app.notion.workspace.setPageTitle(DEMO_IDS.docs, "Docs that cannot be fetched");
    app.notion.faults.failFor(DEMO_IDS.docs, 500);
    const run = await runCli("sync", ["--wait"], { env: app.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^completed with errors in [\d.]+ s: .*1 failed/m);
    expect(run.stdout).toContain(`(${DEMO_IDS.docs}): Notion kept failing`);
    expect(run.stdout).toMatch(/keep their last good version/);
  }, 120_000);
});
