import { createHash } from "node:crypto";
import { BUNDLE_SCHEMA, type DatabaseBundle } from "../bundle-types";
import { sortRows } from "../notion/reshape-page";
import { readCurrentGeneration } from "../store/current-generation";
import { moveBundle, movedBundle } from "../store/drafts";
import {
  collectGeneration,
  inPlaceStages,
  publishStages,
  writeBundle,
  type CompleteEntries,
} from "../store/generations";
import {
  bothParts,
  MANIFEST_SCHEMA,
  plannedOf,
  type PreviousGeneration,
  type EntryDetail,
  type PlannedEntry,
  type PlannedManifest,
} from "../store/manifest";
import { manifestHashKeys, readPlannedManifestOf } from "../store/manifest-store";
import type { Store } from "../store/redis";
import { StageRunner, startPosition, type Stage } from "../store/stages";
import type { SyncWork } from "../store/sync-work";
import { applyPublishingRules } from "./publish-drafts";
import { mergeWalk } from "./merge-walk";
import { changedInPlace, type InPlace } from "./publish-in-place";
import { assignSlugs } from "./slugs";
import type { SyncIssue, SyncState, WholeEntries } from "./types";

/** Entries reachable from the root through the walk's parent links; the rest are dropped. */
function reachable(entries: Map<string, PlannedEntry>, rootId: string): Map<string, PlannedEntry> {
  const out = new Map<string, PlannedEntry>();
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const entry = entries.get(queue[i]!);
    if (!entry || out.has(entry.id)) continue;
    out.set(entry.id, entry);
    for (const child of entry.children) if (entries.get(child)?.parentId === entry.id) queue.push(child);
  }
  return out;
}

/** The detail of planned entries, by id. */
type DetailsOf = (ids: readonly string[]) => Promise<Map<string, EntryDetail>>;

/**
 * Where publish finds the detail it did not keep in memory: the walk's scratch hash for what this sync
 * walked, else the previous generation's entries, read whole a batch at a time too.
 */
function detailReader(work: SyncWork, whole: WholeEntries): DetailsOf {
  return async (ids) => {
    const details = await work.walkedDetails(ids);
    const olds = await whole(ids.filter((id) => !details.has(id)));
    for (const [id, old] of olds) details.set(id, { lastEditedTime: old.lastEditedTime, row: old.row });
    return details;
  };
}

/**
 * The entries the generation publishes: the walk's, merged with the previous generation's (change-only
 * and page syncs) and reachable from the root. What the walk loaded is garbage once the reachable entries
 * are picked.
 */
function plannedEntries(
  state: SyncState,
  rootId: string,
  previous: PlannedManifest | null,
  walked: Map<string, PlannedEntry>,
  gone: Set<string>,
): Map<string, PlannedEntry> {
  return reachable(mergeWalk(state, previous, walked, gone), rootId);
}

/** The generation as the stages publish it: public entries and drafts apart, and what must be written first. */
interface Plan {
  publicEntries: Map<string, PlannedEntry>;
  drafts: Map<string, PlannedEntry>;
  moves: { entry: PlannedEntry; toPrivate: boolean }[];
  databases: PlannedEntry[];
}

/**
 * Plan the generation: its entries, their slugs and the publishing rules. The map the planning works on
 * is garbage once the entries are split into public ones and drafts (it would be a third index of every
 * entry).
 */
function planGeneration(
  state: SyncState,
  rootId: string,
  previous: PlannedManifest | null,
  walked: Map<string, PlannedEntry>,
  gone: Set<string>,
): Plan {
  const entries = plannedEntries(state, rootId, previous, walked, gone);
  if (!entries.has(rootId)) {
    throw new Error("The root page produced no entry; nothing was published.");
  }
  // Looked up where they are: a merged copy of 100,000 entries would be one more index of them all.
  assignSlugs(entries, rootId, (id) => (previous?.entries.get(id) ?? previous?.drafts.get(id))?.slug);
  const databases = [...entries.values()].filter((e) => e.kind === "database");
  return { ...applyPublishingRules(state, entries, rootId), databases };
}

