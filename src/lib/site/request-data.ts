import { cache } from "react";
import { getStore } from "../store/redis";
import { readManifest, readRoute } from "../store/site-reader";
import { loadSitePage, type SiteReads } from "./site-page";

/*
 * Per-request memoisation (React `cache`): generateMetadata, the page and the not-found page of one
 * request share one manifest read and one route read. Nothing is cached across requests, so a newly
 * published generation is visible on the next request.
 */
const requestReads: SiteReads = {
  route: cache((slug: string) => readRoute(getStore(), slug)),
  manifest: cache(() => readManifest(getStore())),
};

export const sitePageOfRequest = cache((slug: string) => loadSitePage(requestReads, slug));

export const manifestOfRequest = requestReads.manifest;
