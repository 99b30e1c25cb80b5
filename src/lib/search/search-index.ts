import MiniSearch, { type Options, type SearchResult } from "minisearch";
import type { SearchDocument } from "./documents";
import { foldText, words } from "./text-fold";

/**
 * The full-text index (MiniSearch: chosen by measurement, see docs/dependencies.md). The index stores
 * only what a result needs besides its snippet: title, URL, breadcrumb, and two bookkeeping fields:
 * `sig` (what the document was built from, so an unchanged page is never re-indexed) and `tg` (the
 * index generation that wrote its text, where the snippet is read from).
 */
export interface StoredFields {
  title: string;
  url: string;
  breadcrumb: string[];
  sig: string;
  tg: string;
}

export type IndexedDocument = SearchDocument & { sig: string; tg: string };

export interface SearchHit extends StoredFields {
  id: string;
  score: number;
  /** The indexed (folded) words that matched, for highlighting. */
  terms: string[];
}

/** Titles count three times as much as body text. */
export const TITLE_BOOST = 3;

function tokenize(text: string): string[] {
  return words(text);
}

function processTerm(term: string): string | null {
  const folded = foldText(term);
  return folded.length > 0 ? folded : null;
}

const OPTIONS: Options<IndexedDocument> = {
  fields: ["title", "text"],
  storeFields: ["title", "url", "breadcrumb", "sig", "tg"],
  tokenize,
  processTerm,
  // Vacuuming runs before each save instead: a background vacuum would race the serialisation.
  autoVacuum: false,
  searchOptions: {
    boost: { title: TITLE_BOOST },
    combineWith: "AND",
    // As you type: every word may be the start of a longer one (two letters at least, or "a" finds all).
    prefix: (term) => term.length >= 2,
    // One typo (an edit distance of 1) for words long enough that it is still the same word.
    fuzzy: (term) => (term.length >= 4 ? 1 : 0),
    // An exact match ranks above a prefix or fuzzy one.
    weights: { prefix: 0.5, fuzzy: 0.3 },
  },
};

export class SearchIndex {
  private constructor(private readonly mini: MiniSearch<IndexedDocument>) {}

  static empty(): SearchIndex {
    return new SearchIndex(new MiniSearch(OPTIONS));
  }

  static fromJSON(json: string): SearchIndex {
    return new SearchIndex(MiniSearch.loadJSON(json, OPTIONS));
  }

  get size(): number {
    return this.mini.documentCount;
  }

  stored(id: string): StoredFields | undefined {
    return this.mini.getStoredFields(id) as StoredFields | undefined;
  }

  ids(): string[] {
    // MiniSearch keeps its id map private; the stored fields are keyed by internal id only.
    const ids: string[] = [];
    const map = (this.mini as unknown as { _documentIds: Map<number, string> })._documentIds;
    for (const id of map.values()) ids.push(id);
    return ids;
  }

  /** Add a document, or replace the one with the same id. */
  put(doc: IndexedDocument): void {
    if (this.mini.has(doc.id)) this.mini.discard(doc.id);
    this.mini.add(doc);
  }

  remove(id: string): boolean {
    if (!this.mini.has(id)) return false;
    this.mini.discard(id);
    return true;
  }

  search(query: string, limit: number): SearchHit[] {
    const results: SearchResult[] = this.mini.search(query);
    return results.slice(0, limit).map((r) => {
      const stored = r as unknown as StoredFields;
      return {
        id: String(r.id),
        score: r.score,
        terms: r.terms,
        title: stored.title,
        url: stored.url,
        breadcrumb: stored.breadcrumb,
        sig: stored.sig,
        tg: stored.tg,
      };
    });
  }

  /** Serialise (after dropping discarded documents' postings, so the index does not grow with edits). */
  async toJSON(): Promise<string> {
    if (this.mini.dirtCount > 0) await this.mini.vacuum();
    return JSON.stringify(this.mini);
  }
}
