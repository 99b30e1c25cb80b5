/**
 * A synthetic site in our bundle shape for the search benchmark: pages with titles, headings and
 * paragraphs drawn from a seeded vocabulary, a fifth of them in French (accents), so every library
 * indexes exactly the same documents the index job would build.
 */
import { BUNDLE_SCHEMA, type BlockNode, type PageBundle } from "@/lib/bundle-types";
import { searchDocument, type SearchDocument } from "@/lib/search/documents";

const FRENCH = [
  "été",
  "élève",
  "château",
  "forêt",
  "crème",
  "brûlée",
  "café",
  "déjà",
  "fenêtre",
  "hôpital",
  "île",
  "garçon",
  "noël",
  "naïve",
  "français",
  "société",
  "théâtre",
  "où",
  "très",
  "cœur",
  "bientôt",
  "goût",
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function vocabulary(random: () => number, size: number): string[] {
  const syllables = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "to",
    "su",
    "vi",
    "de",
    "po",
    "ri",
    "an",
    "el",
    "or",
    "us",
  ];
  const out = new Set<string>();
  while (out.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
    out.add(w);
  }
  return [...out];
}

export interface SearchCorpus {
  documents: SearchDocument[];
  /** Queries that have hits: single words, two-word phrases, prefixes, accented and unaccented forms. */
  queries: string[];
}

export function searchCorpus(pages: number, seed = 42): SearchCorpus {
  const random = rng(seed);
  const vocab = vocabulary(random, 4000);
  // Zipf-like: a few words are common, most are rare, as in real prose.
  const word = (french: boolean) =>
    french && random() < 0.3
      ? FRENCH[Math.floor(random() * FRENCH.length)]!
      : vocab[Math.floor(vocab.length * random() ** 2.5)]!;
  const sentence = (n: number, french: boolean) => Array.from({ length: n }, () => word(french)).join(" ");
  const span = (text: string) => [{ text }];
  const documents: SearchDocument[] = [];
  for (let p = 0; p < pages; p++) {
    const french = p % 5 === 0;
    const title = sentence(2 + Math.floor(random() * 3), french);
    const blocks: BlockNode[] = [];
    const paragraphs = 4 + Math.floor(random() * 20);
    for (let b = 0; b < paragraphs; b++) {
      const id = `b${p}-${b}`;
      blocks.push(
        b % 6 === 0
          ? { id, type: "heading_2", text: span(sentence(4, french)), toggleable: false }
          : { id, type: "paragraph", text: span(sentence(10 + Math.floor(random() * 40), french)) },
      );
    }
    const bundle: PageBundle = {
      kind: "page",
      schema: BUNDLE_SCHEMA,
      id: `page-${p}`,
      title,
      properties: {},
      parent: { kind: "page", id: "root" },
      createdTime: "2026-01-01T00:00:00.000Z",
      lastEditedTime: "2026-01-01T00:00:00.000Z",
      inTrash: false,
      blocks,
      description: "",
      syncedAt: "2026-01-01T00:00:00.000Z",
    };
    const section = `Section ${p % 20}`;
    documents.push(
      searchDocument(bundle, { title, slug: `s${p % 20}/page-${p}`, breadcrumb: ["Home", section] }),
    );
  }
  const queries: string[] = [];
  for (let i = 0; i < 200; i++) {
    const kind = i % 5;
    const w = vocab[Math.floor(vocab.length * random() ** 2.5)]!;
    if (kind === 0) queries.push(w);
    else if (kind === 1) queries.push(`${w} ${vocab[Math.floor(vocab.length * random() ** 2.5)]!}`);
    else if (kind === 2) queries.push(w.slice(0, 3));
    else if (kind === 3) queries.push(FRENCH[i % FRENCH.length]!);
    else queries.push(FRENCH[i % FRENCH.length]!.normalize("NFD").replace(/\p{M}/gu, ""));
  }
  return { documents, queries };
}
