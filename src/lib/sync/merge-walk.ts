import {
  plannedOf,
  type PlannedEntry,
  type PlannedManifest,
  type PreviousGeneration,
} from "../store/manifest";
import type { SyncWork } from "../store/sync-work";
import { walksEverything, type SyncIssue, type SyncState, type WholeEntries } from "./types";

/**
 * The entries a sync publishes. A full walk publishes what it walked. A change-only or page sync walked
 * a few entries: they replace their previous versions, what they found gone is dropped, and the rest of
 * the previous generation is kept as it was (its slugs are derived again at publish, so a renamed or moved
 * page's subtree follows it without a Notion call).
 */
export function mergeWalk(
  state: SyncState,
  previous: PlannedManifest | null,
  walked: Map<string, PlannedEntry>,
  gone: Set<string>,
): Map<string, PlannedEntry> {
  if (!previous || walksEverything(state)) return walked;
  // Copies: publishing sets slugs, drafts and bundle generations on these, and the site's cache tags
  // then compare them with the previous generation's own. Planned copies: without a row's listing fields
  // (read back when written), in the walked entries' one shape.
  const merged = new Map<string, PlannedEntry>();
  for (const e of previous.entries.values()) merged.set(e.id, plannedOf(e));
  for (const e of previous.drafts.values()) merged.set(e.id, plannedOf(e));
  for (const id of gone) merged.delete(id);
  for (const [id, entry] of walked) merged.set(id, entry);
  for (const entry of walked.values()) {
    // A new row of a database that was not walked: the listing gains it.
    const parent = entry.parentId ? merged.get(entry.parentId) : undefined;
    if (parent?.kind === "database" && !parent.children.includes(entry.id)) {
      merged.set(parent.id, { ...parent, children: [...parent.children, entry.id] });
    }
  }
  for (const entry of walked.values()) {
    // A moved page: its old parent no longer lists it, the walked page that does now holds it.
    for (const childId of entry.children) {
      const child = merged.get(childId);
      if (!child || child.parentId === entry.id) continue;
      const holder = child.parentId ? merged.get(child.parentId) : undefined;
      if (holder?.children.includes(childId)) continue;
      merged.set(childId, { ...child, parentId: entry.id });
    }
  }
  return merged;
}

/** JSON with sorted keys, so two entries compare equal whatever order their fields were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Whether a change-only sync found nothing to publish: every walked entry equals its previous version,
 * nothing known vanished, and no scheduled draft came due. Then the job reports the previous generation's
 * counts and publishes nothing (no manifest rewrite for an idle workspace).
 */
export async function nothingChanged(
  work: SyncWork,
  state: SyncState,
  previous: PreviousGeneration,
  whole: WholeEntries,
): Promise<boolean> {
  if (state.plan !== "changes") return false;
  const now = Date.parse(state.startedAt);
  const drafts = [...previous.drafts.values()];
  if (drafts.some((d) => d.draft?.reason === "scheduled" && Date.parse(d.draft.publishAt ?? "") <= now)) {
    return false;
  }
  if ((await previous.lookup([...(await work.goneIds())])).size > 0) return false;
  // What was walked is a few entries: compared with their previous versions read whole.
  const walked = await work.loadEntries();
  const olds = await whole([...walked.keys()]);
  for (const [id, entry] of walked) {
    const old = olds.get(id);
    if (!old || canonical(old) !== canonical(entry)) return false;
  }
  const failures = await work.loadFailures();
  state.errors = Object.entries(failures)
    .slice(0, 100)
    .map(([id, json]): SyncIssue => ({ id, ...(JSON.parse(json) as Omit<SyncIssue, "id">) }));
  // Counted as a publish of the same generation would count them.
  const stale = [...(await previous.lookup(previous.facts.stale)).values()];
  const c = state.counters;
  c.pagesDiscovered = previous.facts.pages;
  c.databases = previous.count + drafts.length - previous.facts.pages;
  c.pagesUnchanged = previous.facts.pages - stale.filter((e) => e.kind === "page").length;
  c.pagesFailed = Object.keys(failures).length;
  return true;
}
