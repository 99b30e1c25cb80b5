import type { CSSProperties } from "react";
import "katex/dist/katex.min.css";
import type { BlockOf } from "@/lib/site/block-structure";
import { plainText } from "@/lib/site/site-paths";
import { renderMath } from "@/lib/render/math";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";
import "./code-math.css";

/** "Plain Text" → "plain-text", so the class works with common syntax highlighters. */
function languageClass(language: string | undefined): string {
  const name = (language ?? "").toLowerCase().replace(/[^a-z0-9+#]+/g, "-") || "plain-text";
  return `language-${name}`;
}

/** A palette entry "light|dark" as the token's inline style; the dark colour switches in code-math.css. */
function styleOf(entry: string | undefined): Record<string, string> | undefined {
  if (!entry) return undefined;
  const [light, dark = light] = entry.split("|");
  return { color: light!, "--shiki-dark": dark! };
}

/** A code block highlighted on the server: coloured spans, light and dark theme, no client script. */
export function Code({ block, ctx }: { block: BlockOf<"code">; ctx: RenderContext }) {
  // Highlighted at sync time (src/lib/render/highlight.ts); a bundle without it shows plain code.
  const { highlight } = block;
  const language = highlight?.language ?? null;
  const lines: { content: string; style?: Record<string, string> }[][] = highlight
    ? highlight.lines.map((line) =>
        line.map(([content, colour]) => ({ content, style: styleOf(highlight.palette[colour]) })),
      )
    : plainText(block.text)
        .split("\n")
        .map((line) => [{ content: line }]);
  const label = block.language && block.language.toLowerCase() !== "plain text" ? block.language : "";
  return (
    <figure className="code">
      {label ? <div className="code-language">{label}</div> : null}
      <pre className={language ? "shiki" : undefined} data-language={language ?? "plaintext"}>
        <code className={languageClass(block.language)}>
          {lines.map((line, i) => (
            <span className="line" key={i}>
              {line.map((token, j) =>
                token.style ? (
                  <span key={j} style={token.style as CSSProperties}>
                    {token.content}
                  </span>
                ) : (
                  token.content
                ),
              )}
              {i < lines.length - 1 ? "\n" : null}
            </span>
          ))}
        </code>
      </pre>
      {block.caption?.length ? (
        <figcaption>
          <RichText spans={block.caption} ctx={ctx} />
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A block equation: KaTeX HTML, or its TeX source when it does not parse. */
export function Equation({ block }: { block: BlockOf<"equation"> }) {
  const math = renderMath(block.expression, true);
  if (!math.ok) {
    return (
      <pre className="equation equation-error" title={math.error}>
        <code>{math.source}</code>
      </pre>
    );
  }
  // KaTeX escapes the TeX it renders and runs with `trust: false`, so its HTML is safe to inline.
  return <div className="equation" dangerouslySetInnerHTML={{ __html: math.html }} />;
}
