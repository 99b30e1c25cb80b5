import { describe, expect, it } from "vitest";
import type { BlockNode } from "@/lib/bundle-types";
import { highlightBlocks } from "@/lib/render/highlight";
import {
  bullet,
  heading,
  id,
  notionFile,
  numbered,
  para,
  render,
  SETUP,
  t,
  UNSYNCED,
} from "./render-fixtures";

describe("rich text", () => {
  it("renders every annotation, colours and external links", () => {
    const html = render([
      para(
        t("bold", { bold: true }),
        t("italic", { italic: true }),
        t("gone", { strikethrough: true }),
        t("under", { underline: true }),
        t("x = 1", { code: true }),
        t("red", { color: "red" }),
        t("marked", { color: "yellow_background" }),
        t("site", { href: "https://example.com/a?b=1&c=2" }),
      ),
    ]);
    expect(html).toBe(
      "<p><strong>bold</strong><em>italic</em><s>gone</s><u>under</u><code>x = 1</code>" +
        '<span class="color-red">red</span><span class="bg-yellow">marked</span>' +
        '<a href="https://example.com/a?b=1&amp;c=2">site</a></p>',
    );
  });

  it("nests combined annotations inside one link", () => {
    const html = render([para(t("both", { bold: true, italic: true, href: "https://x.example" }))]);
    expect(html).toBe('<p><a href="https://x.example"><em><strong>both</strong></em></a></p>');
  });

  it("links a page mention to its slug when the page is synced, and leaves it as text when not", () => {
    const html = render([
      para(
        t("Setup", { pageId: SETUP.replace(/-/g, "") }),
        t(" and "),
        t("Secret", { pageId: UNSYNCED, href: "https://www.notion.so/secret" }),
      ),
    ]);
    expect(html).toBe('<p><a href="/guides/setup">Setup</a> and Secret</p>');
  });

  it("renders inline equations with KaTeX, soft breaks as <br>, and drops unsafe links", () => {
    const html = render([
      para(t("e=mc^2", { equation: true }), t("a\nb"), t("click", { href: "javascript:alert(1)" })),
    ]);
    expect(html).toMatch(/^<p><span class="inline-equation"><span class="katex">.*<\/span><\/span>a<br\/>b/);
    expect(html).toContain('<annotation encoding="application/x-tex">e=mc^2</annotation>');
    expect(html).toMatch(/click<\/p>$/);
    expect(html).not.toContain("javascript:");
  });

  it("renders an empty paragraph as an empty line, and escapes text", () => {
    expect(render([para()])).toBe('<p class="empty"></p>');
    expect(render([para(t("<script>x</script>"))])).toBe("<p>&lt;script&gt;x&lt;/script&gt;</p>");
  });
});

describe("text blocks", () => {
  it("maps headings 1–3 to h2–h4 with anchors, the page title being the h1", () => {
    const blocks = [heading(1, "One"), heading(2, "Two"), heading(3, "Three")];
    const html = render(blocks);
    const anchor = (b: BlockNode) => b.id.replace(/-/g, "");
    expect(html).toBe(
      `<h2 id="${anchor(blocks[0]!)}">One</h2><h3 id="${anchor(blocks[1]!)}">Two</h3><h4 id="${anchor(blocks[2]!)}">Three</h4>`,
    );
  });

  it("renders a toggleable heading as details/summary with its children", () => {
    const html = render([heading(2, "More", true, [para(t("hidden"))])]);
    expect(html).toMatch(
      /^<details class="toggle"><summary><h3 id="\w+">More<\/h3><\/summary><p>hidden<\/p><\/details>$/,
    );
  });

  it("renders quotes, toggles and indented children", () => {
    const html = render([
      { id: id(), type: "quote", text: [t("Said")], color: "gray", children: [para(t("nested"))] },
      { id: id(), type: "toggle", text: [t("Open me")], children: [para(t("inside"))] },
      { ...para(t("parent")), children: [para(t("child"))] },
    ]);
    expect(html).toBe(
      '<blockquote class="color-gray"><p>Said</p><p>nested</p></blockquote>' +
        '<details class="toggle"><summary>Open me</summary><p>inside</p></details>' +
        '<p>parent</p><div class="indent"><p>child</p></div>',
    );
  });

  it("renders to-dos as disabled checkboxes with a label", () => {
    const html = render([
      { id: id(), type: "to_do", text: [t("Done")], checked: true },
      { id: id(), type: "to_do", text: [t("Open")], checked: false },
    ]);
    expect(html).toBe(
      '<div class="to-do"><label><input type="checkbox" disabled="" checked=""/> <span class="done">Done</span></label></div>' +
        '<div class="to-do"><label><input type="checkbox" disabled=""/> <span>Open</span></label></div>',
    );
  });

  it("renders callouts with an emoji or a Notion-hosted icon", () => {
    const calloutId = id();
    const html = render([
      {
        id: id(),
        type: "callout",
        text: [t("Note")],
        color: "blue_background",
        icon: { kind: "emoji", emoji: "💡" },
        children: [para(t("more"))],
      },
      {
        id: calloutId,
        type: "callout",
        text: [t("Pic")],
        icon: { kind: "file", file: notionFile(calloutId, "icon") },
      },
    ]);
    expect(html).toContain(
      '<div class="callout bg-blue" role="note"><span class="callout-icon" aria-hidden="true">💡</span><div class="callout-body"><p>Note</p><p>more</p></div></div>',
    );
    expect(html).toContain(
      `<img class="callout-icon" src="/api/files/${calloutId}?field=icon" alt="" aria-hidden="true" loading="lazy" decoding="async"/>`,
    );
    expect(html).not.toContain("s3.example");
  });

  it("renders code with a language class and caption; plain text stays unhighlighted and escaped", async () => {
    const html = render([
      {
        id: id(),
        type: "code",
        text: [t("if (a < b) {\n  go();\n}", { bold: true })],
        language: "Plain Text",
        caption: [t("Example")],
      },
      ...(await highlightBlocks([
        { id: id(), type: "code", text: [t("const x = 1;")], language: "typescript", caption: [] },
      ])),
    ]);
    const [plain, typed] = html.split("</figure>");
    expect(plain).toBe(
      '<figure class="code"><pre data-language="plaintext"><code class="language-plain-text">' +
        '<span class="line">if (a &lt; b) {\n</span><span class="line">  go();\n</span><span class="line">}</span>' +
        "</code></pre><figcaption>Example</figcaption>",
    );
    expect(typed).toMatch(
      /^<figure class="code"><div class="code-language">typescript<\/div><pre class="shiki"/,
    );
    expect(typed).toContain('<span style="color:#D73A49;--shiki-dark:#F97583">const</span>');
  });
});

describe("lists", () => {
  it("groups consecutive items into one list and nests children", () => {
    const html = render([
      bullet("a"),
      bullet("b", [bullet("b1"), bullet("b2", [numbered("deep")])]),
      bullet("c"),
      numbered("one"),
      numbered("two"),
      para(t("break")),
      bullet("again"),
    ]);
    expect(html).toBe(
      "<ul><li>a</li><li>b<ul><li>b1</li><li>b2<ol><li>deep</li></ol></li></ul></li><li>c</li></ul>" +
        "<ol><li>one</li><li>two</li></ol><p>break</p><ul><li>again</li></ul>",
    );
  });
});
