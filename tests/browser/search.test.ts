import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { launchChromium, screenshot, until } from "./chromium";

// /search and /api/search in real Chromium against the built app, the emulators and the demo workspace:
// a sync publishes, the publish starts the search-index job through QStash, and the page finds the page.
// Build first: NEXT_DIST_DIR=.next-<name> npx next build (npm test does it).

const MARKER = "zephyrine";
const RATE_LIMIT = 30;
let app: TestApp;
let browser: Browser;

interface ApiResults {
  results: { title: string; url: string; snippet: string; breadcrumb: string[] }[];
}

async function api(q: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/search?q=${encodeURIComponent(q)}`, { headers });
}

beforeAll(async () => {
  app = await startTestApp({ env: { SEARCH_RATE_LIMIT: String(RATE_LIMIT) } });
  app.notion.workspace.appendBlocks(DEMO_IDS.about, [
    {
      type: "paragraph",
      paragraph: {
        rich_text: [{ type: "text", text: { content: `Our mascot is called ${MARKER}, the west wind.` } }],
      },
    },
  ]);
  const job = await syncThroughApp(app);
  expect(job.status).toBe("completed");
  // The publish started the index job through QStash: wait for the marker to become findable.
  await until(
    "the search index to hold the marker",
    async () => {
      const response = await api(MARKER);
      const body = (await response.json()) as ApiResults;
      return body.results?.length ? true : undefined;
    },
    60_000,
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("search", () => {
  it("is a job on the jobs API, and the API answers results whose URL serves the page", async () => {
    const list = await fetch(`${app.url}/api/sync/jobs`, {
      headers: { authorization: `Bearer ${app.secret}` },
    });
    const { jobs } = (await list.json()) as { jobs: { type: string; status: string; source: string }[] };
    expect(jobs).toContainEqual(
      expect.objectContaining({ type: "search-index", status: "completed", source: "publish" }),
    );

    const response = await api(`${MARKER.slice(0, 6)}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { results } = (await response.json()) as ApiResults;
    expect(results).toHaveLength(1);
    expect(results[0]!.snippet).toContain(`<mark>${MARKER}</mark>`);
    const page = await fetch(`${app.url}${results[0]!.url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(MARKER);

    // A one-letter typo and an accent-folded query find pages too.
    expect(((await (await api("zephyrime")).json()) as ApiResults).results.map((r) => r.url)).toEqual([
      results[0]!.url,
    ]);
  });

  it("answers 400 with a reason for bad input, and 429 past the per-client limit", async () => {
    const noQ = await fetch(`${app.url}/api/search`);
    expect(noQ.status).toBe(400);
    expect(((await noQ.json()) as { error: string }).error).toMatch(/q is required/);
    const badLimit = await fetch(`${app.url}/api/search?q=a&limit=500`);
    expect(badLimit.status).toBe(400);
    expect(((await badLimit.json()) as { error: string }).error).toMatch(
      /limit must be a whole number from 1 to 20/,
    );

    const client = { "x-forwarded-for": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push((await api("about", client)).status);
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    const limited = await api("about", client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await api("about", { "x-forwarded-for": "203.0.113.78" })).status).toBe(200);
  });

  it("works without JavaScript: the header's GET form leads to results with breadcrumbs and marked words", async () => {
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    const box = page.getByRole("search").getByLabel("Search this site");
    await box.fill(MARKER);
    await Promise.all([page.waitForURL(/\/search\?q=/), box.press("Enter")]);
    expect(new URL(page.url()).searchParams.get("q")).toBe(MARKER);
    const results = page.locator("ol.search-results > li");
    expect(await results.count()).toBe(1);
    // Sent in the HTML, visible: nothing waits for a script to reveal it.
    expect(await results.first().isVisible()).toBe(true);
    expect(await results.first().locator("mark").allTextContents()).toEqual([MARKER]);
    expect(await results.first().locator(".search-crumbs").textContent()).toMatch(/\S/);
    expect(await page.getByRole("heading", { level: 2 }).textContent()).toContain("1 result");
    expect(await page.locator("main").count()).toBe(1);
    // The page's own search box is labelled and keeps the query.
    expect(await page.getByLabel("Search this site").last().inputValue()).toBe(MARKER);
    await screenshot(page, "search-no-js");
    // Following the result opens the page.
    await Promise.all([
      page.waitForURL((url) => url.pathname !== "/search"),
      results.first().getByRole("link").click(),
    ]);
    expect(await page.textContent("main")).toContain(MARKER);
    await context.close();
  });

  it("with JavaScript: / and Ctrl+K focus the search box; results list the highlighted terms", async () => {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await until("the shortcut to focus the box", async () => {
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("/");
      return (await page.evaluate(() => document.activeElement?.id)) === "site-search" ? true : undefined;
    });
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+k");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("site-search");

    await page.keyboard.type("west wind");
    await Promise.all([page.waitForURL(/\/search\?q=west/), page.keyboard.press("Enter")]);
    const marks = await page.locator("ol.search-results mark").allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(["west", "wind"]));
    // On the search page the shortcut focuses the page's own box.
    await page.getByRole("heading", { name: "Search", level: 1 }).click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-query");
    await screenshot(page, "search-js");
    await context.close();
  });
});
