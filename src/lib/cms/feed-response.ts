import { z } from "zod";
import type { Bundle } from "../bundle-types";
import { databaseFeed } from "../render/feed";
import { databaseSlugOfFeed } from "../render/feed-paths";

/** What building a feed needs from the published site (the route passes cached reads). */
export interface FeedReads {
  /** The published bundle at a slug and the site's title. */
  read: (slug: string) => Promise<{ bundle: Bundle | null; siteTitle: string | null }>;
  baseUrl: () => string;
}

const feedPath = z
  .array(z.string().max(200))
  .min(1)
  .max(20)
  .transform((segments) => databaseSlugOfFeed(segments))
  .refine((slug): slug is string => slug !== null);

function error(status: number, message: string): Response {
  return Response.json({ ok: false, error: message }, { status, headers: { "cache-control": "no-store" } });
}

/** GET /feeds/{database slug}.xml: the database's RSS 2.0 feed of its published rows. */
export async function feedResponse(segments: readonly string[], reads: FeedReads): Promise<Response> {
  const parsed = feedPath.safeParse([...segments]);
  if (!parsed.success) {
    return error(400, "Not a feed URL: use /feeds/{database slug}.xml, e.g. /feeds/blog.xml.");
  }
  const slug = parsed.data;
  let bundle: Bundle | null;
  let siteTitle: string | null;
  try {
    ({ bundle, siteTitle } = await reads.read(slug));
  } catch {
    const response = error(503, "The site's cache (Redis) is unavailable right now; try again in a minute.");
    response.headers.set("retry-after", "30");
    return response;
  }
  if (bundle?.kind !== "database") {
    return error(404, `No database is published at /${slug}, so it has no feed.`);
  }
  const xml = databaseFeed(bundle, { baseUrl: reads.baseUrl(), slug, siteTitle: siteTitle || "notion-sync" });
  return new Response(xml, {
    headers: { "content-type": "application/rss+xml; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
