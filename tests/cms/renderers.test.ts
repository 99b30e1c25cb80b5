import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BlockNode, PropertyValue } from "@/lib/bundle-types";
import { PropertyList } from "@/components/site/property-list";
import { createRenderContext } from "@/components/site/render-context";
import { highlightBlocks } from "@/lib/render/highlight";
import { createPageResolver } from "@/lib/site/page-resolver";
import { id, manifest, para, render, t } from "@/components/site/render-fixtures";

/** A code block as the sync stores it: highlighted when the bundle is written. */
const code = async (text: string, language: string): Promise<BlockNode> =>
  (await highlightBlocks([{ id: id(), type: "code", text: [t(text)], language, caption: [] }]))[0]!;

/** The inline styles of the token spans inside the <pre> of a rendered code block. */
function tokenStyles(html: string): string[] {
  const pre = /<pre[^>]*>([\s\S]*)<\/pre>/.exec(html)?.[1] ?? "";
  return [...pre.matchAll(/<span style="([^"]+)">/g)].map((m) => m[1]!);
}

describe("code highlighting (Shiki, on the server)", () => {
  const samples: [string, string][] = [
    ["javascript", "const greet = (name) => `hi ${name}`; // says hi"],
    ["typescript", "export function add(a: number, b: number): number { return a + b; }"],
    ["python", "def add(a, b):\n    return a + b  # sum"],
    ["rust", 'fn main() { let x: i32 = 5; println!("{}", x); }'],
    ["go", 'package main\nfunc main() { fmt.Println("hi") }'],
    ["bash", 'for f in *.md; do echo "$f"; done'],
    ["json", '{ "name": "notion-sync", "private": true, "n": 1 }'],
  ];

  it.each(samples)(
    "%s: token spans with at least 2 distinct colours, light and dark",
    async (language, text) => {
      const html = render([await code(text, language)]);
      const styles = tokenStyles(html);
      const colours = new Set(styles.map((s) => /(?:^|;)color:([^;]+)/.exec(s)?.[1]));
      expect(colours.size).toBeGreaterThanOrEqual(2);
      expect(styles.every((s) => s.includes("--shiki-dark:"))).toBe(true);
      // The visible text is exactly the code (escaped), whatever the spans.
      const visible = (/<pre[^>]*>([\s\S]*)<\/pre>/.exec(html)?.[1] ?? "").replace(/<[^>]+>/g, "");
      expect(visible).toBe(
        text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
      );
      expect(html).toContain(`<div class="code-language">${language}</div>`);
    },
  );

  it("falls back to plain text for an unknown language, keeping its label", async () => {
    const html = render([await code("some <weird> code", "brainfudge")]);
    expect(tokenStyles(html)).toEqual([]);
    expect(html).toContain('<pre data-language="plaintext">');
    expect(html).toContain("some &lt;weird&gt; code");
    expect(html).toContain('<div class="code-language">brainfudge</div>');
  });

  it("Notion's language names map to Shiki's (C++, C#, Shell, GLSL)", async () => {
    for (const language of ["C++", "C#", "Shell", "GLSL"]) {
      const styles = tokenStyles(render([await code("int main() { return 0; } # x", language)]));
      expect(styles.length).toBeGreaterThan(0);
    }
  });

  it("stores highlighting compactly: a palette of light|dark colours and indexed tokens", async () => {
    const block = await code("let a = 1;\nlet b = 2;", "javascript");
    if (block.type !== "code" || !block.highlight) throw new Error("not highlighted");
    expect(block.highlight.language).toBe("javascript");
    expect(block.highlight.lines).toHaveLength(2);
    expect(block.highlight.palette.every((p) => /^#[0-9A-F]{6}\|#[0-9A-F]{6}$/i.test(p))).toBe(true);
    expect(new Set(block.highlight.palette).size).toBe(block.highlight.palette.length);
    expect(block.highlight.lines[0]!.map(([text]) => text).join("")).toBe("let a = 1;");
  });

  it("colours a language's first highlight like every later one", async () => {
    const styles = async () =>
      tokenStyles(render([await code("class Greeter\n  def hi = puts 'hi'\nend", "ruby")]));
    const first = await styles();
    expect(new Set(first).size).toBeGreaterThanOrEqual(3);
    expect(await styles()).toEqual(first);
  });

  it("renders code plain when its bundle carries no highlighting (written before it existed)", () => {
    const html = render([
      { id: id(), type: "code", text: [t("let a = 1;")], language: "javascript", caption: [] },
    ]);
    expect(tokenStyles(html)).toEqual([]);
    expect(html).toContain("let a = 1;");
  });

  it("ships no highlighting JavaScript: the renderer has no client component", () => {
    for (const file of ["code-math-blocks.tsx", "inline-math.tsx", "blocks.tsx", "rich-text.tsx"]) {
      const source = readFileSync(`src/components/site/${file}`, "utf8");
      expect(source).not.toMatch(/^["']use client["']/m);
    }
  });
});

describe("equations (KaTeX, on the server)", () => {
  it("renders block and inline equations to KaTeX HTML with MathML", () => {
    const html = render([
      { id: id(), type: "equation", expression: "\\sum_{i=1}^n i = \\frac{n(n+1)}{2}" },
      para(t("Euler: "), t("e^{i\\pi} + 1 = 0", { equation: true })),
    ]);
    expect(html).toContain('<div class="equation"><span class="katex-display">');
    expect(html).toContain('<span class="inline-equation"><span class="katex">');
    expect(html).toContain("<math");
    expect(html).toContain("mfrac");
  });

  it("shows invalid TeX as its source and never throws", () => {
    const html = render([
      { id: id(), type: "equation", expression: "\\frac{1}{" },
      para(t("\\badcommand{x}", { equation: true })),
    ]);
    expect(html).toContain('<pre class="equation equation-error"');
    expect(html).toContain("<code>\\frac{1}{</code>");
    expect(html).toContain('<code class="inline-equation equation-error"');
    expect(html).toContain("\\badcommand{x}</code>");
    expect(html).not.toContain('class="katex"');
  });

  it("escapes TeX that tries to inject markup", () => {
    const html = render([para(t("\\text{<img src=x onerror=alert(1)>}", { equation: true }))]);
    expect(html).not.toContain("<img");
  });
});

describe("typed properties", () => {
  const ctx = createRenderContext(createPageResolver(manifest), []);
  const show = (properties: Record<string, PropertyValue>) =>
    renderToStaticMarkup(createElement(PropertyList, { properties, ctx }));

  it("formats dates, numbers, chips, links and people; hides control properties", () => {
    const html = show({
      Name: { type: "title", spans: [t("Post")], text: "Post" },
      Slug: { type: "rich_text", spans: [t("my-post")], text: "my-post" },
      Published: { type: "checkbox", value: true },
      Status: { type: "status", value: "Live" },
      "Publish date": { type: "date", start: "2024-05-01", end: null },
      Date: { type: "date", start: "2024-05-01", end: "2024-05-03" },
      Price: { type: "number", value: 1234567.5 },
      Kind: { type: "select", value: "Guide", color: "blue" },
      Tags: { type: "multi_select", values: [{ name: "a", color: "red" }, { name: "b" }] },
      Site: { type: "url", value: "https://example.com" },
      Mail: { type: "email", value: "me@example.com" },
      Phone: { type: "phone_number", value: "+1 (555) 010-0000" },
      Authors: { type: "people", names: ["Ada", "Linus"] },
    });
    for (const hidden of ["Slug", "my-post", "Published", "Status", "Live", "Publish date"]) {
      expect(html).not.toContain(`>${hidden}<`);
    }
    expect(html).toContain('<time dateTime="2024-05-01">May 1, 2024 – May 3, 2024</time>');
    expect(html).toContain("<dd>1,234,567.5</dd>");
    expect(html).toContain('<ul class="tags"><li class="bg-blue">Guide</li></ul>');
    expect(html).toContain('<li class="bg-red">a</li><li>b</li>');
    expect(html).toContain('<a href="https://example.com">https://example.com</a>');
    expect(html).toContain('<a href="mailto:me@example.com">me@example.com</a>');
    expect(html).toContain('<a href="tel:+15550100000">+1 (555) 010-0000</a>');
    expect(html).toContain("<dd>Ada, Linus</dd>");
  });

  it("hides the control properties named by the environment", () => {
    const previous = process.env.SLUG_PROPERTY;
    process.env.SLUG_PROPERTY = "Permalink";
    try {
      const html = show({
        Permalink: { type: "rich_text", spans: [t("x")], text: "x" },
        Slug: { type: "rich_text", spans: [t("shown")], text: "shown" },
      });
      expect(html).not.toContain("Permalink");
      expect(html).toContain("<dt>Slug</dt><dd>shown</dd>");
    } finally {
      if (previous === undefined) delete process.env.SLUG_PROPERTY;
      else process.env.SLUG_PROPERTY = previous;
    }
  });
});
