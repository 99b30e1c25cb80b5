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
 * What a page fetch has done so far, by container id: finished subtrees (`tree:<id>`) and fetched
 * listings (`list:<id>`, raw). A fetch cut short by the step's budget is resumed from it in the next step.
 */
export type FetchMemo = Map<string, unknown>;

async function listOnce(api: NotionApi, blockId: string, memo: FetchMemo): Promise<unknown[]> {
  const key = `list:${blockId}`;
  const known = memo.get(key) as unknown[] | undefined;
  if (known) return known;
  const raw = await listAll(api, blockId);
  memo.set(key, raw);
  return raw;
}

/**
 * The whole block tree under a page or block: every level, every page of 100 children. Calls for
 * sibling subtrees run in parallel; the API's throttle bounds how many are in flight. Listings and
 * finished subtrees are remembered in `memo`, so a fetch that runs out of time resumes in a later step
 * where it stopped, instead of walking down again: a page of any size and depth finishes.
 */
export async function fetchBlockTree(
  api: NotionApi,
  blockId: string,
  memo: FetchMemo = new Map(),
): Promise<BlockNode[]> {
  const treeKey = `tree:${blockId}`;
  const known = memo.get(treeKey) as BlockNode[] | undefined;
  if (known) return known;
  const raw = await listOnce(api, blockId, memo);
  // allSettled: when one sibling fails, the others still finish (and are remembered) before we rethrow.
  const settled = await Promise.allSettled(
    raw.map(async (block) => {
      if (!ownsChildren(block)) return reshapeBlock(block, []);
      const source = childrenSource(block);
      if (asRaw(block).type === "table") return reshapeTable(block, await listOnce(api, source, memo));
      return reshapeBlock(block, await fetchBlockTree(api, source, memo));
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const nodes = settled.map((r) => (r as PromiseFulfilledResult<BlockNode>).value);
  memo.set(treeKey, nodes);
  memo.delete(`list:${blockId}`);
  return nodes;
}
