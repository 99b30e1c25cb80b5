import { cmsKeys } from "./cms-keys";
import {
  generationNames,
  plannedOf,
  previousFrom,
  shareIds,
  type GenerationFacts,
  type PreviousGeneration,
  type Manifest,
  type ManifestEntry,
  type PlannedEntry,
  type PlannedManifest,
} from "./manifest";
import { addToHash, batchBytesOf, hmgetBatched, scanHash } from "./manifest-chunks";
import type { Store } from "./redis";

/**
 * A generation's manifest in Redis: a small header value (`manifest:<gen>`) and its entries in a hash
 * (`manifest:entries:<gen>`, field = id), drafts likewise in the private key space. The header holds the
 * counts, so a reader can tell a whole generation from one collected while it was being read.
 */
interface ManifestHeader extends Omit<Manifest, "entries" | "drafts">, Partial<GenerationFacts> {
  layout: "hash";
  count: number;
  drafts: number;
}

/** What an older version stored: the whole manifest in the header key (read for upgrades). */
type StoredValue = ManifestHeader | (Manifest & { layout?: undefined });

export class ManifestReadError extends Error {
  readonly code = "manifest_unstable";
  constructor(message: string) {
    super(message);
    this.name = "ManifestReadError";
  }
}

function entriesKey(store: Store, gen: string): string {
  return store.keys.manifestEntries(gen);
}

function draftsKey(store: Store, gen: string): string {
  return cmsKeys(store).privateManifest(gen);
}

/** Every key that holds a generation's manifest (what collection deletes). */
export function manifestKeysOf(store: Store, gen: string): string[] {
  return [entriesKey(store, gen), draftsKey(store, gen), store.keys.manifest(gen)];
}

function* asFields(entries: Iterable<ManifestEntry>): Generator<[string, string]> {
  for (const e of entries) yield [e.id, JSON.stringify(e)];
}

/**
 * Add entries (public, or drafts in the private key space) to the manifest of a generation being
 * published in stages. With a TTL until it is published, so a publish that is never finished cleans
 * itself up.
 */
export async function addManifestEntries(
  store: Store,
  gen: string,
  entries: readonly ManifestEntry[],
  { drafts = false, ttlSeconds }: { drafts?: boolean; ttlSeconds?: number } = {},
): Promise<void> {
  const key = drafts ? draftsKey(store, gen) : entriesKey(store, gen);
  await addToHash(store, key, asFields(entries), ttlSeconds === undefined ? {} : { ttlSeconds });
}

/** The header that makes a generation's staged manifest whole (its entries are written already). */
export async function writeManifestHeader(
  store: Store,
  manifest: Omit<Manifest, "entries" | "drafts">,
  counts: { count: number; drafts: number },
  facts: GenerationFacts,
): Promise<void> {
  const { schema, generation, jobId, publishedAt, rootId, watermark } = manifest;
  const header: ManifestHeader = {
    ...{ schema, generation, jobId, publishedAt, rootId, watermark },
    layout: "hash",
    ...counts,
  };
  // The facts grow with stale entries and data sources: past a batch (a sync where thousands of pages
  // failed), they are left out, and the next sync reads the generation whole instead.
  const withFacts = JSON.stringify({ ...header, ...facts });
  const json = Buffer.byteLength(withFacts) <= batchBytesOf(store) ? withFacts : JSON.stringify(header);
  await store.redis.set(store.keys.manifest(generation), json);
}

/** The hashes holding a generation's entries and drafts; null when it has no manifest or an older layout. */
export async function manifestHashKeys(store: Store, gen: string): Promise<[string, string] | null> {
  const header = await readHeader(store, gen);
  return header?.layout === "hash" ? [entriesKey(store, gen), draftsKey(store, gen)] : null;
}

/** The manifest's own fields of a header: without its layout, counts and facts. */
function manifestPart(header: ManifestHeader): Omit<Manifest, "entries" | "drafts"> {
  const { schema, generation, jobId, publishedAt, rootId, watermark } = header;
  return { schema, generation, jobId, publishedAt, rootId, watermark };
}

async function readHeader(store: Store, gen: string): Promise<StoredValue | null> {
  const value = await store.redis.get<string>(store.keys.manifest(gen));
  return value ? (JSON.parse(value) as StoredValue) : null;
}

/** A whole hash of entries, deduplicated, or null when it does not hold `expected` (being collected). */
async function readEntries(
  store: Store,
  key: string,
  expected: number,
): Promise<Record<string, ManifestEntry> | null> {
  const out: Record<string, ManifestEntry> = {};
  let count = 0;
  for await (const page of scanHash(store, key)) {
    for (const [id, json] of page) {
      if (!(id in out)) count++;
      out[id] = JSON.parse(json) as ManifestEntry;
    }
  }
  return count === expected ? out : null;
}

