import type { Span } from "@/lib/bundle-types";
import type { BlockOf } from "@/lib/site/block-structure";
import { pathOf } from "@/lib/site/site-paths";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";

export function Table({ block, ctx }: { block: BlockOf<"table">; ctx: RenderContext }) {
  const rows = block.rows ?? [];
  const width = Math.max(block.width || 0, ...rows.map((r) => r.length));
  const [first, ...rest] = rows;
  const head = block.hasColumnHeader && first ? first : undefined;
  const body = head ? rest : rows;
  const cells = (row: Span[][], header: boolean) =>
    Array.from({ length: width }, (_, col) => {
      const content = <RichText spans={row[col]} ctx={ctx} />;
      if (header)
        return (
          <th key={col} scope="col">
            {content}
          </th>
        );
      if (block.hasRowHeader && col === 0)
        return (
          <th key={col} scope="row">
            {content}
          </th>
        );
      return <td key={col}>{content}</td>;
    });
  return (
    <div className="table-wrap">
      <table>
        {head ? (
          <thead>
            <tr>{cells(head, true)}</tr>
          </thead>
        ) : null}
        <tbody>
          {body.map((row, i) => (
            <tr key={i}>{cells(row, false)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TableOfContents({ ctx }: { ctx: RenderContext }) {
  if (ctx.headings.length === 0) return null;
  return (
    <nav className="toc" aria-label="Table of contents">
      <ol>
        {ctx.headings.map((h) => (
          <li key={h.anchor} className={`toc-${h.level}`}>
            <a href={`#${h.anchor}`}>{h.text || "Untitled"}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A link to another page or database of the site; pages that are not synced show their title unlinked. */
export function PageLink({
  block,
  ctx,
}: {
  block: BlockOf<"child_page" | "child_database" | "link_to_page">;
  ctx: RenderContext;
}) {
  const id = block.type === "child_database" ? block.databaseId : block.pageId;
  const slug = id ? ctx.resolvePage(id) : null;
  const title = (block.type === "link_to_page" ? ctx.pageTitle(id) : block.title) || "Untitled";
  if (slug === null) {
    // A link_to_page of an unsynced page has no title to show; the others keep their title as text.
    return block.type === "link_to_page" ? null : <p className="page-link unavailable">{title}</p>;
  }
  return (
    <p className={`page-link ${block.type === "child_database" ? "database" : "page"}`}>
      <a href={pathOf(slug)}>{title}</a>
    </p>
  );
}
