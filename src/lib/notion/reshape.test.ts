import { describe, expect, it } from "vitest";
import { collectRefs, firstParagraph, reshapeBlock, reshapeTable } from "./reshape-block";
import { reshapePageSummary, sortRows, toDatabaseRow } from "./reshape-page";
import { reshapeRichText } from "./reshape-text";

const ID = "d3e40000-0000-4000-8000-0000000000aa";
const text = (content: string, extra: Record<string, unknown> = {}) => ({
  type: "text",
  plain_text: content,
  href: null,
  text: { content, link: null },
  annotations: {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: "default",
  },
  ...extra,
});
const block = (type: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  object: "block",
  id: ID.replace(/-/g, ""),
  type,
  has_children: false,
  [type]: body,
  ...extra,
});

describe("reshapeRichText", () => {
  it("keeps annotations, links and page mentions, and drops defaults", () => {
    const spans = reshapeRichText([
      text("bold", {
        annotations: {
          bold: true,
          italic: false,
          strikethrough: false,
          underline: false,
          code: true,
          color: "red",
        },
      }),
      text("site", { href: "https://example.com" }),
      {
        type: "mention",
        plain_text: "About",
        href: null,
        mention: { type: "page", page: { id: ID } },
        annotations: {},
      },
      text("inner", { href: `https://www.notion.so/About-${ID.replace(/-/g, "")}` }),
      { type: "equation", plain_text: "x", equation: { expression: "e=mc^2" }, annotations: {} },
    ]);
    expect(spans).toEqual([
      { text: "bold", bold: true, code: true, color: "red" },
      { text: "site", href: "https://example.com" },
      { text: "About", pageId: ID },
      { text: "inner", pageId: ID },
      { text: "e=mc^2", equation: true },
    ]);
  });

  it("is empty for missing input", () => {
    expect(reshapeRichText(undefined)).toEqual([]);
  });
});

describe("reshapeBlock", () => {
  it("reshapes text, headings, to-dos, code and media", () => {
    expect(reshapeBlock(block("paragraph", { rich_text: [text("hi")], color: "default" }), [])).toEqual({
      id: ID,
      type: "paragraph",
      text: [{ text: "hi" }],
    });
    expect(
      reshapeBlock(block("heading_2", { rich_text: [text("H")], is_toggleable: true }), []),
    ).toMatchObject({
      type: "heading_2",
      toggleable: true,
    });
    expect(reshapeBlock(block("to_do", { rich_text: [], checked: true }), [])).toMatchObject({
      checked: true,
    });
    expect(
      reshapeBlock(block("code", { rich_text: [text("x")], language: "typescript", caption: [] }), []),
    ).toMatchObject({
      language: "typescript",
    });
    expect(
      reshapeBlock(
        block("image", {
          type: "file",
          file: { url: "https://f/x.png", expiry_time: "2030-01-01T00:00:00Z" },
          caption: [],
        }),
        [],
      ),
    ).toMatchObject({ type: "image", file: { kind: "notion", ownerId: ID, field: "block" } });
    expect(
      reshapeBlock(
        block("image", { type: "external", external: { url: "https://e/x.png" }, caption: [] }),
        [],
      ),
    ).toMatchObject({
      file: { kind: "external", url: "https://e/x.png" },
    });
  });

  it("turns unknown and malformed blocks into an unsupported node instead of throwing", () => {
    expect(reshapeBlock(block("ai_block", {}), [])).toEqual({
      id: ID,
      type: "unsupported",
      notionType: "ai_block",
    });
    expect(reshapeBlock({}, [])).toMatchObject({ type: "unsupported" });
    expect(reshapeBlock(block("image", {}), [])).toMatchObject({ type: "unsupported", notionType: "image" });
  });

  it("folds table rows into cells", () => {
    const table = reshapeTable(
      block("table", { table_width: 2, has_column_header: true, has_row_header: false }),
      [
        block("table_row", { cells: [[text("a")], [text("b")]] }),
        block("table_row", { cells: [[text("c")], []] }),
      ],
    );
    expect(table).toEqual({
      id: ID,
      type: "table",
      hasColumnHeader: true,
      hasRowHeader: false,
      width: 2,
      rows: [
        [[{ text: "a" }], [{ text: "b" }]],
        [[{ text: "c" }], []],
      ],
    });
  });

  it("finds child pages, databases and links anywhere in a tree", () => {
    const child = reshapeBlock(block("child_page", { title: "Child" }), []);
    const db = reshapeBlock(block("child_database", { title: "DB" }), []);
    const link = reshapeBlock(block("link_to_page", { type: "page_id", page_id: ID }), []);
    const toggle = reshapeBlock(block("toggle", { rich_text: [] }), [child, link]);
    expect(collectRefs([toggle, db])).toEqual({
      childPages: [ID],
      databases: [{ id: ID, title: "DB" }],
      links: [ID],
    });
    expect(
      firstParagraph([reshapeBlock(block("paragraph", { rich_text: [text("  First words ")] }), [])]),
    ).toBe("First words");
  });
});

describe("reshapePageSummary and rows", () => {
  const page = (id: string, title: string, date: string | null) => ({
    object: "page",
    id,
    created_time: "2025-01-01T00:00:00.000Z",
    last_edited_time: "2025-01-02T00:00:00.000Z",
    in_trash: false,
    parent: { type: "data_source_id", data_source_id: ID, database_id: ID },
    icon: { type: "emoji", emoji: "📝" },
    cover: null,
    properties: {
      Name: { type: "title", title: [text(title)] },
      Date: { type: "date", date: date ? { start: date, end: null } : null },
      Tags: { type: "multi_select", multi_select: [{ name: "news", color: "blue" }] },
      Done: { type: "checkbox", checkbox: true },
    },
  });

  it("reshapes a database row's page object", () => {
    const summary = reshapePageSummary(page(ID, "Post", "2025-03-01"));
    expect(summary).toMatchObject({
      id: ID,
      title: "Post",
      icon: { kind: "emoji", emoji: "📝" },
      parent: { kind: "data_source", id: ID, databaseId: ID },
    });
    expect(toDatabaseRow(summary, "blog/post")).toMatchObject({
      slug: "blog/post",
      date: "2025-03-01",
      tags: ["news"],
    });
  });

  it("sorts rows newest first, undated last", () => {
    const rows = [page("1", "B", "2025-01-01"), page("2", "A", "2025-02-01"), page("3", "C", null)].map((p) =>
      toDatabaseRow(reshapePageSummary(p), ""),
    );
    expect(sortRows(rows).map((r) => r.title)).toEqual(["A", "B", "C"]);
  });
});
