import type { BlockNode, Bundle } from "../bundle-types";
import type { Store } from "../store/redis";
import {
  readRoute,
  readSiteIndex,
  readSiteTitle,
  slugFromPath,
  type RouteRead,
  type SiteIndex,
} from "../store/site-reader";
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

/** The reads a page makes; the app passes per-request cached versions, tests pass a store. */
export interface SiteReads {
  route: (slug: string) => Promise<RouteRead>;
  index: (generation: string, ids: readonly string[], slugs: readonly string[]) => Promise<SiteIndex>;
  siteTitle: () => Promise<string | null>;
}

export function storeReads(store: Store): SiteReads {
  return {
    route: (slug) => readRoute(store, slug),
    index: (generation, ids, slugs) => readSiteIndex(store, generation, ids, slugs),
    siteTitle: () => readSiteTitle(store),
  };
}

/** Every page or database a bundle links to, so only those entries are looked up. */
export function referencedIds(bundle: Bundle): string[] {
  const ids = new Set<string>();
  const visit = (blocks: BlockNode[]) => {
    for (const block of blocks) {
      if (block.type === "child_page" || block.type === "link_to_page") ids.add(block.pageId);
      if (block.type === "child_database") ids.add(block.databaseId);
      const spans = "text" in block && Array.isArray(block.text) ? block.text : [];
      for (const span of [...spans, ...("caption" in block ? block.caption : [])]) {
        if (span.pageId) ids.add(span.pageId);
      }
      if (block.type === "table")
        for (const row of block.rows)
          for (const cell of row) for (const s of cell) if (s.pageId) ids.add(s.pageId);
      if (block.children) visit(block.children);
    }
  };
  if (bundle.kind === "page") {
    visit(bundle.blocks);
    for (const prop of Object.values(bundle.properties)) {
      if (prop.type === "relation") prop.ids.forEach((id) => ids.add(id));
      if (prop.type === "title" || prop.type === "rich_text")
        for (const s of prop.spans) if (s.pageId) ids.add(s.pageId);
    }
  }
  return [...ids];
}

/** "a/b/c" → ["a", "a/b"]: the pages a breadcrumb trail may link to. */
function parentSlugs(slug: string): string[] {
  const parts = slug.split("/");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("/"));
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

/** A page read as plain data (no functions), so Next's cache can store it; `hydrateSitePage` adds the resolver. */
export type SitePageData =
  | { state: "empty" }
  | { state: "missing"; slug: string; siteTitle: string; generation: string }
  | {
      state: "found";
      slug: string;
      bundle: Bundle;
      siteTitle: string;
      breadcrumbs: Breadcrumb[];
      /** The entries the page links to, its breadcrumb path and the root. */
      index: SiteIndex;
      /** The ids the page links to (they name its cache tags). */
      refs: string[];
      generation: string;
    };

/**
 * Reads the route (one round trip: generation, route and bundle together), then, from the same
 * generation, only the entries the page links to and its breadcrumb path (a second, small round trip).
 */
export async function loadSitePageData(reads: SiteReads, slug: string): Promise<SitePageData> {
  const route = await reads.route(slug);
  if (route.state === "empty") return { state: "empty" };
  if (route.state === "missing") {
    const siteTitle = (await reads.siteTitle()) || siteTitleOf(null);
    return { state: "missing", slug, siteTitle, generation: route.generation };
  }
  const { bundle } = route;
  const refs = referencedIds(bundle);
  const index = await reads.index(route.generation, refs, parentSlugs(slug));
  return {
    state: "found",
    slug,
    bundle,
    siteTitle: siteTitleOf(index),
    breadcrumbs: breadcrumbsFor(slug, index, bundle.title),
    index,
    refs,
    generation: route.generation,
  };
}

/** The page a component renders: plain data plus the link resolver built from its index. */
export function hydrateSitePage(data: SitePageData): SitePage {
  if (data.state === "empty") return data;
  if (data.state === "missing") return { state: "missing", slug: data.slug, siteTitle: data.siteTitle };
  const { index, refs: _refs, generation: _generation, ...page } = data;
  return { ...page, resolve: createPageResolver(index) };
}

export async function loadSitePage(reads: SiteReads, slug: string): Promise<SitePage> {
  return hydrateSitePage(await loadSitePageData(reads, slug));
}
