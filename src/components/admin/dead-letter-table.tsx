import Link from "next/link";
import { deleteDeadLetterAction, retryDeadLetterAction } from "@/app/admin/actions";
import { formatTime } from "@/lib/admin/format";
import type { DeadLetter } from "@/lib/queue/dlq";
import { AdminTable } from "./admin-table";

export function DeadLetterTable({ items }: { items: DeadLetter[] }) {
  if (items.length === 0) return <p className="muted">The dead-letter queue is empty.</p>;
  return (
    <AdminTable
      label="Dead-lettered messages"
      columns={["Message", "Job", "Status", "Created", "Last response", "Actions"]}
    >
      {items.map((m) => (
        <tr key={m.dlqId} data-dlq-id={m.dlqId}>
          <th scope="row">
            <code className="block">{m.messageId}</code>
            <span className="small muted block">
              {m.method} {m.url}
            </span>
          </th>
          <td>
            {m.jobId ? (
              <Link href={`/admin/jobs/${m.jobId}`}>
                <code>{m.jobId}</code>
              </Link>
            ) : (
              "—"
            )}
            {m.step !== null ? <span className="small muted block">step {m.step}</span> : null}
          </td>
          <td>{m.responseStatus ?? "no response"}</td>
          <td>{formatTime(m.createdAt)}</td>
          <td className="admin-snippet">{m.responseSnippet || "—"}</td>
          <td>
            <div className="admin-inline">
              <form action={retryDeadLetterAction}>
                <input type="hidden" name="dlqId" value={m.dlqId} />
                <button type="submit" aria-label={`Retry message ${m.messageId}`}>
                  Retry
                </button>
              </form>
              <form action={deleteDeadLetterAction}>
                <input type="hidden" name="dlqId" value={m.dlqId} />
                <button type="submit" className="danger" aria-label={`Delete message ${m.messageId}`}>
                  Delete
                </button>
              </form>
            </div>
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
