import { foldText, wordSpans } from "./text-fold";

/** A piece of a snippet: plain text, or a matched word to highlight. */
export interface SnippetPart {
  text: string;
  mark?: true;
}

const WINDOW = 180;

/**
 * The part of `text` with the most matched words (within about WINDOW characters), cut at word
 * boundaries, with each word that matches a term marked. `terms` are folded index terms and the
 * folded query words: a word matches when it equals one or starts with one (prefix search).
 */
export function snippetParts(text: string, terms: readonly string[], window = WINDOW): SnippetPart[] {
  const wanted = [...new Set(terms.map(foldText).filter(Boolean))];
  const spans = wordSpans(text);
  const isHit = (folded: string) =>
    wanted.some((t) => folded === t || (t.length >= 2 && folded.startsWith(t)));
  const hits = spans.filter((s) => isHit(s.folded));

  // Slide over the hits: the window starting at hit i covers hits i..j within `window` characters.
  let best = { start: 0, count: 0 };
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j]!.end - hits[i]!.start <= window) j++;
    if (j - i > best.count) best = { start: hits[i]!.start, count: j - i };
  }
  // Some context before the first hit, starting at a word.
  let start = best.count > 0 ? Math.max(0, best.start - 40) : 0;
  const firstWord = spans.find((s) => s.start >= start);
  if (start > 0 && firstWord) start = firstWord.start;
  let end = Math.min(text.length, start + window);
  const lastWord = [...spans].reverse().find((s) => s.end <= end);
  if (end < text.length && lastWord && lastWord.end > start) end = lastWord.end;

  const parts: SnippetPart[] = [];
  let at = start;
  const push = (piece: string, mark?: true) => {
    if (!piece) return;
    // Blocks are joined by newlines: show the seam, so two paragraphs do not read as one sentence.
    const normal = piece.replace(/\s*\n\s*/g, " · ").replace(/\s+/g, " ");
    const last = parts.at(-1);
    if (!mark && last && !last.mark) last.text += normal;
    else parts.push(mark ? { text: normal, mark } : { text: normal });
  };
  if (start > 0) push("… ");
  for (const hit of hits) {
    if (hit.start < start || hit.end > end) continue;
    push(text.slice(at, hit.start));
    push(text.slice(hit.start, hit.end), true);
    at = hit.end;
  }
  push(text.slice(at, end));
  if (end < text.length) push(" …");
  return parts;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The snippet as HTML: the page's text escaped, matched words in `<mark>`. */
export function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join("");
}
