import {
  APIErrorCode,
  APIResponseError,
  type Client,
  collectPaginatedAPI,
  isFullBlock,
  isFullPage,
} from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, DEMO_ROOT_PAGE_ID, type NotionEmulator, blocks } from "../../dev/notion";
import { TEST_EPOCH, sdkClient, startTestEmulator } from "../../dev/notion/test-support";

let emulator: NotionEmulator;
let notion: Client;

beforeEach(async () => {
  emulator = await startTestEmulator();
  notion = sdkClient(emulator);
});
afterEach(() => emulator.close());

const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

async function edited(pageId: string): Promise<string> {
  const page = await notion.pages.retrieve({ page_id: pageId });
  if (!isFullPage(page)) throw new Error("expected a full page");
  return page.last_edited_time;
}

async function blockEdited(blockId: string): Promise<string> {
  const block = await notion.blocks.retrieve({ block_id: blockId });
  if (!isFullBlock(block)) throw new Error("expected a full block");
  return block.last_edited_time;
}

async function childIds(blockId: string): Promise<string[]> {
  return (await collectPaginatedAPI(notion.blocks.children.list, { block_id: blockId })).map((b) => b.id);
}

async function status(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error)) return error.code;
    throw error;
  }
}

describe("edit times", () => {
  it("rounds edit times down to the minute: two edits in one minute look the same", async () => {
    emulator.workspace.editBlockText(DEMO_IDS.deepestToggleText, "first edit");
    const first = await edited(DEMO_IDS.showcase);
    expect(first).toBe(minute(TEST_EPOCH));
    expect(first).toBe("2026-01-15T12:00:00.000Z");
    emulator.clock.advance(20_000); // 12:00:50, same minute
    emulator.workspace.editBlockText(DEMO_IDS.deepestToggleText, "second edit");
    expect(await edited(DEMO_IDS.showcase)).toBe(first);
    emulator.clock.advance(15_000); // 12:01:05, next minute
    emulator.workspace.editBlockText(DEMO_IDS.deepestToggleText, "third edit");
    expect(await edited(DEMO_IDS.showcase)).toBe("2026-01-15T12:01:00.000Z");
  });

  it("bumps the edited block and its page, not the page's parent", async () => {
    const homeBefore = await edited(DEMO_ROOT_PAGE_ID);
    emulator.workspace.editBlockText(DEMO_IDS.deepestToggleText, "Changed");
    expect(await blockEdited(DEMO_IDS.deepestToggleText)).toBe(minute(TEST_EPOCH));
    expect(await edited(DEMO_IDS.showcase)).toBe(minute(TEST_EPOCH));
    expect(await edited(DEMO_ROOT_PAGE_ID)).toBe(homeBefore);
    const block = await notion.blocks.retrieve({ block_id: DEMO_IDS.deepestToggleText });
    expect(isFullBlock(block) && block.type === "paragraph" && block.paragraph.rich_text[0]?.plain_text).toBe(
      "Changed",
    );
  });

  it("appends blocks in request form and bumps the page", async () => {
    const [id] = emulator.workspace.appendBlocks(DEMO_IDS.about, [
      { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: "Appended" } }] } },
      blocks.toggle("More", [blocks.p("Inside")]),
    ]);
    const ids = await childIds(DEMO_IDS.about);
    expect(ids.slice(-2)[0]).toBe(id);
    expect(await edited(DEMO_IDS.about)).toBe(minute(TEST_EPOCH));
    const toggle = await notion.blocks.retrieve({ block_id: ids.at(-1) ?? "" });
    expect(toggle).toMatchObject({ type: "toggle", has_children: true });
  });
});

