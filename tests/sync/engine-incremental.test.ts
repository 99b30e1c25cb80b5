import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_VERSIONS, DEMO_IDS, generateWorkspace } from "../../dev/notion";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { allText, bundleAt, databaseAt, entryByTitle, pageAt, syncNow } from "../helpers/sync";

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const CONTENT_ROUTES = ["GET /v1/blocks/:id/children", "GET /v1/pages/:id", "GET /v1/databases/:id"];

let cloud: TestCloud;
afterEach(() => cloud.close());

function contentCalls(): number {
  const byRoute = cloud.notion.requests.counts().byRoute;
  return CONTENT_ROUTES.reduce((n, r) => n + (byRoute[r] ?? 0), 0);
}

function childrenRequestsFor(): Set<string> {
  return new Set(
    cloud.notion.requests
      .entries()
      .filter((e) => e.route === "GET /v1/blocks/:id/children")
      .map((e) => e.objectId ?? ""),
  );
}

// The engine's acceptance scenarios hold under both API versions the app supports.
describe.each(API_VERSIONS)("incremental sync of the demo workspace (API %s)", (notionVersion) => {
  beforeEach(async () => {
    cloud = await startTestCloud({}, { notionVersion });
    cloud.notion.clock.set(T0);
    await syncNow(cloud, { mode: "force" });
    cloud.notion.clock.advance(2 * 60_000);
    cloud.notion.requests.reset();
  });

  it("makes one search call and reads the root when nothing changed, and publishes nothing", async () => {
    const before = (await syncNow(cloud)).manifest;
    const byRoute = cloud.notion.requests.counts().byRoute;
    // Search stops at the watermark; the root page is read every time (to fail fast when it is gone).
    expect(byRoute).toEqual({ "GET /v1/pages/:id": 1, "POST /v1/search": 1 });
    const { job, manifest } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(job.progress.counters.pagesWritten).toBe(0);
    expect(job.progress.counters.pagesUnchanged).toBeGreaterThan(5);
    // The live generation stays: an idle workspace costs no manifest rewrite.
    expect(manifest.generation).toBe(before.generation);
    expect(job.progress.counters.kvCommands).toBeGreaterThan(0);
  });

  it("refetches exactly the page whose block was edited", async () => {
    cloud.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Edited intro, fresh from Notion.");
    const { job, manifest } = await syncNow(cloud);
    expect(job.progress.counters.pagesWritten).toBe(1);
    const written = Object.values(manifest.entries).filter(
      (e) => e.bundleGen === job.id && e.kind === "page",
    );
    expect(written.map((e) => e.id)).toEqual([DEMO_IDS.home]);
    expect(childrenRequestsFor()).toContain(DEMO_IDS.home);
    expect(childrenRequestsFor()).not.toContain(DEMO_IDS.about);
    expect(allText((await pageAt(cloud, "")).blocks)).toContain("Edited intro, fresh from Notion.");
  });

  it("picks up two edits made in the same minute as the previous sync", async () => {
    // Sync at hh:mm:10, then two edits at hh:mm:30 and hh:mm:50: Notion shows both pages edited at hh:mm.
    cloud.notion.clock.set(Date.parse("2026-03-02T11:00:02.000Z"));
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About (v1)");
    cloud.notion.clock.set(Date.parse("2026-03-02T11:00:10.000Z"));
    await syncNow(cloud);
    cloud.notion.clock.set(Date.parse("2026-03-02T11:00:30.000Z"));
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About (v2)");
    cloud.notion.clock.set(Date.parse("2026-03-02T11:00:50.000Z"));
    cloud.notion.workspace.setPageTitle(DEMO_IDS.contact, "Contact (v2)");
    const { manifest } = await syncNow(cloud);
    expect(manifest.entries[DEMO_IDS.about]?.title).toBe("About (v2)");
    expect(manifest.entries[DEMO_IDS.contact]?.title).toBe("Contact (v2)");
    expect((await pageAt(cloud, manifest.entries[DEMO_IDS.about]!.slug)).title).toBe("About (v2)");
  });

  it("removes a trashed page and its subtree from the cache", async () => {
    const docs = (await syncNow(cloud)).manifest.entries[DEMO_IDS.docs]!;
    const guides = entryByTitle((await syncNow(cloud)).manifest, "Guides");
    cloud.notion.workspace.trashPage(DEMO_IDS.docs);
    const { job, manifest } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(manifest.entries[DEMO_IDS.docs]).toBeUndefined();
    expect(manifest.entries[guides.id]).toBeUndefined();
    await expect(bundleAt(cloud, docs.slug)).rejects.toThrow(/no bundle/);
    expect(job.progress.counters.pagesDeleted).toBeGreaterThanOrEqual(3);
    // Its old bundles were collected after the flip.
    const leftovers = await cloud.store.redis.keys(`${cloud.prefix}:bundle:${DEMO_IDS.docs}:*`);
    expect(leftovers).toEqual([]);
  });

  it("moves a page's slug with the page, and its children's too", async () => {
    cloud.notion.workspace.movePage(DEMO_IDS.guides, DEMO_IDS.about);
    const { manifest } = await syncNow(cloud);
    const aboutSlug = manifest.entries[DEMO_IDS.about]!.slug;
    expect(manifest.entries[DEMO_IDS.guides]!.slug).toBe(`${aboutSlug}/guides`);
    expect(manifest.entries[DEMO_IDS.deepDive]!.slug).toBe(`${aboutSlug}/guides/deep-dive`);
    expect((await pageAt(cloud, `${aboutSlug}/guides/deep-dive`)).id).toBe(DEMO_IDS.deepDive);
    await expect(bundleAt(cloud, "docs/guides")).rejects.toThrow(/no bundle/);
  });

  it("adds a new database row to the listing and the site", async () => {
    const id = cloud.notion.workspace.addRow(DEMO_IDS.blogDataSource, {
      properties: {
        Name: "Brand new post",
        Slug: "brand-new-post",
        Date: "2026-03-01",
        Tags: ["news"],
        Published: true,
      },
      blocks: [
        { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: "New body" } }] } },
      ],
    });
    const { manifest } = await syncNow(cloud);
    expect(manifest.entries[id]?.slug).toBe("blog/brand-new-post");
    const blog = await databaseAt(cloud, "blog");
    expect(blog.rows[0]?.title).toBe("Brand new post");
    expect(allText((await pageAt(cloud, "blog/brand-new-post")).blocks)).toContain("New body");
  });

  it("refreshes one page in page mode without touching the others", async () => {
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About us");
    cloud.notion.workspace.setPageTitle(DEMO_IDS.contact, "Contact us");
    const { job, manifest } = await syncNow(cloud, { mode: "page", page: "about" });
    expect(job.status).toBe("completed");
    expect(manifest.entries[DEMO_IDS.about]?.title).toBe("About us");
    expect(manifest.entries[DEMO_IDS.contact]?.title).toBe("Contact");
    expect(cloud.notion.requests.counts().byRoute["POST /v1/search"] ?? 0).toBe(0);
  });
});

