import { fileKeysOf } from "../bundle-files";
import type { Bundle } from "../bundle-types";
import { readBundleValues } from "./bundle-values";
import { bundleKeyOf, UNPUBLISHED_TTL_SECONDS } from "./generations";
import type { PlannedEntry, PlannedManifest } from "./manifest";
import { addToHash, hmgetBatched, scanHash } from "./manifest-chunks";
import type { Store } from "./redis";
import type { StageRunner } from "./stages";

const CHUNK = 200;

async function readBundles(store: Store, entries: PlannedEntry[]): Promise<Map<string, Bundle>> {
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
 * The file index of a generation, written before it is published: the files its (public) pages show, so
 * /api/files answers only for those. First the entries the previous generation's index covers keep what
 * it said about them (scanned a page at a time); then `addFreshFiles` reads the bundles for the rest.
 */
export function carryFileIndex(
  store: Store,
  run: StageRunner,
  manifest: PlannedManifest,
  live: string | null,
): Promise<boolean> {
  const gen = manifest.generation;
  const clear = async () => {
    run.at.carried = false;
    await store.redis.del(store.keys.files(gen));
  };
  if (!live) return run.list([], 1, async () => {}, clear);
  return run.scan(
    store,
    store.keys.files(live),
    async (page) => {
      run.at.carried = true;
      const kept = page.filter(([, owner]) => {
        const entry = manifest.entries.get(owner);
        return entry !== undefined && entry.bundleGen !== gen;
      });
      await addToHash(store, store.keys.files(gen), kept, { ttlSeconds: UNPUBLISHED_TTL_SECONDS });
    },
    clear,
  );
}

/**
 * The files of bundles the sync recorded as it wrote them, by entry id (`SyncWork.recordedFiles`); an
 * entry it recorded nothing for is absent.
 */
export type RecordedFiles = (ids: readonly string[]) => Promise<Map<string, string[]>>;

/**
 * The files of the bundles this generation wrote (or of every public page, when the previous generation
 * had no file index to carry), a bounded batch of bundles at a time. What `recorded` knows is taken from
 * it; only the other bundles (a database's listing, a bundle moved out of the drafts) are read back.
 */
export function addFreshFiles(
  store: Store,
  run: StageRunner,
  manifest: PlannedManifest,
  recorded: RecordedFiles = () => Promise.resolve(new Map<string, string[]>()),
): Promise<boolean> {
  const gen = manifest.generation;
  const entries = [...manifest.entries.values()];
  const toRead = run.at.carried ? entries.filter((e) => e.bundleGen === gen) : entries;
  return run.list(toRead, CHUNK, async (slice) => {
    const known = await recorded(slice.filter((e) => e.bundleGen === gen).map((e) => e.id));
    const read = await readBundles(
      store,
      slice.filter((e) => !known.has(e.id)),
    );
    const files: [string, string][] = [];
    for (const [id, keys] of known) for (const key of keys) files.push([key, id]);
    for (const [id, bundle] of read) for (const key of fileKeysOf(bundle)) files.push([key, id]);
    await addToHash(store, store.keys.files(gen), files, { ttlSeconds: UNPUBLISHED_TTL_SECONDS });
  });
}

/**
 * Rewrite, in a generation's file index (a copy of the live one), the files of public entries whose
 * bundles it wrote afresh, as a publish that rebuilds the index would have them: the files their bundles
 * in the live generation showed, which the index gave to them, are removed unless they still show them,
 * and what they show now is theirs. Safe to repeat (a step that died halfway).
 */
export async function refreshFiles(
  store: Store,
  gen: string,
  entries: PlannedEntry[],
  before: (id: string) => PlannedEntry | undefined,
): Promise<void> {
  if (entries.length === 0) return;
  const olds = entries.flatMap((e) => {
    const old = before(e.id);
    return old && !old.draft ? [old] : [];
  });
  // One after the other: sent together, the SDK would pipeline both reads into one reply.
  const now = await readBundles(store, entries);
  const then = await readBundles(store, olds);
  const key = store.keys.files(gen);
  const fresh: [string, string][] = [];
  const gone: [string, string][] = [];
  for (const entry of entries) {
    const bundle = now.get(entry.id);
    const shown = new Set(bundle ? fileKeysOf(bundle) : []);
    for (const file of shown) fresh.push([file, entry.id]);
    const old = then.get(entry.id);
    for (const file of old ? fileKeysOf(old) : []) if (!shown.has(file)) gone.push([file, entry.id]);
  }
  const owners = await hmgetBatched(
    store,
    key,
    gone.map(([file]) => file),
  );
  const dropped = gone.filter(([, id], i) => owners[i] === id).map(([file]) => file);
  if (dropped.length > 0) await store.redis.hdel(key, ...dropped);
  await addToHash(store, key, fresh, { ttlSeconds: UNPUBLISHED_TTL_SECONDS });
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
