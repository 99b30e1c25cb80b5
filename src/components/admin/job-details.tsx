import { formatDuration, formatTime } from "@/lib/admin/format";
import type { PublicJob } from "@/lib/admin/job-view";
import { AdminTable } from "./admin-table";

const QSTASH_CONSOLE = "https://console.upstash.com/qstash";

/** Pages the sync could not refresh (they keep their last good version on the site). */
export function JobIssues({ job }: { job: PublicJob }) {
  return (
    <section aria-labelledby="issues-heading">
      <h2 id="issues-heading">Errors ({job.errors.length})</h2>
      {job.errors.length === 0 ? (
        <p className="muted">No page failed.</p>
      ) : (
        <AdminTable label="Errors per page" columns={["Page", "Code", "Message"]}>
          {job.errors.map((issue, i) => (
            <tr key={`${issue.id ?? "job"}-${i}`}>
              <th scope="row">
                {issue.title ?? "—"}
                {issue.id ? <code className="block small">{issue.id}</code> : null}
              </th>
              <td>
                <code>{issue.code}</code>
              </td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}

export function JobSteps({ job }: { job: PublicJob }) {
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading">Steps ({job.steps.length})</h2>
      {job.steps.length === 0 ? (
        <p className="muted">No step has run yet.</p>
      ) : (
        <AdminTable label="Steps" columns={["Step", "Started", "Duration", "Delivery", "Outcome"]}>
          {job.steps.map((s, i) => (
            <tr key={`${s.step}-${i}`}>
              <th scope="row">{s.step}</th>
              <td>{formatTime(s.startedAt)}</td>
              <td>{formatDuration(s.durationMs)}</td>
              <td>{s.retried === 0 ? "first attempt" : `retry ${s.retried}`}</td>
              <td>
                {s.outcome}
                {s.error ? <span className="block small">{s.error}</span> : null}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}

/** QStash message ids: look them up in the console's logs (not there when the local emulator ran them). */
export function JobMessages({ job }: { job: PublicJob }) {
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">QStash messages ({job.messageIds.length})</h2>
      {job.messageIds.length === 0 ? (
        <p className="muted">None published (an in-process run, or the job has not started).</p>
      ) : (
        <>
          <p className="muted small">Each id opens the QStash console, where its logs show every attempt.</p>
          <ol className="admin-messages">
            {job.messageIds.map((id) => (
              <li key={id}>
                <a
                  href={QSTASH_CONSOLE}
                  target="_blank"
                  rel="noreferrer"
                  title={`Find ${id} in the QStash logs`}
                >
                  <code>{id}</code>
                </a>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
