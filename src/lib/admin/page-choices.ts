import type { Manifest } from "../store/manifest";

export interface PageChoice {
  /** The Notion id: what the page sync is asked for (stable even if the slug changes). */
  id: string;
  label: string;
}

/** Entries of the published site for "Sync one page", ordered by their path. */
export function pageChoices(manifest: Manifest | null): PageChoice[] {
  if (!manifest) return [];
  return Object.values(manifest.entries)
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((e) => ({
      id: e.id,
      label: `${e.title || "Untitled"} — /${e.slug}${e.kind === "database" ? " (database)" : ""}`,
    }));
}
