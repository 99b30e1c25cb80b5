import {
  type BlockObjectResponse,
  type Client,
  collectAllDataSourceRows,
  collectPaginatedAPI,
  isFullBlock,
  isFullDataSource,
  isFullDatabase,
  isFullPage,
} from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_CHANGELOG_BLOCKS,
  DEMO_DEEPEST_TOGGLE_TEXT,
  DEMO_IDS,
  DEMO_ROOT_PAGE_ID,
  DEMO_UNICODE_TITLE,
  type NotionEmulator,
  demoPostId,
} from "../../dev/notion";
import { sdkClient, startTestEmulator } from "../../dev/notion/test-support";

// Required keys of the SDK's full response types (api-endpoints/*.d.ts).
const PAGE_KEYS = [
  "object",
  "id",
  "created_time",
  "last_edited_time",
  "in_trash",
  "archived",
  "is_locked",
  "url",
  "public_url",
  "parent",
  "properties",
  "icon",
  "cover",
  "created_by",
  "last_edited_by",
];
const BLOCK_KEYS = [
  "object",
  "id",
  "type",
  "parent",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "has_children",
  "in_trash",
  "archived",
];
const DATABASE_KEYS = [
  "object",
  "id",
  "title",
  "description",
  "parent",
  "is_inline",
  "in_trash",
  "archived",
  "is_locked",
  "created_time",
  "last_edited_time",
  "data_sources",
  "icon",
  "cover",
  "url",
  "public_url",
];
const DATA_SOURCE_KEYS = [
  "object",
  "id",
  "title",
  "description",
  "parent",
  "database_parent",
  "is_inline",
  "in_trash",
  "archived",
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
  "properties",
  "icon",
  "cover",
  "url",
  "public_url",
];
const MINUTE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;

let emulator: NotionEmulator;
let notion: Client;

beforeAll(async () => {
  emulator = await startTestEmulator();
  notion = sdkClient(emulator);
});
afterAll(() => emulator.close());

async function children(blockId: string): Promise<BlockObjectResponse[]> {
  const all = await collectPaginatedAPI(notion.blocks.children.list, { block_id: blockId });
  return all.filter(isFullBlock);
}

function plain(items: Array<{ plain_text: string }>): string {
  return items.map((t) => t.plain_text).join("");
}

describe("pages", () => {
  it("retrieves the root page in the 2025-09-03 shape", async () => {
    const page = await notion.pages.retrieve({ page_id: DEMO_ROOT_PAGE_ID });
    if (!isFullPage(page)) throw new Error("expected a full page");
    expect(Object.keys(page)).toEqual(expect.arrayContaining(PAGE_KEYS));
    expect(page.id).toBe(DEMO_ROOT_PAGE_ID);
    expect(page.parent).toEqual({ type: "workspace", workspace: true });
    expect(page.icon).toEqual({ type: "emoji", emoji: "🏠" });
    expect(page.cover?.type).toBe("external");
    expect(page.created_time).toMatch(MINUTE_ISO);
    expect(page.last_edited_time).toMatch(MINUTE_ISO);
    expect(page.properties.title).toMatchObject({ id: "title", type: "title" });
    expect(page.url).toMatch(/^https:\/\/www\.notion\.so\/Home-[0-9a-f]{32}$/);
  });

  it("accepts ids without dashes and answers dashed", async () => {
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.about.replace(/-/g, "").toUpperCase() });
    expect(page.id).toBe(DEMO_IDS.about);
  });

  it("serves a row with its data source parent and typed properties", async () => {
    const row = await notion.pages.retrieve({ page_id: DEMO_IDS.firstPost });
    if (!isFullPage(row)) throw new Error("expected a full page");
    expect(row.parent).toEqual({
      type: "data_source_id",
      data_source_id: DEMO_IDS.blogDataSource,
      database_id: DEMO_IDS.blogDatabase,
    });
    const { Name, Slug, Date, Tags, Published, Summary } = row.properties;
    expect(Name?.type === "title" && plain(Name.title)).toBe("Hello, world");
    expect(Slug?.type === "rich_text" && plain(Slug.rich_text)).toBe("hello-world");
    expect(Date?.type === "date" && Date.date).toEqual({ start: "2025-01-06", end: null, time_zone: null });
    expect(Tags?.type === "multi_select" && Tags.multi_select.map((t) => t.name)).toEqual(["life"]);
    expect(Published).toMatchObject({ type: "checkbox", checkbox: true });
    expect(Summary?.type).toBe("rich_text");
  });
});

