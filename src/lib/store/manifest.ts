import type { DatabaseRow } from "../bundle-types";

/** One synced object in a published generation. */
export interface ManifestEntry {
  id: string;
  kind: "page" | "database";
  /** URL path without leading slash; "" is the home page. */
  slug: string;
  /** This entry's own part of the slug (from a `Slug` property, else the title). */
  segment: string;
  title: string;
  /** The entry through which the walk reached this one (its place in the site tree). */
  parentId: string | null;
  lastEditedTime: string;
  /** Generation whose bundle key holds this entry's content. */
  bundleGen: string;
  /** Child pages, child databases, linked pages (pages) or rows (databases), in document order. */
  children: string[];
  /** For databases: their data sources. */
  dataSourceIds?: string[];
  /** For database rows: what the database listing shows, so an unchanged row needs no refetch. */
  row?: DatabaseRow;
  /** For databases: hash of the listing last written, so an unchanged listing is not rewritten. */
  contentHash?: string;
  /** The last sync could not refresh this entry; the bundle is the last good one. */
  stale?: true;
}

export interface Manifest {
  schema: number;
  generation: string;
  jobId: string;
  publishedAt: string;
  rootId: string;
  /** Start of the sync that produced this generation (Notion time); the next incremental sync starts here. */
  watermark: string;
  entries: Record<string, ManifestEntry>;
}

export const MANIFEST_SCHEMA = 1;
