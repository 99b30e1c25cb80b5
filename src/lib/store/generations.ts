import type { Bundle } from "../bundle-types";
import { persistBundles, setBundleValue } from "./bundle-values";
import { cmsKeys } from "./cms-keys";
import {
  bothParts,
  factsOf,
  plannedManifest,
  type GenerationFacts,
  type Manifest,
  type ManifestEntry,
  type PlannedEntry,
  type PlannedManifest,
} from "./manifest";
import { addFreshFiles, carryFileIndex, refreshFiles, type RecordedFiles } from "./file-index";
import { addToHash, hmgetBatched } from "./manifest-chunks";
import { addManifestEntries, manifestKeysOf, writeManifestHeader } from "./manifest-store";
import type { Store } from "./redis";
import { recordSlugs } from "./slug-history";
import { StageRunner, startPosition, type Stage } from "./stages";

/** Entries per batch of index writes (routes, links, slug history, manifest). */
const INDEX_CHUNK = 500;
/** Bundles of a generation that is never published (its job failed) expire after this. */
export const UNPUBLISHED_TTL_SECONDS = 7 * 24 * 3600;

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
 * A generation's indexes besides its manifest: routes, links, private routes, redirects and the file
 * index. A publish writes them (each with a TTL until the flip), an in-place publish copies them, and
 * collection deletes them: one list, so a new index cannot be forgotten by one of the three.
 */
export function generationIndexKeys(store: Store, gen: string): string[] {
  const cms = cmsKeys(store);
  return [
    store.keys.routes(gen),
    store.keys.links(gen),
    cms.privateRoutes(gen),
    cms.redirects(gen),
    store.keys.files(gen),
  ];
}

/** How a generation's redirects (old slug → current page) are found. */
export interface PublishOptions {
  /** Written as given (fixtures, imports). */
  redirects?: Record<string, string>;
  /**
   * Record the generation's slugs in the slug history and derive the redirects from it (the sync): each
   * old slug of a page that is public now, under a slug no entry holds today.
   */
  slugHistory?: boolean;
  /** The files of the bundles the sync wrote, as it recorded them: the file index reads no bundle for those. */
  recordedFiles?: RecordedFiles;
}

/**
 * The whole entries of a batch of planned ones, for the manifest's own records: the sync reads the
 * fields it did not keep in memory back from Redis (publish.ts). A manifest built whole needs nothing.
 */
export type CompleteEntries = (entries: PlannedEntry[]) => Promise<ManifestEntry[]>;

/**
 * The stages that publish a generation built in memory, each written in bounded batches that a step's
 * runner can stop between: the file index, then routes, links and private routes (and the slug history),
 * the redirects, the manifest's entries, and last one SET that flips readers to it. Until the flip every
 * key of the generation has a TTL, so a publish that is abandoned (cancelled, failed) cleans itself up.
 * Only the manifest's records need whole entries (`complete`); every other stage works from the planned
 * ones. `live` is the generation readers see now. `published` is told what was live before the flip.
 */
