import type { BlockNode, Span } from "../bundle-types";
import {
  asRaw,
  dashed,
  plainText,
  reshapeFile,
  reshapeIcon,
  reshapeRichText,
  str,
  type Raw,
} from "./reshape-text";

const TEXT_TYPES = new Set(["paragraph", "quote", "bulleted_list_item", "numbered_list_item", "toggle"]);
const MEDIA_TYPES = new Set(["image", "video", "file", "pdf", "audio"]);
const LINK_TYPES = new Set(["bookmark", "embed", "link_preview"]);
const PLAIN_TYPES = new Set(["divider", "table_of_contents", "breadcrumb", "column_list", "column"]);

function color(body: Raw): { color?: string } {
  const c = str(body.color);
  return c && c !== "default" ? { color: c } : {};
}

/** A raw Notion block plus its already reshaped children → our block node. Never throws on odd input. */
export function reshapeBlock(block: unknown, children: BlockNode[]): BlockNode {
  const raw = asRaw(block);
  const id = dashed(str(raw.id) ?? "");
  const rawType = str(raw.type) ?? "unsupported";
  // API 2026-03-11 renamed `transcription` to `meeting_notes`: both versions give the same bundle.
  const type = rawType === "transcription" ? "meeting_notes" : rawType;
  const body = asRaw(raw[rawType]);
  const kids = children.length > 0 ? { children } : {};
  const text = (): Span[] => reshapeRichText(body.rich_text);

  if (TEXT_TYPES.has(type)) {
    return { id, type: type as "paragraph", text: text(), ...color(body), ...kids };
  }
  if (type === "heading_1" || type === "heading_2" || type === "heading_3") {
    return { id, type, text: text(), toggleable: body.is_toggleable === true, ...color(body), ...kids };
  }
  if (type === "heading_4") {
    return { id, type: "heading_3", text: text(), toggleable: body.is_toggleable === true, ...kids };
  }
  if (type === "to_do")
    return { id, type, text: text(), checked: body.checked === true, ...color(body), ...kids };
  if (type === "callout") {
    const icon = reshapeIcon(body.icon, id, "icon");
    return { id, type, text: text(), ...(icon ? { icon } : {}), ...color(body), ...kids };
  }
  if (type === "code") {
    return {
      id,
      type,
      text: text(),
      language: str(body.language) ?? "plain text",
      caption: reshapeRichText(body.caption),
    };
  }
  if (PLAIN_TYPES.has(type)) return { id, type: type as "divider", ...kids };
  if (type === "synced_block") {
    const from = str(asRaw(body.synced_from).block_id);
    return { id, type, ...(from ? { syncedFrom: dashed(from) } : {}), ...kids };
  }
  if (type === "equation") return { id, type, expression: str(body.expression) ?? "" };
  if (MEDIA_TYPES.has(type)) {
    const file = reshapeFile(body, id, "block");
    if (!file) return { id, type: "unsupported", notionType: type };
    const name = str(body.name);
    return {
      id,
      type: type as "image",
      file,
      caption: reshapeRichText(body.caption),
      ...(name ? { name } : {}),
    };
  }
  if (LINK_TYPES.has(type)) {
    return { id, type: type as "bookmark", url: str(body.url) ?? "", caption: reshapeRichText(body.caption) };
  }
  if (type === "table") return reshapeTable(block, []);
  if (type === "table_row") return { id, type: "unsupported", notionType: type };
  if (type === "child_page") return { id, type, pageId: id, title: str(body.title) ?? "Untitled" };
  if (type === "child_database") return { id, type, databaseId: id, title: str(body.title) ?? "Untitled" };
  if (type === "link_to_page") {
    const target = str(body.page_id) ?? str(body.database_id);
    if (target) return { id, type, pageId: dashed(target) };
  }
  return { id, type: "unsupported", notionType: type };
}

/** A table with its raw `table_row` children folded into rows of cells. */
export function reshapeTable(block: unknown, rawRows: unknown[]): BlockNode {
  const raw = asRaw(block);
  const body = asRaw(raw.table);
  const rows = rawRows
    .map((row) => asRaw(asRaw(row).table_row).cells)
    .map((cells) => (Array.isArray(cells) ? cells.map((cell) => reshapeRichText(cell)) : []));
  return {
    id: dashed(str(raw.id) ?? ""),
    type: "table",
    hasColumnHeader: body.has_column_header === true,
    hasRowHeader: body.has_row_header === true,
    width: typeof body.table_width === "number" ? body.table_width : (rows[0]?.length ?? 0),
    rows,
  };
}

/** Blocks whose children belong to another object (pages, databases) and are not fetched as content. */
export function ownsChildren(block: unknown): boolean {
  const type = asRaw(block).type;
  return asRaw(block).has_children === true && type !== "child_page" && type !== "child_database";
}

/** Where to read a block's children: a synced copy reads its original's. */
export function childrenSource(block: unknown): string {
  const raw = asRaw(block);
  const from =
    raw.type === "synced_block" ? str(asRaw(asRaw(raw.synced_block).synced_from).block_id) : undefined;
  return dashed(from ?? str(raw.id) ?? "");
}

export interface ContentRefs {
  childPages: string[];
  databases: { id: string; title: string }[];
  links: string[];
}

/** Pages and databases a block tree points to, in document order. */
export function collectRefs(
  blocks: BlockNode[],
  into: ContentRefs = { childPages: [], databases: [], links: [] },
) {
  for (const block of blocks) {
    if (block.type === "child_page") into.childPages.push(block.pageId);
    else if (block.type === "child_database")
      into.databases.push({ id: block.databaseId, title: block.title });
    else if (block.type === "link_to_page") into.links.push(block.pageId);
    if (block.children) collectRefs(block.children, into);
  }
  return into;
}

/** Plain text of the first non-empty paragraph, for descriptions. */
export function firstParagraph(blocks: BlockNode[]): string {
  for (const block of blocks) {
    if (block.type === "paragraph") {
      const text = plainText(block.text).trim();
      if (text) return text.length > 200 ? `${text.slice(0, 197)}…` : text;
    }
  }
  return "";
}