/** An entry of the plan by id, public or draft. */
type FindEntry = (id: string) => PlannedEntry | undefined;

/** A database's listing (public rows only: drafts never reach a listing, nor through it a feed) and its hash. */
async function listingOf(db: PlannedEntry, find: FindEntry, detailsOf: DetailsOf) {
  const shown = db.children.map(find).filter((e): e is PlannedEntry => e !== undefined && !e.draft);
  const details = await detailsOf(shown.map((e) => e.id));
  const rows = shown.flatMap((e) => {
    const row = details.get(e.id)?.row;
    return row ? [{ ...row, slug: e.slug }] : [];
  });
  const listing = { id: db.id, title: db.title, dataSourceIds: db.dataSourceIds ?? [], rows: sortRows(rows) };
  const hash = createHash("sha256").update(JSON.stringify(listing)).digest("base64url");
  return { listing, hash };
}

/** Record on a database's entry that this generation wrote its listing, whose hash is `hash`. */
function listed(db: PlannedEntry, hash: string, generation: string): void {
  db.bundleGen = generation;
  if (db.draft) db.privateBundle = true;
  else delete db.privateBundle;
  db.contentHash = hash;
}

/** Write the listing bundle of each database whose rows changed, and note it for later steps (`replayListings`). */
async function writeDatabaseBundles(
  store: Store,
  work: SyncWork,
  state: SyncState,
  databases: PlannedEntry[],
  find: FindEntry,
  detailsOf: DetailsOf,
) {
  for (const db of databases) {
    const { listing, hash } = await listingOf(db, find, detailsOf);
    if (hash === db.contentHash) continue;
    const bundle: DatabaseBundle = {
      kind: "database",
      schema: BUNDLE_SCHEMA,
      ...listing,
      description: "",
      syncedAt: new Date().toISOString(),
    };
    state.counters.bytesWritten += await writeBundle(store, bundle, state.generation, {
      private: Boolean(db.draft),
    });
    await work.saveListed(db.id, hash);
    listed(db, hash, state.generation);
  }
}

/** Apply to this step's entries the listings earlier steps wrote (the entries are built again the same way). */
async function replayListings(work: SyncWork, databases: PlannedEntry[], generation: string) {
  if (databases.length === 0) return;
  const hashes = await work.listedHashes(databases.map((db) => db.id));
  for (const db of databases) {
    const hash = hashes.get(db.id);
    if (hash !== undefined) listed(db, hash, generation);
  }
}

/** What the job reports of the generation it publishes: its entries, pages, pages written and stale. */
interface Tally {
  entries: number;
  pages: number;
  written: number;
  stale: number;
}

function tallyOf(entries: Iterable<PlannedEntry>, generation: string): Tally {
  const tally: Tally = { entries: 0, pages: 0, written: 0, stale: 0 };
  for (const e of entries) {
    tally.entries++;
    if (e.kind !== "page") continue;
    tally.pages++;
    if (e.bundleGen === generation) tally.written++;
    if (e.stale) tally.stale++;
  }
  return tally;
}

/** The job's counters and errors from a tally of the generation it publishes. */
function summarize(state: SyncState, tally: Tally, failures: Record<string, string>, deleted: number): void {
  state.errors = Object.entries(failures)
    .slice(0, 100)
    .map(([id, json]): SyncIssue => ({ id, ...(JSON.parse(json) as Omit<SyncIssue, "id">) }));
  const c = state.counters;
  c.pagesDiscovered = tally.pages;
  c.databases = tally.entries - tally.pages;
  c.pagesWritten = tally.written;
  c.pagesFetched = c.pagesWritten;
  c.pagesFailed = Object.keys(failures).length;
  c.pagesUnchanged = tally.pages - tally.written - tally.stale;
  c.pagesDeleted = deleted;
}

/** The previous generation's (public) entries that `next` no longer holds. */
function deletedFrom(previous: PlannedManifest | null, next: Pick<PlannedManifest, "entries" | "drafts">) {
  let deleted = 0;
  for (const id of previous?.entries.keys() ?? [])
    if (!next.entries.has(id) && !next.drafts.has(id)) deleted++;
  return deleted;
}

