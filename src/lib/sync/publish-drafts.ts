import type { PlannedEntry } from "../store/manifest";
import type { SyncState } from "./types";

/**
 * Apply the publishing rules to a generation's entries before it is published (no I/O):
 * - a scheduled draft whose date has passed (by the sync's clock) is public now, even when it was not
 *   walked (a page sync) — no edit needed;
 * - everything below a draft is a draft too, so a draft's slug never shows through its children.
 * Returns the public entries and the drafts, apart, and the bundles that must move to the key space
 * that matches (private for drafts): `moveBundle` does, `movedBundle` records it on the entry.
 */
export function applyPublishingRules(
  state: SyncState,
  entries: Map<string, PlannedEntry>,
  rootId: string,
): {
  publicEntries: Map<string, PlannedEntry>;
  drafts: Map<string, PlannedEntry>;
  moves: { entry: PlannedEntry; toPrivate: boolean }[];
} {
  const now = Date.parse(state.startedAt);
  for (const entry of entries.values()) {
    if (entry.draft?.reason === "parent") delete entry.draft;
    const at = entry.draft?.reason === "scheduled" ? Date.parse(entry.draft.publishAt ?? "") : NaN;
    if (at <= now) delete entry.draft;
  }
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const parent = entries.get(queue[i]!);
    if (!parent) continue;
    for (const id of parent.children) {
      const child = entries.get(id);
      if (!child || child.parentId !== parent.id) continue;
      if (parent.draft && !child.draft) child.draft = { reason: "parent" };
      queue.push(id);
    }
  }
  const publicEntries = new Map<string, PlannedEntry>();
  const drafts = new Map<string, PlannedEntry>();
  const moves: { entry: PlannedEntry; toPrivate: boolean }[] = [];
  for (const entry of entries.values()) {
    if (!entry.draft) delete entry.draft;
    const isDraft = Boolean(entry.draft);
    if (isDraft !== Boolean(entry.privateBundle)) moves.push({ entry, toPrivate: isDraft });
    (isDraft ? drafts : publicEntries).set(entry.id, entry);
  }
  return { publicEntries, drafts, moves };
}