export function publishStages(
  store: Store,
  run: StageRunner,
  manifest: PlannedManifest,
  complete: CompleteEntries,
  live: string | null,
  options: PublishOptions = {},
  published: (previous: string | null) => void = () => {},
): Stage[] {
  const gen = manifest.generation;
  const cms = cmsKeys(store);
  const all = [...manifest.entries.values(), ...manifest.drafts.values()];
  const ttl = { ttlSeconds: UNPUBLISHED_TTL_SECONDS };
  const indexKeys = [store.keys.routes(gen), store.keys.links(gen), cms.privateRoutes(gen)];
  const stagedKeys = [...generationIndexKeys(store, gen), ...manifestKeysOf(store, gen)];
  /** A stage over every entry a batch at a time, public ones and drafts apart; `clear` is what it writes. */
  const eachBatch = (
    clear: string[],
    write: (shown: PlannedEntry[], hidden: PlannedEntry[], slice: PlannedEntry[]) => Promise<void>,
  ) =>
    run.list(
      all,
      INDEX_CHUNK,
      (slice) =>
        write(
          slice.filter((e) => manifest.entries.get(e.id) === e),
          slice.filter((e) => manifest.entries.get(e.id) !== e),
          slice,
        ),
      async () => void (await store.redis.del(...clear)),
    );
  return [
    // /api/files serves only what this generation shows: its file index is written before the flip.
    () => carryFileIndex(store, run, manifest, live),
    () => addFreshFiles(store, run, manifest, options.recordedFiles),
    () =>
      eachBatch(indexKeys, async (shown, hidden, slice) => {
        await addToHash(store, indexKeys[0]!, routeFields(store, shown), ttl);
        await addToHash(store, indexKeys[1]!, linkFields(shown), ttl);
        // Drafts go to the private key space only: no public key of this generation names them.
        await addToHash(store, indexKeys[2]!, routeFields(store, hidden), ttl);
        // The bundles this generation wrote stop expiring before anyone can read them.
        await persistBundles(
          store,
          slice.filter((e) => e.bundleGen === gen).map((e) => bundleKeyOf(store, e)),
        );
        if (options.slugHistory) await recordSlugs(store, slice);
      }),
    () => {
      const key = cms.redirects(gen);
      const clear = async () => void (await store.redis.del(key));
      if (!options.slugHistory) {
        const fields = Object.entries(options.redirects ?? {});
        return run.list(
          fields,
          INDEX_CHUNK,
          (slice) => addToHash(store, key, slice, ttl).then(() => {}),
          clear,
        );
      }
      return run.scan(
        store,
        cms.slugHistory,
        async (page) => {
          const wanted = page.filter(([slug, id]) => {
            const entry = manifest.entries.get(id);
            return entry !== undefined && entry.slug !== slug;
          });
          // A slug some entry holds now is no redirect: the routes written above say which are held
          // (no set of every slug in memory).
          const slugs = wanted.map(([slug]) => slug);
          const [shown, hidden] = await Promise.all([
            hmgetBatched(store, indexKeys[0]!, slugs),
            hmgetBatched(store, indexKeys[2]!, slugs),
          ]);
          const fields = wanted.flatMap(([slug, id], i): [string, string][] =>
            shown[i] === null && hidden[i] === null
              ? [[slug, `${manifest.entries.get(id)!.slug}\t${id}`]]
              : [],
          );
          await addToHash(store, key, fields, ttl);
        },
        clear,
      );
    },
    () =>
      eachBatch(manifestKeysOf(store, gen), async (shown, hidden) => {
        if (shown.length > 0) await addManifestEntries(store, gen, await complete(shown), ttl);
        if (hidden.length > 0) {
          await addManifestEntries(store, gen, await complete(hidden), { ...ttl, drafts: true });
        }
      }),
    () => {
      const { entries: _entries, drafts: _drafts, ...header } = manifest;
      const counts = { count: manifest.entries.size, drafts: manifest.drafts.size };
      return flip(store, stagedKeys, header, counts, factsOf(bothParts(manifest)), published);
    },
  ];
}

const PERSIST_KEYS = `for _, key in ipairs(KEYS) do redis.call('PERSIST', key) end return 0`;

/**
 * The last stage of a publish: the staged keys stop expiring, the header makes the manifest whole, and
 * one SET flips readers to the generation. `published` is told what was live before.
 */
async function flip(
  store: Store,
  stagedKeys: string[],
  header: Omit<Manifest, "entries" | "drafts">,
  counts: { count: number; drafts: number },
  facts: GenerationFacts,
  published: (previous: string | null) => void,
): Promise<boolean> {
  const gen = header.generation;
  await store.redis.eval(PERSIST_KEYS, stagedKeys, []);
  await writeManifestHeader(store, header, counts, facts);
  const previous = await store.redis.set(store.keys.current, gen, { get: true });
  published(previous === gen ? null : previous);
  return true;
}

/** A generation published in place: a copy of the live one in which only `changed` entries differ. */
export interface InPlaceChanges {
  /** The live generation, which the new one starts as a copy of. */
  from: string;
  /**
   * The entries whose record, route or bundle may differ from `from`'s: same ids, slugs, titles, places
   * in the tree and visibility (public or draft) as there, so every other index of `from` holds as it is.
   */
  changed: PlannedEntry[];
  /** An entry as `from` has it (for the files its bundle showed). */
  before: (id: string) => PlannedEntry | undefined;
  /** The generation's entries and drafts: the same as `from`'s. */
  counts: { count: number; drafts: number };
  facts: GenerationFacts;
}

