import type { BlockNode, CodeHighlight } from "../bundle-types";
import { createHighlighterCoreSync, type HighlighterCore, type LanguageRegistration } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import bash from "shiki/langs/shellscript.mjs";
import c from "shiki/langs/c.mjs";
import cpp from "shiki/langs/cpp.mjs";
import csharp from "shiki/langs/csharp.mjs";
import css from "shiki/langs/css.mjs";
import dart from "shiki/langs/dart.mjs";
import diff from "shiki/langs/diff.mjs";
import dockerfile from "shiki/langs/dockerfile.mjs";
import elixir from "shiki/langs/elixir.mjs";
import go from "shiki/langs/go.mjs";
import graphql from "shiki/langs/graphql.mjs";
import haskell from "shiki/langs/haskell.mjs";
import html from "shiki/langs/html.mjs";
import java from "shiki/langs/java.mjs";
import javascript from "shiki/langs/javascript.mjs";
import json from "shiki/langs/json.mjs";
import jsx from "shiki/langs/jsx.mjs";
import kotlin from "shiki/langs/kotlin.mjs";
import lua from "shiki/langs/lua.mjs";
import makefile from "shiki/langs/makefile.mjs";
import markdown from "shiki/langs/markdown.mjs";
import php from "shiki/langs/php.mjs";
import powershell from "shiki/langs/powershell.mjs";
import python from "shiki/langs/python.mjs";
import r from "shiki/langs/r.mjs";
import ruby from "shiki/langs/ruby.mjs";
import rust from "shiki/langs/rust.mjs";
import scala from "shiki/langs/scala.mjs";
import scss from "shiki/langs/scss.mjs";
import sql from "shiki/langs/sql.mjs";
import swift from "shiki/langs/swift.mjs";
import toml from "shiki/langs/toml.mjs";
import tsx from "shiki/langs/tsx.mjs";
import typescript from "shiki/langs/typescript.mjs";
import xml from "shiki/langs/xml.mjs";
import yaml from "shiki/langs/yaml.mjs";
import githubDark from "shiki/themes/github-dark.mjs";
import githubLight from "shiki/themes/github-light.mjs";

const LANGS: LanguageRegistration[][] = [
  bash,
  c,
  cpp,
  csharp,
  css,
  dart,
  diff,
  dockerfile,
  elixir,
  go,
  graphql,
  haskell,
  html,
  java,
  javascript,
  json,
  jsx,
  kotlin,
  lua,
  makefile,
  markdown,
  php,
  powershell,
  python,
  r,
  ruby,
  rust,
  scala,
  scss,
  sql,
  swift,
  toml,
  tsx,
  typescript,
  xml,
  yaml,
];

/** Notion's names for code languages that Shiki spells differently. */
const ALIASES: Record<string, string> = {
  shell: "shellscript",
  bash: "shellscript",
  "c++": "cpp",
  "c#": "csharp",
  docker: "dockerfile",
  markup: "html",
  "java/c/c++/c#": "java",
};

export const THEMES = { light: "github-light", dark: "github-dark" } as const;

export interface CodeToken {
  content: string;
  /** Inline style: the light colour as `color`, the dark one as `--shiki-dark` (globals.css switches). */
  style?: Record<string, string>;
}

export interface HighlightedCode {
  /** The Shiki language used, or null for plain text. */
  language: string | null;
  lines: CodeToken[][];
}

let highlighter: HighlighterCore | undefined;

// The synchronous core with the JavaScript regex engine: server components render synchronously and
// no WebAssembly has to be loaded; the grammars are bundled with the server code, never sent to browsers.
function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubLight, githubDark],
    langs: LANGS.flat(),
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

const warmed = new Set<string>();

/**
 * The first tokenization of a grammar with two themes comes back with the light theme's colours wrong
 * (the grammar is compiled while the themes switch); tokenize a tiny sample once per language first.
 */
function warmUp(language: string): void {
  if (warmed.has(language)) return;
  getHighlighter().codeToTokens("x", { lang: language, themes: THEMES, defaultColor: "light" });
  warmed.add(language);
}

/** The Shiki language for a Notion code language, or null when it is plain text or not known. */
export function shikiLanguage(notionLanguage: string | undefined): string | null {
  const name = (notionLanguage ?? "").trim().toLowerCase();
  if (!name || name === "plain text") return null;
  const id = ALIASES[name] ?? name;
  return getHighlighter().getLoadedLanguages().includes(id) ? id : null;
}

/** Tokens of `code` with a light and a dark colour each; plain lines for unknown languages. */
export function highlightCode(code: string, notionLanguage: string | undefined): HighlightedCode {
  const language = shikiLanguage(notionLanguage);
  if (!language) return { language: null, lines: code.split("\n").map((line) => [{ content: line }]) };
  try {
    warmUp(language);
    const { tokens } = getHighlighter().codeToTokens(code, {
      lang: language,
      themes: THEMES,
      defaultColor: "light",
    });
    return {
      language,
      lines: tokens.map((line) =>
        line.map((t) => ({
          content: t.content,
          ...(t.htmlStyle && typeof t.htmlStyle === "object" ? { style: { ...t.htmlStyle } } : {}),
        })),
      ),
    };
  } catch {
    // A grammar that chokes on odd input must not break the page: show the code as it is.
    return { language: null, lines: code.split("\n").map((line) => [{ content: line }]) };
  }
}

/** The compact, storable form of highlighted code (see `CodeHighlight`), or undefined for plain text. */
export function codeHighlight(code: string, notionLanguage: string | undefined): CodeHighlight | undefined {
  const { language, lines } = highlightCode(code, notionLanguage);
  if (!language) return undefined;
  const palette: string[] = [];
  const index = new Map<string, number>();
  const colourOf = (style: Record<string, string> | undefined): number => {
    const light = style?.color;
    if (!light) return -1;
    const key = `${light}|${style["--shiki-dark"] ?? light}`;
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = palette.push(key) - 1));
    return i;
  };
  return {
    language,
    palette,
    lines: lines.map((line) => line.map((t): [string, number] => [t.content, colourOf(t.style)])),
  };
}

/**
 * Highlight every code block of a page's tree, at sync time: grammars run once per edit, never per view
 * (and never while Next prerenders a page, where the tokenizer's clock reads are not allowed).
 */
export function highlightBlocks(blocks: BlockNode[]): BlockNode[] {
  for (const block of blocks) {
    if (block.type === "code") {
      const highlight = codeHighlight(block.text.map((s) => s.text).join(""), block.language);
      if (highlight) block.highlight = highlight;
    }
    if (block.children) highlightBlocks(block.children);
  }
  return blocks;
}
