import type { DatabaseBundle } from "@/lib/bundle-types";
import { formatDate } from "@/lib/site/dates";
import { pathOf } from "@/lib/site/site-paths";
import { NotionIcon } from "./notion-icon";

/** A database as a listing of its rows, in the bundle's order (newest first). */
export function DatabaseView({ bundle }: { bundle: DatabaseBundle }) {
  return (
    <article className="database">
      <header className="page-header">
        <NotionIcon icon={bundle.icon} className="page-icon" />
        <h1>{bundle.title || "Untitled"}</h1>
      </header>
      {bundle.description ? <p className="description">{bundle.description}</p> : null}
      {bundle.rows.length === 0 ? (
        <p className="muted">Nothing here yet.</p>
      ) : (
        <ul className="rows">
          {bundle.rows.map((row) => {
            const date = formatDate(row.date);
            return (
              <li key={row.id}>
                <a className="row-title" href={pathOf(row.slug)}>
                  <NotionIcon icon={row.icon} className="row-icon" />
                  {row.title || "Untitled"}
                </a>
                {date && row.date ? <time dateTime={row.date}>{date}</time> : null}
                {row.tags.length ? (
                  <ul className="tags" aria-label="Tags">
                    {row.tags.map((tag) => (
                      <li key={tag}>{tag}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </article>
  );
}
