import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { addArticles, ARTICLES, DAY } from "./cms-workspace";

/*
 * Drafts through the built app, every public surface, by raw HTTP: the page by slug and by id, the
 * listing, the sitemap, the feed, the file route; an owner's preview; and a scheduled row that goes
 * public once the app's and the emulator's clocks pass its date, with no edit.
 */

let app: TestApp;
/** An image on each draft (one per rule) and one on the live row. */
let draftImages: string[] = [];
let liveImage = "";
let now = 0;

const DRAFTS = [
  { id: ARTICLES.unchecked, title: "Unchecked article", slug: "articles/unchecked-article" },
  { id: ARTICLES.status, title: "Status article", slug: "articles/status-article" },
  { id: ARTICLES.scheduled, title: "Scheduled article", slug: "articles/scheduled-article" },
];

beforeAll(async () => {
  app = await startTestApp();
  now = app.notion.clock.now();
  addArticles(app, now);
  const file = app.notion.workspace.addHostedFile({ name: "secret.png" });
  draftImages = [ARTICLES.unchecked, ARTICLES.status, ARTICLES.scheduled].map((id) => appendImage(id, file));
  liveImage = appendImage(ARTICLES.live, file);
  expect((await syncThroughApp(app)).status).toBe("completed");
}, 180_000);
afterAll(() => app?.close());

function appendImage(pageId: string, file: string): string {
  const [id] = app.notion.workspace.appendBlocks(pageId, [
    { type: "image", image: { type: "file_upload", file_upload: { id: file }, caption: [] } },
  ]);
  if (!id) throw new Error(`The emulator appended no image to ${pageId}`);
  return id;
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { redirect: "manual", headers });

async function surfaces() {
  const feed = await new Parser().parseString(await (await get("/feeds/articles.xml")).text());
  return {
    listing: await (await get("/articles")).text(),
    sitemap: await (await get("/sitemap.xml")).text(),
    feed: feed.items.map((i) => i.title).sort(),
  };
}

describe("drafts through the app", () => {
  it("answer 404 by slug and by id, and appear in no listing, sitemap, feed or file route", async () => {
    for (let round = 0; round < 2; round++) {
      // The second round is served from Next's cache.
      const { listing, sitemap, feed } = await surfaces();
      expect(feed).toEqual(["Live article"]);
      expect(listing).toContain("Live article");
      for (const draft of DRAFTS) {
        expect((await get(`/${draft.slug}`)).status, draft.slug).toBe(404);
        expect((await get(`/${draft.id}`)).status).toBe(404);
        expect((await get(`/${draft.id.replace(/-/g, "")}`)).status).toBe(404);
        expect(listing).not.toContain(draft.title);
        expect(sitemap).not.toContain(draft.slug);
      }
      expect((await get("/articles/live-article")).status).toBe(200);
    }
    // Search indexes the public generation only (its job runs after each publish): wait for the live
    // article to be found, then no draft is.
    const search = async (q: string) =>
      ((await (await get(`/api/search?q=${encodeURIComponent(q)}`)).json()) as { results: { url: string }[] })
        .results;
    const deadline = Date.now() + 60_000;
    while (!(await search("live article")).some((r) => r.url.endsWith("/articles/live-article"))) {
      if (Date.now() > deadline) throw new Error("the search index never showed the live article");
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const draft of DRAFTS) {
      const urls = [...(await search(draft.title)), ...(await search("secret"))].map((r) => r.url);
      expect(
        urls.some((url) => url.includes(draft.slug)),
        draft.title,
      ).toBe(false);
    }
    expect((await get(`/api/files/${liveImage}`)).status).toBe(302);
    for (const image of draftImages) expect((await get(`/api/files/${image}`)).status).toBe(404);
  });

  it("lets the signed-in owner preview a draft (noindex, not cached); nobody else", async () => {
    const draft = DRAFTS[0]!;
    expect((await get(`/api/preview?slug=${draft.slug}`)).status).toBe(401);
    const session = `ns_session=${await createSession({ SYNC_SECRET: app.secret })}`;
    const enable = await get(`/api/preview?slug=${draft.slug}`, { cookie: session });
    expect(enable.status).toBe(307);
    expect(enable.headers.get("location")).toBe(`/${draft.slug}`);
    const bypass = /(__prerender_bypass=[^;]+)/.exec(enable.headers.get("set-cookie") ?? "")?.[1];
    expect(bypass).toBeTruthy();

    const preview = await get(`/${draft.slug}`, { cookie: `${session}; ${bypass}` });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Unchecked article");
    expect(html).toContain("Draft preview");
    expect(html).toMatch(/<meta name="robots" content="noindex, nofollow"/);
    expect(preview.headers.get("cache-control") ?? "").toMatch(/no-store|private|no-cache/);

    // Draft mode without the owner's session, or nothing at all: the same URL is a 404.
    expect((await get(`/${draft.slug}`, { cookie: bypass! })).status).toBe(404);
    expect((await get(`/${draft.slug}`)).status).toBe(404);
    // The public site is unchanged for everyone else.
    expect((await surfaces()).feed).toEqual(["Live article"]);
  });

  it("publishes the scheduled row once the clocks pass its date, with no edit", async () => {
    const before = await surfaces();
    expect(before.feed).toEqual(["Live article"]);
    const content = await (
      await get("/admin/content", {
        cookie: `ns_session=${await createSession({ SYNC_SECRET: app.secret })}`,
      })
    ).text();
    // The dashboard lists the row with the time it publishes (its Publish date, two days ahead).
    const publishAt = `${new Date(now + 2 * DAY).toISOString().slice(0, 10)}T00:00:00.000Z`;
    expect(content).toMatch(
      new RegExp(`data-scheduled="${ARTICLES.scheduled}"[^]*?<time dateTime="${publishAt}"`, "i"),
    );

    app.notion.clock.advance(3 * DAY);
    app.env.SYNC_CLOCK_OFFSET_MS = String(3 * DAY);
    await app.restart();
    expect((await syncThroughApp(app)).status).toBe("completed");

    const after = await surfaces();
    expect(after.feed).toEqual(["Live article", "Scheduled article"]);
    expect(after.listing).toContain("Scheduled article");
    expect(after.sitemap).toContain("/articles/scheduled-article");
    const page = await get("/articles/scheduled-article");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("the scheduled article");
    for (const draft of DRAFTS.slice(0, 2)) expect((await get(`/${draft.slug}`)).status).toBe(404);
  });
});
