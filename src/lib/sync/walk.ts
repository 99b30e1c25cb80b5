import type { PageBundle, PageSummary } from "../bundle-types";
import { BUNDLE_SCHEMA } from "../bundle-types";
import { fileKeysOf } from "../bundle-files";
import type { NotionApi } from "../notion/api";
import { isNotionSyncError, NotionSyncError } from "../notion/errors";
import { fetchBlockTree, type FetchMemo } from "../notion/fetch-content";
import { DeadlineReachedError } from "../jobs/errors";
import { collectRefs, firstParagraph } from "../notion/reshape-block";
import { reshapePageSummary, toDatabaseRow } from "../notion/reshape-page";
import { dashed, plainText, reshapeRichText } from "../notion/reshape-text";
import { writeBundle } from "../store/generations";
import type { ManifestEntry, PlannedEntry, PreviousGeneration } from "../store/manifest";
import type { Store } from "../store/redis";
import type { SyncWork } from "../store/sync-work";
import { publishingRules } from "../config";
import { highlightBlocks } from "../render/highlight";
import { draftState } from "./publishing-rules";
import { slugSegment } from "./slugs";
import { walksEverything, type SyncState, type WalkItem, type WholeEntries } from "./types";

/** What processing one walk item needs; built once per step. */
export interface WalkContext {
  api: NotionApi;
  store: Store;
  work: SyncWork;
  state: SyncState;
  rootId: string;
  /** The previous generation: what exists, its kind and place (its entries read by id). */
  previous: PreviousGeneration | null;
  /** Previous entries read whole, for what the walk compares and keeps (the walk reads a slice's at once). */
  whole: WholeEntries;
  /**
   * Row ids of a data source, as the listing saw them (read from the sync's scratch space when first
   * needed: the listing's summaries are not held in memory; a page's summary comes with its walk item).
   */
  rowsOf(dataSourceId: string): Promise<string[]>;
  /** Start of the minute of the previous sync: anything edited since then is refetched. */
  watermarkFloor: string | null;
}

export function floorToMinute(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (t % 60_000)).toISOString();
}

export function walkItemPayload(item: WalkItem) {
  return { id: item.id, payload: JSON.stringify(item) };
}

/** A walk item failed: keep the last good entry (`old`, and its bundle), marked stale; remember why. */
async function keepPrevious(
  ctx: WalkContext,
  item: WalkItem,
  old: ManifestEntry | undefined,
  error: NotionSyncError,
  title?: string,
) {
  const message = JSON.stringify({ code: error.code, message: error.message, title: title ?? old?.title });
  if (!old) return ctx.work.markSkipped(item.id, message);
  await ctx.work.enqueue(await childItems(ctx, old.children, item.id));
  await ctx.work.saveEntry({ ...old, parentId: item.parent, stale: true }, message);
}

/** An item whose calls kept failing across steps: record it as failed, keeping its last good bundle. */
export async function giveUpOn(ctx: WalkContext, item: WalkItem, failures: number, failure: string) {
  const error = new NotionSyncError(
    "unavailable",
    `Notion kept failing for ${failure} after ${failures} attempts over several steps.`,
  );
  await keepPrevious(ctx, item, (await ctx.whole([item.id])).get(item.id), error, item.title);
}

/** The entries the site has of `ids` (by id, from the previous generation). */
async function knownOf(ctx: WalkContext, ids: readonly string[]): Promise<Map<string, PlannedEntry>> {
  return ctx.previous && ids.length > 0 ? ctx.previous.lookup(ids) : new Map<string, PlannedEntry>();
}

/**
 * Which of `ids` must be walked: all of them in a full walk (nothing to look up); in a page or
 * change-only sync those the site does not have yet (what it has is reused, or walked because search
 * listed it as changed). `known`: the site's entries of `ids`, when the caller has read them already.
 */
async function toWalk(
  ctx: WalkContext,
  ids: readonly string[],
  known?: Map<string, PlannedEntry>,
): Promise<(id: string) => boolean> {
  if (walksEverything(ctx.state)) return () => true;
  const have = known ?? (await knownOf(ctx, ids));
  return (id) => !have.has(id);
}

