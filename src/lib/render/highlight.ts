import type { BlockNode, CodeHighlight } from "../bundle-types";
import { createHighlighterCoreSync, type HighlighterCore, type LanguageRegistration } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import githubDark from "shiki/themes/github-dark.mjs";
import githubLight from "shiki/themes/github-light.mjs";

type Grammar = () => Promise<{ default: LanguageRegistration[] }>;

/**
 * The grammars we highlight, by Shiki's id, each imported only when a synced page first uses it: the
 * whole set is ~19 MB of heap once loaded, and a workspace uses a few of them.
 */
const GRAMMARS: Record<string, Grammar> = {
  shellscript: () => import("shiki/langs/shellscript.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  csharp: () => import("shiki/langs/csharp.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  dart: () => import("shiki/langs/dart.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  dockerfile: () => import("shiki/langs/dockerfile.mjs"),
  elixir: () => import("shiki/langs/elixir.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  graphql: () => import("shiki/langs/graphql.mjs"),
  haskell: () => import("shiki/langs/haskell.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  kotlin: () => import("shiki/langs/kotlin.mjs"),
  lua: () => import("shiki/langs/lua.mjs"),
  makefile: () => import("shiki/langs/makefile.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  php: () => import("shiki/langs/php.mjs"),
  powershell: () => import("shiki/langs/powershell.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  r: () => import("shiki/langs/r.mjs"),
  ruby: () => import("shiki/langs/ruby.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  scala: () => import("shiki/langs/scala.mjs"),
  scss: () => import("shiki/langs/scss.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  swift: () => import("shiki/langs/swift.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  typescript: () => import("shiki/langs/typescript.mjs"),
  xml: () => import("shiki/langs/xml.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
  // Came with C++ (a grammar it embeds) when every grammar was loaded up front; a Notion language.
  glsl: () => import("shiki/langs/glsl.mjs"),
};

/** Names for code languages that Shiki spells differently: Notion's, and the grammars' own short names. */
const ALIASES: Record<string, string> = {
  shell: "shellscript",
  bash: "shellscript",
  sh: "shellscript",
  zsh: "shellscript",
  "c++": "cpp",
  "c#": "csharp",
  cs: "csharp",
  docker: "dockerfile",
  markup: "html",
  "java/c/c++/c#": "java",
  js: "javascript",
  cjs: "javascript",
  mjs: "javascript",
  ts: "typescript",
  cts: "typescript",
  mts: "typescript",
  gql: "graphql",
  hs: "haskell",
  kt: "kotlin",
  kts: "kotlin",
  make: "makefile",
  md: "markdown",
  ps: "powershell",
  ps1: "powershell",
  pwsh: "powershell",
  py: "python",
  rb: "ruby",
  rs: "rust",
  yml: "yaml",
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

// The synchronous core with the JavaScript regex engine: no WebAssembly has to be loaded, and once a
// grammar is in, tokenizing is synchronous. The grammars stay on the server, never sent to browsers.
function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubLight, githubDark],
    langs: [],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

/** Grammars asked for, by Shiki id: each module is imported once per process. */
const loading = new Map<string, Promise<void>>();
/** Grammars registered with the highlighter. */
const loaded = new Set<string>();

/**
 * Import and register the grammars of these Shiki ids. One that fails to import is left out (its code
 * shows as plain text) and tried again by the next page that needs it.
 */
async function loadGrammars(ids: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(ids)].map((id) => {
      let pending = loading.get(id);
      if (!pending) {
        pending = GRAMMARS[id]!().then(
          (grammar) => {
            getHighlighter().loadLanguageSync(grammar.default);
            loaded.add(id);
          },
          () => void loading.delete(id),
        );
        loading.set(id, pending);
      }
      return pending;
    }),
  );
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

/** The Shiki language for a Notion code language, or null when it is plain text or not one we highlight. */
export function shikiLanguage(notionLanguage: string | undefined): string | null {
  const name = (notionLanguage ?? "").trim().toLowerCase();
  if (!name || name === "plain text") return null;
  const id = ALIASES[name] ?? name;
  return Object.hasOwn(GRAMMARS, id) ? id : null;
}

/**
 * Tokens of `code` with a light and a dark colour each; plain lines for unknown languages and for a
 * grammar not loaded (`highlightBlocks` loads the ones a tree uses first).
 */
function highlightCode(code: string, notionLanguage: string | undefined): HighlightedCode {
  const language = shikiLanguage(notionLanguage);
  if (!language || !loaded.has(language))
    return { language: null, lines: code.split("\n").map((line) => [{ content: line }]) };
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
function codeHighlight(code: string, notionLanguage: string | undefined): CodeHighlight | undefined {
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

/** The Shiki languages of a tree's code blocks. */
function languagesOf(blocks: BlockNode[], into = new Set<string>()): Set<string> {
  for (const block of blocks) {
    const language = block.type === "code" ? shikiLanguage(block.language) : null;
    if (language) into.add(language);
    if (block.children) languagesOf(block.children, into);
  }
  return into;
}

function highlightTree(blocks: BlockNode[]): void {
  for (const block of blocks) {
    if (block.type === "code") {
      const highlight = codeHighlight(block.text.map((s) => s.text).join(""), block.language);
      if (highlight) block.highlight = highlight;
    }
    if (block.children) highlightTree(block.children);
  }
}

/**
 * Highlight every code block of a page's tree, at sync time: grammars run once per edit, never per view
 * (and never while Next prerenders a page, where the tokenizer's clock reads are not allowed). The
 * grammars the tree uses are loaded first.
 */
export async function highlightBlocks(blocks: BlockNode[]): Promise<BlockNode[]> {
  await loadGrammars(languagesOf(blocks));
  highlightTree(blocks);
  return blocks;
}
