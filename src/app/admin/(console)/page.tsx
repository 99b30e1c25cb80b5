import type { Metadata } from "next";
import Link from "next/link";
import { FlashMessage } from "@/components/admin/flash-message";
import { HealthList } from "@/components/admin/health-list";
import { JobsTable } from "@/components/admin/jobs-table";
import { ScheduleList } from "@/components/admin/schedule-list";
import { StatusBadge } from "@/components/admin/status-badge";
import { SyncActions } from "@/components/admin/sync-actions";
import { WebhookTokenPanel } from "@/components/admin/webhook-token";
import { formatBytes, formatCount, formatRelative, formatTime } from "@/lib/admin/format";
import { requireAdmin } from "@/lib/admin/guard";
import { loadOverview } from "@/lib/admin/overview";
import { pageChoices } from "@/lib/admin/page-choices";
import { getQueue } from "@/lib/queue/qstash";
import { listJobs } from "@/lib/store/jobs";
import { getStore } from "@/lib/store/redis";
import { readManifest } from "@/lib/store/site-reader";
import { readWebhookToken } from "@/lib/store/webhook-token";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

export const metadata: Metadata = { title: "Overview" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function OverviewPage({ searchParams }: { searchParams: Search }) {
  await requireAdmin();
  const query = await searchParams;
  const store = getStore();
  const now = new Date();
  const [overview, manifest, recent, webhookToken] = await Promise.all([
    loadOverview({ store, queue: getQueue, now }),
    readManifest(store).catch(() => null),
    listJobs(store, { limit: 10 }).catch(() => ({ jobs: [], total: 0 })),
    readWebhookToken(store).catch(() => null),
  ]);
  const last = overview.lastSuccess;
  return (
    <>
      <h1>Overview</h1>
      <FlashMessage notice={query.notice} error={query.error} variable={query.variable} />
      {overview.active ? (
        <p className="admin-flash" data-kind="notice" role="status">
          A sync is {overview.active.status}:{" "}
          <Link href={`/admin/jobs/${overview.active.id}`}>watch job {overview.active.id}</Link>
        </p>
      ) : null}
      <section aria-labelledby="cache-heading">
        <h2 id="cache-heading" className="visually-hidden">
          Cache
        </h2>
        <dl className="admin-stats">
          <div>
            <dt>Last successful sync</dt>
            <dd>
              {last ? (
                <>
                  <Link href={`/admin/jobs/${last.id}`}>
                    <time dateTime={last.finishedAt ?? last.updatedAt}>
                      {formatRelative(last.finishedAt ?? last.updatedAt, now.getTime())}
                    </time>
                  </Link>{" "}
                  <StatusBadge status={last.status} />
                  <span className="small muted block">{formatTime(last.finishedAt ?? last.updatedAt)}</span>
                </>
              ) : (
                "Never"
              )}
            </dd>
          </div>
          <div>
            <dt>Pages cached</dt>
            <dd data-stat="pages">{formatCount(overview.pages)}</dd>
          </div>
          <div>
            <dt>Databases cached</dt>
            <dd data-stat="databases">{formatCount(overview.databases)}</dd>
          </div>
          <div>
            <dt>Cache size</dt>
            <dd data-stat="cache-size">
              {overview.cache ? formatBytes(overview.cache.bytes) : "—"}
              <span className="small muted block">sum of the published page bundles</span>
            </dd>
          </div>
        </dl>
      </section>
      <WebhookTokenPanel record={webhookToken} />
      <SyncActions choices={pageChoices(manifest)} busy={Boolean(overview.active)} />
      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Recent jobs</h2>
        <JobsTable jobs={recent.jobs} now={now.getTime()} caption="Recent jobs, newest first" />
        {recent.total > recent.jobs.length ? (
          <p>
            <Link href="/admin/jobs">All {formatCount(recent.total)} jobs →</Link>
          </p>
        ) : null}
      </section>
      <div className="admin-columns">
        <section aria-labelledby="schedule-heading" className="admin-card">
          <h2 id="schedule-heading">Next scheduled runs</h2>
          <ScheduleList triggers={overview.triggers} now={now.getTime()} />
        </section>
        <section aria-labelledby="health-heading" className="admin-card">
          <h2 id="health-heading">Configuration</h2>
          <HealthList items={overview.health} />
        </section>
      </div>
      {overview.problems.length ? (
        <section aria-labelledby="problems-heading">
          <h2 id="problems-heading">Could not load</h2>
          <ul>
            {overview.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