/** Walk items for the children an unchanged entry had, of the kinds the site knows them as. */
async function childItems(ctx: WalkContext, ids: string[], parent: string) {
  const known = await knownOf(ctx, ids);
  const walk = await toWalk(ctx, ids, known);
  return ids.filter(walk).map((id) => walkItemPayload({ id, kind: known.get(id)?.kind ?? "page", parent }));
}

function isChanged(ctx: WalkContext, item: WalkItem, summary: PageSummary, old?: ManifestEntry): boolean {
  if (ctx.state.mode === "force" || item.recheck || !old || old.stale) return true;
  if (ctx.state.mode === "page" && summary.id === ctx.state.target) return true;
  if (old.lastEditedTime !== summary.lastEditedTime) return true;
  // Notion rounds edit times down to the minute: an edit in the minute of the last sync looks unchanged.
  return ctx.watermarkFloor !== null && summary.lastEditedTime >= ctx.watermarkFloor;
}

/** Errors that end the whole sync, not just this item. */
function fatalFor(ctx: WalkContext, item: WalkItem, error: unknown): Error | undefined {
  if (!isNotionSyncError(error)) return error instanceof Error ? error : new Error(String(error));
  if (error.code === "unauthorized") return error;
  if (item.id === ctx.rootId) {
    return new NotionSyncError(
      error.code === "not_found" ? "not_found" : error.code,
      `The root page (NOTION_ROOT_PAGE_ID) could not be read: ${error.message}`,
      error.status,
    );
  }
  return undefined;
}

/**
 * Walk one item; `listed` is the listing's summary of it, when the listing saw it, and `old` its entry
 * in the previous generation, read whole.
 */
export async function processItem(
  ctx: WalkContext,
  item: WalkItem,
  listed?: PageSummary,
  old?: ManifestEntry,
): Promise<void> {
  try {
    if (item.kind === "database") await processDatabase(ctx, item, old);
    else await processPage(ctx, item, listed, old);
  } catch (error) {
    const fatal = fatalFor(ctx, item, error);
    if (fatal !== undefined) throw fatal;
    const e = error as NotionSyncError;
    if (e.code === "not_found") return ctx.work.markSkipped(item.id); // vanished: deleted or unshared
    await keepPrevious(ctx, item, old, e, item.title);
  }
}

/**
 * A page's block tree. When the step's budget runs out part-way, what was fetched is kept in the sync's
 * scratch space and the next step carries on from it, so a page bigger than one step finishes.
 */
async function fetchPageBlocks(ctx: WalkContext, pageId: string) {
  const memo: FetchMemo = await ctx.work.loadPartial(pageId);
  const resumed = memo.size > 0;
  try {
    const blocks = await fetchBlockTree(ctx.api, pageId, memo);
    if (resumed) await ctx.work.dropPartial(pageId);
    return blocks;
  } catch (error) {
    if (error instanceof DeadlineReachedError && memo.size > 0) await ctx.work.savePartial(pageId, memo);
    throw error;
  }
}

