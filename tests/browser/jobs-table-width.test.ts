import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestApp, syncThroughApp, waitForJob, type TestApp } from "../helpers/app";
import { signIn } from "./admin-page";
import { launchChromium, screenshot } from "./chromium";

// The jobs table on a common laptop screen: all eleven columns in view, none behind a sideways scroll.

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  await syncThroughApp(app);
  // A page job by id: the longest mode text the table shows ("Page: d3e40000-…").
  const response = await fetch(`${app.url}/api/sync/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ page: DEMO_IDS.docs }),
  });
  await waitForJob(app, ((await response.json()) as { jobId: string }).jobId);
  browser = await launchChromium();
  page = await (
    await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto("/admin/login");
  await signIn(page, app.secret);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("jobs table at 1280 px", () => {
  for (const path of ["/admin/jobs", "/admin"]) {
    it(`shows every column on ${path}, "API calls" and "QStash attempts" included`, async () => {
      await page.goto(path);
      const table = page.locator(".admin-table-wrap").filter({ hasText: "QStash" }).first();
      const fit = await table.evaluate((wrap) => ({
        scrolls: wrap.scrollWidth > wrap.clientWidth,
        right: wrap.getBoundingClientRect().right,
        headers: [...wrap.querySelectorAll("thead th")].map((th) => ({
          text: th.textContent,
          right: th.getBoundingClientRect().right,
        })),
      }));
      expect(fit.headers.map((h) => h.text)).toEqual(
        expect.arrayContaining(["API calls", "QStash attempts"]),
      );
      expect(fit.scrolls).toBe(false);
      for (const header of fit.headers)
        expect(header.right, header.text ?? "").toBeLessThanOrEqual(fit.right + 0.5);
      expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
      await screenshot(page, `jobs-table-1280${path.replace(/\//g, "-")}`);
    });
  }
});
