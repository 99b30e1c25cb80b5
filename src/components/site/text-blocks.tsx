import type { ReactNode } from "react";
import type { BlockNode } from "@/lib/bundle-types";
import type { BlockOf } from "@/lib/site/block-structure";
import { anchorOf } from "@/lib/site/block-structure";
import { colorClass } from "@/lib/site/site-paths";
import { NotionIcon } from "./notion-icon";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";

interface Props<T extends BlockNode["type"]> {
  block: BlockOf<T>;
  ctx: RenderContext;
  children?: ReactNode;
}

function classes(...names: (string | undefined | false)[]): string | undefined {
  return names.filter(Boolean).join(" ") || undefined;
}

/** Blocks nested under a text block are indented below it, as in Notion. */
function Indented({ children }: { children?: ReactNode }) {
  return children ? <div className="indent">{children}</div> : null;
}

export function Paragraph({ block, ctx, children }: Props<"paragraph">) {
  return (
    <>
      <p className={classes(colorClass(block.color), !block.text?.length && "empty")}>
        <RichText spans={block.text} ctx={ctx} />
      </p>
      <Indented>{children}</Indented>
    </>
  );
}

// The page title is the <h1>, so Notion's three heading levels become <h2>–<h4>.
const TAGS = { heading_1: "h2", heading_2: "h3", heading_3: "h4" } as const;

export function Heading({ block, ctx, children }: Props<"heading_1" | "heading_2" | "heading_3">) {
  const Tag = TAGS[block.type];
  const heading = (
    <Tag id={anchorOf(block.id)} className={colorClass(block.color)}>
      <RichText spans={block.text} ctx={ctx} />
    </Tag>
  );
  if (!block.toggleable) {
    return (
      <>
        {heading}
        {children}
      </>
    );
  }
  return (
    <details className="toggle">
      <summary>{heading}</summary>
      {children}
    </details>
  );
}

export function Quote({ block, ctx, children }: Props<"quote">) {
  return (
    <blockquote className={colorClass(block.color)}>
      <p>
        <RichText spans={block.text} ctx={ctx} />
      </p>
      {children}
    </blockquote>
  );
}

export function Callout({ block, ctx, children }: Props<"callout">) {
  return (
    <div className={classes("callout", colorClass(block.color))} role="note">
      <NotionIcon icon={block.icon} className="callout-icon" />
      <div className="callout-body">
        <p>
          <RichText spans={block.text} ctx={ctx} />
        </p>
        {children}
      </div>
    </div>
  );
}

export function ToDo({ block, ctx, children }: Props<"to_do">) {
  return (
    <div className={classes("to-do", colorClass(block.color))}>
      <label>
        <input type="checkbox" disabled defaultChecked={block.checked} />{" "}
        <span className={block.checked ? "done" : undefined}>
          <RichText spans={block.text} ctx={ctx} />
        </span>
      </label>
      <Indented>{children}</Indented>
    </div>
  );
}

export function Toggle({ block, ctx, children }: Props<"toggle">) {
  return (
    <details className={classes("toggle", colorClass(block.color))}>
      <summary>
        <RichText spans={block.text} ctx={ctx} />
      </summary>
      {children}
    </details>
  );
}
