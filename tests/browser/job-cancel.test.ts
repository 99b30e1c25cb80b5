import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { readJob, startTestApp, type TestApp } from "../helpers/app";
import { SYNC_CONCURRENCY } from "@/lib/sync/job";
import { badgeText, signIn } from "./admin-page";
import { launchChromium, until } from "./chromium";

// Cancel from the job page in real Chromium, against the built app: the running sync (slow Notion,
// short steps) stops, and the ended page is consistent: no animated bar, where it stopped, no button.

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp({
    notion: {
      workspace: generateWorkspace({ seed: 17, pages: 200, depth: 3, blocksPerPage: 4 }).workspace,
      // ~800 calls of 1 s, 3 at a time: the sync runs for minutes, so the cancel below always lands
      // while it runs, however late a loaded machine gets there (it once landed in the last step).
      latencyMs: 1_000,
    },
    env: { SYNC_STEP_BUDGET_MS: "500" },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: app.url });
  context.setDefaultTimeout(120_000);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Start a force sync from the dashboard and wait on its page until it has made Notion calls. */
async function startSyncAndWatch(): Promise<string> {
  await page.goto("/admin");
  await Promise.all([
    page.waitForURL(/\/admin\/jobs\//),
    page.getByRole("button", { name: "Force sync" }).click(),
  ]);
  const jobId = new URL(page.url()).pathname.split("/").pop()!;
  // Live progress: the counters move while the job runs.
  await until(
    "the job to make progress",
    async () => {
      const calls = Number(
        (await page.locator('[data-counter="apiCalls"]').textContent())?.replace(/\D/g, ""),
      );
      return calls > 0 ? true : undefined;
    },
    120_000,
  );
  return jobId;
}

describe("cancel from the dashboard", () => {
  it("a running sync is cancelled from its page, which then shows where it stopped", async () => {
    await page.goto("/admin");
    await signIn(page, app.secret);
    await startSyncAndWatch();
    await Promise.all([
      page.waitForURL(/notice=(cancelled|cancel-requested)/),
      page.getByRole("button", { name: "Cancel job" }).click(),
    ]);
    await until(
      "the job to be cancelled",
      async () => ((await badgeText(page)).includes("Cancelled") ? true : undefined),
      120_000,
    );
    await page.reload();
    expect(await badgeText(page)).toContain("Cancelled");
    expect(await page.getByRole("button", { name: "Cancel job" }).count()).toBe(0);
    // An ended job never shows the indeterminate (animated) bar.
    const bar = page.locator("#job-progress");
    if ((await bar.count()) > 0) expect(await bar.getAttribute("value")).not.toBeNull();
    expect(await page.locator("[data-progress-text]").textContent()).toMatch(/^Cancelled after \d+/);
    expect(
      Number((await page.locator('[data-counter="apiCalls"]').textContent())?.replace(/\D/g, "")),
    ).toBeGreaterThan(0);
  }, 300_000);

  it("a sync waiting out Notion's Retry-After is cancelled at once, and its page says so without a reload", async () => {
    const jobId = await startSyncAndWatch();
    // Notion refuses everything for ten minutes: the step ends and the next one waits for QStash.
    app.notion.faults.storm({ status: 429, durationMs: 600_000, retryAfterSec: 600 });
    try {
      await until(
        "the job to be between steps, waiting out the pause",
        async () => {
          const job = await readJob(app, jobId);
          const locked = await app.store.redis.exists(app.store.keys.lock(SYNC_CONCURRENCY));
          return job?.notBefore && locked === 0 ? true : undefined;
        },
        120_000,
      );
      // No step runs: the job ends at once (the page it lands on is rendered as cancelled).
      await Promise.all([
        page.waitForURL(/notice=cancelled/),
        page.getByRole("button", { name: "Cancel job" }).click(),
      ]);
      // The badge the browser already showed follows that render: it said "Running" until a reload.
      await until(
        "the badge to say Cancelled",
        async () => ((await badgeText(page)).includes("Cancelled") ? true : undefined),
        30_000,
      );
      expect(await page.getByRole("button", { name: "Cancel job" }).count()).toBe(0);
      expect((await readJob(app, jobId))?.status).toBe("cancelled");
    } finally {
      app.notion.faults.clearFaults();
    }
  }, 300_000);
});
