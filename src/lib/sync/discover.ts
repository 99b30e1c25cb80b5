import type { PageSummary } from "../bundle-types";
import type { NotionApi, RetryCutShortError } from "../notion/api";
import { NotionSyncError } from "../notion/errors";
import { reshapePageSummary } from "../notion/reshape-page";
import { dashed } from "../notion/reshape-text";
import type { ReconcileTuning } from "../config";
import type { PlannedEntry, PreviousGeneration } from "../store/manifest";
import type { ReconcileRecord } from "../store/sync-history";
import type { SyncWork } from "../store/sync-work";
import type { SyncState, WalkItem } from "./types";

/** Whether an incremental sync should walk the whole workspace this time (SYNC_RECONCILE_*). */
export function reconcileDue(record: ReconcileRecord, tuning: ReconcileTuning, nowMs: number): boolean {
  if (record.at === null) return true;
  if (tuning.everyHours > 0 && nowMs - Date.parse(record.at) >= tuning.everyHours * 3_600_000) return true;
  return tuning.everySyncs > 0 && record.syncs >= tuning.everySyncs;
}

/**
 * List pages through search, newest edit first. A full walk lists every page (its summaries spare the
 * walk one call per page); a change-only sync stops at the first page last edited before `floor`.
 */
export async function listPhase(
  api: NotionApi,
  work: SyncWork,
  state: SyncState,
  floor: string | null,
  stopped: () => boolean,
): Promise<void> {
  const floorMs = floor === null ? null : Date.parse(floor);
  do {
    if (stopped()) return;
    const page = await api.searchPages(state.searchCursor ?? undefined);
    const summaries: PageSummary[] = [];
    let reachedWatermark = false;
    for (const result of page.results) {
      if (result.object !== "page") continue;
      const summary = reshapePageSummary(result);
      if (floorMs !== null && Date.parse(summary.lastEditedTime) < floorMs) {
        reachedWatermark = true;
        break;
      }
      if (!summary.inTrash) summaries.push(summary);
    }
    await work.saveSeen(summaries);
    delete state.listCutShort;
    state.searchCursor = page.has_more && !reachedWatermark ? page.next_cursor : null;
  } while (state.searchCursor);
  state.phase = "walk";
}

/**
 * Each step restarts the listing's retries: count a failing call's attempts across steps, and fail the
 * step (for QStash to retry, then give up) once they reach the retry limit, instead of stepping forever.
 */
export function noteListCutShort(state: SyncState, error: RetryCutShortError): void {
  const previous = state.listCutShort?.call === error.call ? state.listCutShort.failures : 0;
  state.listCutShort = { call: error.call, failures: previous + error.failures };
  if (state.listCutShort.failures >= error.limit) {
    throw new NotionSyncError(
      "unavailable",
      `Notion kept failing for ${error.failure} after ${state.listCutShort.failures} attempts over several steps.`,
    );
  }
}

/**
 * What a change-only sync walks: the root (read every time, so a trashed or unshared root fails the sync
 * before anything is published), the ids a webhook asked to recheck and their parents, every known page
 * search listed as edited since the watermark, new rows of known databases, and entries the last sync
 * could not refresh. A new page under a page is not listed here: creating it bumped its parent, which
 * search lists too, and whose walk finds the new child. Everything else is reused from `previous`.
 */
export async function changeSeeds(
  rootId: string,
  previous: Pick<PreviousGeneration, "facts" | "lookup">,
  seen: Map<string, PageSummary>,
  recheck: string[],
): Promise<WalkItem[]> {
  const databaseOf = new Map(Object.entries(previous.facts.dataSources));
  // Every entry this needs, read at once: the rechecked ones, the listed pages and their databases,
  // the stale ones; then the rechecked ones' parents.
  const rechecked = recheck.map((raw) => databaseOf.get(dashed(raw)) ?? dashed(raw));
  const rowDatabases = [...seen.values()].flatMap((s) =>
    s.parent.kind === "data_source" ? [dashed(s.parent.databaseId)] : [],
  );
  const read = await previous.lookup([
    ...new Set([...rechecked, ...seen.keys(), ...rowDatabases, ...previous.facts.stale]),
  ]);
  const parents = rechecked.flatMap((id) => {
    const parent = read.get(id)?.parentId;
    return parent && !read.has(parent) ? [parent] : [];
  });
  for (const [id, entry] of await previous.lookup(parents)) read.set(id, entry);
  const known = (id: string): PlannedEntry | undefined => read.get(id);
  const items: WalkItem[] = [];
  const recheckOne = (id: string) => {
    const old = known(id);
    if (!old) return;
    items.push({ id, kind: old.kind, parent: old.parentId, refresh: true, recheck: true });
  };
  for (const id of rechecked) {
    recheckOne(id);
    // The parent's content changed with a delete, move or restore: read it again too.
    const parent = known(id)?.parentId;
    if (parent) recheckOne(parent);
  }
  items.push({ id: rootId, kind: "page", parent: null });
  for (const summary of seen.values()) {
    const old = known(summary.id);
    if (old) {
      items.push({ id: summary.id, kind: "page", parent: old.parentId });
    } else if (summary.parent.kind === "data_source") {
      const database =
        databaseOf.get(dashed(summary.parent.id)) ??
        (known(dashed(summary.parent.databaseId)) ? dashed(summary.parent.databaseId) : undefined);
      if (database) items.push({ id: summary.id, kind: "page", parent: database });
    }
  }
  for (const id of previous.facts.stale) {
    const e = known(id);
    if (e) items.push({ id: e.id, kind: e.kind, parent: e.parentId, refresh: true });
  }
  return items;
}
