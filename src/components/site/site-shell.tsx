import Link from "next/link";
import type { ReactNode } from "react";
import type { Breadcrumb } from "@/lib/site/page-resolver";
import { SearchBox } from "./search-box";

interface ShellProps {
  siteTitle: string;
  breadcrumbs?: Breadcrumb[];
  /** When the shown content was synced from Notion. */
  syncedAt?: string;
  children: ReactNode;
}

/** Landmarks shared by every site page: skip link, header with breadcrumbs, main, footer. */
export function SiteShell({ siteTitle, breadcrumbs = [], syncedAt, children }: ShellProps) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="site-header">
        <Link className="site-title" href="/">
          {siteTitle}
        </Link>
        {breadcrumbs.length ? (
          <nav aria-label="Breadcrumb">
            <ol className="breadcrumbs">
              {breadcrumbs.map((crumb, i) => (
                <li key={i}>
                  {crumb.href ? (
                    <a href={crumb.href}>{crumb.label}</a>
                  ) : (
                    <span aria-current={i === breadcrumbs.length - 1 ? "page" : undefined}>
                      {crumb.label}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <SearchBox />
      </header>
      <main id="content">{children}</main>
      <footer className="site-footer">
        {syncedAt ? (
          <p>
            Synced from Notion <time dateTime={syncedAt}>{syncedAt.slice(0, 16).replace("T", " ")} UTC</time>
          </p>
        ) : (
          <p>Synced from Notion</p>
        )}
      </footer>
    </>
  );
}
