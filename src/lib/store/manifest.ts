import type { DatabaseRow } from "../bundle-types";

/** Why a row is kept off the public site (docs/site.md, "Publishing rules"). */
export interface DraftInfo {
  /** unchecked checkbox, non-published status, future publish date, or an ancestor that is a draft. */
  reason: "unpublished" | "status" | "scheduled" | "parent";
  /** Scheduled rows: when they go public (checked again by every sync). */
  publishAt?: string;
}

/** One synced object in a published generation. */
export interface ManifestEntry {
  id: string;
  kind: "page" | "database";
  /** URL path without leading slash; "" is the home page. */
  slug: string;
  /** This entry's own part of the slug (from a `Slug` property, else the title). */
  segment: string;
  title: string;
  /** The entry through which the walk reached this one (its place in the site tree). */
  parentId: string | null;
  lastEditedTime: string;
  /** Generation whose bundle key holds this entry's content. */
  bundleGen: string;
  /** Child pages, child databases, linked pages (pages) or rows (databases), in document order. */
  children: string[];
  /** For databases: their data sources. */
  dataSourceIds?: string[];
  /** For database rows: what the database listing shows, so an unchanged row needs no refetch. */
  row?: DatabaseRow;
  /** For databases: hash of the listing last written, so an unchanged listing is not rewritten. */
  contentHash?: string;
  /** The last sync could not refresh this entry; the bundle is the last good one. */
  stale?: true;
  /** A draft: never in the public index; readable only by an owner's preview. */
  draft?: DraftInfo;
  /** The bundle lives in the private key space (it was written while the entry was a draft). */
  privateBundle?: true;
}

export interface Manifest {
  schema: number;
  generation: string;
  jobId: string;
  publishedAt: string;
  rootId: string;
  /** Start of the sync that produced this generation (Notion time); the next incremental sync starts here. */
  watermark: string;
  /** Public entries only: this is what readers (routes, links, sitemap, feeds, search) see. */
  entries: Record<string, ManifestEntry>;
  /**
   * Drafts, stored apart in the private key space (never in the public manifest value); present when the
   * sync reads a generation back, so an unchanged draft is not refetched.
   */
  drafts?: Record<string, ManifestEntry>;
}

/** What publish does not hold while it plans a generation: a row's listing fields and the edit time. */
export type EntryDetail = Pick<ManifestEntry, "row" | "lastEditedTime">;

/**
 * An entry as publish plans a generation: its place in the tree, slug and flags, without its detail
 * (a row's listing fields are the heaviest part of an entry). The detail stays in the walk's scratch hash
 * (or the previous manifest) and is read back a batch at a time when the entry or its database's listing
 * is written.
 */
export type PlannedEntry = Omit<ManifestEntry, keyof EntryDetail>;

/**
 * An entry as publish plans it, built field by field: one object shape for every entry (a copy by
 * rest spread costs 32 B more per entry), without the detail and, unless `keepSlug` (a previous
 * generation's entry, whose slug the next one may keep), without the slug (publish derives every slug
 * again).
 */
export function plannedOf(whole: PlannedEntry, { keepSlug = false } = {}): PlannedEntry {
  const planned: PlannedEntry = {
    id: whole.id,
    kind: whole.kind,
    slug: keepSlug ? whole.slug : "",
    segment: whole.segment,
    title: whole.title,
    parentId: whole.parentId,
    bundleGen: whole.bundleGen,
    children: whole.children,
  };
  if (whole.dataSourceIds) planned.dataSourceIds = whole.dataSourceIds;
  if (whole.contentHash !== undefined) planned.contentHash = whole.contentHash;
  if (whole.stale) planned.stale = whole.stale;
  if (whole.draft) planned.draft = whole.draft;
  if (whole.privateBundle) planned.privateBundle = whole.privateBundle;
  return planned;
}
/** Fails to compile when PlannedEntry gains a field that `plannedOf` does not copy. */
type CopiedFields = "id" | "kind" | "slug" | "segment" | "title" | "parentId" | "bundleGen" | "children";
type OptionalFields = "dataSourceIds" | "contentHash" | "stale" | "draft" | "privateBundle";
const _everyFieldCopied: Exclude<keyof PlannedEntry, CopiedFields | OptionalFields> extends never
  ? true
  : never = true;

/** The children of every planned leaf: frozen, so an edit in place fails loudly instead of reaching them all. */
const NO_CHILDREN = Object.freeze([]) as unknown as string[];

/**
 * One copy of each generation name among entries parsed from JSON (a few names, one copy an entry
 * otherwise): applied as each entry is parsed, so the copies never pile up.
 */
