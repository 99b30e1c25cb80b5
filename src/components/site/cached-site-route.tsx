import { cacheLife } from "next/cache";
import { cachedSitePage } from "@/lib/site/cached-reads";
import { hydrateSitePage } from "@/lib/site/site-page";
import { SiteRoute } from "./site-route";

/**
 * A page's markup, rendered inside a cache scope: renderers may read the clock (relative dates) and the
 * result is stored with the tags of the page read it came from (the read is already cached: no Redis).
 */
export async function CachedSiteRoute({ slug }: { slug: string }) {
  "use cache";
  cacheLife("max");
  const data = await cachedSitePage(slug);
  if (data.state === "unavailable") return null;
  const page = hydrateSitePage(data);
  return page.state === "missing" ? null : <SiteRoute page={page} />;
}
