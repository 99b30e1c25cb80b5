import type { ReactNode } from "react";
import type { Span } from "@/lib/bundle-types";
import { colorClass, pathOf, safeHref } from "@/lib/site/site-paths";
import { InlineMath } from "./inline-math";
import type { RenderContext } from "./render-context";

/** Notion keeps soft line breaks as "\n" inside a span. */
function withBreaks(text: string): ReactNode {
  const lines = text.split("\n");
  if (lines.length === 1) return text;
  return lines.flatMap((line, i) => (i === 0 ? [line] : [<br key={i} />, line]));
}

function hrefOf(span: Span, ctx: RenderContext): string | undefined {
  // A page mention links inside the site when that page is synced; otherwise it stays plain text, since
  // its Notion URL would only work for members of the workspace.
  if (span.pageId) {
    const slug = ctx.resolvePage(span.pageId);
    return slug === null ? undefined : pathOf(slug);
  }
  return safeHref(span.href);
}

function SpanView({ span, ctx }: { span: Span; ctx: RenderContext }) {
  if (span.equation) return <InlineMath tex={span.text} />;
  let node: ReactNode = withBreaks(span.text);
  if (span.code) node = <code>{node}</code>;
  if (span.bold) node = <strong>{node}</strong>;
  if (span.italic) node = <em>{node}</em>;
  if (span.strikethrough) node = <s>{node}</s>;
  if (span.underline) node = <u>{node}</u>;
  const color = colorClass(span.color);
  if (color) node = <span className={color}>{node}</span>;
  const href = hrefOf(span, ctx);
  return href ? <a href={href}>{node}</a> : <>{node}</>;
}

export function RichText({ spans, ctx }: { spans: readonly Span[] | undefined; ctx: RenderContext }) {
  if (!spans?.length) return null;
  return (
    <>
      {spans.map((span, i) => (
        <SpanView key={i} span={span} ctx={ctx} />
      ))}
    </>
  );
}
