import type { Bundle } from "../bundle-types";
import { deleteBundles, persistBundles, setBundleValue } from "./bundle-values";
import { cmsKeys } from "./cms-keys";
import type { Manifest, ManifestEntry } from "./manifest";
import { writeFileIndex } from "./file-index";
import { writeHash } from "./manifest-chunks";
import { manifestKeysOf, streamManifestEntries, writeManifest } from "./manifest-store";
import type { Store } from "./redis";

const PERSIST_CHUNK = 500;
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
  await setBundleValue(store, key, json, UNPUBLISHED_TTL_SECONDS);
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

/**
 * Publish a generation: its routes, links, file index and manifest are written first (each a hash
 * written in bounded batches), then one SET flips readers to it. Returns the generation that was
 * current before. Safe to run twice (a retried step).
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
  const publicEntries = Object.values(manifest.entries);
  const drafts = Object.values(manifest.drafts ?? {});
  await writeHash(
    store,
    store.keys.routes(gen),
    publicEntries.map((e) => [e.slug, bundleKeyOf(store, e)] as const),
  );
  // The bundles this generation wrote stop expiring before anyone can read them.
  const written = [...publicEntries, ...drafts].filter((e) => e.bundleGen === gen);
  for (let i = 0; i < written.length; i += PERSIST_CHUNK) {
    await persistBundles(
      store,
      written.slice(i, i + PERSIST_CHUNK).map((e) => bundleKeyOf(store, e)),
    );
  }
  await writeHash(store, store.keys.links(gen), linkFields(publicEntries));
  // Drafts go to the private key space only: no public key of this generation names them.
  const cms = cmsKeys(store);
  await writeHash(
    store,
    cms.privateRoutes(gen),
    drafts.map((e) => [e.slug, bundleKeyOf(store, e)] as const),
  );
  await writeHash(store, cms.redirects(gen), Object.entries(redirects));
  await writeManifest(store, manifest);
  const previous = await store.redis.set(store.keys.current, gen, { get: true });
  return previous === gen ? null : previous;
}

function* linkFields(entries: ManifestEntry[]): Generator<[string, string]> {
  for (const e of entries) {
    yield [`i:${e.id}`, `${e.slug}\t${e.title}`];
    yield [`s:${e.slug}`, `${e.id}\t${e.title}`];
  }
}

/**
 * Delete what only an older generation used: its routes, indexes, manifest and the bundles `next` no
 * longer references. The older manifest is streamed from Redis a page at a time, and goes last (one
 * DEL), so a collection cut short is found and finished by the retried step.
 */
export async function collectGeneration(
  store: Store,
  previous: { generation: string },
  next: Manifest,
): Promise<number> {
  if (previous.generation === next.generation) return 0;
  const gen = previous.generation;
  let deleted = 0;
  const seen = new Set<string>();
  for await (const page of streamManifestEntries(store, gen, { drafts: true })) {
    const doomed: string[] = [];
    for (const entry of page) {
      const key = bundleKeyOf(store, entry);
      const kept = next.entries[entry.id] ?? next.drafts?.[entry.id];
      if (seen.has(key) || (kept && bundleKeyOf(store, kept) === key)) continue;
      seen.add(key);
      doomed.push(key);
    }
    for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
      await deleteBundles(store, doomed.slice(i, i + DELETE_CHUNK));
    }
    deleted += doomed.length;
  }
  const cms = cmsKeys(store);
  const indexes = [
    store.keys.routes(gen),
    store.keys.links(gen),
    cms.privateRoutes(gen),
    cms.redirects(gen),
    store.keys.files(gen),
  ];
  await store.redis.del(...indexes);
  await store.redis.del(...manifestKeysOf(store, gen));
  return deleted + indexes.length + 1;
}

export { readManifestOf } from "./manifest-store";