async function processPage(
  ctx: WalkContext,
  item: WalkItem,
  listed: PageSummary | undefined,
  old: ManifestEntry | undefined,
): Promise<void> {
  // A recheck reads the page itself: search may still show it as it was before the webhook's event.
  let summary = item.id === ctx.rootId || item.recheck ? undefined : listed;
  summary ??= reshapePageSummary(await ctx.api.retrievePage(item.id));
  if (summary.inTrash) {
    if (item.id === ctx.rootId) {
      throw new NotionSyncError("not_found", "The root page (NOTION_ROOT_PAGE_ID) is in Notion's trash.");
    }
    return ctx.work.markSkipped(item.id);
  }
  const rules = publishingRules();
  // Judged by the sync's own clock, on every sync: a scheduled row goes public with no edit.
  const draft =
    summary.parent.kind === "data_source"
      ? draftState(summary.properties, rules, Date.parse(ctx.state.startedAt))
      : null;
  const base = {
    id: item.id,
    kind: "page" as const,
    slug: "",
    segment: slugSegment(item.id, summary.title, summary.properties, rules.slugProperty),
    title: summary.title,
    parentId: item.parent,
    lastEditedTime: summary.lastEditedTime,
    draft: draft ?? undefined,
    ...(summary.parent.kind === "data_source" ? { row: toDatabaseRow(summary, "") } : {}),
  };
  if (!isChanged(ctx, item, summary, old)) {
    await ctx.work.enqueue(await childItems(ctx, old!.children, item.id));
    await ctx.work.saveEntry({
      ...old!,
      ...base,
      ...(base.row && old!.row?.summary ? { row: { ...base.row, summary: old!.row.summary } } : {}),
      bundleGen: old!.bundleGen,
      children: old!.children,
      stale: undefined,
    });
    return;
  }
  const blocks = await highlightBlocks(await fetchPageBlocks(ctx, item.id));
  const bundle: PageBundle = {
    ...summary,
    kind: "page",
    schema: BUNDLE_SCHEMA,
    blocks,
    description: firstParagraph(blocks),
    syncedAt: new Date().toISOString(),
  };
  ctx.state.counters.bytesWritten += await writeBundle(ctx.store, bundle, ctx.state.generation, {
    private: draft !== null,
  });
  const refs = collectRefs(blocks);
  const children = [
    ...refs.childPages.map((id) => ({ id, kind: "page" as const, parent: item.id })),
    ...refs.databases.map((d) => ({
      id: d.id,
      kind: "database" as const,
      parent: item.id,
      refresh: true as const,
      title: d.title,
    })),
    ...refs.links.map((id) => ({ id, kind: "page" as const, parent: item.id })),
  ];
  // Page mode refreshes one page: children already in the site are kept as they are.
  const walk = await toWalk(
    ctx,
    children.map((c) => c.id),
  );
  await ctx.work.enqueue(children.filter((c) => walk(c.id)).map(walkItemPayload));
  const childIds = [...new Set(children.map((c) => c.id))];
  await ctx.work.saveEntry(
    {
      ...base,
      ...(base.row && bundle.description ? { row: { ...base.row, summary: bundle.description } } : {}),
      ...(draft ? { privateBundle: true as const } : {}),
      bundleGen: ctx.state.generation,
      children: childIds,
    },
    undefined,
    // The file index is built from these at publish, without reading the bundle back.
    fileKeysOf(bundle),
  );
}

async function processDatabase(
  ctx: WalkContext,
  item: WalkItem,
  old: ManifestEntry | undefined,
): Promise<void> {
  let dataSourceIds = old?.dataSourceIds;
  let title = item.title ?? old?.title ?? "Untitled";
  let lastEditedTime = old?.lastEditedTime ?? "";
  if (!old || item.refresh || !dataSourceIds || ctx.state.mode === "force") {
    const db = await ctx.api.retrieveDatabase(item.id);
    if (db.in_trash === true) return ctx.work.markSkipped(item.id);
    dataSourceIds = ((db.data_sources as { id: string }[] | undefined) ?? []).map((d) => dashed(d.id));
    title = plainText(reshapeRichText(db.title)) || title;
    lastEditedTime = typeof db.last_edited_time === "string" ? db.last_edited_time : lastEditedTime;
  }
  const full = !old || item.recheck || ctx.watermarkFloor === null || ctx.state.mode !== "incremental";
  const rows = new Set<string>();
  for (const ds of dataSourceIds) {
    if (!full) for (const id of await ctx.rowsOf(ds)) rows.add(id);
    let cursor: string | undefined;
    do {
      const page = await ctx.api.queryRows(ds, {
        ...(cursor ? { cursor } : {}),
        ...(full ? {} : { editedOnOrAfter: ctx.watermarkFloor! }),
      });
      const summaries = page.results.map(reshapePageSummary).filter((s) => !s.inTrash);
      for (const s of summaries) rows.add(s.id);
      // Saved before the rows are queued: each row's walk item finds its summary there.
      await ctx.work.saveSeen(summaries);
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
  }
  // Rows the listing no longer returns are re-checked one by one (they may be trashed or unshared).
  if (!full) for (const id of old?.children ?? []) rows.add(id);
  const children = [...rows];
  const walk = await toWalk(ctx, children);
  await ctx.work.enqueue(
    children.filter(walk).map((id) => walkItemPayload({ id, kind: "page", parent: item.id })),
  );
  await ctx.work.saveEntry({
    id: item.id,
    kind: "database",
    slug: "",
    segment: slugSegment(item.id, title, {}, ""),
    title,
    parentId: item.parent,
    lastEditedTime,
    bundleGen: old?.bundleGen ?? ctx.state.generation,
    children,
    dataSourceIds,
    ...(old?.contentHash ? { contentHash: old.contentHash } : {}),
  });
}