/**
 * The generation is live already: an earlier attempt of this step published it and died before the
 * job's checkpoint was saved. Recount from what was published (and what the scratch keys still hold)
 * instead of publishing again: collection may have emptied the scratch keys a re-publish would need.
 */
export async function recountPublished(
  store: Store,
  work: SyncWork,
  state: SyncState,
  previous: PreviousGeneration | null,
): Promise<void> {
  const published = await readPlannedManifestOf(store, state.generation);
  if (!published) return;
  const tally = tallyOf(bothParts(published), state.generation);
  // The previous generation may be collected by now (this retry comes after the flip): nothing to count.
  const before = previous ? await previous.whole().catch(() => null) : null;
  summarize(state, tally, await work.loadFailures(), deletedFrom(before, published));
}

/** Bundle moves, and database listings (a listing of 5,000 rows takes seconds), per look at the step's deadline. */
const MOVE_CHUNK = 50;
const DATABASE_CHUNK = 1;

/**
 * What a publish changed, as two manifests whose difference the site's cache tags are derived from
 * (`publishedTags`): the whole generations for a planned publish, only the changed entries before and
 * after for one in place.
 */
export interface Published {
  before: PlannedManifest | null;
  after: PlannedManifest;
}

/** The header of the generation a sync publishes (its manifest without entries). */
function headerOf(
  state: SyncState,
  jobId: string,
  rootId: string,
  previous: Pick<PlannedManifest, "watermark"> | null,
) {
  return {
    schema: MANIFEST_SCHEMA,
    generation: state.generation,
    jobId,
    publishedAt: new Date().toISOString(),
    rootId,
    // A page sync does not look at the rest of the workspace, so it must not move the watermark.
    watermark: state.mode === "page" && previous ? previous.watermark : state.startedAt,
  };
}

/**
 * The first two stages of every publish: bundles moved between the public and private key spaces, and
 * the database listings whose rows changed. What earlier steps of the publish did is applied first to
 * this step's entries (built again the same way), without writing.
 */
async function bundleStages(
  store: Store,
  work: SyncWork,
  state: SyncState,
  run: StageRunner,
  plan: { moves: Plan["moves"]; databases: PlannedEntry[] },
  find: FindEntry,
  detailsOf: DetailsOf,
): Promise<Stage[]> {
  const { at } = run;
  const { moves, databases } = plan;
  const replayed = (stage: number) => (at.stage > stage ? Infinity : at.stage === stage ? at.done : 0);
  for (const { entry, toPrivate } of moves.slice(0, replayed(0)))
    movedBundle(entry, toPrivate, state.generation);
  await replayListings(work, databases.slice(0, replayed(1)), state.generation);
  return [
    () =>
      run.list(moves, MOVE_CHUNK, async (slice) => {
        for (const { entry, toPrivate } of slice) {
          const bytes = await moveBundle(store, entry, toPrivate, state.generation);
          if (bytes !== null) state.counters.bytesWritten += bytes;
        }
      }),
    () =>
      run.list(databases, DATABASE_CHUNK, (slice) =>
        writeDatabaseBundles(store, work, state, slice, find, detailsOf),
      ),
  ];
}

/** Whole entries from planned ones, their detail read back a batch at a time. */
function completer(detailsOf: DetailsOf): CompleteEntries {
  return async (slice) => {
    const details = await detailsOf(slice.map((e) => e.id));
    return slice.map((e) => {
      const detail = details.get(e.id);
      if (!detail) throw new Error(`Publish found no entry to write for ${e.id}.`);
      return { ...e, ...detail };
    });
  };
}

/**
 * Build the new generation from the walk's entries and publish it, in stages bounded by the step's
 * deadline (`stopped`), going on from `state.publishAt`. A change-only or page sync that changed entries
 * without moving, renaming, hiding or showing any publishes them in place (`changedInPlace`): the live
 * generation copied, the changed entries written over it. Any other sync plans the generation whole.
 * Which of the two is decided once, by the publish's first step. Returns what the publish changed, or
 * null when the step stopped before the flip.
 */
