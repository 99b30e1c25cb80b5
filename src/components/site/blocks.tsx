import type { BlockNode } from "@/lib/bundle-types";
import { groupLists, type ListGroup } from "@/lib/site/block-structure";
import { colorClass } from "@/lib/site/site-paths";
import { Code, Equation } from "./code-math-blocks";
import { LinkCard, Media } from "./media-blocks";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";
import { PageLink, Table, TableOfContents } from "./structure-blocks";
import { Callout, Heading, Paragraph, Quote, ToDo, Toggle } from "./text-blocks";

// Notion nests far less deeply; the bound only keeps a corrupt bundle from exhausting the stack.
const MAX_DEPTH = 48;

interface BlocksProps {
  blocks: readonly BlockNode[] | undefined;
  ctx: RenderContext;
  depth?: number;
}

/** Renders a sequence of blocks; consecutive list items share one <ul>/<ol>. */
export function Blocks({ blocks, ctx, depth = 0 }: BlocksProps) {
  if (!blocks?.length || depth > MAX_DEPTH) return null;
  return (
    <>
      {groupLists(blocks).map((item) =>
        item.type === "list" ? (
          <List key={item.id} group={item} ctx={ctx} depth={depth} />
        ) : (
          <Block key={item.id} block={item} ctx={ctx} depth={depth} />
        ),
      )}
    </>
  );
}

function List({ group, ctx, depth }: { group: ListGroup; ctx: RenderContext; depth: number }) {
  const Tag = group.ordered ? "ol" : "ul";
  return (
    <Tag>
      {group.items.map((item) => (
        <li key={item.id} className={colorClass(item.color)}>
          <RichText spans={item.text} ctx={ctx} />
          <Blocks blocks={item.children} ctx={ctx} depth={depth + 1} />
        </li>
      ))}
    </Tag>
  );
}

/** One block. Types this site does not know render nothing rather than break the page. */
export function Block({ block, ctx, depth = 0 }: { block: BlockNode; ctx: RenderContext; depth?: number }) {
  const children = block.children?.length ? (
    <Blocks blocks={block.children} ctx={ctx} depth={depth + 1} />
  ) : null;
  switch (block.type) {
    case "paragraph":
      return (
        <Paragraph block={block} ctx={ctx}>
          {children}
        </Paragraph>
      );
    case "heading_1":
    case "heading_2":
    case "heading_3":
      return (
        <Heading block={block} ctx={ctx}>
          {children}
        </Heading>
      );
    case "quote":
      return (
        <Quote block={block} ctx={ctx}>
          {children}
        </Quote>
      );
    case "callout":
      return (
        <Callout block={block} ctx={ctx}>
          {children}
        </Callout>
      );
    case "to_do":
      return (
        <ToDo block={block} ctx={ctx}>
          {children}
        </ToDo>
      );
    case "toggle":
      return (
        <Toggle block={block} ctx={ctx}>
          {children}
        </Toggle>
      );
    case "bulleted_list_item":
    case "numbered_list_item":
      // Normally grouped by <Blocks>; a lone item rendered directly still gets a list around it.
      return (
        <List
          group={{ type: "list", ordered: block.type === "numbered_list_item", id: block.id, items: [block] }}
          ctx={ctx}
          depth={depth}
        />
      );
    case "code":
      return <Code block={block} ctx={ctx} />;
    case "divider":
      return <hr />;
    case "equation":
      return <Equation block={block} />;
    case "image":
    case "video":
    case "file":
    case "pdf":
    case "audio":
      return <Media block={block} ctx={ctx} />;
    case "bookmark":
    case "embed":
    case "link_preview":
      return <LinkCard block={block} ctx={ctx} />;
    case "table":
      return <Table block={block} ctx={ctx} />;
    case "column_list":
      return <div className="columns">{children}</div>;
    case "column":
      return <div className="column">{children}</div>;
    case "synced_block":
      return children;
    case "table_of_contents":
      return <TableOfContents ctx={ctx} />;
    case "child_page":
    case "child_database":
    case "link_to_page":
      return <PageLink block={block} ctx={ctx} />;
    // The site header already shows breadcrumbs; unsupported blocks have nothing to show.
    case "breadcrumb":
    case "unsupported":
    default:
      return null;
  }
}
