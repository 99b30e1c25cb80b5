/**
 * One folding rule for indexing, querying and highlighting, so "eté", "Été" and "ete" are the same word
 * everywhere: decompose (NFD), drop combining marks, lower-case. Ligatures French uses are spelled out.
 */
const LIGATURES: Record<string, string> = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae", ß: "ss" };

export function foldText(text: string): string {
  return text
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c] ?? c)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Words: runs of letters and digits (apostrophes and hyphens split, as "l'été" → "l", "ete"). */
const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Each word of `text` with its position in the original string, for highlighting. */
export function wordSpans(text: string): { start: number; end: number; folded: string }[] {
  const out: { start: number; end: number; folded: string }[] = [];
  for (const match of text.matchAll(WORD)) {
    out.push({ start: match.index, end: match.index + match[0].length, folded: foldText(match[0]) });
  }
  return out;
}
