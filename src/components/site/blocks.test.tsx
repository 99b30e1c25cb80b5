import { describe, expect, it } from "vitest";
import type { BlockNode } from "@/lib/bundle-types";
import { BLOG, heading, id, notionFile, para, render, SETUP, t, UNSYNCED } from "./render-fixtures";

describe("media", () => {
  it("serves Notion-hosted images through /api/files with the caption as alt text", () => {
    const imageId = id();
    const html = render([
      { id: imageId, type: "image", file: notionFile(imageId), caption: [t("A "), t("cat", { bold: true })] },
    ]);
    expect(html).toBe(
      `<figure class="image"><img src="/api/files/${imageId}" alt="A cat" loading="lazy" decoding="async"/><figcaption>A <strong>cat</strong></figcaption></figure>`,
    );
  });

  it("links external files directly and gives uncaptioned images an empty alt", () => {
    const html = render([
      { id: id(), type: "image", file: { kind: "external", url: "https://img.example/x.png" }, caption: [] },
    ]);
    expect(html).toBe(
      '<figure class="image"><img src="https://img.example/x.png" alt="" loading="lazy" decoding="async"/></figure>',
    );
  });

  it("plays hosted video and audio, links other videos, files and PDFs", () => {
    const [v, a, f, p] = [id(), id(), id(), id()];
    const html = render([
      { id: v, type: "video", file: notionFile(v), caption: [] },
      {
        id: id(),
        type: "video",
        file: { kind: "external", url: "https://youtube.com/watch?v=x" },
        caption: [t("Talk")],
      },
      { id: a, type: "audio", file: notionFile(a), caption: [] },
      { id: f, type: "file", file: notionFile(f), caption: [], name: "report.xlsx" },
      { id: p, type: "pdf", file: notionFile(p), caption: [t("Slides")] },
    ]);
    expect(html).toContain(
      `<figure class="video"><video controls="" preload="metadata" src="/api/files/${v}">`,
    );
    expect(html).toContain(
      '<figure class="video"><a href="https://youtube.com/watch?v=x">Talk</a><figcaption>Talk</figcaption></figure>',
    );
    expect(html).toContain(`<audio controls="" preload="none" src="/api/files/${a}">`);
    expect(html).toContain(`<a class="file-link" href="/api/files/${f}">report.xlsx</a>`);
    expect(html).toContain(
      `<figure class="pdf"><a class="file-link" href="/api/files/${p}">Slides</a><figcaption>Slides</figcaption></figure>`,
    );
  });

  it("renders bookmarks, embeds and link previews as links with captions", () => {
    const html = render([
      { id: id(), type: "bookmark", url: "https://example.com/post", caption: [t("A post")] },
      { id: id(), type: "embed", url: "https://maps.example/embed", caption: [] },
      { id: id(), type: "link_preview", url: "https://github.com/o/r/pull/1", caption: [] },
    ]);
    expect(html).toBe(
      '<figure class="bookmark"><a href="https://example.com/post">https://example.com/post</a><figcaption>A post</figcaption></figure>' +
        '<figure class="bookmark"><a href="https://maps.example/embed">https://maps.example/embed</a></figure>' +
        '<figure class="bookmark"><a href="https://github.com/o/r/pull/1">https://github.com/o/r/pull/1</a></figure>',
    );
  });
});

