import Link from "next/link";

interface PaginationProps {
  page: number;
  pages: number;
  hrefOf: (page: number) => string;
}

export function Pagination({ page, pages, hrefOf }: PaginationProps) {
  if (pages <= 1) return null;
  return (
    <nav className="admin-pagination" aria-label="Pages">
      {page > 1 ? (
        <Link href={hrefOf(page - 1)} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={hrefOf(page + 1)} rel="next">
          Older →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
