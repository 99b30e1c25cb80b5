import type { SiteIndex } from "../store/site-reader";
import { normalizeNotionId } from "./notion-id";
import { pathOf } from "./site-paths";

export interface ResolvedPage {
  slug: string;
  title: string;
}

/** Looks synced pages up by Notion id, whatever the id's dash style; built once per request. */
export function createPageResolver(manifest: SiteIndex | null): (pageId: string) => ResolvedPage | null {
  const byId = new Map<string, ResolvedPage>();
  for (const entry of Object.values(manifest?.entries ?? {})) {
    const id = normalizeNotionId(entry.id);
    if (id) byId.set(id, { slug: entry.slug, title: entry.title });
  }
  return (pageId) => {
    const id = normalizeNotionId(pageId);
    return id ? (byId.get(id) ?? null) : null;
  };
}

/** The site's name: the title of the root page, once something has been synced. */
export function siteTitleOf(manifest: SiteIndex | null): string {
  const root = manifest ? manifest.entries[manifest.rootId] : undefined;
  return root?.title.trim() || "notion-sync";
}

export interface Breadcrumb {
  label: string;
  /** Absent for the current page and for path prefixes that are not pages themselves. */
  href?: string;
}

/**
 * Breadcrumbs from the slug: Home, then each path prefix (linked with its title when it is a synced
 * page), then the current page.
 */
export function breadcrumbsFor(slug: string, manifest: SiteIndex | null, currentTitle: string): Breadcrumb[] {
  if (slug === "") return [];
  const bySlug = new Map(Object.values(manifest?.entries ?? {}).map((e) => [e.slug, e.title] as const));
  const segments = slug.split("/");
  const crumbs: Breadcrumb[] = [{ label: bySlug.get("") || "Home", href: "/" }];
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    const title = bySlug.get(prefix);
    crumbs.push(title ? { label: title, href: pathOf(prefix) } : { label: segments[i - 1] ?? prefix });
  }
  crumbs.push({ label: currentTitle || segments[segments.length - 1] || slug });
  return crumbs;
}
