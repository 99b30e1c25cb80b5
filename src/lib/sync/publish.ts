import { readCurrentGeneration } from "../store/current-generation";
import { collectGeneration } from "../store/collect-generation";
import { publishStages } from "../store/generations";
import {
  bothParts,
  type PlannedEntry,
  type PlannedManifest,
  type PreviousGeneration,
} from "../store/manifest";
import { manifestHashKeys, readPlannedManifestOf } from "../store/manifest-store";
import type { Store } from "../store/redis";
import { StageRunner, startPosition } from "../store/stages";
import type { SyncWork } from "../store/sync-work";
import { applyPublishingRules } from "./publish-drafts";
import { mergeWalk } from "./merge-walk";
import { changedIds, changedInPlace, publishInPlace } from "./publish-in-place";
import {
  bundleStages,
  completer,
  detailReader,
  headerOf,
  summarize,
  tallyOf,
  type DetailsOf,
  type FindEntry,
  type Published,
} from "./publish-stages";
import { assignSlugs } from "./slugs";
import { walksEverything, type SyncState, type WholeEntries } from "./types";

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
 * entry). `previousSlug`: the path an entry held in the previous generation, which it keeps.
 */
function planGeneration(
  state: SyncState,
  rootId: string,
  previous: PlannedManifest | null,
  walked: Map<string, PlannedEntry>,
  gone: Set<string>,
  previousSlug: (id: string) => string | undefined,
): Plan {
  const entries = plannedEntries(state, rootId, previous, walked, gone);
  if (!entries.has(rootId)) {
    throw new Error("The root page produced no entry; nothing was published.");
  }
  assignSlugs(entries, rootId, previousSlug);
  const databases = [...entries.values()].filter((e) => e.kind === "database");
  return { ...applyPublishingRules(state, entries, rootId), databases };
}

/**
 * What a full walk needs of the generation it replaces, read once, a page at a time: the paths it gave
 * the entries the walk found (keyed by the walk's own id strings; where a path is kept, its string becomes
 * the planned entry's own, so a kept path costs no second copy), and its public entries the walk did not
 * find (deleted, whatever the plan makes of the rest).
 */
interface PreviousPaths {
  slugs: Map<string, string>;
  unfound: Set<string>;
}

async function previousPaths(
  previous: PreviousGeneration,
  found: Map<string, PlannedEntry>,
): Promise<PreviousPaths> {
  const slugs = new Map<string, string>();
  const unfound = new Set<string>();
  for await (const page of previous.scan()) {
    for (const before of page) {
      const own = found.get(before.id);
      if (own) slugs.set(own.id, before.slug);
      else unfound.add(before.id);
    }
  }
  for (const draft of previous.drafts.values()) {
    const own = found.get(draft.id);
    if (own) slugs.set(own.id, draft.slug);
  }
  return { slugs, unfound };
}

/**
 * How many of the previous generation's public entries a full walk's generation no longer holds: those
 * the walk did not find, and those it found that the plan left out (no longer reachable from the root).
 */
function deletedAfterWalk(
  { slugs, unfound }: PreviousPaths,
  previousDrafts: ReadonlyMap<string, PlannedEntry>,
  next: Pick<PlannedManifest, "entries" | "drafts">,
): number {
  let deleted = unfound.size;
  for (const id of slugs.keys()) {
    if (!previousDrafts.has(id) && !next.entries.has(id) && !next.drafts.has(id)) deleted++;
  }
  return deleted;
}

/** How many of the previous generation's public entries `next` no longer holds (each counted once). */
async function deletedFrom(
  before: AsyncIterable<readonly PlannedEntry[]> | Iterable<readonly PlannedEntry[]>,
  next: Pick<PlannedManifest, "entries" | "drafts">,
): Promise<number> {
  const deleted = new Set<string>();
  for await (const page of before) {
    for (const e of page) if (!next.entries.has(e.id) && !next.drafts.has(e.id)) deleted.add(e.id);
  }
  return deleted.size;
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
  const deleted = previous ? await deletedFrom(previous.scan(), published).catch(() => 0) : 0;
  summarize(state, tally, await work.loadFailures(), deleted);
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
  // Planned. A change-only or page sync merges the previous generation's entries into what it walked:
  // it needs them all. A full walk reads them once, a page at a time, for the paths it keeps and the
  // entries it did not find (the pages deleted); the site's cache tags compare the two generations a page
  // at a time after the flip.
  const merged = previous && !walksEverything(state) ? await previous.whole() : null;
  if (giveUp()) return null;
  const paths = previous && !merged ? await previousPaths(previous, found) : null;
  if (giveUp()) return null;
  const before = { previous, merged, paths };
  return publishPlanned(store, work, state, jobId, rootId, before, { found, gone }, stopped, detailsOf);
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
  {
    previous,
    merged,
    paths,
  }: {
    previous: PreviousGeneration | null;
    /** The previous generation whole, for a sync that merges it (not a full walk). */
    merged: PlannedManifest | null;
    /** Otherwise the paths it gave the walked entries, and what the walk did not find. */
    paths: PreviousPaths | null;
  },
  { found, gone }: { found: Map<string, PlannedEntry>; gone: Set<string> },
  stopped: () => boolean,
  detailsOf: DetailsOf,
): Promise<Published | null> {
  // Looked up where they are: a merged copy of 100,000 entries would be one more index of them all.
  const previousSlug = (id: string) =>
    paths ? paths.slugs.get(id) : (merged?.entries.get(id) ?? merged?.drafts.get(id))?.slug;
  const plan = planGeneration(state, rootId, merged, found, gone, previousSlug);
  const { publicEntries, drafts, moves, databases } = plan;
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
  const stages = publishStages(store, run, manifest, complete, live, {
    slugHistory: true,
    recordedFiles: (ids) => work.recordedFiles(ids),
  });
  if (!(await run.run([...first, ...stages]))) return null;
  const tally = tallyOf(bothParts(manifest), state.generation);
  const deleted = merged
    ? await deletedFrom([[...merged.entries.values()]], manifest)
    : paths && previous
      ? deletedAfterWalk(paths, previous.drafts, manifest)
      : 0;
  summarize(state, tally, await work.loadFailures(), deleted);
  return { before: merged ?? previous, after: manifest };
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
