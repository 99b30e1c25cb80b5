import type { Metadata } from "next";
import { JobsTable } from "@/components/admin/jobs-table";
import { Pagination } from "@/components/admin/pagination";
import { requireAdmin } from "@/lib/admin/guard";
import { listJobs } from "@/lib/store/jobs";
import { getStore } from "@/lib/store/redis";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

export const metadata: Metadata = { title: "Jobs" };

const PER_PAGE = 20;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function JobsPage({ searchParams }: { searchParams: Search }) {
  await requireAdmin();
  const raw = (await searchParams).page;
  const requested = Number.parseInt(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""), 10);
  const page = Number.isFinite(requested) && requested > 0 ? Math.min(requested, 500) : 1;
  const { jobs, total } = await listJobs(getStore(), { offset: (page - 1) * PER_PAGE, limit: PER_PAGE });
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const now = new Date().getTime();
  return (
    <>
      <h1>Jobs</h1>
      <p className="muted">
        {total} job{total === 1 ? "" : "s"}, newest first (the last 500 or 30 days are kept).
      </p>
      <JobsTable jobs={jobs} now={now} caption={`Jobs, page ${page} of ${pages}`} />
      <Pagination page={page} pages={pages} hrefOf={(p) => `/admin/jobs?page=${p}`} />
    </>
  );
}
