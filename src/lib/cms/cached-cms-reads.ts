import { cacheLife, cacheTag } from "next/cache";
import { connection } from "next/server";
import type { Bundle } from "../bundle-types";
import { pageTag, SITE_TAG, SITE_TITLE_TAG, slugTag } from "../site/cache-tags";
import { configuredStore } from "../store/redis";
import { readRoute, readSiteTitle } from "../store/site-reader";
import { readRedirectTarget, type RedirectTarget } from "../store/slug-history";

/*
 * The CMS's reads for the public site, in the pattern of src/lib/site/cached-reads.ts: `"use cache"`
 * functions tagged with the scheme of cache-tags.ts, so a cached redirect, feed or icon sends no Redis
 * command and a publish that changes what they show invalidates them. A failed read is not cached.
 */

/**
 * Where a slug without a page redirects (an old slug, or a page id), or null. Tagged with the slug (a
 * page taking it over, or moving away from it) and the target page (it moves again, becomes a draft or
 * is trashed).
 */
export async function cachedRedirect(slug: string): Promise<RedirectTarget | null> {
  "use cache";
  cacheLife("max");
  const store = configuredStore();
  const target = store ? await readRedirectTarget(store, slug) : null;
  cacheTag(SITE_TAG, slugTag(slug), ...(target ? [pageTag(target.id)] : []));
  return target;
}

/** The redirect for a missing page; an unreachable cache answers per request (never stored) with none. */
export async function redirectOf(slug: string): Promise<RedirectTarget | null> {
  try {
    return await cachedRedirect(slug);
  } catch (error) {
    console.warn(`[site] could not read the redirects for /${slug}: ${String(error)}`);
    await connection();
    return null;
  }
}

/** The published bundle at a slug (a feed's database, the home page for icons) and the site title. */
export async function cachedBundleAt(
  slug: string,
): Promise<{ bundle: Bundle | null; siteTitle: string | null }> {
  "use cache";
  cacheLife("max");
  const store = configuredStore();
  if (!store) {
    cacheTag(SITE_TAG);
    return { bundle: null, siteTitle: null };
  }
  const [read, siteTitle] = await Promise.all([readRoute(store, slug), readSiteTitle(store)]);
  const bundle = read.state === "found" ? read.bundle : null;
  cacheTag(SITE_TAG, SITE_TITLE_TAG, slugTag(slug), ...(bundle ? [pageTag(bundle.id)] : []));
  return { bundle, siteTitle };
}
