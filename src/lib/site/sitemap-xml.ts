import type { Manifest } from "../store/manifest";
import { pathOf } from "./site-paths";

/** The sitemaps protocol's limit of URLs in one file: past it, /sitemap.xml becomes a sitemap index. */
export const SITEMAP_URL_LIMIT = 50_000;

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface SitemapUrl {
  loc: string;
  lastmod?: string;
}

/** Every public page's URL, in slug order (drafts are not in the public manifest). */
function urlsOf(manifest: Manifest | null, base: string): SitemapUrl[] {
  return Object.values(manifest?.entries ?? {})
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((e) => ({
      loc: e.slug === "" ? `${base}/` : `${base}${pathOf(e.slug)}`,
      ...(e.lastEditedTime ? { lastmod: e.lastEditedTime } : {}),
    }));
}

function urlset(urls: SitemapUrl[]): string {
  const body = urls
    .map(
      (u) =>
        `<url>\n<loc>${escapeXml(u.loc)}</loc>\n${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>\n` : ""}</url>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

/** How many sitemap files the site needs (1 up to 50,000 URLs). */
export function sitemapParts(manifest: Manifest | null, limit = SITEMAP_URL_LIMIT): number {
  return Math.max(1, Math.ceil(Object.keys(manifest?.entries ?? {}).length / limit));
}

/** /sitemap.xml: the URLs themselves, or past the limit an index of /sitemaps/{n}.xml. */
export function sitemapRoot(manifest: Manifest | null, base: string, limit = SITEMAP_URL_LIMIT): string {
  const parts = sitemapParts(manifest, limit);
  if (parts === 1) return urlset(urlsOf(manifest, base));
  const at = manifest?.publishedAt;
  const items = Array.from(
    { length: parts },
    (_, i) =>
      `<sitemap>\n<loc>${escapeXml(`${base}/sitemaps/${i}.xml`)}</loc>\n${at ? `<lastmod>${at}</lastmod>\n` : ""}</sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join("\n")}\n</sitemapindex>\n`;
}

/** /sitemaps/{n}.xml: the n-th slice of at most 50,000 URLs; null past the last one. */
export function sitemapPart(
  manifest: Manifest | null,
  base: string,
  n: number,
  limit = SITEMAP_URL_LIMIT,
): string | null {
  if (n >= sitemapParts(manifest, limit)) return null;
  return urlset(urlsOf(manifest, base).slice(n * limit, (n + 1) * limit));
}
