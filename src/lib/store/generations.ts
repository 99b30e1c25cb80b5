import type { Bundle } from "../bundle-types";
import type { Manifest } from "./manifest";
import type { Store } from "./redis";

const ROUTE_CHUNK = 500;
const DELETE_CHUNK = 500;
/** Bundles of a generation that is never published (its job failed) expire after this. */
const UNPUBLISHED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Write a bundle beside the published ones; readers cannot see it until its generation is published.
 * It expires unless published: a failed job's bundles clean themselves up.
 */
export async function writeBundle(store: Store, bundle: Bundle, generation: string): Promise<number> {
  const json = JSON.stringify(bundle);
  await store.redis.set(store.keys.bundle(bundle.id, generation), json, { ex: UNPUBLISHED_TTL_SECONDS });
  return Buffer.byteLength(json);
}

export function bundleKeyOf(store: Store, entry: { id: string; bundleGen: string }): string {
  return store.keys.bundle(entry.id, entry.bundleGen);
}

/**
 * Publish a generation: its routes and manifest are written first, then one SET flips readers to it.
 * Returns the generation that was current before. Safe to run twice (a retried step).
 */
export async function publishGeneration(store: Store, manifest: Manifest): Promise<string | null> {
  const gen = manifest.generation;
  // Already live (a retried step whose first attempt died after the flip): rewriting its routes hash
  // would show readers missing routes for a moment.
  if ((await store.redis.get<string>(store.keys.current)) === gen) return null;
  const routesKey = store.keys.routes(gen);
  const routes = Object.values(manifest.entries).map((e) => [e.slug, bundleKeyOf(store, e)] as const);
  await store.redis.del(routesKey);
  for (let i = 0; i < routes.length; i += ROUTE_CHUNK) {
    await store.redis.hset(routesKey, Object.fromEntries(routes.slice(i, i + ROUTE_CHUNK)));
  }
  // The bundles this generation wrote stop expiring before anyone can read them.
  const written = Object.values(manifest.entries).filter((e) => e.bundleGen === gen);
  for (let i = 0; i < written.length; i += ROUTE_CHUNK) {
    const p = store.redis.pipeline();
    for (const e of written.slice(i, i + ROUTE_CHUNK)) p.persist(bundleKeyOf(store, e));
    await p.exec();
  }
  const linksKey = store.keys.links(gen);
  const links = Object.values(manifest.entries).flatMap((e): [string, string][] => [
    [`i:${e.id}`, `${e.slug}\t${e.title}`],
    [`s:${e.slug}`, `${e.id}\t${e.title}`],
  ]);
  await store.redis.del(linksKey);
  for (let i = 0; i < links.length; i += ROUTE_CHUNK) {
    await store.redis.hset(linksKey, Object.fromEntries(links.slice(i, i + ROUTE_CHUNK)));
  }
  await store.redis.set(store.keys.manifest(gen), JSON.stringify(manifest));
  const previous = await store.redis.set(store.keys.current, gen, { get: true });
  return previous === gen ? null : previous;
}

/**
 * Delete what only an older generation used: its routes, manifest and bundles no longer referenced.
 * The manifest goes last, so a collection cut short is found and finished by the retried step.
 */
export async function collectGeneration(store: Store, previous: Manifest, next: Manifest): Promise<number> {
  if (previous.generation === next.generation) return 0;
  const keep = new Set(Object.values(next.entries).map((e) => bundleKeyOf(store, e)));
  const doomed: string[] = [];
  for (const entry of Object.values(previous.entries)) {
    const key = bundleKeyOf(store, entry);
    if (!keep.has(key)) doomed.push(key);
  }
  doomed.push(
    store.keys.routes(previous.generation),
    store.keys.links(previous.generation),
    store.keys.manifest(previous.generation),
  );
  for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
    await store.redis.del(...doomed.slice(i, i + DELETE_CHUNK));
  }
  return doomed.length;
}

export async function readManifestOf(store: Store, generation: string): Promise<Manifest | null> {
  const value = await store.redis.get<string>(store.keys.manifest(generation));
  return value ? (JSON.parse(value) as Manifest) : null;
}
