import type { BlockNode } from "../bundle-types";
import type { NotionApi } from "./api";
import { asRaw, dashed } from "./reshape-text";
import { childrenSource, ownsChildren, reshapeBlock, reshapeTable } from "./reshape-block";

async function listAll(api: NotionApi, blockId: string): Promise<unknown[]> {
  const raw: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listChildren(dashed(blockId), cursor);
    raw.push(...page.results);
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return raw;
}

/**
 * The whole block tree under a page or block: every level, every page of 100 children. Calls for
 * sibling subtrees run in parallel; the API's throttle bounds how many are in flight.
 */
export async function fetchBlockTree(api: NotionApi, blockId: string): Promise<BlockNode[]> {
  const raw = await listAll(api, blockId);
  return Promise.all(
    raw.map(async (block) => {
      if (!ownsChildren(block)) return reshapeBlock(block, []);
      if (asRaw(block).type === "table")
        return reshapeTable(block, await listAll(api, childrenSource(block)));
      return reshapeBlock(block, await fetchBlockTree(api, childrenSource(block)));
    }),
  );
}
