import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { MATH_POST } from "../cms/math-post";
import { launchChromium, screenshot } from "./chromium";

// A post with code and math in real Chromium against the built app: highlighted tokens inside <pre>,
// KaTeX's elements, and KaTeX's font loaded from the app itself. Build first (see docs/testing.md).

let app: TestApp;
let browser: Browser;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  app.notion.workspace.addPage(DEMO_IDS.home, { title: "Code and math", blocks: MATH_POST });
  expect((await syncThroughApp(app)).status).toBe("completed");
  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: app.url, colorScheme: "light" });
  page = await context.newPage();
  page.on("request", (request) => requested.push(request.url()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("a post with code and math in Chromium", () => {
  it("shows highlighted code, rendered equations and KaTeX's own font, all from the app", async () => {
    // The header links home and the router prefetches it. React preloads each eager image of a
    // prefetched page, so this waits for that prefetch to be read before counting origins below.
    const homePrefetched = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === "/" &&
        (r.request().headers()["next-router-segment-prefetch"] ?? "").includes("__PAGE__"),
    );
    const response = await page.goto("/code-and-math");
    expect(response?.status()).toBe(200);
    await page.evaluate(() => document.fonts.ready);

    // Highlighted tokens inside <pre>, in at least two colours per highlighted block.
    const blocks = await page.$$eval("figure.code pre.shiki", (pres) =>
      pres.map((pre) => {
        const spans = [...pre.querySelectorAll("code span.line span[style]")];
        return { tokens: spans.length, colours: new Set(spans.map((s) => getComputedStyle(s).color)).size };
      }),
    );
    expect(blocks).toHaveLength(5);
    for (const block of blocks) {
      expect(block.tokens).toBeGreaterThan(2);
      expect(block.colours).toBeGreaterThanOrEqual(2);
    }
    expect(await page.locator("figure.code .code-language").first().textContent()).toBe("typescript");

    // KaTeX: a display equation and an inline one; invalid TeX stays visible as source.
    expect(await page.locator("div.equation .katex-display .katex").count()).toBe(1);
    expect(await page.locator("span.inline-equation .katex").count()).toBe(1);
    expect(await page.locator("pre.equation-error").textContent()).toContain("\\frac{1}{");

    // The KaTeX font is loaded, and from the app: no other origin was contacted.
    const fontLoaded = await page.evaluate(() => document.fonts.check('16px "KaTeX_Main"'));
    expect(fontLoaded).toBe(true);
    const family = await page.$eval("div.equation .katex", (el) => getComputedStyle(el).fontFamily);
    expect(family).toContain("KaTeX_Main");
    const fonts = requested.filter((url) => /KaTeX_[A-Za-z_-]+[^/]*\.(woff2?|ttf)$/.test(url));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((url) => url.startsWith(`${app.url}/_next/static/`))).toBe(true);
    await (await homePrefetched).finished();
    await page.waitForLoadState("networkidle");
    // Nothing from another origin, the home page's cover on the Notion emulator's asset host included.
    expect(requested.filter((url) => !url.startsWith(app.url))).toEqual([]);

    // No highlighting or math code runs in the browser.
    const scripts = await page.$$eval("script[src]", (list) => list.map((s) => (s as HTMLScriptElement).src));
    for (const src of scripts) {
      const body = await (await fetch(src)).text();
      expect(body).not.toMatch(/--shiki-dark|createHighlighter|katex-display/);
    }
    await screenshot(page, "cms-code-and-math");
  });

  it("still shows a lazy cover that is in view: the home page's, from its own host", async () => {
    await page.goto("/");
    const size = await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".cover img");
      return img?.complete && img.naturalWidth > 0 ? { width: img.naturalWidth, src: img.src } : null;
    });
    const { src } = (await size.jsonValue()) as { width: number; src: string };
    expect(src).toContain("/__assets/cover-home.png");
  });
});
