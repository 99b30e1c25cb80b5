import { z } from "zod";
import { cachedManifest } from "@/lib/site/cached-reads";
import { sitemapPart } from "@/lib/site/sitemap-xml";
import { siteBaseUrl } from "@/lib/site/site-url";

const Part = z.string().regex(/^\d{1,4}\.xml$/);

// One file of a sitemap index (/sitemap.xml lists them once the site has more than 50,000 URLs).
export async function GET(_request: Request, { params }: { params: Promise<{ part: string }> }) {
  const part = Part.safeParse((await params).part);
  const xml = part.success
    ? sitemapPart(await cachedManifest(), siteBaseUrl(), Number.parseInt(part.data, 10))
    : null;
  if (xml === null) {
    return new Response("No such sitemap file: /sitemap.xml lists the ones that exist.", { status: 404 });
  }
  return new Response(xml, { headers: { "content-type": "application/xml; charset=utf-8" } });
}
