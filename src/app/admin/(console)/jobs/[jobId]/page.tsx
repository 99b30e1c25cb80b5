import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FlashMessage } from "@/components/admin/flash-message";
import { JobCancel } from "@/components/admin/job-cancel";
import { JobIssues, JobMessages, JobSteps } from "@/components/admin/job-details";
import { JobLive } from "@/components/admin/job-live";
import { formatTime } from "@/lib/admin/format";
import { requireAdmin } from "@/lib/admin/guard";
import { isLive, modeOf, type PublicJob } from "@/lib/admin/job-view";
import { getJob } from "@/lib/store/jobs";
import { getStore } from "@/lib/store/redis";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

type Params = Promise<{ jobId: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Job ${(await params).jobId.slice(0, 40)}` };
}

export default async function JobPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  await requireAdmin();
  const { jobId } = await params;
  if (!/^j[0-9a-z]{6,30}$/.test(jobId)) notFound();
  const record = await getJob(getStore(), jobId);
  if (!record) notFound();
  const { state: _state, ...job } = record;
  const live = isLive(job.status);
  const query = await searchParams;
  const renderedAt = new Date().getTime();
  return (
    <>
      {live ? (
        // Without JS the page reloads itself while the job runs; with JS, JobLive polls instead.
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <p className="small">
        <Link href="/admin/jobs">← All jobs</Link>
      </p>
      <h1>
        Job <code>{job.id}</code>
      </h1>
      <FlashMessage notice={query.notice} error={query.error} />
      <JobFacts job={job} />
      {/* Keyed by the render: a server render (after Cancel, say) is newer than what the browser holds,
          and JobLive's state starts from it instead of keeping the old one. */}
      <JobLive key={renderedAt} initial={job} renderedAt={renderedAt} />
      {live ? <JobCancel jobId={job.id} requestedAt={job.cancelRequestedAt} /> : null}
      {live ? (
        <p className="small">
          <a href={`/admin/jobs/${job.id}`}>Refresh</a> (updates every second while JavaScript is on)
        </p>
      ) : null}
      <JobIssues job={job} />
      <JobSteps job={job} />
      <JobMessages job={job} />
    </>
  );
}

function JobFacts({ job }: { job: PublicJob }) {
  return (
    <dl className="admin-facts">
      <div>
        <dt>Mode</dt>
        <dd>{modeOf(job)}</dd>
      </div>
      <div>
        <dt>Trigger</dt>
        <dd>{job.source}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatTime(job.createdAt)}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatTime(job.startedAt)}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{formatTime(job.finishedAt)}</dd>
      </div>
      <div>
        <dt>Steps done</dt>
        <dd>{job.step}</dd>
      </div>
      {job.dlqId ? (
        <div>
          <dt>Dead letter</dt>
          <dd>
            <Link href="/admin/dlq">
              <code>{job.dlqId}</code>
            </Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