/**
 * Entries of a generation a page at a time, without holding them all (collect, exports). Null when the
 * generation has no manifest. A field may repeat (see scanHash).
 */
export async function* streamManifestEntries(
  store: Store,
  gen: string,
  { drafts = false } = {},
): AsyncGenerator<ManifestEntry[]> {
  const header = await readHeader(store, gen);
  if (!header) return;
  if (header.layout !== "hash") {
    yield Object.values(header.entries);
    if (drafts) yield Object.values((await readLegacyDrafts(store, gen)) ?? {});
    return;
  }
  const keys = drafts ? [entriesKey(store, gen), draftsKey(store, gen)] : [entriesKey(store, gen)];
  for (const key of keys) {
    for await (const page of scanHash(store, key))
      yield page.map(([, json]) => JSON.parse(json) as ManifestEntry);
  }
}

async function readLegacyDrafts(store: Store, gen: string): Promise<Record<string, ManifestEntry> | null> {
  const type = await store.redis.type(draftsKey(store, gen));
  if (type !== "string") return null;
  const value = await store.redis.get<string>(draftsKey(store, gen));
  return value ? (JSON.parse(value) as { entries: Record<string, ManifestEntry> }).entries : null;
}

/**
 * A generation as the sync sees it: the public entries plus its drafts. Null when it has no manifest or
 * was collected while being read.
 */
export async function readManifestOf(store: Store, gen: string): Promise<Manifest | null> {
  const header = await readHeader(store, gen);
  if (!header) return null;
  if (header.layout !== "hash") {
    const drafts = await readLegacyDrafts(store, gen);
    return drafts ? { ...header, drafts } : header;
  }
  const entries = await readEntries(store, entriesKey(store, gen), header.count);
  const drafts = entries && (await readEntries(store, draftsKey(store, gen), header.drafts));
  if (!entries || !drafts) return null;
  return { ...manifestPart(header), entries, drafts };
}

type Planned = Map<string, PlannedEntry>;

/** A whole hash of entries as planned entries (slugs kept), or null when it does not hold `expected`. */
async function readPlanned(store: Store, key: string, expected: number): Promise<Planned | null> {
  const out: Planned = new Map();
  const named = generationNames();
  for await (const page of scanHash(store, key)) {
    for (const [, json] of page) {
      const whole = JSON.parse(json) as ManifestEntry;
      out.set(whole.id, named(plannedOf(whole, { keepSlug: true })));
    }
  }
  return out.size === expected ? out : null;
}

/**
 * A generation as a sync plans against it: every entry and draft without its detail (a row's listing
 * fields, the edit time), its strings shared. About 400 B an entry instead of the 640 B of
 * `readManifestOf`; what needs the detail reads those entries whole (`entryReader`). Null when it has
 * no manifest or was collected while being read.
 */
export async function readPlannedManifestOf(store: Store, gen: string): Promise<PlannedManifest | null> {
  const header = await readHeader(store, gen);
  if (!header) return null;
  let read: { rest: Omit<Manifest, "entries" | "drafts">; entries: Planned; drafts: Planned } | null;
  if (header.layout !== "hash") {
    const whole = await readManifestOf(store, gen);
    if (!whole) return null;
    const { entries, drafts = {}, ...rest } = whole;
    const named = generationNames();
    const lean = (records: Record<string, ManifestEntry>): Planned =>
      new Map(Object.values(records).map((e) => [e.id, named(plannedOf(e, { keepSlug: true }))]));
    read = { rest, entries: lean(entries), drafts: lean(drafts) };
  } else {
    const entries = await readPlanned(store, entriesKey(store, gen), header.count);
    const drafts = entries && (await readPlanned(store, draftsKey(store, gen), header.drafts));
    read = entries && drafts ? { rest: manifestPart(header), entries, drafts } : null;
  }
  if (!read) return null;
  shareIds(read.entries, read.drafts);
  return { ...read.rest, entries: read.entries, drafts: read.drafts };
}

/**
 * The generation a sync works against (`PreviousGeneration`): its header and drafts, and its entries by
 * id when the sync needs them (HMGET) or a page at a time (HSCAN), when the header holds the
 * generation's facts (every header written since they exist); otherwise every entry is read at once, as
 * planned entries. Null when it has no manifest or was collected while being read.
 */
