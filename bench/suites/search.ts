/**
 * Full-text libraries compared on the documents our index job builds (bench/search-corpus.ts): build
 * time, serialised size, load time and query latency at 1,000 and 10,000 pages, and the features the
 * site needs (prefix, one typo, title boost, accent folding, chunked serialisation). MiniSearch runs
 * with our own configuration (src/lib/search/search-index.ts), so its figures are the shipped ones.
 */
import { create, insert, load as oramaLoad, save as oramaSave, search as oramaSearch } from "@orama/orama";
import { Charset, Document, type DocumentOptions } from "flexsearch";
import { chunkText, MAX_CHUNK_BYTES } from "@/lib/search/chunks";
import type { SearchDocument } from "@/lib/search/documents";
import { SearchIndex } from "@/lib/search/search-index";
import { figure, type Figure } from "../figures";
import { searchCorpus } from "../search-corpus";

interface Candidate {
  name: string;
  build(docs: SearchDocument[]): void;
  /** The library's serialised form, as the pieces it produces (one string, or its own parts). */
  serialize(): Promise<string[]>;
  load(pieces: string[]): void;
  query(q: string, limit: number): string[];
}

function miniSearch(): Candidate {
  let index = SearchIndex.empty();
  return {
    name: "minisearch",
    build(docs) {
      for (const d of docs) index.put({ ...d, sig: "", tg: "" });
    },
    serialize: async () => [await index.toJSON()],
    load(pieces) {
      index = SearchIndex.fromJSON(pieces.join(""));
    },
    query: (q, limit) => index.search(q, limit).map((h) => h.id),
  };
}

function orama(): Candidate {
  const schema = { id: "string", title: "string", text: "string" } as const;
  let db = create({ schema });
  return {
    name: "orama",
    build(docs) {
      for (const d of docs) void insert(db, { id: d.id, title: d.title, text: d.text });
    },
    serialize: () => Promise.resolve([JSON.stringify(oramaSave(db))]),
    load(pieces) {
      db = create({ schema });
      oramaLoad(db, JSON.parse(pieces.join("")) as Parameters<typeof oramaLoad>[1]);
    },
    query(q, limit) {
      const r = oramaSearch(db, {
        term: q,
        properties: ["title", "text"],
        boost: { title: 3 },
        tolerance: 1,
        limit,
      });
      if (r instanceof Promise) throw new Error("orama answered asynchronously");
      return r.hits.map((h) => h.id);
    },
  };
}

function flexSearch(): Candidate {
  const options: DocumentOptions = {
    document: { id: "id", index: ["title", "text"] },
    tokenize: "forward",
    encoder: Charset.LatinBalance,
  };
  let doc = new Document(options);
  return {
    name: "flexsearch",
    build(docs) {
      for (const d of docs) doc.add({ id: d.id, title: d.title, text: d.text });
    },
    async serialize() {
      const pieces: string[] = [];
      // Synchronous or not depending on the build: wait either way.
      await Promise.resolve(
        doc.export((key: string, data: string) => {
          pieces.push(JSON.stringify([key, data]));
        }) as unknown,
      );
      return pieces;
    },
    load(pieces) {
      doc = new Document(options);
      for (const p of pieces) {
        const [key, data] = JSON.parse(p) as [string, string];
        doc.import(key, data);
      }
    },
    query(q, limit) {
      // No per-field boost: title hits are listed before body hits, then merged.
      const fields = doc.search(q, { limit, suggest: true }) as unknown as {
        field: string;
        result: string[];
      }[];
      const order = ["title", "text"];
      const ids = fields
        .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))
        .flatMap((f) => f.result);
      return [...new Set(ids)].slice(0, limit);
    },
  };
}

const CANDIDATES = [miniSearch, orama, flexSearch];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The relevance features the site needs, checked on a tiny corpus with each library's best options. */
function features(make: () => Candidate) {
  const c = make();
  const doc = (id: string, title: string, text: string): SearchDocument => ({
    id,
    title,
    text,
    breadcrumb: [],
    url: `/${id}`,
  });
  c.build([
    doc("title", "Crème brûlée at the lighthouse", "A recipe."),
    doc("body", "Desserts", "We also tried a crème brûlée near the lighthouse keeper's house."),
    doc("other", "Gardening", "Tomatoes and basil."),
  ]);
  const top = (q: string) => c.query(q, 5);
  return {
    prefix: top("lightho").includes("title"),
    typo:
      top("lighthuose").length === 0
        ? top("ligthouse").includes("title")
        : top("lighthuose").includes("title"),
    titleBoost: top("lighthouse")[0] === "title",
    accents: top("creme brulee").includes("title") && top("CRÈME").includes("body"),
  };
}

async function measure(make: () => Candidate, docs: SearchDocument[], queries: string[]) {
  const c = make();
  const t0 = performance.now();
  c.build(docs);
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const pieces = await c.serialize();
  const serializeMs = performance.now() - t1;
  const bytes = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
  const largestPiece = Math.max(...pieces.map((p) => Buffer.byteLength(p)));
  // What goes to Redis: pieces over 1 MB are cut further.
  const chunks = pieces.flatMap((p) => chunkText(p, MAX_CHUNK_BYTES)).length;
  const t2 = performance.now();
  c.load(pieces);
  const loadMs = performance.now() - t2;
  for (const q of queries.slice(0, 20)) c.query(q, 10); // warm-up
  const latencies: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const s = performance.now();
      found += c.query(q, 10).length > 0 ? 1 : 0;
      latencies.push(performance.now() - s);
    }
  }
  return {
    buildMs,
    serializeMs,
    loadMs,
    bytes,
    pieces: pieces.length,
    largestPiece,
    chunks,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    hitRate: found / latencies.length,
  };
}

/**
 * The shipped library's target at 1,000 pages: a query well inside a request's budget. At 10,000 the
 * figures are context: broad prefix queries cost more, and docs/search.md says so.
 */
const QUERY_P99_MS = 50;
const TARGET_PAGES = 1_000;

export async function searchSuite(sizes: number[], log: (s: string) => void) {
  const figures: Figure[] = [];
  const runs: Record<string, unknown> = {};
  const featureTable: Record<string, ReturnType<typeof features>> = {};
  for (const make of CANDIDATES) featureTable[make().name] = features(make);
  for (const pages of sizes) {
    const { documents, queries } = searchCorpus(pages);
    for (const make of CANDIDATES) {
      const name = make().name;
      log(`search: ${name}, ${pages} pages`);
      const r = await measure(make, documents, queries);
      runs[`${name}.${pages}`] = r;
      const shipped = name === "minisearch" && pages <= TARGET_PAGES;
      figures.push(
        figure({
          id: `search.${name}.${pages}.p99`,
          label: `search ${name} ${pages} pages: query p99`,
          value: r.p99,
          unit: "ms",
          digits: 2,
          ...(shipped ? { check: { op: "<=", limit: QUERY_P99_MS } } : {}),
          note: `p50 ${r.p50.toFixed(2)} ms; build ${r.buildMs.toFixed(0)} ms; load ${r.loadMs.toFixed(0)} ms; index ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${r.chunks} chunk(s) ≤ 1 MB`,
        }),
        figure({
          id: `search.${name}.${pages}.bytes`,
          label: `search ${name} ${pages} pages: index size`,
          value: r.bytes / 2 ** 20,
          unit: "MiB",
          digits: 2,
        }),
      );
    }
  }
  return { figures, runs, features: featureTable };
}
