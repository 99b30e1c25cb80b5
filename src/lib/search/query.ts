import type { Store } from "../store/redis";
import { readSearchChunks, readSearchTexts, type SearchMeta } from "../store/search-index";
import { SearchIndex } from "./search-index";
import { snippetHtml, snippetParts, type SnippetPart } from "./snippet";
import { words } from "./text-fold";

export interface SearchResultView {
  title: string;
  url: string;
  /** HTML: the page's text escaped, matched words in `<mark>`. */
  snippet: string;
  breadcrumb: string[];
  parts: SnippetPart[];
}

/** Longest query looked at: longer input is cut, not refused (people paste sentences). */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 12;

/**
 * The index as this process holds it: one generation at a time, replaced when a newer one is live.
 * Memory is bounded by one index, whatever queries arrive; results are not cached (a query costs
 * ~1 ms in memory, and arbitrary query strings must not fill anything).
 */
let loaded: { generation: string; index: Promise<SearchIndex> } | null = null;

async function indexOf(store: Store, meta: SearchMeta): Promise<SearchIndex> {
  // Keyed by the store's prefix too: one process may serve several sites (or test runs).
  const generation = `${store.keys.prefix}:${meta.generation}`;
  if (loaded?.generation !== generation) {
    const index = readSearchChunks(store, meta.generation, meta.chunks).then((c) =>
      SearchIndex.fromJSON(c.join("")),
    );
    loaded = { generation, index };
    // A failed load is not kept: the next query tries again.
    index.catch(() => {
      if (loaded?.index === index) loaded = null;
    });
  }
  return loaded.index;
}

/** Trim, collapse spaces, cut to MAX_QUERY_CHARS and MAX_QUERY_WORDS words. */
export function normalizeQuery(q: string): string {
  return words(q.slice(0, MAX_QUERY_CHARS)).slice(0, MAX_QUERY_WORDS).join(" ");
}

/** Run a query against the live index `meta` names; an empty site or query finds nothing. */
export async function searchSite(
  store: Store,
  meta: SearchMeta | null,
  q: string,
  limit: number,
): Promise<SearchResultView[]> {
  const query = normalizeQuery(q);
  if (!meta || !query) return [];
  const index = await indexOf(store, meta);
  // A few extra hits: a result whose text a newer generation already replaced is dropped below.
  const hits = index.search(query, limit + 5);
  const texts = await readSearchTexts(store, hits);
  const queryWords = words(query);
  const out: SearchResultView[] = [];
  hits.forEach((hit, i) => {
    const text = texts[i];
    if (text === null || text === undefined || out.length >= limit) return;
    const parts = snippetParts(text, [...hit.terms, ...queryWords]);
    out.push({
      title: hit.title,
      url: hit.url,
      breadcrumb: hit.breadcrumb,
      parts,
      snippet: snippetHtml(parts),
    });
  });
  return out;
}
