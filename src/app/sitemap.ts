import type { MetadataRoute } from "next";
import { sitemapOf } from "@/lib/site/metadata";
import { siteBaseUrl } from "@/lib/site/site-url";
import { getStore } from "@/lib/store/redis";
import { readManifest } from "@/lib/store/site-reader";

// Read at request time: the cache (and APP_URL) are not available when the app is built.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  return sitemapOf(await readManifest(getStore()), siteBaseUrl());
}
