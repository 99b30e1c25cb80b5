import { cachedManifest } from "@/lib/site/cached-reads";
import { sitemapRoot } from "@/lib/site/sitemap-xml";
import { siteBaseUrl } from "@/lib/site/site-url";

// From Next's cache (the manifest read is tagged "sitemap", renewed by each publish). Past 50,000 URLs
// this is a sitemap index of /sitemaps/{n}.xml.
export async function GET() {
  const xml = sitemapRoot(await cachedManifest(), siteBaseUrl());
  return new Response(xml, { headers: { "content-type": "application/xml; charset=utf-8" } });
}
