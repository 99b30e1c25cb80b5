import type { Manifest, ManifestEntry } from "../store/manifest";
import type { SearchIndex } from "./search-index";

/** A manifest entry to (re)index, with where it sits in the site. */
export interface IndexTarget {
  entry: ManifestEntry;
  title: string;
  slug: string;
  breadcrumb: string[];
  /** What the document is built from: when it is unchanged, the document is not touched. */
  sig: string;
}

export interface IndexPlan {
  put: IndexTarget[];
  remove: string[];
  unchanged: number;
}

function breadcrumbOf(manifest: Manifest, entry: ManifestEntry): string[] {
  const titles: string[] = [];
  const seen = new Set<string>([entry.id]);
  let parentId = entry.parentId;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = manifest.entries[parentId];
    if (!parent) break;
    titles.unshift(parent.title);
    parentId = parent.parentId;
  }
  return titles;
}

/**
 * What to change in `index` so it holds exactly the published entries of `manifest`. Only the public
 * generation is ever indexed: drafts, trashed pages and pages outside the root are not in it, so a
 * document whose page left it is removed here.
 */
export function planIndex(index: SearchIndex, manifest: Manifest): IndexPlan {
  const plan: IndexPlan = { put: [], remove: [], unchanged: 0 };
  for (const entry of Object.values(manifest.entries)) {
    const breadcrumb = breadcrumbOf(manifest, entry);
    const sig = JSON.stringify([entry.bundleGen, entry.slug, entry.title, breadcrumb]);
    if (index.stored(entry.id)?.sig === sig) plan.unchanged++;
    else plan.put.push({ entry, title: entry.title, slug: entry.slug, breadcrumb, sig });
  }
  for (const id of index.ids()) if (!manifest.entries[id]) plan.remove.push(id);
  return plan;
}
