import type { Bundle } from "../bundle-types";
import type { Manifest } from "../store/manifest";
import type { Store } from "../store/redis";
import { readManifest, readRoute, slugFromPath, type RouteRead } from "../store/site-reader";
import {
  breadcrumbsFor,
  createPageResolver,
  siteTitleOf,
  type Breadcrumb,
  type ResolvedPage,
} from "./page-resolver";

/** Everything a site page renders, read from the published generation. */
export type SitePage =
  | { state: "empty" }
  | { state: "missing"; slug: string; siteTitle: string }
  | {
      state: "found";
      slug: string;
      bundle: Bundle;
      siteTitle: string;
      breadcrumbs: Breadcrumb[];
      resolve: (pageId: string) => ResolvedPage | null;
    };

/** The two reads a page makes; the app passes per-request cached versions, tests pass a store. */
export interface SiteReads {
  route: (slug: string) => Promise<RouteRead>;
  manifest: () => Promise<Manifest | null>;
}

export function storeReads(store: Store): SiteReads {
  return { route: (slug) => readRoute(store, slug), manifest: () => readManifest(store) };
}

/**
 * The slug of a URL path, or null when the path cannot be a slug (a stray "%" that does not decode).
 * Such a path is simply not found, instead of an error page.
 */
export function slugOf(segments: readonly string[] | undefined): string | null {
  try {
    return slugFromPath(segments);
  } catch {
    return null;
  }
}

/**
 * Reads the route (one round trip: generation, route and bundle together) and the manifest (for
 * internal links, the site title and breadcrumbs) in parallel.
 */
export async function loadSitePage(reads: SiteReads, slug: string): Promise<SitePage> {
  const [route, manifest] = await Promise.all([reads.route(slug), reads.manifest()]);
  if (route.state === "empty") return { state: "empty" };
  const siteTitle = siteTitleOf(manifest);
  if (route.state === "missing") return { state: "missing", slug, siteTitle };
  const { bundle } = route;
  return {
    state: "found",
    slug,
    bundle,
    siteTitle,
    breadcrumbs: breadcrumbsFor(slug, manifest, bundle.title),
    resolve: createPageResolver(manifest),
  };
}
