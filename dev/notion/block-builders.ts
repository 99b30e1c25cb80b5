/**
 * Terse constructors for block inputs, used by the demo workspace, the generator and tests. They
 * produce Notion request-form blocks (see block-input.ts), so anything built here could also be sent
 * through `appendBlocks`.
 */
import type { BlockInput } from "./block-input";
import type { RichTextItem } from "./model";
import { text } from "./rich-text";

export type Inline = string | RichTextItem | Array<string | RichTextItem>;

export function rich(inline: Inline): RichTextItem[] {
  const items = Array.isArray(inline) ? inline : [inline];
  return items.map((item) => (typeof item === "string" ? text(item) : item));
}

const withChildren = (block: BlockInput, children?: BlockInput[]): BlockInput =>
  children && children.length > 0 ? { ...block, children } : block;

/** Gives a block a fixed id (for ids tests and docs refer to). */
export function withId(id: string, block: BlockInput): BlockInput {
  return { ...block, id };
}

export const p = (t: Inline, children?: BlockInput[]) =>
  withChildren({ type: "paragraph", paragraph: { rich_text: rich(t) } }, children);
export const h1 = (t: Inline) => ({ type: "heading_1", heading_1: { rich_text: rich(t) } });
export const h2 = (t: Inline) => ({ type: "heading_2", heading_2: { rich_text: rich(t) } });
export const h3 = (t: Inline) => ({ type: "heading_3", heading_3: { rich_text: rich(t) } });
export const toggleHeading = (level: 1 | 2 | 3, t: Inline, children: BlockInput[]) =>
  withChildren(
    { type: `heading_${level}`, [`heading_${level}`]: { rich_text: rich(t), is_toggleable: true } },
    children,
  );
export const toggle = (t: Inline, children: BlockInput[]) =>
  withChildren({ type: "toggle", toggle: { rich_text: rich(t) } }, children);
export const bullet = (t: Inline, children?: BlockInput[]) =>
  withChildren({ type: "bulleted_list_item", bulleted_list_item: { rich_text: rich(t) } }, children);
export const numbered = (t: Inline, children?: BlockInput[]) =>
  withChildren({ type: "numbered_list_item", numbered_list_item: { rich_text: rich(t) } }, children);
export const todo = (t: Inline, checked: boolean) => ({
  type: "to_do",
  to_do: { rich_text: rich(t), checked },
});
export const quote = (t: Inline) => ({ type: "quote", quote: { rich_text: rich(t) } });
export const callout = (t: Inline, icon: unknown, color = "gray_background") => ({
  type: "callout",
  callout: { rich_text: rich(t), icon, color },
});
export const code = (language: string, source: string, caption?: string) => ({
  type: "code",
  code: { rich_text: rich(source), language, caption: caption ? rich(caption) : [] },
});
export const divider = (): BlockInput => ({ type: "divider", divider: {} });
export const equation = (expression: string) => ({ type: "equation", equation: { expression } });
export const bookmark = (url: string, caption?: string) => ({
  type: "bookmark",
  bookmark: { url, caption: caption ? rich(caption) : [] },
});
export const embed = (url: string) => ({ type: "embed", embed: { url, caption: [] } });
export const tableOfContents = (): BlockInput => ({ type: "table_of_contents", table_of_contents: {} });
export const breadcrumb = (): BlockInput => ({ type: "breadcrumb", breadcrumb: {} });

/** An image stored by Notion (`fileId` registered with addHostedFile). */
export const hostedImage = (fileId: string, caption?: Inline) => ({
  type: "image",
  image: { type: "file_upload", file_upload: { id: fileId }, caption: caption ? rich(caption) : [] },
});
export const externalImage = (url: string, caption?: Inline) => ({
  type: "image",
  image: { type: "external", external: { url }, caption: caption ? rich(caption) : [] },
});
export const hostedFile = (fileId: string, name: string, caption?: Inline) => ({
  type: "file",
  file: { type: "file_upload", file_upload: { id: fileId }, name, caption: caption ? rich(caption) : [] },
});

export const table = (
  rows: Inline[][],
  opts: { columnHeader?: boolean; rowHeader?: boolean } = {},
): BlockInput => ({
  type: "table",
  table: {
    table_width: rows[0]?.length ?? 1,
    has_column_header: opts.columnHeader ?? false,
    has_row_header: opts.rowHeader ?? false,
  },
  children: rows.map((cells) => ({ type: "table_row", table_row: { cells: cells.map(rich) } })),
});

export const columns = (...cols: BlockInput[][]): BlockInput => ({
  type: "column_list",
  column_list: {},
  children: cols.map((children) => ({ type: "column", column: {}, children })),
});

export const syncedOriginal = (children: BlockInput[]): BlockInput => ({
  type: "synced_block",
  synced_block: { synced_from: null },
  children,
});
export const syncedCopy = (originalId: string): BlockInput => ({
  type: "synced_block",
  synced_block: { synced_from: { type: "block_id", block_id: originalId } },
});
export const linkToPage = (pageId: string): BlockInput => ({
  type: "link_to_page",
  link_to_page: { type: "page_id", page_id: pageId },
});
/** A block type the public API does not expose (Notion answers `type: "unsupported"`). */
export const unsupported = (blockType: string): BlockInput => ({
  type: "unsupported",
  unsupported: { block_type: blockType },
});

export const childPage = (
  title: string,
  blocks: BlockInput[],
  extra: { id?: string; icon?: unknown; cover?: unknown } = {},
): BlockInput => ({ type: "child_page", child_page: { title }, children: blocks, ...extra });
