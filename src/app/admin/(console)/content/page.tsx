import type { Metadata } from "next";
import { AdminTable } from "@/components/admin/admin-table";
import { formatRelative, formatTime } from "@/lib/admin/format";
import { requireAdmin } from "@/lib/admin/guard";
import { loadContentOverview } from "@/lib/cms/content-overview";
import { pathOf } from "@/lib/site/site-paths";
import type { DraftListing } from "@/lib/store/drafts";
import { getStore } from "@/lib/store/redis";

// Per request (the session, the latest publish): never from a cache.
export const instant = false;

export const metadata: Metadata = { title: "Content" };

const REASONS: Record<DraftListing["reason"], string> = {
  unpublished: "Published is unchecked",
  status: "Status is not a published one",
  scheduled: "Publish date in the future",
  parent: "Inside a draft",
};

function previewHref(slug: string): string {
  return `/api/preview?slug=${encodeURIComponent(slug)}`;
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ContentPage({ searchParams }: { searchParams: Search }) {
  // Reading the request makes the whole page per request, so a visitor without a session gets the
  // redirect to the login page as a status code, before anything is sent.
  await searchParams;
  await requireAdmin();
  const now = new Date().getTime();
  const { scheduled, drafts, history } = await loadContentOverview(getStore());
  return (
    <>
      <h1>Content</h1>
      <section aria-labelledby="scheduled-heading">
        <h2 id="scheduled-heading">Scheduled</h2>
        <p className="muted">
          Rows whose publish date lies ahead: each goes public with the first sync after that time, with no
          edit.
        </p>
        {scheduled.length ? (
          <AdminTable label="Scheduled rows" columns={["Page", "Publishes", "Preview"]}>
            {scheduled.map((d) => (
              <tr key={d.id} data-scheduled={d.id}>
                <td>{d.title}</td>
                <td>
                  <time dateTime={d.publishAt}>{formatTime(d.publishAt)}</time>{" "}
                  <span className="muted">({formatRelative(d.publishAt!, now)})</span>
                </td>
                <td>
                  <a href={previewHref(d.slug)}>Preview {pathOf(d.slug)}</a>
                </td>
              </tr>
            ))}
          </AdminTable>
        ) : (
          <p>Nothing is scheduled.</p>
        )}
      </section>
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">Drafts</h2>
        {drafts.length ? (
          <AdminTable label="Drafts" columns={["Page", "Why it is a draft", "Preview"]}>
            {drafts.map((d) => (
              <tr key={d.id} data-draft={d.id}>
                <td>{d.title}</td>
                <td>{REASONS[d.reason]}</td>
                <td>
                  <a href={previewHref(d.slug)}>Preview {pathOf(d.slug)}</a>
                </td>
              </tr>
            ))}
          </AdminTable>
        ) : (
          <p>No drafts.</p>
        )}
      </section>
      <section aria-labelledby="slugs-heading">
        <h2 id="slugs-heading">Slug history</h2>
        <p className="muted">
          Old URLs answer 308 to the page&apos;s current one; a page that is not public answers 404.
        </p>
        {history.length ? (
          <AdminTable label="Slug history" columns={["Page", "Current URL", "Earlier URLs"]}>
            {history.map((row) => (
              <tr key={row.id} data-history={row.id}>
                <td>{row.title}</td>
                <td>
                  {row.slug === null ? (
                    <span className="muted">not public</span>
                  ) : (
                    <a href={pathOf(row.slug)}>{pathOf(row.slug)}</a>
                  )}
                </td>
                <td>{row.previous.map(pathOf).join(", ")}</td>
              </tr>
            ))}
          </AdminTable>
        ) : (
          <p>No page has changed its URL yet.</p>
        )}
      </section>
    </>
  );
}