export function generationNames(): (entry: PlannedEntry) => PlannedEntry {
  const names = new Map<string, string>();
  return (entry) => {
    const own = names.get(entry.bundleGen);
    if (own === undefined) names.set(entry.bundleGen, entry.bundleGen);
    else entry.bundleGen = own;
    return entry;
  };
}

/**
 * Let planned entries parsed from JSON share their ids: every parent link and child id becomes the
 * entry's own id string (JSON.parse gives each its own copy: 2 × 56 B an entry), and leaves share one
 * empty list of children. An id is looked up in every map given (a draft's parent may be public).
 */
export function shareIds(...maps: Map<string, PlannedEntry>[]): void {
  const shared = (id: string) => {
    for (const map of maps) {
      const own = map.get(id)?.id;
      if (own !== undefined) return own;
    }
    return id;
  };
  for (const map of maps) {
    for (const entry of map.values()) {
      if (entry.parentId) entry.parentId = shared(entry.parentId);
      entry.children = entry.children.length === 0 ? NO_CHILDREN : entry.children.map(shared);
    }
  }
}

/**
 * A generation being published (publishStages), or the previous one as a sync plans against it (slugs
 * kept): its entries as planned, public ones and drafts apart, by id. Maps, not objects: an object used
 * as a map costs 43 B an entry at 100,000 entries (its keys are internalized), a Map 29.
 */
export type PlannedManifest = Omit<Manifest, "entries" | "drafts"> & {
  entries: ReadonlyMap<string, PlannedEntry>;
  drafts: ReadonlyMap<string, PlannedEntry>;
};

/** A manifest built whole (fixtures, tools) as a generation to publish. */
export function plannedManifest(manifest: Manifest): PlannedManifest {
  return {
    ...manifest,
    entries: new Map(Object.entries(manifest.entries)),
    drafts: new Map(Object.entries(manifest.drafts ?? {})),
  };
}

export const MANIFEST_SCHEMA = 1;

/**
 * What a change-only sync must know of a whole generation without reading its entries, kept in its
 * manifest's header: how many of its entries are pages, which ones its sync could not refresh (walked
 * again by the next), and each database's data sources.
 */
export interface GenerationFacts {
  /** Entries of kind page, public and drafts. */
  pages: number;
  stale: string[];
  /** Data source id → the database that holds it. */
  dataSources: Record<string, string>;
}

export function factsOf(entries: Iterable<PlannedEntry>): GenerationFacts {
  const facts: GenerationFacts = { pages: 0, stale: [], dataSources: {} };
  for (const e of entries) {
    if (e.kind === "page") facts.pages++;
    if (e.stale) facts.stale.push(e.id);
    for (const ds of e.dataSourceIds ?? []) facts.dataSources[ds] = e.id;
  }
  return facts;
}

/**
 * The generation a sync works against. A sync reads a few of its entries by id (`lookup`) and its
 * drafts, and knows the rest from its header. A full walk's publish reads the entries a page at a time
 * (`scan`); only a change-only sync that must plan the generation (a page moved or renamed) reads them
 * all at once (`whole`): they are the generation it publishes.
 */
export interface PreviousGeneration extends Omit<Manifest, "entries" | "drafts"> {
  /** Public entries. */
  count: number;
  facts: GenerationFacts;
  drafts: ReadonlyMap<string, PlannedEntry>;
  /** Entries (public or drafts) by id, as planned (slugs kept); ids it lacks are absent. */
  lookup: (ids: readonly string[]) => Promise<Map<string, PlannedEntry>>;
  /**
   * Public entries a page at a time, as planned (slugs kept); a page may repeat an entry (HSCAN). What a
   * full walk's publish reads the generation with: it never holds the whole of it.
   */
  scan: () => AsyncIterable<PlannedEntry[]> | Iterable<PlannedEntry[]>;
  whole: () => Promise<PlannedManifest>;
}

/** The entries of both parts of a generation, public ones first. */
export function* bothParts(manifest: Pick<PlannedManifest, "entries" | "drafts">): Generator<PlannedEntry> {
  yield* manifest.entries.values();
  yield* manifest.drafts.values();
}

/** A generation read whole, as a `PreviousGeneration`. */
export function previousFrom(manifest: PlannedManifest): PreviousGeneration {
  const { entries, drafts, ...header } = manifest;
  return {
    ...header,
    count: entries.size,
    facts: factsOf(bothParts(manifest)),
    drafts,
    lookup: (ids) => {
      const out = new Map<string, PlannedEntry>();
      for (const id of ids) {
        const entry = entries.get(id) ?? drafts.get(id);
        if (entry) out.set(id, entry);
      }
      return Promise.resolve(out);
    },
    scan: () => [[...entries.values()]],
    whole: () => Promise.resolve(manifest),
  };
}
