import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { POSTS } from "../../dev/notion/demo-blog-posts";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { MATH_POST } from "./math-post";

let app: TestApp;
let mathSlug = "";

beforeAll(async () => {
  app = await startTestApp();
  app.notion.workspace.addPage(DEMO_IDS.home, { title: "Code and math", blocks: MATH_POST });
  const job = await syncThroughApp(app);
  expect(job.status).toBe("completed");
  mathSlug = "code-and-math";
}, 180_000);
afterAll(() => app?.close());

const get = (path: string) => fetch(`${app.url}${path}`, { redirect: "manual" });

/** The JavaScript files a page loads. */
async function scriptsOf(html: string): Promise<string[]> {
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  return Promise.all(sources.map(async (src) => (await get(src)).text()));
}

describe("what people write, through the built app", () => {
  it("highlights code on the server and ships no highlighting JavaScript", async () => {
    const response = await get(`/${mathSlug}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const pres = [...html.matchAll(/<pre[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
    const highlighted = pres.filter((pre) => /<span style="color:#[0-9A-F]{6};--shiki-dark:/i.test(pre));
    expect(highlighted).toHaveLength(5);
    for (const pre of highlighted) {
      const colours = new Set([...pre.matchAll(/style="color:(#[0-9A-F]{6})/gi)].map((m) => m[1]));
      expect(colours.size).toBeGreaterThanOrEqual(2);
    }
    expect(html).toContain('<pre data-language="plaintext"><code class="language-brainfudge">');
    for (const script of await scriptsOf(html)) {
      expect(script).not.toMatch(/--shiki-dark|createHighlighter|katex-display/);
    }
  });

  it("renders equations with KaTeX, its CSS and fonts served by the app", async () => {
    const html = await (await get(`/${mathSlug}`)).text();
    expect(html).toContain('<div class="equation"><span class="katex-display">');
    expect(html).toMatch(/<span class="inline-equation"><span class="katex">/);
    expect(html).toContain('<pre class="equation equation-error"');
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(sheets.every((href) => href.startsWith("/_next/"))).toBe(true);
    const css = await Promise.all(
      sheets.map(async (href) => ({ url: new URL(href, app.url), text: await (await get(href)).text() })),
    );
    const katex = css.find((sheet) => sheet.text.includes(".katex"));
    expect(katex).toBeDefined();
    for (const sheet of css) expect(sheet.text).not.toMatch(/url\((["']?)(https?:)?\/\//);
    const font = /url\(["']?([^)"']*KaTeX_Main-Regular[^)"']*\.woff2)["']?\)/.exec(katex!.text)?.[1];
    expect(font).toBeDefined();
    const fontUrl = new URL(font!, katex!.url);
    expect(fontUrl.origin).toBe(app.url);
    const response = await fetch(fontUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("font/woff2");
  });

  it("serves an RSS feed of the blog holding exactly the published posts", async () => {
    const response = await get("/feeds/blog.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/rss+xml");
    const feed = await new Parser().parseString(await response.text());
    const titles = feed.items.map((i) => i.title).sort();
    expect(titles).toEqual(
      POSTS.filter((p) => p.published)
        .map((p) => p.title)
        .sort(),
    );
    const first = feed.items[0]!;
    expect(first.link).toMatch(new RegExp(`^${app.url}/blog/`));
    expect(first.isoDate).toBeTruthy();
    expect(first.contentSnippet ?? first.content).toBeTruthy();
    expect((await get("/feeds/nothing-here.xml")).status).toBe(404);
    expect((await get("/feeds/blog.json")).status).toBe(400);
  });

  it("keeps the demo's draft posts off the page, listing, sitemap and feed", async () => {
    const drafts = POSTS.filter((p) => !p.published);
    expect(drafts.length).toBe(3);
    const listing = await (await get("/blog")).text();
    const sitemap = await (await get("/sitemap.xml")).text();
    const feed = await (await get("/feeds/blog.xml")).text();
    for (const post of drafts) {
      expect((await get(`/blog/${post.slug}`)).status).toBe(404);
      for (const surface of [listing, sitemap, feed]) {
        expect(surface).not.toContain(post.slug);
        expect(surface).not.toContain(post.title);
      }
    }
    // The control properties are not shown on a post.
    const published = POSTS.find((p) => p.published)!;
    const post = await (await get(`/blog/${published.slug}`)).text();
    expect(post).not.toMatch(/<dt>(Slug|Published)<\/dt>/);
    expect(post).toMatch(/<dt>Tags<\/dt>/);
  });

  it("gives every page a canonical link, and a database's page its feed", async () => {
    for (const path of ["/", "/about", "/blog", `/${mathSlug}`]) {
      const html = await (await get(path)).text();
      // Next writes the home page's canonical URL without its trailing slash.
      const canonical = path === "/" ? app.url : `${app.url}${path}`;
      expect(html, path).toContain(`<link rel="canonical" href="${canonical}"/>`);
    }
    const blog = await (await get("/blog")).text();
    expect(blog).toContain(
      `<link rel="alternate" type="application/rss+xml" href="${app.url}/feeds/blog.xml" title="Blog (RSS)"/>`,
    );
    expect(await (await get("/about")).text()).not.toContain("application/rss+xml");
  });

  it("has a favicon and an apple-touch icon from the root page's icon", async () => {
    const html = await (await get("/")).text();
    const iconHref = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
    expect(iconHref).toMatch(/^\/icon/);
    const icon = await get(iconHref!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(await icon.text()).toContain("🏠");
    const appleHref = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1];
    expect(appleHref).toMatch(/^\/apple-icon/);
    const apple = await get(appleHref!);
    expect(apple.status).toBe(200);
    expect(apple.headers.get("content-type")).toBe("image/png");
    expect((await get("/favicon.ico")).status).not.toBe(500);
  });

  it("serves the code and math page, feed, icons and an id redirect from Next's cache: 0 KV commands", async () => {
    // Let the jobs a publish starts (the search index) finish, so only site reads reach the KV emulator.
    for (const deadline = Date.now() + 120_000; ;) {
      const list = await fetch(`${app.url}/api/sync/jobs?limit=50`, {
        headers: { authorization: `Bearer ${app.secret}` },
      });
      const { jobs } = (await list.json()) as { jobs: { status: string }[] };
      if (!jobs.some((j) => j.status === "queued" || j.status === "running")) break;
      if (Date.now() > deadline) throw new Error("jobs still running");
      await new Promise((r) => setTimeout(r, 100));
    }
    const paths = [`/${mathSlug}`, "/feeds/blog.xml", "/icon", "/apple-icon", `/${DEMO_IDS.showcase}`];
    const crawl = async () => {
      const before = app.kv.commandCount();
      for (const path of paths) expect((await get(path)).status, path).toBeLessThan(400);
      return app.kv.commandCount() - before;
    };
    await crawl();
    expect(await crawl()).toBe(0);
  });
});
