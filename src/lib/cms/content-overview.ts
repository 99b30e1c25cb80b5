import type { Store } from "../store/redis";
import { readDrafts, type DraftListing } from "../store/drafts";
import { readManifest } from "../store/site-reader";
import { readSlugHistory } from "../store/slug-history";

export interface SlugHistoryRow {
  id: string;
  title: string;
  /** Current slug; null when the page is not public now (a draft, trashed or gone). */
  slug: string | null;
  /** Older slugs that lead to it (or, for a non-public page, to nothing). */
  previous: string[];
}

export interface ContentOverview {
  scheduled: DraftListing[];
  drafts: DraftListing[];
  history: SlugHistoryRow[];
}

/** The dashboard's content page: drafts, scheduled rows with their publish times, slug history. */
export async function loadContentOverview(store: Store): Promise<ContentOverview> {
  const [drafts, history, manifest] = await Promise.all([
    readDrafts(store),
    readSlugHistory(store),
    readManifest(store),
  ]);
  const draftById = new Map(drafts.map((d) => [d.id, d]));
  const byId = new Map<string, string[]>();
  for (const [slug, id] of Object.entries(history)) byId.set(id, [...(byId.get(id) ?? []), slug]);
  const rows: SlugHistoryRow[] = [];
  for (const [id, slugs] of byId) {
    const entry = manifest?.entries[id];
    const current = entry?.slug ?? null;
    const previous = slugs.filter((s) => s !== current && s !== draftById.get(id)?.slug).sort();
    if (previous.length === 0) continue; // a page that never moved has no history to show
    rows.push({
      id,
      title: entry?.title ?? draftById.get(id)?.title ?? "(not on the site)",
      slug: current,
      previous,
    });
  }
  rows.sort((a, b) => a.title.localeCompare(b.title));
  return {
    scheduled: drafts.filter((d) => d.reason === "scheduled"),
    drafts: drafts.filter((d) => d.reason !== "scheduled"),
    history: rows,
  };
}
