import type { ReactNode } from "react";

export type Column = string | { label: string; numeric: true };

/**
 * A dashboard table: a labelled region that scrolls sideways on a narrow screen instead of squeezing
 * its columns (and can be scrolled with the keyboard), with a header row of column names.
 */
export function AdminTable({
  label,
  columns,
  caption = false,
  children,
}: {
  label: string;
  columns: Column[];
  /** Also give the table a (visually hidden) caption with the label. */
  caption?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="admin-table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className="admin-table">
        {caption ? <caption className="visually-hidden">{label}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === "string" ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
