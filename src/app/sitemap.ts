import type { MetadataRoute } from "next";
import { cachedManifest } from "@/lib/site/cached-reads";
import { sitemapOf } from "@/lib/site/metadata";
import { siteBaseUrl } from "@/lib/site/site-url";

// Served from Next's cache; a publish (tag "sitemap") or a restart with another generation renews it.
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  return sitemapOf(await cachedManifest(), siteBaseUrl());
}