describe("incremental sync of a generated 1,000-page workspace", () => {
  it("costs only listing calls when nothing changed", async () => {
    const generated = generateWorkspace({
      seed: 7,
      pages: 900,
      depth: 4,
      blocksPerPage: 8,
      databases: 2,
      rowsPerDatabase: 50,
    });
    cloud = await startTestCloud({ workspace: generated.workspace });
    cloud.notion.clock.set(T0);
    const first = await syncNow(cloud, { mode: "force" });
    expect(first.job.status).toBe("completed");
    cloud.notion.clock.advance(5 * 60_000);
    cloud.notion.requests.reset();
    const { job } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(contentCalls()).toBe(1);
    const total = cloud.notion.requests.counts().total;
    expect(total).toBeLessThanOrEqual(5);
    console.info(`no-change sync of ${Object.keys(first.manifest.entries).length} entries: ${total} calls`);
  });
});

describe("bundle lifetimes", () => {
  it("keeps published bundles for good, and lets a failed job's unpublished bundles expire", async () => {
    cloud = await startTestCloud();
    const { manifest } = await syncNow(cloud, { mode: "force" });
    const published = Object.values(manifest.entries).map(
      (e) => `${cloud.prefix}:bundle:${e.id}:${e.bundleGen}`,
    );
    const ttls = await Promise.all(published.map((key) => cloud.store.redis.ttl(key)));
    expect(ttls.every((ttl) => ttl === -1)).toBe(true);

    cloud.notion.clock.advance(120_000);
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About, never published");
    cloud.notion.faults.failFor(/\/v1\/data_sources\//, 401);
    // A full walk: it writes the root's bundle before the blog's query fails.
    await expect(syncNow(cloud, { mode: "force" })).rejects.toThrow();
    const leftovers = (await cloud.store.redis.keys(`${cloud.prefix}:bundle:*`)).filter(
      (k) => !published.includes(k),
    );
    expect(leftovers.length).toBeGreaterThan(0);
    for (const key of leftovers) expect(await cloud.store.redis.ttl(key)).toBeGreaterThan(0);
  });
});
