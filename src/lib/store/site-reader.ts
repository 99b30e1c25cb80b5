import type { Bundle } from "../bundle-types";
import type { Manifest } from "./manifest";
import type { Store } from "./redis";

// One round trip per read: the generation pointer, the route and the bundle are read by one script, so
// a reader can never combine a route of one generation with a bundle of another.
const READ_ROUTE = `
local gen = redis.call('GET', KEYS[1])
if not gen then return {} end
local key = redis.call('HGET', ARGV[1] .. gen, ARGV[2])
if not key then return {gen} end
local value = redis.call('GET', key)
if not value then return {gen} end
return {gen, value}
`;

const READ_MANIFEST = `
local gen = redis.call('GET', KEYS[1])
if not gen then return {} end
local value = redis.call('GET', ARGV[1] .. gen)
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

export async function readManifest(store: Store): Promise<Manifest | null> {
  const [, value] = await store.redis.eval<string[], string[]>(
    READ_MANIFEST,
    [store.keys.current],
    [store.keys.manifest("")],
  );
  return value === undefined ? null : (JSON.parse(value) as Manifest);
}
