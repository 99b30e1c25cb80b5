import { cacheLife, cacheTag } from "next/cache";
import type { MetadataRoute } from "next";
import { SITE_TAG } from "@/lib/site/cache-tags";
import { siteBaseUrl } from "@/lib/site/site-url";

// Cached like the pages; tagged "site", so a start with another APP_URL or generation renews it.
// eslint-disable-next-line @typescript-eslint/require-await -- a "use cache" function must be async
export default async function robots(): Promise<MetadataRoute.Robots> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG);
  const base = siteBaseUrl();
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/admin"] },
    sitemap: `${base}/sitemap.xml`,
  };
}
