import { fileKeysOf } from "../bundle-files";
import type { Bundle } from "../bundle-types";
import { readBundleValues } from "./bundle-values";
import { bundleKeyOf } from "./generations";
import type { Manifest, ManifestEntry } from "./manifest";
import { scanHash, writeHash } from "./manifest-chunks";
import type { Store } from "./redis";

const CHUNK = 200;

async function readBundles(store: Store, entries: ManifestEntry[]): Promise<Map<string, Bundle>> {
  const out = new Map<string, Bundle>();
  for (let i = 0; i < entries.length; i += CHUNK) {
    const slice = entries.slice(i, i + CHUNK);
    const values = await readBundleValues(
      store,
      slice.map((e) => bundleKeyOf(store, e)),
    );
    slice.forEach((entry, j) => {
      const value = values[j];
      if (value) out.set(entry.id, JSON.parse(value) as Bundle);
    });
  }
  return out;
}

/**
 * Write the file index of a generation before it is published: the files its (public) pages show, so
 * /api/files answers only for those. Bundles written by this generation are read for their files; the
 * others keep what the previous generation's index said about them (read in full when it has none).
 */
export async function writeFileIndex(
  store: Store,
  manifest: Manifest,
  previousGeneration: string | null,
): Promise<number> {
  const gen = manifest.generation;
  const entries = Object.values(manifest.entries);
  const index = new Map<string, string>();
  let carried = false;
  if (previousGeneration) {
    const kept = new Set(entries.filter((e) => e.bundleGen !== gen).map((e) => e.id));
    // Paged: the previous index is never one reply.
    for await (const page of scanHash(store, store.keys.files(previousGeneration))) {
      carried = true;
      for (const [key, owner] of page) if (kept.has(owner)) index.set(key, owner);
    }
  }
  const toRead = carried ? entries.filter((e) => e.bundleGen === gen) : entries;
  for (let i = 0; i < toRead.length; i += CHUNK) {
    for (const [id, bundle] of await readBundles(store, toRead.slice(i, i + CHUNK))) {
      for (const key of fileKeysOf(bundle)) index.set(key, id);
    }
  }
  return writeHash(store, store.keys.files(gen), index);
}

/** The latest file index this process loaded whole: its Redis key and its file keys. */
let loaded: { key: string; files: Promise<Set<string>> } | undefined;

/**
 * The files a generation's site shows, read whole (paged) once per process and generation, so checking
 * an id costs no Redis command. Only the latest generation is kept; a failed read is not kept.
 */
export function publishedFileSet(store: Store, generation: string): Promise<Set<string>> {
  const key = store.keys.files(generation);
  if (loaded?.key !== key) {
    const files = (async () => {
      const set = new Set<string>();
      for await (const page of scanHash(store, key)) for (const [file] of page) set.add(file);
      return set;
    })();
    const entry = { key, files };
    loaded = entry;
    files.catch(() => {
      if (loaded === entry) loaded = undefined;
    });
  }
  return loaded.files;
}

const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/**
 * Take one Notion call from the readers' share of the rate budget: a counter per time window in
 * Redis, so the bound holds across every instance of the app. False when the window's share is spent.
 */
export async function takeReaderCall(
  store: Store,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<boolean> {
  const window = Math.floor(now / windowMs);
  const n = await store.redis.eval<string[], number>(
    TAKE,
    [store.keys.readerBudget(window)],
    [String(windowMs * 2)],
  );
  return Number(n) <= limit;
}
