/**
 * What both ways of publishing share (publish.ts plans a generation whole, publish-in-place.ts writes
 * the changed entries over a copy of the live one): the detail read back, database listings, bundle
 * moves, the job's counters and the new generation's header.
 */
import { createHash } from "node:crypto";
import { BUNDLE_SCHEMA, type DatabaseBundle } from "../bundle-types";
import { sortRows } from "../notion/reshape-page";
import type { ScannedGeneration } from "../site/cache-tags";
import { moveBundle, movedBundle } from "../store/drafts";
import { writeBundle, type CompleteEntries } from "../store/generations";
import {
  MANIFEST_SCHEMA,
  type EntryDetail,
  type PlannedEntry,
  type PlannedManifest,
} from "../store/manifest";
import type { Store } from "../store/redis";
import type { Stage, StageRunner } from "../store/stages";
import type { SyncWork } from "../store/sync-work";
import type { SyncIssue, SyncState, WholeEntries } from "./types";

/** A bundle to move between the public and the private key space. */
export interface Move {
  entry: PlannedEntry;
  toPrivate: boolean;
}

/** The detail of planned entries, by id. */
export type DetailsOf = (ids: readonly string[]) => Promise<Map<string, EntryDetail>>;

/**
 * Where publish finds the detail it did not keep in memory: the walk's scratch hash for what this sync
 * walked, else the previous generation's entries, read whole a batch at a time too.
 */
export function detailReader(work: SyncWork, whole: WholeEntries): DetailsOf {
  return async (ids) => {
    const details = await work.walkedDetails(ids);
    const olds = await whole(ids.filter((id) => !details.has(id)));
    for (const [id, old] of olds) details.set(id, { lastEditedTime: old.lastEditedTime, row: old.row });
    return details;
  };
}

/** An entry of the plan by id, public or draft. */
export type FindEntry = (id: string) => PlannedEntry | undefined;

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
export interface Tally {
  entries: number;
  pages: number;
  written: number;
  stale: number;
}

export function tallyOf(entries: Iterable<PlannedEntry>, generation: string): Tally {
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
export function summarize(
  state: SyncState,
  tally: Tally,
  failures: Record<string, string>,
  deleted: number,
): void {
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

/** Bundle moves, and database listings (a listing of 5,000 rows takes seconds), per look at the step's deadline. */
const MOVE_CHUNK = 50;
const DATABASE_CHUNK = 1;

/**
 * What a publish changed, as two manifests whose difference the site's cache tags are derived from
 * (`publishedTags`): the whole generations for a planned publish, only the changed entries before and
 * after for one in place.
 */
export interface Published {
  /** A full walk's previous generation is read a page at a time (`ScannedGeneration`), not held whole. */
  before: PlannedManifest | ScannedGeneration | null;
  after: PlannedManifest;
}

/** The header of the generation a sync publishes (its manifest without entries). */
export function headerOf(
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
export async function bundleStages(
  store: Store,
  work: SyncWork,
  state: SyncState,
  run: StageRunner,
  plan: { moves: Move[]; databases: PlannedEntry[] },
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
export function completer(detailsOf: DetailsOf): CompleteEntries {
  return async (slice) => {
    const details = await detailsOf(slice.map((e) => e.id));
    return slice.map((e) => {
      const detail = details.get(e.id);
      if (!detail) throw new Error(`Publish found no entry to write for ${e.id}.`);
      return { ...e, ...detail };
    });
  };
}
