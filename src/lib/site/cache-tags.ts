import { createHash } from "node:crypto";
import type { Manifest, PlannedEntry, PlannedManifest } from "../store/manifest";
import { normalizeNotionId } from "./notion-id";

/*
 * The tag scheme of the site's cache (Next's `cacheTag`). Framework-free, so the sync job can compute
 * what a publish changed without importing Next:
 *
 *   site            every cached read (the first publish, a startup with another generation)
 *   page:<id>       a page's or database's own render (content, title, slug, icon, listing rows)
 *   ref:<id>        every render that links to <id> (its title and slug are shown there)
 *   slug:<slug>     whatever is read at that slug: the page there, a cached 404, a breadcrumb step
 *   site-title      the root page's title, shown on every page
 *   refs:many       renders that link to more pages than one `cacheTag` call can name
 *   sitemap         the sitemap
 *   files           the published file index behind /api/files
 */
export const SITE_TAG = "site";
export const SITE_TITLE_TAG = "site-title";
export const MANY_REFS_TAG = "refs:many";
export const SITEMAP_TAG = "sitemap";
export const FILES_TAG = "files";

/** `cacheTag` takes at most 128 tags per call; keep room for the fixed ones. */
const MAX_REF_TAGS = 100;
const MAX_TAG_LENGTH = 256;

const idOf = (id: string) => normalizeNotionId(id) ?? id;

export const pageTag = (id: string) => `page:${idOf(id)}`;
export const refTag = (id: string) => `ref:${idOf(id)}`;

/** Slugs can be long (deep paths, non-Latin titles); a tag may not pass 256 characters. */
export function slugTag(slug: string): string {
  const tag = `slug:${slug}`;
  if (tag.length <= MAX_TAG_LENGTH) return tag;
  return `slug#${createHash("sha256").update(slug).digest("base64url")}`;
}

/** "a/b/c" → ["", "a", "a/b", "a/b/c"]: the slugs a page at "a/b/c" reads (home, breadcrumbs, itself). */
export function slugChain(slug: string): string[] {
  const parts = slug ? slug.split("/") : [];
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

/** The tags of one page read: its own, its slug path, the site title and every page it links to. */
export function pageReadTags(read: { id?: string; slug: string; refs: readonly string[] }): string[] {
  const tags = [SITE_TAG, SITE_TITLE_TAG, ...new Set(slugChain(read.slug).map(slugTag))];
  if (read.id) tags.push(pageTag(read.id));
  const refs = [...new Set(read.refs.map(refTag))];
  if (refs.length > MAX_REF_TAGS) tags.push(MANY_REFS_TAG);
  else tags.push(...refs);
  return tags;
}

/** A manifest's entries by id, whether read whole (an object) or planned (a map). */
function byId(entries: Manifest["entries"] | PlannedManifest["entries"]): ReadonlyMap<string, PlannedEntry> {
  return entries instanceof Map ? entries : new Map(Object.entries(entries));
}

function shownChanged(a: PlannedEntry, b: PlannedEntry): boolean {
  return a.slug !== b.slug || a.title !== b.title;
}

/**
 * A generation before a publish, read a page of entries at a time: one too big to hold whole beside the
 * next (a full sync's previous generation).
 */
export interface ScannedGeneration {
  rootId: string;
  generation: string;
  /** Its public entries, a page at a time (a page may repeat an entry, as HSCAN may). */
  scan: () => AsyncIterable<readonly PlannedEntry[]> | Iterable<readonly PlannedEntry[]>;
}

/** The tags between two generations, fed the earlier one's public entries one by one. */
class TagDiff {
  private readonly tags = new Set<string>();
  /** Entries of `next` that the earlier generation showed too. */
  private readonly kept = new Set<string>();
  private shown = false;
  private rootBefore: PlannedEntry | undefined;
  private readonly shownNext: ReadonlyMap<string, PlannedEntry>;

  constructor(
    private readonly previous: { rootId: string; generation: string },
    private readonly next: Manifest | PlannedManifest,
  ) {
    this.shownNext = byId(next.entries);
  }

  compare(before: PlannedEntry): void {
    const id = before.id;
    if (id === this.previous.rootId) this.rootBefore = before;
    const after = this.shownNext.get(id);
    if (!after) {
      this.tags.add(pageTag(id)).add(refTag(id)).add(slugTag(before.slug));
      this.shown = true;
      return;
    }
    this.kept.add(after.id);
    if (after.bundleGen !== before.bundleGen) this.tags.add(pageTag(id));
    if (shownChanged(before, after)) {
      this.tags.add(pageTag(id)).add(refTag(id)).add(slugTag(before.slug)).add(slugTag(after.slug));
      this.shown = true;
    }
  }

  result(): string[] {
    const { tags, previous, next } = this;
    for (const [id, after] of this.shownNext) {
      if (this.kept.has(id)) continue;
      tags.add(pageTag(id)).add(refTag(id)).add(slugTag(after.slug));
      this.shown = true;
    }
    const rootAfter = this.shownNext.get(next.rootId);
    if (previous.rootId !== next.rootId || this.rootBefore?.title !== rootAfter?.title)
      tags.add(SITE_TITLE_TAG);
    if (this.shown) tags.add(MANY_REFS_TAG);
    if (tags.size > 0 || previous.generation !== next.generation) tags.add(SITEMAP_TAG).add(FILES_TAG);
    return [...tags];
  }
}

/**
 * The tags a publish invalidates, from the manifests before and after it. A page is re-rendered when its
 * bundle, title or slug changed, when a page it links to was renamed, moved, added or removed, when a
 * slug on its breadcrumb path changed hands, or when the site title changed; nothing else is.
 */
export function publishedTags(
  previous: Manifest | PlannedManifest | null,
  next: Manifest | PlannedManifest,
): string[] {
  if (!previous) return [SITE_TAG];
  const diff = new TagDiff(previous, next);
  for (const before of byId(previous.entries).values()) diff.compare(before);
  return diff.result();
}

/** `publishedTags`, with the generation before read whole or a page at a time (`ScannedGeneration`). */
export async function publishedTagsOf(
  previous: Manifest | PlannedManifest | ScannedGeneration | null,
  next: Manifest | PlannedManifest,
): Promise<string[]> {
  if (!previous || !("scan" in previous)) return publishedTags(previous, next);
  const diff = new TagDiff(previous, next);
  for await (const page of previous.scan()) for (const before of page) diff.compare(before);
  return diff.result();
}
