import type { Bundle } from "../bundle-types";
import { readBundleValues } from "./bundle-values";
// Values of an index generation not (yet) published expire like a site generation's, so a failed job
// cleans up after itself.
import { bundleKeyOf, UNPUBLISHED_TTL_SECONDS } from "./generations";
import type { Store } from "./redis";

/**
 * Where the search index lives in Redis (docs/search.md). An index generation is a list of chunks
 * (each ≤ 1 MB, so no value or request is large) plus one text key per document written by that
 * generation (for snippets). One small `search:meta` value says which generation is live: the index
 * job writes a generation beside the live one and flips `meta` with one compare-and-set.
 */
export interface SearchMeta {
  /** The index generation (the index job's id that wrote it). */
  generation: string;
  /** The site generation (manifest) it reflects. */
  siteGeneration: string;
  chunks: number;
  bytes: number;
  documents: number;
  builtAt: string;
}

const BATCH = 200;

const searchKeys = (store: Store) => {
  const k = (...parts: string[]) => [store.keys.prefix, "search", ...parts].join(":");
  return {
    meta: k("meta"),
    live: k("live"),
    chunk: (gen: string, i: number) => k("chunk", gen, String(i)),
    text: (id: string, gen: string) => k("text", id, gen),
    rate: (client: string, window: number) => k("rate", client, String(window)),
  };
};

export async function readSearchMeta(store: Store): Promise<SearchMeta | null> {
  const value = await store.redis.get<string>(searchKeys(store).meta);
  return value ? (JSON.parse(value) as SearchMeta) : null;
}

/** Write an index's chunks under `gen` (unpublished until `publishSearchIndex`). */
export async function writeSearchChunks(store: Store, gen: string, chunks: readonly string[]): Promise<void> {
  const keys = searchKeys(store);
  // One chunk per request: each request stays ≤ 1 MB.
  for (const [i, chunk] of chunks.entries()) {
    await store.redis.set(keys.chunk(gen, i), chunk, { ex: UNPUBLISHED_TTL_SECONDS });
  }
}

export async function readSearchChunks(store: Store, gen: string, count: number): Promise<string[]> {
  const keys = searchKeys(store);
  const chunks = await Promise.all(
    Array.from({ length: count }, (_, i) => store.redis.get<string>(keys.chunk(gen, i))),
  );
  if (chunks.some((c) => typeof c !== "string")) {
    throw new Error(`Search index generation ${gen} is incomplete in Redis`);
  }
  return chunks as string[];
}

export async function deleteSearchChunks(store: Store, gen: string, count: number): Promise<void> {
  if (count === 0) return;
  const keys = searchKeys(store);
  await store.redis.del(...Array.from({ length: count }, (_, i) => keys.chunk(gen, i)));
}

/** Write documents' texts (for snippets) under the generation that indexed them. */
export async function writeSearchTexts(
  store: Store,
  gen: string,
  texts: readonly { id: string; text: string }[],
): Promise<void> {
  const keys = searchKeys(store);
  for (let i = 0; i < texts.length; i += BATCH) {
    const p = store.redis.pipeline();
    for (const t of texts.slice(i, i + BATCH))
      p.set(keys.text(t.id, gen), t.text, { ex: UNPUBLISHED_TTL_SECONDS });
    await p.exec();
  }
}

/** Texts by (id, generation); null where absent (a document a newer generation replaced or removed). */
export async function readSearchTexts(
  store: Store,
  refs: readonly { id: string; tg: string }[],
): Promise<(string | null)[]> {
  if (refs.length === 0) return [];
  const keys = searchKeys(store);
  const raw = await store.redis.mget<unknown[]>(...refs.map((r) => keys.text(r.id, r.tg)));
  return raw.map((v) => (typeof v === "string" ? v : null));
}

export async function deleteSearchTexts(store: Store, refs: readonly { id: string; tg: string }[]) {
  const keys = searchKeys(store);
  for (let i = 0; i < refs.length; i += BATCH) {
    const batch = refs.slice(i, i + BATCH);
    if (batch.length) await store.redis.del(...batch.map((r) => keys.text(r.id, r.tg)));
  }
}

// Flip only if the live generation is still the one the job started from: two runs can never
// overwrite each other's result with an older one.
const FLIP = `
local live = redis.call('GET', KEYS[1]) or ''
if live ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1
`;

/**
 * Make `meta` the live index if the live one is still `expected` (null: none yet), and make the
 * generation's values permanent first. Returns false when another run published meanwhile.
 */
export async function publishSearchIndex(
  store: Store,
  expected: string | null,
  meta: SearchMeta,
  textIds: readonly string[],
): Promise<boolean> {
  const keys = searchKeys(store);
  const persist = [
    ...Array.from({ length: meta.chunks }, (_, i) => keys.chunk(meta.generation, i)),
    ...textIds.map((id) => keys.text(id, meta.generation)),
  ];
  for (let i = 0; i < persist.length; i += BATCH) {
    const p = store.redis.pipeline();
    for (const key of persist.slice(i, i + BATCH)) p.persist(key);
    await p.exec();
  }
  const flipped = await store.redis.eval<string[], number>(
    FLIP,
    [keys.live, keys.meta],
    [expected ?? "", meta.generation, JSON.stringify(meta)],
  );
  return flipped === 1;
}

// One round trip per search request: count the client's request in its window and read the live
// index's meta. Fixed windows: simple, and a burst at a window's edge is at most twice the limit.
const RATE_AND_META = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('GET', KEYS[2]) or ''}
`;

export interface SearchAdmission {
  count: number;
  meta: SearchMeta | null;
}

/** Count one search by `client` (an opaque hash, never a raw address) in the current window. */
export async function admitSearch(
  store: Store,
  client: string,
  windowSeconds: number,
  now = Date.now(),
): Promise<SearchAdmission> {
  const keys = searchKeys(store);
  const window = Math.floor(now / 1000 / windowSeconds);
  const [count, meta] = await store.redis.eval<string[], [number, string]>(
    RATE_AND_META,
    [keys.rate(client, window), keys.meta],
    [String(windowSeconds)],
  );
  return { count: Number(count), meta: meta ? (JSON.parse(meta) as SearchMeta) : null };
}

/** Bundles for indexing, read in batches small enough that no response is large. */
export async function readBundlesForIndex(
  store: Store,
  entries: readonly { id: string; bundleGen: string }[],
): Promise<(Bundle | null)[]> {
  const raw = await readBundleValues(
    store,
    entries.map((e) => bundleKeyOf(store, e)),
  );
  return raw.map((v) => (v === null ? null : (JSON.parse(v) as Bundle)));
}
