import Link from "next/link";
import { formatCount, formatDuration, formatTime } from "@/lib/admin/format";
import { counter, durationOf, modeOf, type PublicJob } from "@/lib/admin/job-view";
import { StatusBadge } from "./status-badge";
import { AdminTable } from "./admin-table";

interface JobsTableProps {
  jobs: PublicJob[];
  now: number;
  caption: string;
}

/** Date and clock, which a tight table may put on two lines but never breaks inside. */
function When({ iso }: { iso: string }) {
  const [date, ...clock] = formatTime(iso).split(" ");
  return (
    <time className="when" dateTime={iso}>
      <span>{date}</span> <span>{clock.join(" ")}</span>
    </time>
  );
}

/** Jobs newest first; scrolls sideways on a narrow screen instead of squeezing the columns. */
export function JobsTable({ jobs, now, caption }: JobsTableProps) {
  if (jobs.length === 0) return <p className="muted">No jobs yet: start a sync above.</p>;
  return (
    <AdminTable
      label={caption}
      columns={[
        "Job",
        "Status",
        "Mode",
        "Trigger",
        "Started",
        "Duration",
        { label: "Fetched", numeric: true },
        { label: "Unchanged", numeric: true },
        { label: "Failed", numeric: true },
        { label: "API calls", numeric: true },
        { label: "QStash attempts", numeric: true },
      ]}
      caption
    >
      {jobs.map((job) => (
        <tr key={job.id}>
          <th scope="row">
            <Link href={`/admin/jobs/${job.id}`}>
              <code>{job.id}</code>
            </Link>
          </th>
          <td>
            <StatusBadge status={job.status} />
          </td>
          <td>{modeOf(job)}</td>
          <td>{job.source}</td>
          <td>
            <When iso={job.startedAt ?? job.createdAt} />
          </td>
          <td>{formatDuration(durationOf(job, now))}</td>
          <td className="num">{formatCount(counter(job, "pagesFetched"))}</td>
          <td className="num">{formatCount(counter(job, "pagesUnchanged"))}</td>
          <td className="num">{formatCount(counter(job, "pagesFailed"))}</td>
          <td className="num">{formatCount(counter(job, "apiCalls"))}</td>
          <td className="num">
            {formatCount(job.attempts)}
            {job.retries > 0 ? <span className="muted"> ({job.retries} retried)</span> : null}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
