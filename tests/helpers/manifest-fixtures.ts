/** Small generations for the sync's unit tests (src/lib/sync/*.test.ts). */
import { plannedManifest, type ManifestEntry, type PlannedManifest } from "@/lib/store/manifest";
import { emptyCounters, type SyncState } from "@/lib/sync/types";

/** Ids of a small site: its root, pages A, B and P (under A), a database DB with data source DS and row ROW. */
export const IDS = {
  ROOT: "00000000-0000-4000-8000-000000000001",
  A: "00000000-0000-4000-8000-00000000000a",
  B: "00000000-0000-4000-8000-00000000000b",
  P: "00000000-0000-4000-8000-0000000000f0",
  DB: "00000000-0000-4000-8000-0000000000db",
  DS: "00000000-0000-4000-8000-0000000000d5",
  ROW: "00000000-0000-4000-8000-0000000000e1",
} as const;

/** A page entry of generation g1 (its segment and title from its id), with `extra` over it. */
export function entry(
  id: string,
  parentId: string | null,
  children: string[] = [],
  extra: Partial<ManifestEntry> = {},
) {
  return {
    id,
    kind: "page",
    slug: "",
    segment: id.slice(-2),
    title: id,
    parentId,
    lastEditedTime: "2026-03-01T00:00:00.000Z",
    bundleGen: "g1",
    children,
    ...extra,
  } satisfies ManifestEntry;
}

/** A change-only sync of generation g2 over g1, at its publish. */
export const changeSync: SyncState = {
  version: 1,
  mode: "incremental",
  plan: "changes",
  generation: "g2",
  startedAt: "2026-03-02T00:00:00.000Z",
  previousGeneration: "g1",
  phase: "publish",
  searchCursor: null,
  queueCursor: 0,
  queueLength: 0,
  counters: emptyCounters(),
  errors: [],
};

/** Generation g1 of the site rooted at IDS.ROOT, from its entries and drafts. */
export function generation(entries: ManifestEntry[], drafts: ManifestEntry[] = []): PlannedManifest {
  const byId = (list: ManifestEntry[]) => Object.fromEntries(list.map((e) => [e.id, e]));
  return plannedManifest({
    schema: 1,
    generation: "g1",
    jobId: "g1",
    publishedAt: "2026-03-01T00:00:00.000Z",
    rootId: IDS.ROOT,
    watermark: "2026-03-01T00:00:00.000Z",
    entries: byId(entries),
    drafts: byId(drafts),
  });
}
