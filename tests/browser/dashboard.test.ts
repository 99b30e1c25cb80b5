import { randomBytes } from "node:crypto";
import { Client } from "@upstash/qstash";
import { SignJWT } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { DEMO_DEEPEST_TOGGLE_TEXT, DEMO_IDS } from "../../dev/notion";
import { startTestApp, type TestApp } from "../helpers/app";
import { badgeText, cookieHeader, expectRefused, signIn, waitForCompleted } from "./admin-page";
import { launchChromium, screenshot, until } from "./chromium";
import { createSession, SESSION_COOKIE } from "@/lib/auth";

// The dashboard in real Chromium against the built app, the three emulators and the demo workspace.
// Build first: NEXT_DIST_DIR=.next-<name> npx next build (npm test does it).

const FILE_TTL_MS = 60_000;
let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // Notion file URLs expire after a minute here (an hour in real Notion): too short for the app to
  // cache them (it keeps a URL only while it has 5 minutes left), and the test expires one by moving
  // the emulator's clock, not by waiting.
  app = await startTestApp({ notion: { fileTtlMs: FILE_TTL_MS } });
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: app.url });
  // Playwright's 30 s default is a deadline a loaded machine can reach on a plain navigation.
  context.setDefaultTimeout(120_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Open an admin page, signing in first if the session is gone (so one failed test does not sink the rest). */
async function openSignedIn(path: string): Promise<void> {
  await page.goto(path);
  if (new URL(page.url()).pathname !== "/admin/login") return;
  await signIn(page, app.secret);
  await page.goto(path);
}

describe("dashboard in Chromium", () => {
  it("refuses pages and APIs without a session, with a forged one, and with an expired one", async () => {
    await expectRefused(app.url, {});
    const wrongKey = new TextEncoder().encode(randomBytes(32).toString("hex"));
    const forged = await new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(wrongKey);
    await expectRefused(app.url, cookieHeader(forged));
    const expired = await createSession(app.env, Date.now() - 13 * 3600_000);
    await expectRefused(app.url, cookieHeader(expired));
    // The same cookie made now is accepted: the refusals above are about the key and the expiry.
    const valid = await fetch(`${app.url}/api/admin/overview`, {
      headers: cookieHeader(await createSession(app.env)),
    });
    expect(valid.status).toBe(200);
  });

  it("signs in, starts a sync, watches it complete, and serves the synced site", async () => {
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await screenshot(page, "dashboard-login");

    await signIn(page, `${app.secret}-wrong`, /error=wrong-secret/);
    expect(await page.locator('.admin-flash[role="alert"]').textContent()).toContain("not the sync secret");
    expect(await context.cookies()).toEqual([]);

    await signIn(page, app.secret);
    expect(new URL(page.url()).pathname).toBe("/admin");
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);

    // Slow Notion down so the job is visibly running while the page polls.
    app.notion.setLatency(60);
    const polls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/sync/jobs/")) polls.push(r.url());
    });
    await Promise.all([
      page.waitForURL(/\/admin\/jobs\/j[0-9a-z]+/),
      page.getByRole("button", { name: "Sync now" }).click(),
    ]);
    expect(await page.locator('.admin-flash[role="status"]').textContent()).toContain("Sync started");
    const jobId = new URL(page.url()).pathname.split("/").pop()!;
    const firstBadge = await badgeText(page);
    await waitForCompleted(page);
    app.notion.setLatency(0);
    expect(["Queued", "Running", "Completed"].some((s) => firstBadge.includes(s))).toBe(true);
    if (!firstBadge.includes("Completed")) expect(polls.length).toBeGreaterThan(0);
    const progress = await page
      .locator("#job-progress")
      .evaluate((el: HTMLProgressElement) => [el.value, el.max]);
    expect(progress).toEqual([100, 100]);
    // After the end, the server parts (steps, messages) are refreshed too.
    await until("the steps table", async () =>
      (await page.locator("#steps-heading").textContent())?.match(/Steps \([1-9]/) ? true : undefined,
    );
    expect(Number(await page.locator('[data-counter="pagesFetched"]').textContent())).toBeGreaterThan(20);
    expect(await page.content()).not.toContain(app.secret);
    await screenshot(page, "dashboard-job");

    await page.goto("/admin");
    expect(await page.locator('[data-stat="pages"]').textContent()).not.toBe("0");
    expect(Number(await page.locator('[data-stat="databases"]').textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-stat="cache-size"]').textContent()).toMatch(/\d+(\.\d)? (B|KB|MB)/);
    expect(await page.getByRole("link", { name: jobId }).count()).toBeGreaterThan(0);
    expect(await page.getByText("0 2 * * *").count()).toBe(1);
    expect(await page.locator(".admin-health").textContent()).toContain("Local emulator");
    expect(await page.content()).not.toContain(app.secret);
    await screenshot(page, "dashboard-overview");

    await page.goto("/block-showcase");
    const toggles = page.locator("details", { has: page.getByText(DEMO_DEEPEST_TOGGLE_TEXT) });
    const depth = await toggles.count();
    expect(depth).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < depth; i++) await toggles.nth(i).locator(":scope > summary").click();
    expect(await page.getByText(DEMO_DEEPEST_TOGGLE_TEXT).isVisible()).toBe(true);
    expect(await page.locator("table").first().isVisible()).toBe(true);
    const image = page.locator('figure.image img[src^="/api/files/"]').first();
    const src = (await image.getAttribute("src"))!;
    const loaded = async () => {
      await image.scrollIntoViewIfNeeded();
      return until("the hosted image to load", () =>
        image.evaluate((img: HTMLImageElement) =>
          img.complete && img.naturalWidth > 0 ? img.naturalWidth : undefined,
        ),
      );
    };
    expect(await loaded()).toBeGreaterThan(0);
    await screenshot(page, "site-block-showcase");

    // Past the file URL's lifetime, the same /api/files URL still answers with a fresh file.
    const before = await page.request.get(src, { maxRedirects: 0 });
    expect(before.status()).toBeGreaterThanOrEqual(300);
    const expiring = before.headers().location!;
    app.notion.clock.advance(FILE_TTL_MS + 1_000);
    expect((await page.request.get(expiring)).status()).not.toBe(200);
    await page.reload();
    expect(await loaded()).toBeGreaterThan(0);
    const refetched = await page.request.get(src);
    expect(refetched.status()).toBe(200);
    expect(refetched.url()).not.toBe(expiring);
    expect((await refetched.body()).length).toBeGreaterThan(0);

    await page.goto("/blog");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/blog/i);
    expect(await page.locator("main a").count()).toBeGreaterThanOrEqual(10);
  }, 180_000);

  it("shows the running job instead of starting a second one, and syncs one page", async () => {
    // Calls of 5 s: the forced sync runs far longer than a loaded browser takes to click "Sync now".
    app.notion.setLatency(5_000);
    await openSignedIn("/admin");
    await Promise.all([
      page.waitForURL(/\/admin\/jobs\//),
      page.getByRole("button", { name: "Force sync" }).click(),
    ]);
    const running = new URL(page.url()).pathname;
    await page.goto("/admin");
    await Promise.all([
      page.waitForURL(/\/admin\/jobs\//),
      page.getByRole("button", { name: "Sync now" }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe(running);
    // The joined job's page says why no new job started (beside the layout's "a sync is running" notice).
    const joined = page.locator('.admin-flash[role="status"]', { hasText: "already queued or running" });
    expect(await joined.count()).toBe(1);
    app.notion.setLatency(0);
    await waitForCompleted(page);

    await page.goto("/admin");
    await page.getByLabel("Sync one page").selectOption(DEMO_IDS.showcase);
    await Promise.all([
      page.waitForURL(/\/admin\/jobs\//),
      page.getByRole("button", { name: "Sync page" }).click(),
    ]);
    expect(await page.locator(".admin-facts").textContent()).toContain(`Page: ${DEMO_IDS.showcase}`);
    await waitForCompleted(page);

    await page.goto("/admin/jobs");
    // Each publish also started a search-index job (docs/search.md): the three syncs are the other rows.
    const rows = page.locator(".admin-table tbody tr", { hasNotText: "Search index" });
    expect(await rows.count()).toBe(3);
    expect(await page.locator(".admin-table tbody tr", { hasText: "Search index" }).count()).toBeGreaterThan(
      0,
    );
    expect(await rows.first().textContent()).toContain("Page:");
    expect(await rows.last().textContent()).toContain("Incremental");
    expect(await page.locator(".admin-table tbody").textContent()).toContain("dashboard");
  }, 180_000);

  it("lists a dead-lettered step, refuses a retry that could do nothing, and deletes it", async () => {
    const qstash = new Client({ baseUrl: app.qstash.url, token: DEV_DEFAULTS.qstashToken });
    // A step of a job that does not exist: the worker answers 489, QStash dead-letters it at once.
    await qstash.publishJSON({ url: `${app.url}/api/sync/worker`, body: { jobId: "jdeadbeef01", step: 2 } });
    await app.qstash.waitForIdle();

    await openSignedIn("/admin/dlq");
    const row = page.locator("tr", { hasText: "jdeadbeef01" });
    expect(await row.count()).toBe(1);
    const firstId = await row.getAttribute("data-dlq-id");
    expect(await row.textContent()).toMatch(/489.*Unknown job/);
    expect(await row.textContent()).toContain("step 2");

    // Its job is gone, so a retry would only dead-letter it again: refused, with the reason; it stays.
    await Promise.all([
      page.waitForURL(/error=retry-gone/),
      row.getByRole("button", { name: /Retry/ }).click(),
    ]);
    expect(await page.locator('.admin-flash[role="alert"]').first().textContent()).toContain(
      "no longer exists",
    );
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute("data-dlq-id")).toBe(firstId);

    await Promise.all([
      page.waitForURL(/notice=deleted/),
      row.getByRole("button", { name: /Delete/ }).click(),
    ]);
    expect(await page.getByText("The dead-letter queue is empty.").isVisible()).toBe(true);
    expect((await qstash.dlq.listMessages()).messages).toEqual([]);
  }, 60_000);

  it("signs in and follows a sync without client JavaScript", async () => {
    const plain = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
    plain.setDefaultTimeout(120_000);
    try {
      const p = await plain.newPage();
      await p.goto("/admin");
      await signIn(p, app.secret);
      expect(new URL(p.url()).pathname).toBe("/admin");
      app.notion.setLatency(100);
      await Promise.all([
        p.waitForURL(/\/admin\/jobs\//),
        p.getByRole("button", { name: "Force sync" }).click(),
      ]);
      const html = await p.content();
      if (!(await badgeText(p)).includes("Completed")) expect(html).toContain('http-equiv="refresh"');
      // The page reloads itself (meta refresh) until the job ends.
      await waitForCompleted(p);
      app.notion.setLatency(0);
      expect(await p.content()).not.toContain('http-equiv="refresh"');
    } finally {
      app.notion.setLatency(0);
      await plain.close();
    }
  }, 120_000);

  it("fits a 375 px wide screen", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ["/admin", "/admin/jobs", "/admin/dlq"]) {
      await openSignedIn(path);
      // The page itself must not scroll sideways (wide tables scroll inside their own region).
      const overflow = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        culprits: [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((el) => !el.closest(".admin-table-wrap"))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      }));
      expect(overflow.width, `${path}: ${overflow.culprits.join(", ")}`).toBeLessThanOrEqual(375);
    }
    await page.goto("/admin");
    await screenshot(page, "dashboard-375");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("signs out, after which the dashboard, the status API and a copied cookie refuse", async () => {
    await openSignedIn("/admin");
    const copied = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    const withCopy = async (path: string) =>
      (await fetch(`${app.url}${path}`, { headers: cookieHeader(copied), redirect: "manual" })).status;
    expect(await withCopy("/api/sync/jobs")).toBe(200);
    await Promise.all([
      page.waitForURL(/\/admin\/login/),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    expect(await page.locator('.admin-flash[role="status"]').textContent()).toContain("signed out");
    expect(await context.cookies()).toEqual([]);
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    const api = await page.request.get("/api/sync/jobs");
    expect(api.status()).toBe(401);
    // The cookie copied before signing out is revoked on the server, not just deleted in this browser.
    expect(await withCopy("/api/sync/jobs")).toBe(401);
    expect(await withCopy("/admin")).toBe(307);
  });
});
