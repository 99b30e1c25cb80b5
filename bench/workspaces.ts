/** The generated workspaces the benchmarks sync, and the fewest API calls any full sync of them needs. */
import { generateWorkspace, type GeneratedWorkspace, type Workspace } from "../dev/notion";
import type { BenchCloud } from "./bench-cloud";

/**
 * A realistic workspace of `pages` pages in all: a 4-level page tree with 15 top-level blocks per page
 * (paragraphs, headings, lists, code, quotes, callouts, hosted images), 15 % of blocks carrying nested
 * children up to 3 levels deep, and (unless `databases: false`) two databases whose rows make up 10 %
 * of the pages (each row has two paragraphs).
 */
export function benchWorkspace(pages: number, { databases = true } = {}): GeneratedWorkspace {
  const rowsPerDatabase = databases ? Math.max(5, Math.round(pages / 20)) : 0;
  return generateWorkspace({
    seed: 1_000 + pages,
    pages: pages - 2 * rowsPerDatabase,
    depth: 4,
    blocksPerPage: 15,
    nestedRatio: 0.15,
    imageRatio: 0.05,
    databases: databases ? 2 : 0,
    rowsPerDatabase,
  });
}

/** Edit one paragraph of a page in the middle of the tree (what an incremental sync then finds); its id. */
export function editOnePage(cloud: BenchCloud, generated: GeneratedWorkspace): string {
  const ws = generated.workspace;
  for (const pageId of generated.pageIds.slice(Math.floor(generated.pageIds.length / 2))) {
    const page = ws.get(pageId);
    for (const childId of page?.kind === "page" ? page.children : []) {
      const child = ws.get(childId);
      if (child?.kind === "block" && child.type === "paragraph") {
        cloud.notion.workspace.editBlockText(childId, "Edited for the incremental benchmark.");
        return pageId;
      }
    }
  }
  throw new Error("no paragraph to edit");
}

export interface MinimalCalls {
  /** `POST /v1/search` pages: ceil(pages / 100). */
  search: number;
  /** `POST /v1/data_sources/:id/query` pages: ceil(rows / 100), at least one per data source. */
  queries: number;
  /** `GET /v1/pages/:id` of the root (the engine reads it to fail fast when it is gone). */
  rootGet: number;
  /** `GET /v1/databases/:id`: one per database, to find its data sources. */
  databases: number;
  /** `GET /v1/blocks/:id/children`: one per 100 children of every page (at least one) and nested block. */
  children: number;
  total: number;
  /** Pages (tree pages and rows) reachable from the root. */
  pages: number;
}

const pagesOf = (n: number) => Math.ceil(n / 100);

/** Counts from the emulator's own model, walking from the root the way any complete sync must. */
export function minimalCalls(ws: Workspace, rootId: string): MinimalCalls {
  const out: MinimalCalls = {
    search: 0,
    queries: 0,
    rootGet: 1,
    databases: 0,
    children: 0,
    total: 0,
    pages: 0,
  };
  const visit = (id: string, isPage: boolean): void => {
    const node = ws.get(id);
    if (!node || node.inTrash || node.unshared) return;
    if (node.kind === "database") {
      out.databases++;
      for (const sourceId of node.dataSources) {
        const source = ws.get(sourceId);
        if (source?.kind !== "data_source") continue;
        const rows = source.rows.filter((r) => !ws.get(r)?.inTrash);
        out.queries += Math.max(1, pagesOf(rows.length));
        for (const row of rows) visit(row, true);
      }
      return;
    }
    if (node.kind !== "page" && node.kind !== "block") return;
    if (isPage) out.pages++;
    const visible = node.children.filter((c) => !ws.get(c)?.inTrash);
    // A page is always listed (only listing shows it is empty); a block only when it has children.
    out.children += isPage ? Math.max(1, pagesOf(visible.length)) : pagesOf(visible.length);
    for (const childId of visible) {
      const child = ws.get(childId);
      if (child?.kind === "page") visit(childId, true);
      else if (child?.kind === "database") visit(childId, false);
      else if (child?.kind === "block" && child.children.length > 0) visit(childId, false);
    }
  };
  visit(rootId, true);
  out.search = Math.max(1, pagesOf(out.pages));
  out.total = out.search + out.queries + out.rootGet + out.databases + out.children;
  return out;
}

/** The minimum for a crawler that is handed the root and only lists children (no search, no root GET). */
export function minimalCrawlCalls(min: MinimalCalls): number {
  return min.children;
}
