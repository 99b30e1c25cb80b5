import type { BlockNode } from "../bundle-types";
import { plainText } from "./site-paths";

/**
 * The members of BlockNode that can have one of the given types. (`Extract` would miss the text blocks,
 * whose `type` is itself a union, so a paragraph's props are typed as any plain text block.)
 */
export type BlockOf<T extends BlockNode["type"]> = BlockNode extends infer B
  ? B extends { type: infer U }
    ? [Extract<U, T>] extends [never]
      ? never
      : B
    : never
  : never;

type ListItem = BlockOf<"bulleted_list_item" | "numbered_list_item">;

/** Consecutive list items of one kind, rendered as a single <ul> or <ol>. */
export interface ListGroup {
  type: "list";
  ordered: boolean;
  id: string;
  items: ListItem[];
}

/** Notion stores list items as siblings; HTML wants them inside one list element. */
export function groupLists(blocks: readonly BlockNode[]): (BlockNode | ListGroup)[] {
  const out: (BlockNode | ListGroup)[] = [];
  for (const block of blocks) {
    if (block.type !== "bulleted_list_item" && block.type !== "numbered_list_item") {
      out.push(block);
      continue;
    }
    const ordered = block.type === "numbered_list_item";
    const last = out[out.length - 1];
    if (last?.type === "list" && last.ordered === ordered) last.items.push(block);
    else out.push({ type: "list", ordered, id: block.id, items: [block] });
  }
  return out;
}

export interface Heading {
  /** Anchor of the heading element: the block id without dashes, as in Notion's own block links. */
  anchor: string;
  level: 1 | 2 | 3;
  text: string;
}

export function anchorOf(blockId: string): string {
  return blockId.replace(/-/g, "");
}

const LEVEL = { heading_1: 1, heading_2: 2, heading_3: 3 } as const;

/** Every heading of a page in document order (inside columns, toggles and synced blocks too). */
export function collectHeadings(blocks: readonly BlockNode[], out: Heading[] = [], depth = 0): Heading[] {
  // A corrupt bundle must not recurse forever; real pages are far shallower than this.
  if (depth > 64) return out;
  for (const block of blocks) {
    if (block.type === "heading_1" || block.type === "heading_2" || block.type === "heading_3") {
      out.push({ anchor: anchorOf(block.id), level: LEVEL[block.type], text: plainText(block.text) });
    }
    if (block.children?.length) collectHeadings(block.children, out, depth + 1);
  }
  return out;
}
