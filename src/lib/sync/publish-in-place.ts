import type { DraftInfo, PlannedEntry, PlannedManifest } from "../store/manifest";
import type { SyncState } from "./types";

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((id, i) => id === b![i]);

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
 */
export function changedInPlace(
  state: SyncState,
  previous: PlannedManifest,
  walked: Map<string, PlannedEntry>,
  gone: ReadonlySet<string>,
): Map<string, PlannedEntry> | null {
  if (state.plan !== "changes" && state.mode !== "page") return null;
  const now = Date.parse(state.startedAt);
  const due = (draft: DraftInfo | undefined) =>
    draft?.reason === "scheduled" && Date.parse(draft.publishAt ?? "") <= now;
  for (const draft of previous.drafts.values()) if (due(draft.draft)) return null;
  const before = (id: string) => previous.entries.get(id) ?? previous.drafts.get(id);
  for (const id of gone) if (before(id)) return null;
  for (const entry of walked.values()) {
    const old = before(entry.id);
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
    if (!entry) return before(id)?.draft;
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
    entry.slug = before(entry.id)!.slug;
    if (draft) entry.draft = draft;
    else delete entry.draft;
  }
  return walked;
}