describe("structure", () => {
  it("renders tables with column and row headers, padding short rows", () => {
    const html = render([
      {
        id: id(),
        type: "table",
        width: 3,
        hasColumnHeader: true,
        hasRowHeader: true,
        rows: [
          [[t("")], [t("Q1")], [t("Q2")]],
          [[t("Sales")], [t("10", { bold: true })]],
        ],
      },
    ]);
    expect(html).toBe(
      '<div class="table-wrap"><table><thead><tr><th scope="col"></th><th scope="col">Q1</th><th scope="col">Q2</th></tr></thead>' +
        '<tbody><tr><th scope="row">Sales</th><td><strong>10</strong></td><td></td></tr></tbody></table></div>',
    );
  });

  it("renders a table without headers as body cells only", () => {
    const html = render([
      { id: id(), type: "table", width: 1, hasColumnHeader: false, hasRowHeader: false, rows: [[[t("x")]]] },
    ]);
    expect(html).toBe('<div class="table-wrap"><table><tbody><tr><td>x</td></tr></tbody></table></div>');
  });

  it("renders column lists as a grid of columns", () => {
    const html = render([
      {
        id: id(),
        type: "column_list",
        children: [
          { id: id(), type: "column", children: [para(t("left"))] },
          { id: id(), type: "column", children: [para(t("right"))] },
        ],
      },
    ]);
    expect(html).toBe(
      '<div class="columns"><div class="column"><p>left</p></div><div class="column"><p>right</p></div></div>',
    );
  });

  it("renders equations, dividers and synced blocks", () => {
    const html = render([
      { id: id(), type: "equation", expression: "\\int_0^1 x\\,dx" },
      { id: id(), type: "divider" },
      { id: id(), type: "synced_block", syncedFrom: "abc", children: [para(t("shared"))] },
    ]);
    expect(html).toMatch(/^<div class="equation"><span class="katex-display"><span class="katex">/);
    expect(html).toContain('<annotation encoding="application/x-tex">\\int_0^1 x\\,dx</annotation>');
    expect(html).toMatch(/<\/div><hr\/><p>shared<\/p>$/);
  });

  it("links child pages, child databases and page links through the manifest", () => {
    const html = render([
      { id: SETUP, type: "child_page", pageId: SETUP, title: "Setup (old title)" },
      { id: BLOG, type: "child_database", databaseId: BLOG, title: "Blog" },
      { id: id(), type: "link_to_page", pageId: SETUP.replace(/-/g, "") },
      { id: UNSYNCED, type: "child_page", pageId: UNSYNCED, title: "Private" },
      { id: id(), type: "link_to_page", pageId: UNSYNCED },
    ]);
    expect(html).toBe(
      '<p class="page-link page"><a href="/guides/setup">Setup (old title)</a></p>' +
        '<p class="page-link database"><a href="/blog">Blog</a></p>' +
        '<p class="page-link page"><a href="/guides/setup">Setup guide</a></p>' +
        '<p class="page-link unavailable">Private</p>',
    );
  });

  it("builds a table of contents from every heading of the page", () => {
    const h1 = heading(1, "Intro");
    const nested = heading(3, "Detail");
    const html = render([
      { id: id(), type: "table_of_contents" },
      h1,
      { id: id(), type: "column_list", children: [{ id: id(), type: "column", children: [nested] }] },
    ]);
    const a = (b: BlockNode) => b.id.replace(/-/g, "");
    expect(html).toContain(
      `<nav class="toc" aria-label="Table of contents"><ol><li class="toc-1"><a href="#${a(h1)}">Intro</a></li><li class="toc-3"><a href="#${a(nested)}">Detail</a></li></ol></nav>`,
    );
  });

  it("renders nothing for a table of contents on a page without headings", () => {
    expect(render([{ id: id(), type: "table_of_contents" }])).toBe("");
  });
});

describe("robustness", () => {
  it("renders nothing for unsupported, breadcrumb and unknown block types", () => {
    const unknown = { id: id(), type: "ai_block", ai_block: {} } as unknown as BlockNode;
    const html = render([
      { id: id(), type: "unsupported", notionType: "form" },
      { id: id(), type: "breadcrumb" },
      unknown,
      para(t("still here")),
    ]);
    expect(html).toBe("<p>still here</p>");
  });

  it("survives blocks with missing fields", () => {
    const broken = [
      { id: id(), type: "paragraph" },
      { id: id(), type: "table", rows: undefined },
      { id: id(), type: "bulleted_list_item" },
      { id: id(), type: "code" },
    ] as unknown as BlockNode[];
    expect(() => render(broken)).not.toThrow();
  });

  it("stops at an absurd nesting depth instead of overflowing", () => {
    let deep: BlockNode = para(t("bottom"));
    for (let i = 0; i < 200; i++)
      deep = { id: id(), type: "toggle", text: [t(`level ${i}`)], children: [deep] };
    const html = render([deep]);
    expect(html).toContain("level 199");
    expect(html).not.toContain("bottom");
  });
});