export async function publishPhase(
  store: Store,
  work: SyncWork,
  state: SyncState,
  jobId: string,
  rootId: string,
  previous: PreviousGeneration | null,
  stopped: () => boolean = () => false,
  { walked = false, whole }: { walked?: boolean; whole: WholeEntries },
): Promise<Published | null> {
  // Planning takes seconds at 100,000 entries. A step that walked first gives it up at its deadline
  // (the next step plans with a whole budget); any other step plans and writes at least one batch.
  const giveUp = () => walked && stopped();
  const found = await work.loadPlannedEntries(giveUp);
  if (!found) return null;
  const gone = previous ? await work.goneIds() : new Set<string>();
  const inPlace =
    previous && previous.rootId === rootId ? await changedInPlace(state, previous, found, gone) : null;
  if (!state.publishAt) {
    state.publishInPlace =
      inPlace !== null &&
      (await readCurrentGeneration(store)) === previous!.generation &&
      (await manifestHashKeys(store, previous!.generation)) !== null;
  } else if (state.publishInPlace && !inPlace) {
    // Not expected (the same scratch keys give the same answer): start over, planned. Its stages clear
    // what they write, so nothing the in-place stages wrote is left behind.
    state.publishAt = startPosition();
    state.publishInPlace = false;
  }
  if (giveUp()) return null;
  const detailsOf = detailReader(work, whole);
  if (state.publishInPlace && inPlace && previous) {
    return publishInPlace(store, work, state, jobId, previous, inPlace, stopped, detailsOf);
  }
  // Planned: every entry of the previous generation is needed (merged, slugs kept, tags compared).
  const planned = previous && (await previous.whole());
  if (giveUp()) return null;
  return publishPlanned(store, work, state, jobId, rootId, planned, { found, gone }, stopped, detailsOf);
}

/**
 * Publish the whole generation, planned in memory each step the same way from the same scratch keys,
 * without its rows (read back a batch at a time where a listing or the manifest's records need them):
 * bundles moved, database listings, then the generation's indexes and manifest, and last the flip
 * (`publishStages`).
 */
async function publishPlanned(
  store: Store,
  work: SyncWork,
  state: SyncState,
  jobId: string,
  rootId: string,
  previous: PlannedManifest | null,
  { found, gone }: { found: Map<string, PlannedEntry>; gone: Set<string> },
  stopped: () => boolean,
  detailsOf: DetailsOf,
): Promise<Published | null> {
  const { publicEntries, drafts, moves, databases } = planGeneration(state, rootId, previous, found, gone);
  const find: FindEntry = (id) => publicEntries.get(id) ?? drafts.get(id);
  const run = new StageRunner((state.publishAt ??= startPosition()), stopped);
  const first = await bundleStages(store, work, state, run, { moves, databases }, find, detailsOf);
  // The manifest holds the entry objects themselves: the stages' changes to them (bundle moves, listings)
  // are in it when its own stages write it.
  const manifest: PlannedManifest = {
    ...headerOf(state, jobId, rootId, previous),
    entries: publicEntries,
    drafts,
  };
  const live = await readCurrentGeneration(store);
  const complete = completer(detailsOf);
  const stages = publishStages(store, run, manifest, complete, live, { slugHistory: true });
  if (!(await run.run([...first, ...stages]))) return null;
  const tally = tallyOf(bothParts(manifest), state.generation);
  summarize(state, tally, await work.loadFailures(), deletedFrom(previous, manifest));
  return { before: previous, after: manifest };
}

/**
 * Publish in place (`changedInPlace`): the changed entries, and the database listings that show changed
 * rows, written over a copy of the live generation (`inPlaceStages`). Nothing is planned: the cost
 * follows the changes, not the size of the site.
 */
