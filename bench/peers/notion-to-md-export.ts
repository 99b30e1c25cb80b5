import type { Client } from "@notionhq/client";
import { NotionToMarkdown } from "notion-to-md";

/**
 * notion-to-md v3 as its README uses it: `pageToMarkdown(root)` walks the page and, with the default
 * `parseChildPages`, every child page below it (children fetched one call at a time); with
 * `separateChildPage` the result is one Markdown string per page.
 */
export async function notionToMdExport(
  client: Client,
  rootId: string,
): Promise<{ pages: number; bytes: number }> {
  const n2m = new NotionToMarkdown({ notionClient: client, config: { separateChildPage: true } });
  const blocks = await n2m.pageToMarkdown(rootId);
  const pages = n2m.toMarkdownString(blocks);
  return {
    pages: Object.keys(pages).length,
    bytes: Object.values(pages).reduce((n, md) => n + Buffer.byteLength(md), 0),
  };
}
