import { cache } from "react";
import { getStore } from "../store/redis";
import { readManifest, readRoute, readSiteIndex, readSiteTitle } from "../store/site-reader";
import { loadSitePage, type SiteReads } from "./site-page";

/*
 * Per-request memoisation (React `cache`): generateMetadata, the page and the not-found page of one
 * request share one route read (and one small index read). Nothing is cached across requests, so a newly
 * published generation is visible on the next request.
 */
const requestReads: SiteReads = {
  route: cache((slug: string) => readRoute(getStore(), slug)),
  index: (generation, ids, slugs) => readSiteIndex(getStore(), generation, ids, slugs),
  siteTitle: cache(() => readSiteTitle(getStore())),
};

export const sitePageOfRequest = cache((slug: string) => loadSitePage(requestReads, slug));

export const siteTitleOfRequest = requestReads.siteTitle;

/** The whole manifest: only for the sitemap, never on a page request. */
export const manifestOfRequest = cache(() => readManifest(getStore()));
