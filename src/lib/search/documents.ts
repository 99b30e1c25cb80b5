import type { BlockNode, Bundle, Span } from "../bundle-types";

/** What the index holds for one published page or database. Built from our own bundles, never Notion. */
export interface SearchDocument {
  id: string;
  title: string;
  /** Plain text of the page's blocks, capped (see MAX_TEXT_CHARS). */
  text: string;
  /** Titles of the pages above this one, root first. */
  breadcrumb: string[];
  /** Site path, e.g. "/docs/guides". */
  url: string;
}

/** Beyond this a page's text is not indexed: a giant page must not make the index (or a snippet) huge. */
export const MAX_TEXT_CHARS = 100_000;

const spansText = (spans: readonly Span[]) => spans.map((s) => s.text).join("");

function blockText(block: BlockNode, out: string[]): void {
  switch (block.type) {
    case "code":
      out.push(spansText(block.text), spansText(block.caption));
      break;
    case "image":
    case "video":
    case "file":
    case "pdf":
    case "audio":
      out.push(spansText(block.caption), block.name ?? "");
      break;
    case "bookmark":
    case "embed":
    case "link_preview":
      out.push(spansText(block.caption));
      break;
    case "table":
      for (const row of block.rows) out.push(row.map(spansText).join(" "));
      break;
    case "equation":
      out.push(block.expression);
      break;
    case "child_page":
    case "child_database":
      out.push(block.title);
      break;
    default:
      if ("text" in block) out.push(spansText(block.text));
  }
  for (const child of block.children ?? []) blockText(child, out);
}

/** The searchable text of a bundle: block text for pages, the description for database listings. */
export function bundleText(bundle: Bundle): string {
  if (bundle.kind === "database") return bundle.description;
  const out: string[] = [];
  for (const block of bundle.blocks) blockText(block, out);
  const text = out.filter(Boolean).join("\n");
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

export function searchDocument(
  bundle: Bundle,
  place: { title: string; slug: string; breadcrumb: string[] },
): SearchDocument {
  return {
    id: bundle.id,
    title: place.title,
    text: bundleText(bundle),
    breadcrumb: place.breadcrumb,
    url: `/${place.slug}`,
  };
}
