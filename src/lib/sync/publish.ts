import { createHash } from "node:crypto";
import { BUNDLE_SCHEMA, type DatabaseBundle } from "../bundle-types";
import { sortRows } from "../notion/reshape-page";
import { collectGeneration, publishGeneration, readManifestOf, writeBundle } from "../store/generations";
import { MANIFEST_SCHEMA, type Manifest, type ManifestEntry } from "../store/manifest";
import type { Store } from "../store/redis";
import type { SyncWork } from "../store/sync-work";
import { slugRedirects, splitDrafts } from "./publish-drafts";
import { mergeWalk } from "./merge-walk";
import { assignSlugs } from "./slugs";
import type { SyncIssue, SyncState } from "./types";

/** Entries reachable from the root through the walk's parent links; the rest are dropped. */
function reachable(entries: Map<string, ManifestEntry>, rootId: string): Map<string, ManifestEntry> {
  const out = new Map<string, ManifestEntry>();
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const entry = entries.get(queue[i]!);
    if (!entry || out.has(entry.id)) continue;
    out.set(entry.id, entry);
    for (const child of entry.children) if (entries.get(child)?.parentId === entry.id) queue.push(child);
  }
  return out;
}

async function writeDatabaseBundles(store: Store, state: SyncState, entries: Map<string, ManifestEntry>) {
  for (const db of entries.values()) {
    if (db.kind !== "database") continue;
    // Drafts never reach a listing (nor, through it, a feed).
    const rows = db.children
      .map((id) => entries.get(id))
      .filter((e): e is ManifestEntry => Boolean(e?.row) && !e?.draft)
      .map((e) => ({ ...e.row!, slug: e.slug }));
    const listing = {
      id: db.id,
      title: db.title,
      dataSourceIds: db.dataSourceIds ?? [],
      rows: sortRows(rows),
    };
    const hash = createHash("sha256").update(JSON.stringify(listing)).digest("base64url");
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
    db.bundleGen = state.generation;
    if (db.draft) db.privateBundle = true;
    else delete db.privateBundle;
    db.contentHash = hash;
  }
}

/** The job's counters and errors from the entries of the generation it publishes. */
function summarize(
  state: SyncState,
  entries: Map<string, ManifestEntry>,
  failures: Record<string, string>,
  previous: Manifest | null,
): void {
  state.errors = Object.entries(failures)
    .slice(0, 100)
    .map(([id, json]): SyncIssue => ({ id, ...(JSON.parse(json) as Omit<SyncIssue, "id">) }));
  const pages = [...entries.values()].filter((e) => e.kind === "page");
  const c = state.counters;
  c.pagesDiscovered = pages.length;
  c.databases = entries.size - pages.length;
  c.pagesWritten = pages.filter((e) => e.bundleGen === state.generation).length;
  c.pagesFetched = c.pagesWritten;
  c.pagesFailed = Object.keys(failures).length;
  c.pagesUnchanged = pages.length - c.pagesWritten - pages.filter((e) => e.stale).length;
  c.pagesDeleted = previous ? Object.keys(previous.entries).filter((id) => !entries.has(id)).length : 0;
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
  previous: Manifest | null,
): Promise<void> {
  const published = await readManifestOf(store, state.generation);
  if (!published) return;
  summarize(state, new Map(Object.entries(published.entries)), await work.loadFailures(), previous);
}

/** Build the new generation from the walk's entries and flip readers to it with one write. */
export async function publishPhase(
  store: Store,
  work: SyncWork,
  state: SyncState,
  jobId: string,
  rootId: string,
  previous: Manifest | null,
): Promise<Manifest> {
  const walked = await work.loadEntries();
  const merged = mergeWalk(state, previous, walked, previous ? await work.goneIds() : new Set());
  const entries = reachable(merged, rootId);
  if (!entries.has(rootId)) {
    throw new Error("The root page produced no entry; nothing was published.");
  }
  assignSlugs(entries, rootId, { ...previous?.drafts, ...previous?.entries });
  const { publicEntries, drafts } = await splitDrafts(store, state, entries, rootId);
  await writeDatabaseBundles(store, state, entries);

  summarize(state, entries, await work.loadFailures(), previous);

  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    generation: state.generation,
    jobId,
    publishedAt: new Date().toISOString(),
    rootId,
    // A page sync does not look at the rest of the workspace, so it must not move the watermark.
    watermark: state.mode === "page" && previous ? previous.watermark : state.startedAt,
    entries: Object.fromEntries(publicEntries),
    drafts: Object.fromEntries(drafts),
  };
  await publishGeneration(store, manifest, await slugRedirects(store, publicEntries, drafts));
  return manifest;
}

/** After the flip: delete what only the previous generation used, and the sync's scratch keys. */
export async function collectPhase(
  store: Store,
  work: SyncWork,
  previous: Manifest | null,
  published: Manifest | null,
): Promise<number> {
  const deleted = previous && published ? await collectGeneration(store, previous, published) : 0;
  await work.clear();
  return deleted;
}
