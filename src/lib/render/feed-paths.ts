import { pathOf } from "../site/site-paths";

/** The URL path of a database's feed: `/feeds/{database slug}.xml`. */
export function feedPathOf(databaseSlug: string): string {
  return `/feeds${pathOf(databaseSlug)}.xml`;
}

/** `/feeds/a/b.xml` segments → the database slug "a/b", or null when the path is not a feed's. */
export function databaseSlugOfFeed(segments: readonly string[]): string | null {
  const last = segments[segments.length - 1];
  if (!last?.endsWith(".xml")) return null;
  const slug = [...segments.slice(0, -1), last.slice(0, -".xml".length)]
    .map((s) => s.trim().toLowerCase())
    .join("/");
  return /^[\p{L}\p{N}_-]+(\/[\p{L}\p{N}_-]+)*$/u.test(slug) ? slug : null;
}