describe("pages", () => {
  it("adds a page at the end of its parent and bumps the parent", async () => {
    emulator.clock.advance(120_000);
    const id = emulator.workspace.addPage(DEMO_IDS.docs, { title: "New guide", blocks: [blocks.p("Hello")] });
    expect((await childIds(DEMO_IDS.docs)).at(-1)).toBe(id);
    const page = await notion.pages.retrieve({ page_id: id });
    expect(isFullPage(page) && page.parent).toEqual({ type: "page_id", page_id: DEMO_IDS.docs });
    expect(await edited(DEMO_IDS.docs)).toBe("2026-01-15T12:02:00.000Z");
    const found = await notion.search({ query: "New guide" });
    expect(found.results.map((r) => r.id)).toEqual([id]);
  });

  it("trashes a page: still readable, gone from listings and search, descendants unreachable", async () => {
    emulator.workspace.trashPage(DEMO_IDS.docs);
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.docs });
    expect(page).toMatchObject({ in_trash: true, archived: true });
    expect(await childIds(DEMO_ROOT_PAGE_ID)).not.toContain(DEMO_IDS.docs);
    expect(await edited(DEMO_ROOT_PAGE_ID)).toBe(minute(TEST_EPOCH));
    expect(await status(notion.pages.retrieve({ page_id: DEMO_IDS.guides }))).toBe(
      APIErrorCode.ObjectNotFound,
    );
    expect(await status(notion.blocks.children.list({ block_id: DEMO_IDS.deepDive }))).toBe(
      APIErrorCode.ObjectNotFound,
    );
    const all = await collectPaginatedAPI(notion.search, {});
    const ids = all.map((r) => r.id);
    expect(ids).not.toContain(DEMO_IDS.docs);
    expect(ids).not.toContain(DEMO_IDS.deepDive);

    emulator.workspace.restorePage(DEMO_IDS.docs);
    expect(await childIds(DEMO_ROOT_PAGE_ID)).toContain(DEMO_IDS.docs);
    expect(await status(notion.pages.retrieve({ page_id: DEMO_IDS.deepDive }))).toBe("ok");
  });

  it("moves a page and bumps both parents", async () => {
    emulator.clock.advance(60_000);
    emulator.workspace.movePage(DEMO_IDS.deepDive, DEMO_IDS.about);
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.deepDive });
    expect(isFullPage(page) && page.parent).toEqual({ type: "page_id", page_id: DEMO_IDS.about });
    expect(await childIds(DEMO_IDS.guides)).not.toContain(DEMO_IDS.deepDive);
    expect(await childIds(DEMO_IDS.about)).toContain(DEMO_IDS.deepDive);
    expect(await edited(DEMO_IDS.guides)).toBe("2026-01-15T12:01:00.000Z");
    expect(await edited(DEMO_IDS.about)).toBe("2026-01-15T12:01:00.000Z");
    expect(() => emulator.workspace.movePage(DEMO_IDS.docs, DEMO_IDS.guides)).toThrow(/own subtree/);
  });

  it("unshares a page: 404 for it and its subtree, out of search; sharing restores it", async () => {
    emulator.workspace.unsharePage(DEMO_IDS.docs);
    for (const id of [DEMO_IDS.docs, DEMO_IDS.guides, DEMO_IDS.deepDive]) {
      expect(await status(notion.pages.retrieve({ page_id: id }))).toBe(APIErrorCode.ObjectNotFound);
    }
    expect(await status(notion.blocks.retrieve({ block_id: DEMO_IDS.syncedCopy }))).toBe(
      APIErrorCode.ObjectNotFound,
    );
    const found = await notion.search({ query: "Guides" });
    expect(found.results).toHaveLength(0);
    emulator.workspace.sharePage(DEMO_IDS.docs);
    expect(await status(notion.pages.retrieve({ page_id: DEMO_IDS.guides }))).toBe("ok");
  });
});

describe("data source rows", () => {
  it("finds new and updated rows with a last_edited_time filter", async () => {
    const since = minute(TEST_EPOCH);
    const query = () =>
      notion.dataSources.query({
        data_source_id: DEMO_IDS.blogDataSource,
        filter: { timestamp: "last_edited_time", last_edited_time: { on_or_after: since } },
      });
    expect((await query()).results).toHaveLength(0);
    const id = emulator.workspace.addRow(DEMO_IDS.blogDataSource, {
      properties: { Name: "Fresh post", Slug: "fresh-post", Tags: ["release", "brand-new"], Published: true },
      blocks: [blocks.p("Body")],
    });
    emulator.workspace.updateRowProperties(DEMO_IDS.firstPost, { Published: false, Summary: "Edited" });
    const res = await query();
    expect(res.results.map((r) => r.id).sort()).toEqual([id, DEMO_IDS.firstPost].sort());
    const row = res.results.find((r) => r.id === DEMO_IDS.firstPost);
    expect(row && isFullPage(row) && row.properties.Published).toMatchObject({ checkbox: false });
    const ds = await notion.dataSources.retrieve({ data_source_id: DEMO_IDS.blogDataSource });
    const tags = "properties" in ds ? ds.properties.Tags : undefined;
    expect(tags?.type === "multi_select" && tags.multi_select.options.map((o) => o.name)).toContain(
      "brand-new",
    );
    expect(await childIds(id)).toHaveLength(1);
  });

  it("drops trashed rows from queries", async () => {
    emulator.workspace.trashPage(DEMO_IDS.firstPost);
    const res = await collectPaginatedAPI(notion.dataSources.query, {
      data_source_id: DEMO_IDS.blogDataSource,
    });
    expect(res).toHaveLength(19);
    expect(res.map((r) => r.id)).not.toContain(DEMO_IDS.firstPost);
  });
});

describe("reset", () => {
  it("returns to the starting workspace and token", async () => {
    emulator.workspace.trashPage(DEMO_IDS.about);
    emulator.workspace.revokeToken();
    emulator.reset();
    expect(await childIds(DEMO_ROOT_PAGE_ID)).toContain(DEMO_IDS.about);
    expect(emulator.requests.counts().total).toBe(1);
  });
});
