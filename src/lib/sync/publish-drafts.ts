import { moveBundle } from "../store/drafts";
import type { ManifestEntry } from "../store/manifest";
import type { Store } from "../store/redis";
import { recordSlugs, scanSlugHistory } from "../store/slug-history";
import type { SyncState } from "./types";

/**
 * Apply the publishing rules to a generation's entries before it is published:
 * - a scheduled draft whose date has passed (by the sync's clock) is public now, even when it was not
 *   walked (a page sync) — no edit needed;
 * - everything below a draft is a draft too, so a draft's slug never shows through its children;
 * - bundles move to the key space that matches (private for drafts).
 * Returns the public entries and the drafts, apart.
 */
export async function splitDrafts(
  store: Store,
  state: SyncState,
  entries: Map<string, ManifestEntry>,
  rootId: string,
): Promise<{ publicEntries: Map<string, ManifestEntry>; drafts: Map<string, ManifestEntry> }> {
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
  const publicEntries = new Map<string, ManifestEntry>();
  const drafts = new Map<string, ManifestEntry>();
  for (const entry of entries.values()) {
    if (!entry.draft) delete entry.draft;
    const isDraft = Boolean(entry.draft);
    if (isDraft !== Boolean(entry.privateBundle)) {
      const bytes = await moveBundle(store, entry, isDraft, state.generation);
      if (bytes !== null) state.counters.bytesWritten += bytes;
    }
    (isDraft ? drafts : publicEntries).set(entry.id, entry);
  }
  return { publicEntries, drafts };
}

/**
 * Record every slug the generation holds in the slug history, then compute its redirects: each old slug
 * of a page that is public now (under another slug) and that no entry holds today. A new page that took
 * an old slug wins; an old slug of a draft or a vanished page redirects nowhere (404).
 */
export async function slugRedirects(
  store: Store,
  publicEntries: Map<string, ManifestEntry>,
  drafts: Map<string, ManifestEntry>,
): Promise<Record<string, string>> {
  const all = [...publicEntries.values(), ...drafts.values()];
  await recordSlugs(store, all);
  const taken = new Set(all.map((e) => e.slug));
  const out: Record<string, string> = {};
  for await (const page of scanSlugHistory(store)) {
    for (const [slug, id] of page) {
      const entry = publicEntries.get(id);
      if (!entry || taken.has(slug) || entry.slug === slug) continue;
      out[slug] = `${entry.slug}\t${id}`;
    }
  }
  return out;
}