export async function readPreviousGeneration(store: Store, gen: string): Promise<PreviousGeneration | null> {
  const header = await readHeader(store, gen);
  if (!header) return null;
  const { pages, stale, dataSources } = header.layout === "hash" ? header : {};
  if (header.layout !== "hash" || pages === undefined || !stale || !dataSources) {
    const manifest = await readPlannedManifestOf(store, gen);
    return manifest && previousFrom(manifest);
  }
  const drafts = await readPlanned(store, draftsKey(store, gen), header.drafts);
  if (!drafts) return null;
  shareIds(drafts);
  let whole: Promise<PlannedManifest> | undefined;
  return {
    ...manifestPart(header),
    count: header.count,
    facts: { pages, stale, dataSources },
    drafts,
    lookup: async (ids) => {
      const out = new Map<string, PlannedEntry>();
      const wanted = ids.filter((id) => !drafts.has(id));
      const values = await hmgetBatched(store, entriesKey(store, gen), wanted, { sized: true });
      wanted.forEach((id, i) => {
        const value = values[i];
        if (value) out.set(id, plannedOf(JSON.parse(value) as ManifestEntry, { keepSlug: true }));
      });
      for (const id of ids) {
        const draft = drafts.get(id);
        if (draft) out.set(id, draft);
      }
      return out;
    },
    scan: async function* () {
      for await (const page of scanHash(store, entriesKey(store, gen))) {
        yield page.map(([, json]) => plannedOf(JSON.parse(json) as ManifestEntry, { keepSlug: true }));
      }
    },
    // A failed read is not kept: the next call reads again.
    whole: () =>
      (whole ??= readPlannedManifestOf(store, gen).then((manifest) => {
        if (manifest) return manifest;
        whole = undefined;
        throw new ManifestReadError(`The manifest of generation ${gen} could not be read whole.`);
      })),
  };
}

/** The public side of a generation: what readers (routes, sitemap, search) may see. */
export async function readPublicManifestOf(store: Store, gen: string): Promise<Manifest | null> {
  const header = await readHeader(store, gen);
  if (!header) return null;
  if (header.layout !== "hash") return header;
  const entries = await readEntries(store, entriesKey(store, gen), header.count);
  return entries ? { ...manifestPart(header), entries } : null;
}

/**
 * The published manifest. The generation pointer and the entries are separate reads; a generation
 * collected in between shows as a short count, and the read starts again on the new generation, so a
 * reader never gets a mix of two generations.
 */
export async function readPublishedManifest(store: Store): Promise<Manifest | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const gen = await store.redis.get<string>(store.keys.current);
    if (!gen) return null;
    const manifest = await readPublicManifestOf(store, gen);
    if (manifest) return manifest;
  }
  throw new ManifestReadError("The published manifest changed under five reads in a row; try again.");
}

/** Some entries of a generation by id (public, or drafts too), read whole; absent ids are left out. */
export type EntryReader = (
  ids: readonly string[],
  options?: { drafts?: boolean },
) => Promise<Map<string, ManifestEntry>>;

/**
 * A reader of a generation's entries by id, in bounded batches: never the whole manifest. The header is
 * read once, here, for the layout; each call is then one HMGET a batch (and one more for drafts).
 */
export async function entryReader(store: Store, gen: string): Promise<EntryReader> {
  const header = await readHeader(store, gen);
  if (!header) return () => Promise.resolve(new Map());
  if (header.layout !== "hash") {
    return async (ids, { drafts = false } = {}) => {
      const out = new Map<string, ManifestEntry>();
      const legacy = drafts ? { ...(await readLegacyDrafts(store, gen)), ...header.entries } : header.entries;
      for (const id of ids) if (legacy[id]) out.set(id, legacy[id]);
      return out;
    };
  }
  return async (ids, { drafts = false } = {}) => {
    const out = new Map<string, ManifestEntry>();
    const keys = drafts ? [entriesKey(store, gen), draftsKey(store, gen)] : [entriesKey(store, gen)];
    for (const key of keys) {
      const missing = ids.filter((id) => !out.has(id));
      const values = await hmgetBatched(store, key, missing, { sized: true });
      missing.forEach((id, i) => {
        const value = values[i];
        if (value) out.set(id, JSON.parse(value) as ManifestEntry);
      });
    }
    return out;
  };
}

/** Some entries of a generation by id (public or drafts), in bounded batches: never the whole manifest. */
export async function readManifestEntries(
  store: Store,
  gen: string,
  ids: readonly string[],
  { drafts = false } = {},
): Promise<Map<string, ManifestEntry>> {
  return (await entryReader(store, gen))(ids, { drafts });
}