describe("blocks", () => {
  it("lists the home page's blocks in order, child pages and databases included", async () => {
    const blocks = await children(DEMO_ROOT_PAGE_ID);
    for (const block of blocks) expect(Object.keys(block)).toEqual(expect.arrayContaining(BLOCK_KEYS));
    const types = blocks.map((b) => b.type);
    expect(types.slice(0, 5)).toEqual(["heading_1", "paragraph", "paragraph", "callout", "column_list"]);
    const pages = blocks.flatMap((b) => (b.type === "child_page" ? [b.child_page.title] : []));
    expect(pages).toEqual(["About", "Block showcase", "Docs", "Changelog", DEMO_UNICODE_TITLE]);
    const db = blocks.find((b) => b.type === "child_database");
    expect(db?.id).toBe(DEMO_IDS.blogDatabase);
    expect(db?.type === "child_database" && db.child_database.title).toBe("Blog");
  });

  it("serves rich text with every annotation, a link and a page mention", async () => {
    const block = await notion.blocks.retrieve({ block_id: DEMO_IDS.introParagraph });
    if (!isFullBlock(block) || block.type !== "paragraph") throw new Error("expected a paragraph");
    const rt = block.paragraph.rich_text;
    for (const flag of ["bold", "italic", "strikethrough", "underline", "code"] as const) {
      expect(rt.some((t) => t.annotations[flag])).toBe(true);
    }
    expect(rt.some((t) => t.annotations.color === "red")).toBe(true);
    expect(rt.find((t) => t.href === "https://developers.notion.com")?.type).toBe("text");
    const mention = rt.find((t) => t.type === "mention");
    expect(mention?.type === "mention" && mention.mention).toEqual({
      type: "page",
      page: { id: DEMO_IDS.about },
    });
  });

  it("reaches the deepest toggle four levels down", async () => {
    let blocks = await children(DEMO_IDS.showcase);
    for (const label of ["Level 1", "Level 2", "Level 3", "Level 4"]) {
      const toggle = blocks.find((b) => b.type === "toggle" && plain(b.toggle.rich_text) === label);
      expect(toggle?.has_children).toBe(true);
      blocks = await children(toggle?.id ?? "");
    }
    const deepest = blocks[0];
    expect(deepest?.type === "paragraph" && plain(deepest.paragraph.rich_text)).toBe(
      DEMO_DEEPEST_TOGGLE_TEXT,
    );
    expect(deepest?.parent.type).toBe("block_id");
  });

  it("serves the showcase block types with their payloads", async () => {
    const blocks = await children(DEMO_IDS.showcase);
    const byType = (type: string) => blocks.filter((b) => b.type === type);
    expect(byType("code").map((b) => (b.type === "code" ? b.code.language : ""))).toEqual([
      "typescript",
      "python",
      "bash",
    ]);
    const heading = blocks.find((b) => b.id === DEMO_IDS.toggleableHeading);
    expect(heading?.type === "heading_2" && heading.heading_2.is_toggleable).toBe(true);
    expect(heading?.has_children).toBe(true);
    expect(byType("to_do").map((b) => b.type === "to_do" && b.to_do.checked)).toEqual([true, false]);
    const callouts = byType("callout").map((b) => (b.type === "callout" ? b.callout.icon?.type : null));
    expect(callouts).toEqual(["emoji", "file"]);
    expect(byType("equation")[0]).toMatchObject({ equation: { expression: "e^{i\\pi} + 1 = 0" } });
    expect(byType("bookmark")[0]).toMatchObject({
      bookmark: { url: "https://developers.notion.com/reference/intro" },
    });
    expect(blocks.find((b) => b.id === DEMO_IDS.linkToPage)).toMatchObject({
      type: "link_to_page",
      link_to_page: { type: "page_id", page_id: DEMO_IDS.about },
    });
    expect(blocks.find((b) => b.id === DEMO_IDS.unsupported)).toMatchObject({ type: "unsupported" });
    for (const type of ["heading_1", "heading_3", "quote", "divider", "table_of_contents", "file", "image"]) {
      expect(byType(type).length, type).toBeGreaterThan(0);
    }
    const bullets = byType("bulleted_list_item");
    expect(bullets[0]?.has_children).toBe(true);
    const nested = await children(bullets[0]?.id ?? "");
    expect(nested[0]?.has_children).toBe(true);
  });

  it("serves a table with a header row and its rows", async () => {
    const table = await notion.blocks.retrieve({ block_id: DEMO_IDS.table });
    expect(table).toMatchObject({
      type: "table",
      table: { table_width: 3, has_column_header: true, has_row_header: false },
    });
    const rows = await children(DEMO_IDS.table);
    expect(rows).toHaveLength(4);
    const first = rows[0];
    expect(first?.type === "table_row" && first.table_row.cells.map(plain)).toEqual([
      "Plan",
      "Requests / s",
      "Price",
    ]);
  });

  it("puts a page inside a column with a block parent", async () => {
    const columns = await children(DEMO_IDS.columnList);
    expect(columns.map((c) => c.type)).toEqual(["column", "column"]);
    const right = await children(columns[1]?.id ?? "");
    const contact = right.find((b) => b.type === "child_page");
    expect(contact?.id).toBe(DEMO_IDS.contact);
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.contact });
    expect(isFullPage(page) && page.parent).toEqual({ type: "block_id", block_id: columns[1]?.id });
  });

  it("lists a synced copy's children from its original", async () => {
    const copy = await notion.blocks.retrieve({ block_id: DEMO_IDS.syncedCopy });
    expect(copy).toMatchObject({
      type: "synced_block",
      has_children: true,
      synced_block: { synced_from: { type: "block_id", block_id: DEMO_IDS.syncedOriginal } },
    });
    const original = await notion.blocks.retrieve({ block_id: DEMO_IDS.syncedOriginal });
    expect(original).toMatchObject({ synced_block: { synced_from: null } });
    const fromCopy = await children(DEMO_IDS.syncedCopy);
    const fromOriginal = await children(DEMO_IDS.syncedOriginal);
    expect(fromCopy.map((b) => b.id)).toEqual(fromOriginal.map((b) => b.id));
    expect(fromCopy).toHaveLength(2);
  });

  it("answers a page id on the blocks endpoint as a child_page block", async () => {
    const block = await notion.blocks.retrieve({ block_id: DEMO_IDS.deepDive });
    expect(block).toMatchObject({ type: "child_page", child_page: { title: "Deep dive" } });
    expect(isFullBlock(block) && block.parent).toEqual({ type: "page_id", page_id: DEMO_IDS.guides });
    const guides = await notion.pages.retrieve({ page_id: DEMO_IDS.guides });
    expect(isFullPage(guides) && guides.parent).toEqual({ type: "page_id", page_id: DEMO_IDS.docs });
  });

  it("paginates the 130-block changelog in pages of at most 100", async () => {
    const first = await notion.blocks.children.list({ block_id: DEMO_IDS.changelog });
    expect(first).toMatchObject({ object: "list", type: "block", block: {}, has_more: true });
    expect(first.results).toHaveLength(100);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await notion.blocks.children.list({
      block_id: DEMO_IDS.changelog,
      start_cursor: first.next_cursor ?? undefined,
    });
    expect(second.results).toHaveLength(DEMO_CHANGELOG_BLOCKS - 100);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    const ids = new Set([...first.results, ...second.results].map((b) => b.id));
    expect(ids.size).toBe(DEMO_CHANGELOG_BLOCKS);
  });

  it("keeps the unicode title intact", async () => {
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.unicode });
    const title = isFullPage(page) && page.properties.title;
    expect(title && title.type === "title" && plain(title.title)).toBe(DEMO_UNICODE_TITLE);
  });
});