/**
 * The stages that publish a generation in place, for a sync that changed entries without moving,
 * renaming, hiding or showing any: the live generation's indexes and manifest are copied server-side
 * (COPY), then the changed entries' records, routes and files are written over the copies, and the
 * generation flips as `publishStages` does. The cost follows the changes, not the site's size: no
 * index is rebuilt and no entry but the changed ones is read. Like a planned publish, every key expires
 * until the flip.
 */
export function inPlaceStages(
  store: Store,
  run: StageRunner,
  header: Omit<Manifest, "entries" | "drafts">,
  changes: InPlaceChanges,
  complete: CompleteEntries,
  published: (previous: string | null) => void = () => {},
): Stage[] {
  const gen = header.generation;
  const cms = cmsKeys(store);
  const copied = (g: string) => [
    ...generationIndexKeys(store, g),
    // The manifest's two hashes (entries, drafts); its header is written at the flip.
    ...manifestKeysOf(store, g).slice(0, 2),
  ];
  const sources = copied(changes.from);
  const targets = copied(gen);
  const ttl = { ttlSeconds: UNPUBLISHED_TTL_SECONDS };
  return [
    () =>
      run.list([0], 1, async () => {
        // A copy left by an earlier attempt is dropped first: COPY of an absent key writes nothing.
        const p = store.redis.pipeline();
        sources.forEach((source, i) => {
          p.del(targets[i]!);
          p.copy(source, targets[i]!);
          p.expire(targets[i]!, UNPUBLISHED_TTL_SECONDS);
        });
        await p.exec();
      }),
    () =>
      run.list(changes.changed, INDEX_CHUNK, async (slice) => {
        const shown = slice.filter((e) => !e.draft);
        const hidden = slice.filter((e) => e.draft);
        if (shown.length > 0) await addManifestEntries(store, gen, await complete(shown), ttl);
        if (hidden.length > 0) {
          await addManifestEntries(store, gen, await complete(hidden), { ...ttl, drafts: true });
        }
        await addToHash(store, store.keys.routes(gen), routeFields(store, shown), ttl);
        await addToHash(store, cms.privateRoutes(gen), routeFields(store, hidden), ttl);
        const fresh = slice.filter((e) => e.bundleGen === gen);
        await persistBundles(
          store,
          fresh.map((e) => bundleKeyOf(store, e)),
        );
        await refreshFiles(
          store,
          gen,
          fresh.filter((e) => !e.draft),
          changes.before,
        );
      }),
    () =>
      flip(store, [...targets, store.keys.manifest(gen)], header, changes.counts, changes.facts, published),
  ];
}

/**
 * Publish a generation in one go (fixtures and tools; the sync publishes in stages, `publishStages`).
 * Returns the generation that was current before. Safe to run twice.
 */
export async function publishGeneration(
  store: Store,
  manifest: Manifest,
  options: PublishOptions = {},
): Promise<string | null> {
  // Already live (a retried step whose first attempt died after the flip): rewriting its routes hash
  // would show readers missing routes for a moment.
  const live = await store.redis.get<string>(store.keys.current);
  if (live === manifest.generation) return null;
  let previous: string | null = null;
  const run = new StageRunner(startPosition());
  // Entries built whole: nothing to read back.
  const whole: CompleteEntries = (entries) =>
    Promise.resolve(entries.map((e) => manifest.entries[e.id] ?? manifest.drafts![e.id]!));
  const planned = plannedManifest(manifest);
  await run.run(publishStages(store, run, planned, whole, live ?? null, options, (p) => (previous = p)));
  return previous;
}

function* routeFields(store: Store, entries: PlannedEntry[]): Generator<[string, string]> {
  for (const e of entries) yield [e.slug, bundleKeyOf(store, e)];
}

function* linkFields(entries: PlannedEntry[]): Generator<[string, string]> {
  for (const e of entries) {
    yield [`i:${e.id}`, `${e.slug}\t${e.title}`];
    yield [`s:${e.slug}`, `${e.id}\t${e.title}`];
  }
}

export { readManifestOf } from "./manifest-store";
