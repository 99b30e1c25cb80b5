import { inPlaceStages } from "../store/generations";
import { plannedOf, type DraftInfo, type PlannedEntry, type PreviousGeneration } from "../store/manifest";
import type { Store } from "../store/redis";
import { StageRunner, startPosition } from "../store/stages";
import type { SyncWork } from "../store/sync-work";
import {
  bundleStages,
  completer,
  headerOf,
  summarize,
  type DetailsOf,
  type FindEntry,
  type Published,
} from "./publish-stages";
import { walksEverything, type SyncState } from "./types";

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((id, i) => id === b![i]);

/** What a publish in place writes: the changed entries, and the previous versions of those and their parents. */
export interface InPlace {
  changed: Map<string, PlannedEntry>;
  before: Map<string, PlannedEntry>;
}

/**
 * The entries a change-only or page sync may publish in place, or null when the generation must be
 * planned whole. In place means: the next generation is the previous one with these entries' records,
 * routes and bundles replaced, and every other index as it was. That holds when the walk changed what
 * entries show but not where they are or who sees them:
 * - nothing the previous generation held was found gone, and every walked entry was in it;
 * - each walked entry kept its kind, title, slug segment, parent, children (and data sources), so every
 *   slug, link and redirect stays;
 * - each is a draft exactly when it was one (by the publishing rules, as `applyPublishingRules` judges
 *   them at the sync's start), and no scheduled draft came due.
 * The walked entries come back with the previous generation's slugs and the drafts the rules give them.
 * Only the walked entries and their parents are read from the previous generation.
 */
export async function changedInPlace(
  state: SyncState,
  previous: Pick<PreviousGeneration, "drafts" | "lookup">,
  walked: Map<string, PlannedEntry>,
  gone: ReadonlySet<string>,
): Promise<InPlace | null> {
  if (walksEverything(state)) return null;
  const now = Date.parse(state.startedAt);
  const due = (draft: DraftInfo | undefined) =>
    draft?.reason === "scheduled" && Date.parse(draft.publishAt ?? "") <= now;
  for (const draft of previous.drafts.values()) if (due(draft.draft)) return null;
  if ((await previous.lookup([...gone])).size > 0) return null;
  const ids = [...walked.keys()];
  const parents = [...walked.values()].flatMap((e) => (e.parentId ? [e.parentId] : []));
  const before = await previous.lookup([...new Set([...ids, ...parents])]);
  for (const entry of walked.values()) {
    const old = before.get(entry.id);
    if (
      !old ||
      old.kind !== entry.kind ||
      old.title !== entry.title ||
      old.segment !== entry.segment ||
      old.parentId !== entry.parentId ||
      !sameList(old.children, entry.children) ||
      !sameList(old.dataSourceIds, entry.dataSourceIds)
    ) {
      return null;
    }
  }
  // An entry's own draft state, as the rules judge it now; below a draft, everything is one.
  const drafts = new Map<string, DraftInfo | undefined>();
  const draftOf = (id: string): DraftInfo | undefined => {
    const entry = walked.get(id);
    if (!entry) return before.get(id)?.draft;
    if (drafts.has(id)) return drafts.get(id);
    const own = entry.draft?.reason === "parent" || due(entry.draft) ? undefined : entry.draft;
    const draft =
      own ?? (entry.parentId && draftOf(entry.parentId) ? { reason: "parent" as const } : undefined);
    drafts.set(id, draft);
    return draft;
  };
  for (const entry of walked.values()) {
    if (Boolean(draftOf(entry.id)) !== previous.drafts.has(entry.id)) return null;
  }
  for (const entry of walked.values()) {
    const draft = draftOf(entry.id);
    entry.slug = before.get(entry.id)!.slug;
    if (draft) entry.draft = draft;
    else delete entry.draft;
  }
  return { changed: walked, before };
}

/**
 * Publish in place (`changedInPlace`): the changed entries, and the database listings that show changed
 * rows, written over a copy of the live generation (`inPlaceStages`). Nothing is planned: the cost
 * follows the changes, not the size of the site.
 */
export async function publishInPlace(
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
export async function changedIds(work: SyncWork): Promise<string[]> {
  const walked = (await work.loadPlannedEntries()) ?? new Map<string, PlannedEntry>();
  const parents = [...walked.values()].flatMap((e) => (e.parentId ? [e.parentId] : []));
  // Sorted: a collection that spans steps goes on by position.
  return [...new Set([...walked.keys(), ...parents])].sort();
}
