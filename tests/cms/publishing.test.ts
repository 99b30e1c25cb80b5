import Parser from "rss-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseFeed } from "@/lib/render/feed";
import { pageTag, publishedTags, SITEMAP_TAG, slugTag } from "@/lib/site/cache-tags";
import { sitemapOf } from "@/lib/site/metadata";
import { readDraftRoute, readDrafts } from "@/lib/store/drafts";
import { readManifestOf } from "@/lib/store/generations";
import { readRoute } from "@/lib/store/site-reader";
import { readRedirect } from "@/lib/store/slug-history";
import type { Manifest } from "@/lib/store/manifest";
import { keysOf, startTestCloud, type TestCloud } from "../helpers/cloud";
import { databaseAt, syncNow } from "../helpers/sync";
import { addArticles, ARTICLES, DAY } from "./cms-workspace";

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const DRAFTS = [ARTICLES.unchecked, ARTICLES.status, ARTICLES.scheduled];
const BASE = "https://site.example";

let cloud: TestCloud;
afterEach(() => cloud.close());
beforeEach(async () => {
  cloud = await startTestCloud();
  cloud.notion.clock.set(T0);
  addArticles(cloud, T0);
});

/** Every public surface of a published generation, read the way the site reads it. */
async function publicSurfaces(manifest: Manifest) {
  const listing = await databaseAt(cloud, manifest.entries[ARTICLES.database]!.slug);
  const feed = await new Parser().parseString(
    databaseFeed(listing, { baseUrl: BASE, slug: "articles", siteTitle: "Demo" }),
  );
  return {
    listing: listing.rows.map((r) => r.title).sort(),
    feed: feed.items.map((i) => i.title ?? "").sort(),
    sitemap: sitemapOf(manifest, BASE).map((e) => e.url),
    ids: Object.keys(manifest.entries),
  };
}

