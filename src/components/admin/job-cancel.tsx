import { cancelJobAction } from "@/app/admin/actions";

/**
 * Cancel a queued or running job. Between steps it ends at once; a running step stops at its next
 * checkpoint. What the job already published stays published.
 */
export function JobCancel({ jobId, requestedAt }: { jobId: string; requestedAt?: string }) {
  if (requestedAt) {
    return (
      <p className="admin-flash" data-kind="notice" role="status">
        Cancel requested: the running step stops at its next checkpoint.
      </p>
    );
  }
  return (
    <form action={cancelJobAction} className="admin-inline">
      <input type="hidden" name="jobId" value={jobId} />
      <button type="submit" className="danger">
        Cancel job
      </button>
      <span className="muted small"> Pages already published stay published.</span>
    </form>
  );
}
