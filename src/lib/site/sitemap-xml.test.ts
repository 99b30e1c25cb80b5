import { describe, expect, it } from "vitest";
import type { Manifest, ManifestEntry } from "../store/manifest";
import { SITEMAP_URL_LIMIT, sitemapPart, sitemapParts, sitemapRoot } from "./sitemap-xml";

const BASE = "https://example.com";

function manifestOf(count: number): Manifest {
  const entries: Record<string, ManifestEntry> = {};
  for (let i = 0; i < count; i++) {
    const id = `p${String(i).padStart(6, "0")}`;
    entries[id] = {
      id,
      kind: "page",
      slug: i === 0 ? "" : `page-${String(i).padStart(6, "0")}`,
      segment: "",
      title: `Page ${i}`,
      parentId: null,
      lastEditedTime: "2026-03-02T10:00:00.000Z",
      bundleGen: "g",
      children: [],
    };
  }
  return {
    schema: 1,
    generation: "g",
    jobId: "j",
    publishedAt: "2026-03-02T11:00:00.000Z",
    rootId: "p000000",
    watermark: "2026-03-02T11:00:00.000Z",
    entries,
  };
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

describe("sitemap", () => {
  it("lists every URL in /sitemap.xml up to 50,000", () => {
    const xml = sitemapRoot(manifestOf(3), BASE);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(locs(xml)).toEqual([`${BASE}/`, `${BASE}/page-000001`, `${BASE}/page-000002`]);
    expect(xml).toContain("<lastmod>2026-03-02T10:00:00.000Z</lastmod>");
    expect(sitemapParts(manifestOf(SITEMAP_URL_LIMIT))).toBe(1);
  });

  it("becomes a sitemap index past 50,000 URLs, each file at most 50,000, none lost", () => {
    const manifest = manifestOf(SITEMAP_URL_LIMIT + 1);
    const root = sitemapRoot(manifest, BASE);
    expect(root).toContain("<sitemapindex");
    expect(locs(root)).toEqual([`${BASE}/sitemaps/0.xml`, `${BASE}/sitemaps/1.xml`]);
    const first = locs(sitemapPart(manifest, BASE, 0)!);
    const second = locs(sitemapPart(manifest, BASE, 1)!);
    expect(first).toHaveLength(SITEMAP_URL_LIMIT);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second]).size).toBe(SITEMAP_URL_LIMIT + 1);
    expect(sitemapPart(manifest, BASE, 2)).toBeNull();
  });

  it("escapes URLs and works without a published site", () => {
    const manifest = manifestOf(2);
    manifest.entries.p000001!.slug = "a&b";
    const xml = sitemapRoot(manifest, "https://example.com/?site=a&b");
    expect(xml).toContain("https://example.com/?site=a&amp;b/</loc>");
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(locs(sitemapRoot(null, BASE))).toEqual([]);
  });
});