describe("publishing rules", () => {
  it("keeps a draft by each rule out of every public surface, in a private key space", async () => {
    const { manifest } = await syncNow(cloud, { mode: "force" });
    const synced = (await readManifestOf(cloud.store, manifest.generation))!;
    const ours = (ids: string[]) => ids.filter((id) => id.startsWith("c0000000")).sort();
    expect(ours(Object.keys(synced.drafts ?? {}))).toEqual([...DRAFTS].sort());
    expect(synced.drafts?.[ARTICLES.unchecked]?.draft).toEqual({ reason: "unpublished" });
    expect(synced.drafts?.[ARTICLES.status]?.draft).toEqual({ reason: "status" });
    expect(synced.drafts?.[ARTICLES.scheduled]?.draft).toEqual({
      reason: "scheduled",
      publishAt: new Date(Date.parse(new Date(T0 + 2 * DAY).toISOString().slice(0, 10))).toISOString(),
    });

    const surfaces = await publicSurfaces(manifest);
    expect(surfaces.listing).toEqual(["Live article"]);
    expect(surfaces.feed).toEqual(["Live article"]);
    for (const id of DRAFTS) {
      const draft = synced.drafts![id]!;
      expect(surfaces.ids).not.toContain(id);
      expect(surfaces.sitemap.some((url) => url.endsWith(`/${draft.slug}`))).toBe(false);
      // Neither the slug nor the id (dashed or not) leads anywhere public.
      expect((await readRoute(cloud.store, draft.slug)).state).toBe("missing");
      expect(await readRedirect(cloud.store, draft.slug)).toBeNull();
      expect(await readRedirect(cloud.store, id)).toBeNull();
      expect(await readRedirect(cloud.store, id.replace(/-/g, ""))).toBeNull();
      // The content lives only in the private key space.
      expect(await keysOf(cloud.store, `bundle:${id}:*`)).toEqual([]);
      expect(await keysOf(cloud.store, `private:bundle:${id}:*`)).toHaveLength(1);
      const preview = await readDraftRoute(cloud.store, draft.slug);
      expect(preview.state === "found" && preview.bundle.id).toBe(id);
    }
    // No public key of the generation names a draft.
    for (const key of [
      cloud.store.keys.routes(manifest.generation),
      cloud.store.keys.links(manifest.generation),
    ]) {
      const hash = JSON.stringify(await cloud.store.redis.hgetall(key));
      for (const id of DRAFTS) expect(hash).not.toContain(id);
    }
    const live = manifest.entries[ARTICLES.live]!;
    expect((await readRoute(cloud.store, live.slug)).state).toBe("found");
    expect(await readRedirect(cloud.store, ARTICLES.live.replace(/-/g, ""))).toBe(live.slug);

    const scheduled = (await readDrafts(cloud.store)).filter((d) => d.reason === "scheduled");
    expect(scheduled.map((d) => d.id)).toEqual([ARTICLES.scheduled]);
  });

  it("publishes a scheduled row once the clock passes its date, with no edit", async () => {
    await syncNow(cloud, { mode: "force" });
    cloud.notion.clock.advance(DAY);
    const early = (await syncNow(cloud)).manifest;
    expect(Object.keys(early.entries)).not.toContain(ARTICLES.scheduled);

    cloud.notion.clock.advance(2 * DAY);
    cloud.notion.requests.reset();
    const { manifest, job } = await syncNow(cloud);
    // An incremental sync with nothing edited: the row is not refetched, its bundle moves.
    expect(cloud.notion.requests.counts().byRoute["GET /v1/blocks/:id/children"] ?? 0).toBe(0);
    expect(job.status).toBe("completed");
    const entry = manifest.entries[ARTICLES.scheduled]!;
    expect(entry).toBeDefined();
    expect(entry.draft).toBeUndefined();
    const surfaces = await publicSurfaces(manifest);
    expect(surfaces.listing).toEqual(["Live article", "Scheduled article"]);
    expect(surfaces.feed).toEqual(["Live article", "Scheduled article"]);
    expect(surfaces.sitemap).toContain(`${BASE}/${entry.slug}`);
    // What the app's cache is told: the row's slug, the listing (whose tag the feed's read carries too)
    // and the sitemap, so a running site shows it without a restart.
    const tags = publishedTags(early, manifest);
    expect(tags).toEqual(
      expect.arrayContaining([slugTag(entry.slug), pageTag(ARTICLES.database), SITEMAP_TAG]),
    );
    const page = await readRoute(cloud.store, entry.slug);
    expect(page.state === "found" && page.bundle.title).toBe("Scheduled article");
    expect(await keysOf(cloud.store, `private:bundle:${ARTICLES.scheduled}:*`)).toEqual([]);
    expect((await readDraftRoute(cloud.store, entry.slug)).state).toBe("missing");
    const drafts = (await readDrafts(cloud.store)).map((d) => d.id);
    expect(drafts.filter((id) => id.startsWith("c0000000")).sort()).toEqual(
      [ARTICLES.unchecked, ARTICLES.status].sort(),
    );
  });

  it("takes a row's URL from the property SLUG_PROPERTY names", async () => {
    const previous = process.env.SLUG_PROPERTY;
    process.env.SLUG_PROPERTY = "Summary";
    try {
      const { manifest } = await syncNow(cloud, { mode: "force" });
      const database = manifest.entries[ARTICLES.database]!;
      expect(manifest.entries[ARTICLES.live]?.slug).toBe(`${database.slug}/the-public-one`);
      const page = await readRoute(cloud.store, `${database.slug}/the-public-one`);
      expect(page.state === "found" && page.bundle.title).toBe("Live article");
    } finally {
      if (previous === undefined) delete process.env.SLUG_PROPERTY;
      else process.env.SLUG_PROPERTY = previous;
    }
  });

  it("hides a published row again when it is unchecked, and everything below a draft", async () => {
    const first = (await syncNow(cloud, { mode: "force" })).manifest;
    const slug = first.entries[ARTICLES.live]!.slug;
    const child = cloud.notion.workspace.addPage(ARTICLES.live, { title: "Appendix" });
    cloud.notion.clock.advance(2 * 60_000);
    const second = (await syncNow(cloud)).manifest;
    expect(second.entries[child]?.slug).toBe(`${slug}/appendix`);

    cloud.notion.workspace.updateRowProperties(ARTICLES.live, { Published: false });
    cloud.notion.clock.advance(2 * 60_000);
    const { manifest } = await syncNow(cloud);
    expect(Object.keys(manifest.entries)).not.toContain(ARTICLES.live);
    expect(Object.keys(manifest.entries)).not.toContain(child);
    expect((await readRoute(cloud.store, slug)).state).toBe("missing");
    expect((await readRoute(cloud.store, `${slug}/appendix`)).state).toBe("missing");
    expect(await readRedirect(cloud.store, slug)).toBeNull();
    expect(await keysOf(cloud.store, `bundle:${child}:*`)).toEqual([]);
    const synced = await readManifestOf(cloud.store, manifest.generation);
    expect(synced?.drafts?.[child]?.draft).toEqual({ reason: "parent" });
  });

  it("syncs a draft by its id in page mode (a webhook for a draft being written), keeping it private", async () => {
    await syncNow(cloud, { mode: "force" });
    cloud.notion.clock.advance(2 * 60_000);
    cloud.notion.workspace.appendBlocks(ARTICLES.unchecked, [
      {
        type: "paragraph",
        paragraph: { rich_text: [{ type: "text", text: { content: "Second thoughts." } }] },
      },
    ]);
    const { job, manifest } = await syncNow(cloud, { mode: "page", page: ARTICLES.unchecked });
    expect(job.status).toBe("completed");
    expect(Object.keys(manifest.entries)).not.toContain(ARTICLES.unchecked);
    const draft = (await readManifestOf(cloud.store, manifest.generation))?.drafts?.[ARTICLES.unchecked];
    const preview = await readDraftRoute(cloud.store, draft!.slug);
    expect(preview.state === "found" && JSON.stringify(preview.bundle)).toContain("Second thoughts.");
  });
});
