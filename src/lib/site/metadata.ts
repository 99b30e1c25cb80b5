import type { Metadata, MetadataRoute } from "next";
import type { Manifest } from "../store/manifest";
import type { SitePage } from "./site-page";
import { feedPathOf } from "../render/feed-paths";
import { fileSrc, pathOf } from "./site-paths";

/** Title, description and Open Graph data of a site page (relative URLs resolve against metadataBase). */
export function siteMetadata(page: SitePage): Metadata {
  if (page.state === "empty") return { title: "Waiting for the first sync", robots: { index: false } };
  if (page.state === "missing")
    return { title: `Page not found · ${page.siteTitle}`, robots: { index: false } };
  const { bundle, slug, siteTitle } = page;
  const title = slug === "" ? siteTitle : `${bundle.title || "Untitled"} · ${siteTitle}`;
  const description = bundle.description || undefined;
  const cover = bundle.kind === "page" && bundle.cover ? fileSrc(bundle.cover) : undefined;
  return {
    title,
    description,
    alternates: {
      canonical: pathOf(slug),
      // A database's page points feed readers at its feed.
      ...(bundle.kind === "database"
        ? { types: { "application/rss+xml": [{ url: feedPathOf(slug), title: `${bundle.title} (RSS)` }] } }
        : {}),
    },
    openGraph: {
      title: bundle.title || siteTitle,
      description,
      siteName: siteTitle,
      url: pathOf(slug),
      type: slug === "" || bundle.kind === "database" ? "website" : "article",
      images: cover ? [{ url: cover }] : undefined,
    },
  };
}

/** Metadata of the "temporarily unavailable" view (the cache could not be read). */
export const UNAVAILABLE_METADATA: Metadata = { title: "Temporarily unavailable", robots: { index: false } };

/** One sitemap entry per synced page and database, home first. */
export function sitemapOf(manifest: Manifest | null, baseUrl: string): MetadataRoute.Sitemap {
  const entries = Object.values(manifest?.entries ?? {}).sort((a, b) => a.slug.localeCompare(b.slug));
  return entries.map((entry) => ({
    url: entry.slug === "" ? `${baseUrl}/` : `${baseUrl}${pathOf(entry.slug)}`,
    lastModified: entry.lastEditedTime || undefined,
  }));
}
