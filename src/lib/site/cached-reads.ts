import { cacheLife, cacheTag } from "next/cache";
import { connection } from "next/server";
import { cache } from "react";
import { isConfigError } from "../config";
import type { Manifest } from "../store/manifest";
import { getStore, type Store } from "../store/redis";
import { readManifest, readSiteTitle } from "../store/site-reader";
import { pageReadTags, SITE_TAG, SITE_TITLE_TAG, SITEMAP_TAG, slugTag } from "./cache-tags";
import { isSiteUnavailableError, SiteUnavailableError } from "./site-errors";
import { loadSitePageData, storeReads, type SitePageData } from "./site-page";

/*
 * Every read the public site makes, each one a `"use cache"` function: the result is kept by Next
 * (and the page rendered from it becomes a static entry), tagged with the scheme of cache-tags.ts, and
 * kept until a publish invalidates one of its tags (`revalidateTag(tag, { expire: 0 })`, see
 * revalidation.ts). A cached view therefore sends no Redis command.
 *
 * A read that fails (Redis unreachable) throws SiteUnavailableError: errors are never cached, so the
 * next request tries again, and pages cached before the outage keep being served meanwhile.
 * Routes add their own reads here, following the same pattern (cacheLife("max") + tags).
 */

/** The store, or null when KV is not configured at all (a build without KV_REST_API_*). */
function storeOrNull(): Store | null {
  try {
    return getStore();
  } catch (error) {
    if (isConfigError(error)) return null;
    throw error;
  }
}

async function guarded<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new SiteUnavailableError(what, error);
  }
}

/** Tags of a page read: see cache-tags.ts. */
function tagsOfPage(data: SitePageData): string[] {
  if (data.state === "empty") return [SITE_TAG];
  if (data.state === "missing") return [SITE_TAG, SITE_TITLE_TAG, slugTag(data.slug)];
  return pageReadTags({ id: data.bundle.id, slug: data.slug, refs: data.refs });
}

/** The page (or database listing) at a slug, with what it links to, from the published generation. */
export async function cachedSitePage(slug: string): Promise<SitePageData> {
  "use cache";
  cacheLife("max");
  const store = storeOrNull();
  // No KV configured (a build without it): the site is empty until a publish invalidates "site".
  const data = store
    ? await guarded(`the page /${slug}`, () => loadSitePageData(storeReads(store), slug))
    : ({ state: "empty" } as const);
  cacheTag(...tagsOfPage(data));
  return data;
}

/** The site's name (the root page's title), for pages that have no page read of their own (404). */
export async function cachedSiteTitle(): Promise<string | null> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG, SITE_TITLE_TAG);
  const store = storeOrNull();
  return store ? guarded("the site title", () => readSiteTitle(store)) : null;
}

/** The whole published manifest: only the sitemap reads it. */
export async function cachedManifest(): Promise<Manifest | null> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG, SITEMAP_TAG);
  const store = storeOrNull();
  return store ? guarded("the sitemap", () => readManifest(store)) : null;
}

/**
 * The page read for a render; generateMetadata and the page share it (one cached read, one miss).
 * When the cache is unreachable the render is made per request (`connection()`), so the "temporarily
 * unavailable" view it shows is never stored as the page.
 */
export const sitePageOf = cache(async (slug: string): Promise<SitePageData | { state: "unavailable" }> => {
  try {
    return await cachedSitePage(slug);
  } catch (error) {
    if (!isSiteUnavailableError(error)) throw error;
    console.warn(`[site] ${error.message}`);
    await connection();
    return { state: "unavailable" };
  }
});