describe("databases and data sources", () => {
  it("retrieves the Blog database listing its one data source", async () => {
    const db = await notion.databases.retrieve({ database_id: DEMO_IDS.blogDatabase });
    if (!isFullDatabase(db)) throw new Error("expected a full database");
    expect(Object.keys(db)).toEqual(expect.arrayContaining(DATABASE_KEYS));
    expect(db.data_sources).toEqual([{ id: DEMO_IDS.blogDataSource, name: "Blog" }]);
    expect(db.parent).toEqual({ type: "page_id", page_id: DEMO_ROOT_PAGE_ID });
  });

  it("retrieves the data source with its schema", async () => {
    const ds = await notion.dataSources.retrieve({ data_source_id: DEMO_IDS.blogDataSource });
    if (!isFullDataSource(ds)) throw new Error("expected a full data source");
    expect(Object.keys(ds)).toEqual(expect.arrayContaining(DATA_SOURCE_KEYS));
    expect(ds.parent).toEqual({ type: "database_id", database_id: DEMO_IDS.blogDatabase });
    expect(ds.database_parent).toEqual({ type: "page_id", page_id: DEMO_ROOT_PAGE_ID });
    const types = Object.fromEntries(Object.entries(ds.properties).map(([name, p]) => [name, p.type]));
    expect(types).toEqual({
      Name: "title",
      Slug: "rich_text",
      Date: "date",
      Tags: "multi_select",
      Published: "checkbox",
      Summary: "rich_text",
    });
    expect(ds.properties.Name?.id).toBe("title");
  });

  it("pages through the query with page_size 7", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await notion.dataSources.query({
        data_source_id: DEMO_IDS.blogDataSource,
        page_size: 7,
        start_cursor: cursor,
      });
      expect(res).toMatchObject({ object: "list", type: "page_or_data_source" });
      expect(res.results.length).toBeLessThanOrEqual(7);
      seen.push(...res.results.map((r) => r.id));
      cursor = res.next_cursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(20);
  });

  it("filters by property and compound filters, and sorts", async () => {
    const published = await notion.dataSources.query({
      data_source_id: DEMO_IDS.blogDataSource,
      filter: { property: "Published", checkbox: { equals: false } },
    });
    expect(published.results).toHaveLength(3);
    const compound = await notion.dataSources.query({
      data_source_id: DEMO_IDS.blogDataSource,
      filter: {
        and: [
          { property: "Tags", multi_select: { contains: "notion" } },
          { property: "Date", date: { on_or_after: "2025-03-01" } },
        ],
      },
      sorts: [{ property: "Date", direction: "descending" }],
    });
    const titles = compound.results.map((r) =>
      isFullPage(r) && r.properties.Name?.type === "title" ? plain(r.properties.Name.title) : "",
    );
    expect(titles).toEqual([
      "Webhooks, signals not payloads",
      "Images that expire",
      "Synced blocks explained",
    ]);
  });

  it("filters rows by last_edited_time", async () => {
    const all = await notion.dataSources.query({
      data_source_id: DEMO_IDS.blogDataSource,
      filter: {
        timestamp: "last_edited_time",
        last_edited_time: { on_or_after: "2025-05-05T08:30:00.000Z" },
      },
    });
    // The last three posts were written on 2025-05-05, -12 and -19.
    expect(all.results.map((r) => r.id)).toEqual([demoPostId(17), demoPostId(18), demoPostId(19)]);
  });

  it("caps a query at the result limit with request_status, which the SDK's full-scan helper handles", async () => {
    const capped = await startTestEmulator({ queryResultLimit: 5 });
    try {
      const client = sdkClient(capped);
      const res = await client.dataSources.query({ data_source_id: DEMO_IDS.blogDataSource, page_size: 3 });
      const next = await client.dataSources.query({
        data_source_id: DEMO_IDS.blogDataSource,
        page_size: 3,
        start_cursor: res.next_cursor ?? undefined,
      });
      expect(next.results).toHaveLength(2);
      expect(next).toMatchObject({
        has_more: false,
        request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" },
      });
      const all = await collectAllDataSourceRows(client, { data_source_id: DEMO_IDS.blogDataSource });
      expect(new Set(all.map((r) => r.id)).size).toBe(20);
    } finally {
      await capped.close();
    }
  });

  it("limits returned properties with filter_properties", async () => {
    const res = await notion.dataSources.query({
      data_source_id: DEMO_IDS.blogDataSource,
      page_size: 1,
      filter_properties: ["title"],
    });
    const row = res.results[0];
    expect(row && isFullPage(row) && Object.keys(row.properties)).toEqual(["Name"]);
  });
});