async function publishInPlace(
  store: Store,
  work: SyncWork,
  state: SyncState,
  jobId: string,
  previous: PreviousGeneration,
  { changed, before: read }: InPlace,
  stopped: () => boolean,
  detailsOf: DetailsOf,
): Promise<Published | null> {
  const before = (id: string) => read.get(id);
  // The listings that may change: walked databases, and those listing a walked row (copies: the
  // listing stage records its write on them).
  const entries = new Map(changed);
  for (const entry of changed.values()) {
    const parent = entry.parentId ? before(entry.parentId) : undefined;
    if (parent?.kind === "database" && !entries.has(parent.id)) {
      entries.set(parent.id, plannedOf(parent, { keepSlug: true }));
    }
  }
  // In one order every step (the stages go on by position).
  const sorted = [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const moves = sorted
    .filter((entry) => Boolean(entry.draft) !== Boolean(entry.privateBundle))
    .map((entry) => ({ entry, toPrivate: Boolean(entry.draft) }));
  const databases = sorted.filter((e) => e.kind === "database");
  // Their listings show every row, walked or not.
  const rows = await previous.lookup(databases.flatMap((db) => db.children));
  const find: FindEntry = (id) => entries.get(id) ?? rows.get(id);
  const run = new StageRunner((state.publishAt ??= startPosition()), stopped);
  const first = await bundleStages(store, work, state, run, { moves, databases }, find, detailsOf);
  const header = headerOf(state, jobId, previous.rootId, previous);
  // The same entries, pages and data sources as before; only which ones are stale may differ.
  const stale = new Set(previous.facts.stale);
  for (const entry of sorted) {
    if (entry.stale) stale.add(entry.id);
    else stale.delete(entry.id);
  }
  const changes = {
    from: previous.generation,
    changed: sorted,
    before,
    counts: { count: previous.count, drafts: previous.drafts.size },
    facts: { ...previous.facts, stale: [...stale] },
  };
  const stages = inPlaceStages(store, run, header, changes, completer(detailsOf));
  if (!(await run.run([...first, ...stages]))) return null;
  const stalePages = [...(await previous.lookup([...stale])).values()].filter((e) => e.kind === "page");
  summarize(
    state,
    {
      entries: previous.count + previous.drafts.size,
      pages: previous.facts.pages,
      written: sorted.filter((e) => e.kind === "page" && e.bundleGen === state.generation).length,
      stale: stalePages.length,
    },
    await work.loadFailures(),
    0,
  );
  const split = (pick: (id: string) => PlannedEntry | undefined) => ({
    entries: new Map(sorted.filter((e) => !e.draft).map((e) => [e.id, pick(e.id)!])),
    drafts: new Map(sorted.filter((e) => e.draft).map((e) => [e.id, pick(e.id)!])),
  });
  const { count: _count, facts: _facts, drafts: _drafts, lookup: _lookup, whole: _whole, ...was } = previous;
  return {
    before: { ...was, ...split(before) },
    after: { ...header, ...split((id) => entries.get(id)) },
  };
}

/** The ids a publish in place may have changed: the walked entries and their parents (a superset). */
async function changedIds(work: SyncWork): Promise<string[]> {
  const walked = (await work.loadPlannedEntries()) ?? new Map<string, PlannedEntry>();
  const parents = [...walked.values()].flatMap((e) => (e.parentId ? [e.parentId] : []));
  // Sorted: a collection that spans steps goes on by position.
  return [...new Set([...walked.keys(), ...parents])].sort();
}

/**
 * After the flip: delete what only the previous generation used, then the sync's scratch keys, in
 * batches bounded by the step's deadline (going on from `state.collectAt`). True when finished.
 */
export async function collectPhase(
  store: Store,
  work: SyncWork,
  state: SyncState,
  stopped: () => boolean = () => false,
): Promise<boolean> {
  const run = new StageRunner((state.collectAt ??= startPosition()), stopped);
  const previous = state.previousGeneration;
  // Only a generation this job published replaces the previous one (a sync that found nothing to
  // publish leaves it live).
  const replaced = previous !== null && (await manifestHashKeys(store, state.generation)) !== null;
  // Published in place: the entries it changed are the walked ones and the databases listing them.
  const only = state.publishInPlace ? await changedIds(work) : undefined;
  if (replaced && !(await collectGeneration(store, { generation: previous }, state, run, { only }))) {
    return false;
  }
  await work.clear();
  return true;
}
