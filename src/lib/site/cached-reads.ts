import { cacheLife, cacheTag } from "next/cache";
import { cache } from "react";
import type { Manifest } from "../store/manifest";
import { readCurrentGeneration } from "../store/current-generation";
import { publishedFileSet } from "../store/file-index";
import { configuredStore } from "../store/redis";
import { readManifest, readSiteTitle } from "../store/site-reader";
import { FILES_TAG, pageReadTags, SITE_TAG, SITE_TITLE_TAG, SITEMAP_TAG, slugTag } from "./cache-tags";
import { SiteUnavailableError } from "./site-errors";
import { loadSitePageData, storeReads, type SitePageData } from "./site-page";
import { expireTags, pathTag } from "./tag-expiry";

/*
 * Every read the public site makes, each one a `"use cache"` function: the result is kept by Next
 * (and the page rendered from it becomes a static entry), tagged with the scheme of cache-tags.ts, and
 * kept until a publish invalidates one of its tags (`revalidateTag(tag, { expire: 0 })`, see
 * revalidation.ts). A cached view therefore sends no Redis command.
 *
 * A read that fails (Redis unreachable) is never stored: pages cached before the outage keep being
 * served, and the next request after it reads again. A page read answers "unavailable" (see below); the
 * other reads throw SiteUnavailableError.
 * Routes add their own reads here, following the same pattern (cacheLife("max") + tags).
 */

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

/** Slugs this process answered "unavailable": Next keeps their page as a per-request shell until told. */
const servedUnavailable = new Set<string>();

/** A page read that failed because the cache could not be read (Redis unreachable). */
export type UnavailableRead = { state: "unavailable"; reason: string };

/**
 * The page (or database listing) at a slug, with what it links to, from the published generation.
 * When Redis cannot be read the result is "unavailable" with a lifetime of one second: Next treats such
 * a short-lived entry as request-time data, so the page that shows it is rendered per request and never
 * stored, and the next request after the outage reads the page for real.
 */
export async function cachedSitePage(slug: string): Promise<SitePageData | UnavailableRead> {
  "use cache";
  const store = configuredStore();
  let data: SitePageData;
  try {
    // No KV configured (a build without it): the site is empty until a publish invalidates "site".
    data = store
      ? await guarded(`the page /${slug}`, () => loadSitePageData(storeReads(store), slug))
      : { state: "empty" };
  } catch (error) {
    cacheLife({ stale: 0, revalidate: 1, expire: 1 });
    servedUnavailable.add(slug);
    console.warn(`[site] ${error instanceof Error ? error.message : String(error)}`);
    return { state: "unavailable", reason: error instanceof Error ? error.message : String(error) };
  }
  cacheLife("max");
  cacheTag(...tagsOfPage(data));
  // The cache answers again: the page Next stored as a per-request shell during the outage is dropped,
  // so the next request renders and stores it whole.
  if (servedUnavailable.delete(slug)) expireTags([pathTag(slug)]);
  return data;
}

/** The site's name (the root page's title), for pages that have no page read of their own (404). */
export async function cachedSiteTitle(): Promise<string | null> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG, SITE_TITLE_TAG);
  const store = configuredStore();
  return store ? guarded("the site title", () => readSiteTitle(store)) : null;
}

/** The whole published manifest: only the sitemap reads it. */
export async function cachedManifest(): Promise<Manifest | null> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG, SITEMAP_TAG);
  const store = configuredStore();
  return store ? guarded("the sitemap", () => readManifest(store)) : null;
}

/** The published generation as /api/files sees it: kept until the next publish. */
async function cachedFilesGeneration(): Promise<string | null> {
  "use cache";
  cacheLife("max");
  cacheTag(SITE_TAG, FILES_TAG);
  const store = configuredStore();
  return store ? guarded("the file index", () => readCurrentGeneration(store)) : null;
}

/**
 * Whether the published site shows a file (`<ownerId>:<field>`): /api/files asks before any Notion call.
 * The generation's whole file index is read once per process (publishedFileSet), so an id, random or
 * not, costs a set lookup: no Redis command, no Notion call, and no cache entry of its own (a flood of
 * random ids cannot push pages out of Next's cache).
 */
export async function cachedIsPublishedFile(key: string): Promise<boolean> {
  const store = configuredStore();
  const generation = store ? await cachedFilesGeneration() : null;
  if (!store || !generation) return false;
  return guarded("the file index", async () => (await publishedFileSet(store, generation)).has(key));
}

/** generateMetadata and the page of one render share one read (one cached read, one miss). */
export const sitePageOf = cache((slug: string) => cachedSitePage(slug));