describe("search", () => {
  it("returns pages and data sources, newest edit first", async () => {
    const res = await notion.search({});
    expect(res).toMatchObject({ object: "list", type: "page_or_data_source", has_more: false });
    const kinds = new Set(res.results.map((r) => r.object));
    expect(kinds).toEqual(new Set(["page", "data_source"]));
    const times = res.results.map((r) => ("last_edited_time" in r ? r.last_edited_time : ""));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters by object type, matches title text and paginates", async () => {
    const sources = await notion.search({ filter: { property: "object", value: "data_source" } });
    expect(sources.results.map((r) => r.id)).toEqual([DEMO_IDS.blogDataSource]);
    const cafe = await notion.search({ query: "café", filter: { property: "object", value: "page" } });
    expect(cafe.results.map((r) => r.id)).toEqual([DEMO_IDS.unicode]);
    const first = await notion.search({
      page_size: 10,
      sort: { timestamp: "last_edited_time", direction: "ascending" },
    });
    expect(first.results).toHaveLength(10);
    const rest = await collectPaginatedAPI(notion.search, { page_size: 10 });
    expect(rest).toHaveLength(30);
  });

  it("answers users.me with the integration's bot user", async () => {
    const me = await notion.users.me({});
    expect(me).toMatchObject({ object: "user", type: "bot" });
  });
});
