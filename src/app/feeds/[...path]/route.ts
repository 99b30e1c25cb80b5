import { cachedBundleAt } from "@/lib/cms/cached-cms-reads";
import { feedResponse } from "@/lib/cms/feed-response";
import { siteBaseUrl } from "@/lib/site/site-url";

/** GET /feeds/{database slug}.xml — RSS 2.0 of a database's published rows, from Next's cache. */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  return feedResponse((await params).path, {
    read: (slug) => cachedBundleAt(slug),
    baseUrl: () => siteBaseUrl(),
  });
}
