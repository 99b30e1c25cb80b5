import type { DraftInfo, PlannedEntry, PreviousGeneration } from "../store/manifest";
import type { SyncState } from "./types";

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
  if (state.plan !== "changes" && state.mode !== "page") return null;
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
