import { collectPaginatedAPI, isFullBlock } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { sdkClient, startTestEmulator } from "../../dev/notion/test-support";

const SMALL = { seed: 11, pages: 200, depth: 3, blocksPerPage: 8, databases: 2, rowsPerDatabase: 15 };

function depthOf(ws: ReturnType<typeof generateWorkspace>["workspace"], id: string): number {
  let depth = 0;
  for (let node = ws.get(id); node?.parentId; node = ws.get(node.parentId)) {
    if (node.kind === "page") depth++;
  }
  return depth;
}

describe("generateWorkspace", () => {
  it("is deterministic: the same seed gives the same workspace", () => {
    const a = generateWorkspace(SMALL);
    const b = generateWorkspace(SMALL);
    expect(b.rootPageId).toBe(a.rootPageId);
    expect(b.pageIds).toEqual(a.pageIds);
    expect([...b.workspace.nodes.values()]).toEqual([...a.workspace.nodes.values()]);
    const c = generateWorkspace({ ...SMALL, seed: 12 });
    expect(c.rootPageId).not.toBe(a.rootPageId);
  });

  it("builds the requested shape", () => {
    const { workspace, pageIds, dataSourceIds } = generateWorkspace({
      ...SMALL,
      nestedRatio: 0,
      imageRatio: 0,
    });
    expect(pageIds).toHaveLength(200);
    expect(new Set(pageIds).size).toBe(200);
    expect(Math.max(...pageIds.map((id) => depthOf(workspace, id)))).toBe(3);
    for (const id of pageIds) {
      const page = workspace.get(id);
      if (page?.kind !== "page") throw new Error("expected a page");
      const content = page.children.filter((c) => workspace.get(c)?.kind === "block");
      expect(content).toHaveLength(8);
      for (const c of content) expect(workspace.get(c)).toMatchObject({ children: [] });
    }
    expect(dataSourceIds).toHaveLength(2);
    for (const id of dataSourceIds) expect(workspace.get(id)).toMatchObject({ kind: "data_source" });
  });

  it("builds and serves 10,000 pages", async () => {
    const generated = generateWorkspace({
      seed: 3,
      pages: 10_000,
      depth: 4,
      blocksPerPage: 10,
      databases: 2,
      rowsPerDatabase: 50,
    });
    expect(generated.pageIds).toHaveLength(10_000);
    const emulator = await startTestEmulator({ workspace: generated.workspace });
    try {
      const notion = sdkClient(emulator);
      expect(emulator.rootPageId).toBe(generated.rootPageId);
      const pages = await collectPaginatedAPI(notion.search, {
        filter: { property: "object", value: "page" },
      });
      expect(pages).toHaveLength(10_000 + 2 * 50);
      expect(emulator.requests.counts().byRoute["POST /v1/search"]).toBe(101);
      const deepest = generated.pageIds.at(-1) ?? "";
      const blocks = (await collectPaginatedAPI(notion.blocks.children.list, { block_id: deepest })).filter(
        isFullBlock,
      );
      expect(blocks.filter((b) => b.type !== "child_page" && b.type !== "child_database")).toHaveLength(10);
      const rows = await collectPaginatedAPI(notion.dataSources.query, {
        data_source_id: generated.dataSourceIds[0] ?? "",
        filter: { property: "Status", select: { equals: "Done" } },
      });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(50);
    } finally {
      await emulator.close();
    }
  });
});
