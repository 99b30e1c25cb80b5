import type { Bundle } from "../bundle-types";
import { cmsKeys } from "./cms-keys";
import type { Manifest, ManifestEntry } from "./manifest";
import { writeFileIndex } from "./file-index";
import type { Store } from "./redis";

const ROUTE_CHUNK = 500;
const DELETE_CHUNK = 500;
/** Bundles of a generation that is never published (its job failed) expire after this. */
const UNPUBLISHED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Write a bundle beside the published ones; readers cannot see it until its generation is published.
 * It expires unless published: a failed job's bundles clean themselves up.
 */
export async function writeBundle(
  store: Store,
  bundle: Bundle,
  generation: string,
  options: { private?: boolean } = {},
): Promise<number> {
  const json = JSON.stringify(bundle);
  const key = options.private
    ? cmsKeys(store).privateBundle(bundle.id, generation)
    : store.keys.bundle(bundle.id, generation);
  await store.redis.set(key, json, { ex: UNPUBLISHED_TTL_SECONDS });
  return Buffer.byteLength(json);
}

/** Where an entry's bundle lives: a draft's bundle is in the private key space. */
export function bundleKeyOf(
  store: Store,
  entry: { id: string; bundleGen: string; privateBundle?: true },
): string {
  return entry.privateBundle
    ? cmsKeys(store).privateBundle(entry.id, entry.bundleGen)
    : store.keys.bundle(entry.id, entry.bundleGen);
}

/** Every entry of a generation, drafts included (what its bundles are kept for). */
function allEntries(manifest: Manifest): ManifestEntry[] {
  return [...Object.values(manifest.entries), ...Object.values(manifest.drafts ?? {})];
}

async function writeHash(store: Store, key: string, pairs: [string, string][]): Promise<void> {
  await store.redis.del(key);
  for (let i = 0; i < pairs.length; i += ROUTE_CHUNK) {
    await store.redis.hset(key, Object.fromEntries(pairs.slice(i, i + ROUTE_CHUNK)));
  }
}

/**
 * Publish a generation: its routes and manifest are written first, then one SET flips readers to it.
 * Returns the generation that was current before. Safe to run twice (a retried step).
 */
export async function publishGeneration(
  store: Store,
  manifest: Manifest,
  redirects: Record<string, string> = {},
): Promise<string | null> {
  const gen = manifest.generation;
  // Already live (a retried step whose first attempt died after the flip): rewriting its routes hash
  // would show readers missing routes for a moment.
  const live = await store.redis.get<string>(store.keys.current);
  if (live === gen) return null;
  // /api/files serves only what this generation shows: its file index is written before the flip.
  await writeFileIndex(store, manifest, live ?? null);
  const routesKey = store.keys.routes(gen);
  const routes = Object.values(manifest.entries).map((e) => [e.slug, bundleKeyOf(store, e)] as const);
  await store.redis.del(routesKey);
  for (let i = 0; i < routes.length; i += ROUTE_CHUNK) {
    await store.redis.hset(routesKey, Object.fromEntries(routes.slice(i, i + ROUTE_CHUNK)));
  }
  // The bundles this generation wrote stop expiring before anyone can read them.
  const written = allEntries(manifest).filter((e) => e.bundleGen === gen);
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
  // Drafts go to the private key space only: no public key of this generation names them.
  const cms = cmsKeys(store);
  const drafts = Object.values(manifest.drafts ?? {});
  await writeHash(
    store,
    cms.privateRoutes(gen),
    drafts.map((e) => [e.slug, bundleKeyOf(store, e)]),
  );
  await store.redis.set(cms.privateManifest(gen), JSON.stringify({ entries: manifest.drafts ?? {} }));
  await writeHash(store, cms.redirects(gen), Object.entries(redirects));
  const { drafts: _private, ...publicManifest } = manifest;
  await store.redis.set(store.keys.manifest(gen), JSON.stringify(publicManifest));
  const previous = await store.redis.set(store.keys.current, gen, { get: true });
  return previous === gen ? null : previous;
}

/**
 * Delete what only an older generation used: its routes, manifest and bundles no longer referenced.
 * The manifest goes last, so a collection cut short is found and finished by the retried step.
 */
export async function collectGeneration(store: Store, previous: Manifest, next: Manifest): Promise<number> {
  if (previous.generation === next.generation) return 0;
  const keep = new Set(allEntries(next).map((e) => bundleKeyOf(store, e)));
  const doomed: string[] = [];
  for (const entry of allEntries(previous)) {
    const key = bundleKeyOf(store, entry);
    if (!keep.has(key)) doomed.push(key);
  }
  const cms = cmsKeys(store);
  doomed.push(
    store.keys.routes(previous.generation),
    store.keys.links(previous.generation),
    cms.privateRoutes(previous.generation),
    cms.redirects(previous.generation),
    cms.privateManifest(previous.generation),
    store.keys.files(previous.generation),
    store.keys.manifest(previous.generation),
  );
  for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
    await store.redis.del(...doomed.slice(i, i + DELETE_CHUNK));
  }
  return doomed.length;
}

/** A generation as the sync sees it: the public manifest plus its drafts from the private key space. */
export async function readManifestOf(store: Store, generation: string): Promise<Manifest | null> {
  const [value, privateValue] = (await store.redis.mget<(string | null)[]>(
    store.keys.manifest(generation),
    cmsKeys(store).privateManifest(generation),
  )) ?? [null, null];
  if (!value) return null;
  const manifest = JSON.parse(value) as Manifest;
  if (privateValue) {
    manifest.drafts = (JSON.parse(privateValue) as { entries: Record<string, ManifestEntry> }).entries;
  }
  return manifest;
}
