import { cmsKeys } from "./cms-keys";
import { scanHash } from "./manifest-chunks";
import type { Store } from "./redis";

const CHUNK = 500;

/**
 * Remember every slug the published entries hold (drafts included): slug → id. A slug a new page takes
 * over now names that page, so the newest holder always wins. Kept across syncs and force syncs.
 */
export async function recordSlugs(store: Store, entries: { id: string; slug: string }[]): Promise<void> {
  const pairs = entries.filter((e) => e.slug !== "").map((e) => [e.slug, e.id] as const);
  for (let i = 0; i < pairs.length; i += CHUNK) {
    await store.redis.hset(cmsKeys(store).slugHistory, Object.fromEntries(pairs.slice(i, i + CHUNK)));
  }
}

/**
 * Every slug ever published → the id of the page that last held it, a page of the hash at a time
 * (HSCAN): a large site's history is never one reply.
 */
export function scanSlugHistory(store: Store): AsyncGenerator<[string, string][]> {
  return scanHash(store, cmsKeys(store).slugHistory);
}

/** Every slug ever published → the id of the page that last held it. */
export async function readSlugHistory(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const page of scanSlugHistory(store)) for (const [slug, id] of page) out[slug] = id;
  return out;
}

// One round trip: the published generation, then its redirect for the slug, else (for an id-shaped
// path) the slug of the public page with that id. Drafts and trashed pages are in neither hash.
const READ_REDIRECT = `
local gen = redis.call('GET', KEYS[1])
if not gen then return false end
local target = redis.call('HGET', ARGV[1] .. gen, ARGV[3])
if target then return 'r\t' .. target end
if ARGV[4] == '' then return false end
local entry = redis.call('HGET', ARGV[2] .. gen, 'i:' .. ARGV[4])
if not entry then return false end
return 'i\t' .. entry
`;

/** 32 hex digits, dashed or not → the dashed form the manifest uses; anything else → "". */
function dashedId(slug: string): string {
  const hex = slug.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || !/^[0-9a-f-]+$/i.test(slug)) return "";
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Where an unknown slug should redirect in the published generation: an old slug of a public page, or
 * `/{page id}` (with or without dashes). Null when it names nothing public (a 404).
 */
export async function readRedirect(store: Store, slug: string): Promise<string | null> {
  return (await readRedirectTarget(store, slug))?.slug ?? null;
}

export interface RedirectTarget {
  /** The page's current slug ("" for the home page). */
  slug: string;
  id: string;
}

/** Like `readRedirect`, with the id of the page it leads to (for cache tags). */
export async function readRedirectTarget(store: Store, slug: string): Promise<RedirectTarget | null> {
  const id = dashedId(slug);
  const value = await store.redis.eval<string[], string | null>(
    READ_REDIRECT,
    [store.keys.current],
    [cmsKeys(store).redirectsPrefix, store.keys.linksPrefix, slug, id],
  );
  if (typeof value !== "string") return null;
  // "r", then the redirect's "slug\tid"; or "i", then the links entry of an id URL, "slug\ttitle".
  const [kind, target = "", second = ""] = value.split("\t");
  if (target === slug) return null;
  return { slug: target, id: kind === "r" ? second : id };
}
