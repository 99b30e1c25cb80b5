import { describe, expect, it } from "vitest";
import type { Manifest, ManifestEntry } from "../store/manifest";
import {
  FILES_TAG,
  MANY_REFS_TAG,
  pageReadTags,
  pageTag,
  publishedTags,
  publishedTagsOf,
  refTag,
  SITE_TAG,
  SITE_TITLE_TAG,
  SITEMAP_TAG,
  slugChain,
  slugTag,
} from "./cache-tags";

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

function entry(n: number, slug: string, title: string, bundleGen = "g1"): ManifestEntry {
  return {
    id: id(n),
    kind: "page",
    slug,
    segment: slug.split("/").pop() ?? "",
    title,
    parentId: n === 1 ? null : id(1),
    lastEditedTime: "2026-01-01T00:00:00.000Z",
    bundleGen,
    children: [],
  };
}

function manifest(generation: string, entries: ManifestEntry[]): Manifest {
  return {
    schema: 1,
    generation,
    jobId: generation,
    publishedAt: "",
    rootId: id(1),
    watermark: "",
    entries: Object.fromEntries(entries.map((e) => [e.id, e])),
  };
}

const before = manifest("g1", [entry(1, "", "Home"), entry(2, "about", "About"), entry(3, "docs", "Docs")]);

describe("publishedTags", () => {
  it("invalidates everything on the first publish", () => {
    expect(publishedTags(null, before)).toEqual([SITE_TAG]);
  });

  it("invalidates only the page whose content changed", () => {
    const after = manifest("g2", [
      entry(1, "", "Home"),
      entry(2, "about", "About", "g2"),
      entry(3, "docs", "Docs"),
    ]);
    expect(publishedTags(before, after).sort()).toEqual([FILES_TAG, SITEMAP_TAG, pageTag(id(2))].sort());
  });

  it("re-renders the pages linking to a renamed page, and its old and new slugs", () => {
    const after = manifest("g2", [
      entry(1, "", "Home"),
      entry(2, "about-us", "About us", "g2"),
      entry(3, "docs", "Docs"),
    ]);
    const tags = publishedTags(before, after);
    for (const tag of [pageTag(id(2)), refTag(id(2)), slugTag("about"), slugTag("about-us"), MANY_REFS_TAG])
      expect(tags).toContain(tag);
    expect(tags).not.toContain(pageTag(id(3)));
    expect(tags).not.toContain(SITE_TITLE_TAG);
  });

  it("covers trashed pages, new pages and the site title", () => {
    const after = manifest("g2", [
      entry(1, "", "New home", "g2"),
      entry(3, "docs", "Docs"),
      entry(4, "new", "New", "g2"),
    ]);
    const tags = publishedTags(before, after);
    for (const tag of [refTag(id(2)), slugTag("about"), refTag(id(4)), slugTag("new"), SITE_TITLE_TAG])
      expect(tags).toContain(tag);
  });
});

describe("publishedTagsOf, the generation before read a page at a time", () => {
  it("gives the tags of the generation read whole, though HSCAN's pages repeat entries", async () => {
    const after = manifest("g2", [
      entry(1, "", "New home", "g2"),
      entry(3, "docs/intro", "Docs", "g2"),
      entry(4, "new", "New", "g2"),
    ]);
    const [home, about, docs] = Object.values(before.entries);
    // Three pages, the second repeating an entry of the first; the root last.
    const pages = [[about!, docs!], [docs!], [home!]];
    const scanned = { rootId: before.rootId, generation: before.generation, scan: () => pages };
    const tags = await publishedTagsOf(scanned, after);
    expect(tags.sort()).toEqual(publishedTags(before, after).sort());
    for (const tag of [pageTag(id(2)), slugTag("docs"), slugTag("docs/intro"), SITE_TITLE_TAG, refTag(id(4))])
      expect(tags).toContain(tag);
    // Nothing changed: no page is re-rendered, whichever way the generation before is read.
    const same = { ...scanned, generation: "g2" };
    const unchanged = manifest("g2", Object.values(before.entries));
    expect(await publishedTagsOf(same, unchanged)).toEqual([]);
  });
});

describe("pageReadTags", () => {
  it("names the page, its slug path, the site title and each page it links to", () => {
    expect(slugChain("a/b")).toEqual(["", "a", "a/b"]);
    const tags = pageReadTags({ id: id(2), slug: "a/b", refs: [id(3), id(3)] });
    expect(tags.sort()).toEqual(
      [
        SITE_TAG,
        SITE_TITLE_TAG,
        slugTag(""),
        slugTag("a"),
        slugTag("a/b"),
        pageTag(id(2)),
        refTag(id(3)),
      ].sort(),
    );
  });

  it("stays within cacheTag's 128 tags for a page with many links", () => {
    const refs = Array.from({ length: 500 }, (_, i) => id(100 + i));
    const tags = pageReadTags({ id: id(2), slug: "x", refs });
    expect(tags.length).toBeLessThanOrEqual(128);
    expect(tags).toContain(MANY_REFS_TAG);
    expect(slugTag("x".repeat(400)).length).toBeLessThanOrEqual(256);
  });
});
