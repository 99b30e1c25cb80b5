/**
 * Our own compact content types. Raw Notion objects stop at `src/lib/notion`; the cache, the site and
 * the dashboard see only these. Changing a shape here changes what is stored in Redis: bump
 * `BUNDLE_SCHEMA` so old bundles are refetched instead of misread.
 *
 * Bundles hold content only; where a page lives (its slug) is in the manifest, because a page can move
 * without its content changing. Readers take a bundle's slug from the URL they were asked for.
 */
export const BUNDLE_SCHEMA = 1;

export interface Span {
  text: string;
  /** External link. */
  href?: string;
  /** A mention of (or link to) another Notion page: rendered as an internal link when that page is synced. */
  pageId?: string;
  bold?: true;
  italic?: true;
  strikethrough?: true;
  underline?: true;
  code?: true;
  /** Notion colour name, e.g. "red" or "blue_background"; "default" is omitted. */
  color?: string;
  /** The span is an inline equation (KaTeX source in `text`). */
  equation?: true;
}

/**
 * Syntax highlighting computed at sync time (Shiki): each line's tokens as [text, palette index], -1 for
 * unstyled text; a palette entry is "light colour|dark colour". Absent for plain text and unknown languages.
 */
export interface CodeHighlight {
  language: string;
  palette: string[];
  lines: [string, number][][];
}

export type Icon = { kind: "emoji"; emoji: string } | { kind: "file"; file: FileRef };

/**
 * A file: external ones are linked directly; Notion-hosted ones expire after an hour, so they are served
 * through `/api/files/{ownerId}` which fetches a fresh URL (`field` says where on the owner it lives).
 */
export type FileRef =
  | { kind: "external"; url: string }
  | { kind: "notion"; ownerId: string; field: "block" | "cover" | "icon"; url: string; expiresAt: string };

type Base = { id: string; children?: BlockNode[] };
type TextBlock<T extends string> = Base & { type: T; text: Span[]; color?: string };

export type BlockNode =
  | TextBlock<"paragraph" | "quote" | "bulleted_list_item" | "numbered_list_item" | "toggle">
  | (TextBlock<"heading_1" | "heading_2" | "heading_3"> & { toggleable: boolean })
  | (TextBlock<"to_do"> & { checked: boolean })
  | (TextBlock<"callout"> & { icon?: Icon })
  | (Base & { type: "code"; text: Span[]; language: string; caption: Span[]; highlight?: CodeHighlight })
  | (Base & { type: "divider" | "table_of_contents" | "breadcrumb" | "column_list" | "column" })
  | (Base & { type: "synced_block"; syncedFrom?: string })
  | (Base & { type: "equation"; expression: string })
  | (Base & {
      type: "image" | "video" | "file" | "pdf" | "audio";
      file: FileRef;
      caption: Span[];
      name?: string;
    })
  | (Base & { type: "bookmark" | "embed" | "link_preview"; url: string; caption: Span[] })
  | (Base & {
      type: "table";
      hasColumnHeader: boolean;
      hasRowHeader: boolean;
      width: number;
      /** rows → cells → spans */
      rows: Span[][][];
    })
  | (Base & { type: "child_page"; pageId: string; title: string })
  | (Base & { type: "child_database"; databaseId: string; title: string })
  | (Base & { type: "link_to_page"; pageId: string })
  | (Base & { type: "unsupported"; notionType: string });

export type BlockType = BlockNode["type"];

export type PropertyValue =
  | { type: "title" | "rich_text"; spans: Span[]; text: string }
  | { type: "number"; value: number | null }
  | { type: "checkbox"; value: boolean }
  | { type: "select" | "status"; value: string | null; color?: string }
  | { type: "multi_select"; values: { name: string; color?: string }[] }
  | { type: "date"; start: string | null; end: string | null }
  | { type: "url" | "email" | "phone_number"; value: string | null }
  | { type: "people"; names: string[] }
  | { type: "relation"; ids: string[] }
  | { type: "files"; files: FileRef[] }
  | { type: "timestamp"; value: string }
  | { type: "other"; text: string };

export interface PageSummary {
  id: string;
  title: string;
  icon?: Icon;
  cover?: FileRef;
  properties: Record<string, PropertyValue>;
  /** Notion parent: a page, a data source (a database row), or something else (workspace, block). */
  parent:
    | { kind: "page"; id: string }
    | { kind: "data_source"; id: string; databaseId: string }
    | { kind: "other" };
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
}

export interface PageBundle extends PageSummary {
  kind: "page";
  schema: number;
  blocks: BlockNode[];
  /** Plain text of the first paragraph, for metadata. */
  description: string;
  syncedAt: string;
}

export interface DatabaseRow {
  id: string;
  slug: string;
  title: string;
  icon?: Icon;
  properties: Record<string, PropertyValue>;
  /** The row's main date (its first date property), for listings. */
  date: string | null;
  /** Plain text of the row page's first paragraph, for feeds (absent until the page is fetched). */
  summary?: string;
  tags: string[];
  createdTime: string;
  lastEditedTime: string;
}

export interface DatabaseBundle {
  kind: "database";
  schema: number;
  id: string;
  title: string;
  icon?: Icon;
  dataSourceIds: string[];
  /** Sorted by date (newest first), then title. */
  rows: DatabaseRow[];
  description: string;
  syncedAt: string;
}

export type Bundle = PageBundle | DatabaseBundle;
