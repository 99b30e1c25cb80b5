import type { Bundle } from "../bundle-types";
import { LUA_READ_BUNDLE } from "./bundle-values";
import type { Manifest } from "./manifest";
import { readPublishedManifest } from "./manifest-store";
import type { Store } from "./redis";

// One round trip per read: the generation pointer, the route and the bundle (its parts joined) are read
// by one script, so a reader can never combine a route of one generation with a bundle of another.
export const READ_ROUTE = `${LUA_READ_BUNDLE}
local gen = redis.call('GET', KEYS[1])
if not gen then return {} end
local key = redis.call('HGET', ARGV[1] .. gen, ARGV[2])
if not key then return {gen} end
local value = read_bundle(key)
if not value then return {gen} end
return {gen, value}
`;

export type RouteRead =
  | { state: "empty" } // nothing was ever published
  | { state: "missing"; generation: string }
  | { state: "found"; generation: string; bundle: Bundle };

/** Normalise a URL path into the slug form used in the routes hash. */
export function slugFromPath(segments: readonly string[] | undefined): string {
  return (segments ?? [])
    .map((s) => decodeURIComponent(s).trim().toLowerCase())
    .filter(Boolean)
    .join("/");
}

export async function readRoute(store: Store, slug: string): Promise<RouteRead> {
  const result = await store.redis.eval<string[], string[]>(
    READ_ROUTE,
    [store.keys.current],
    [store.keys.routesPrefix, slug],
  );
  const [generation, value] = result;
  if (generation === undefined) return { state: "empty" };
  if (value === undefined) return { state: "missing", generation };
  return { state: "found", generation, bundle: JSON.parse(value) as Bundle };
}

/**
 * The whole published manifest (public entries), read in bounded pages; never a mix of two
 * generations (see readPublishedManifest). Readers that need one entry use the links index instead.
 */
export async function readManifest(store: Store): Promise<Manifest | null> {
  return readPublishedManifest(store);
}

/** The slice of a manifest a page needs: its site's root and the entries it links to. */
export interface SiteIndex {
  rootId: string;
  entries: Record<string, { id: string; slug: string; title: string }>;
}

/**
 * Look up, in one round trip, the entries a page refers to (by id) and its breadcrumb path (by slug) in
 * the generation the page was read from, so a page never costs a read of the whole manifest.
 */
export async function readSiteIndex(
  store: Store,
  generation: string,
  ids: readonly string[],
  slugs: readonly string[],
): Promise<SiteIndex> {
  const fields = [...new Set(["s:", ...ids.map((id) => `i:${id}`), ...slugs.map((slug) => `s:${slug}`)])];
  const raw = (await store.redis.hmget(store.keys.links(generation), ...fields)) as unknown;
  const values = Array.isArray(raw)
    ? (raw as (string | null)[])
    : fields.map((f) => (raw as Record<string, string | null> | null)?.[f] ?? null);
  const index: SiteIndex = { rootId: "", entries: {} };
  fields.forEach((field, i) => {
    const value = values[i];
    if (!value) return;
    const [a = "", title = ""] = value.split("\t");
    const entry = field.startsWith("i:")
      ? { id: field.slice(2), slug: a, title }
      : { id: a, slug: field.slice(2), title };
    index.entries[entry.id] = entry;
    if (field === "s:") index.rootId = entry.id;
  });
  return index;
}

const READ_SITE_TITLE = `
local gen = redis.call('GET', KEYS[1])
if not gen then return false end
return redis.call('HGET', ARGV[1] .. gen, 's:')
`;

/** The published site's name (its root page's title), or null before the first sync. */
export async function readSiteTitle(store: Store): Promise<string | null> {
  const value = await store.redis.eval<string[], string | null>(
    READ_SITE_TITLE,
    [store.keys.current],
    [store.keys.linksPrefix],
  );
  return typeof value === "string" ? (value.split("\t")[1] ?? null) : null;
}
