import type { Client } from "@notionhq/client";

interface RawBlock {
  id: string;
  type: string;
  has_children: boolean;
  children?: RawBlock[];
}

/**
 * The seed's approach: from the root, list every page's children recursively, one call at a time,
 * descending into child pages as they are met. Only the SDK's retry guards it. It reads no page
 * properties and no databases, so it makes no call our engine would not make too.
 */
export async function naiveCrawl(client: Client, rootId: string): Promise<{ pages: number; blocks: number }> {
  let pages = 0;
  let blocks = 0;
  const listAll = async (blockId: string): Promise<RawBlock[]> => {
    const out: RawBlock[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.blocks.children.list({ block_id: blockId, start_cursor: cursor });
      out.push(...(page.results as unknown as RawBlock[]));
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return out;
  };
  const crawlBlocks = async (parentId: string): Promise<RawBlock[]> => {
    const children = await listAll(parentId);
    for (const block of children) {
      blocks++;
      if (block.type === "child_page") await crawlPage(block.id);
      else if (block.has_children) block.children = await crawlBlocks(block.id);
    }
    return children;
  };
  const crawlPage = async (pageId: string) => {
    pages++;
    await crawlBlocks(pageId);
  };
  await crawlPage(rootId);
  return { pages, blocks };
}
