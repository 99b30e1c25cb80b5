import type { JobStatus } from "@/lib/jobs/types";
import { STATUS_LABELS } from "@/lib/admin/job-view";

// A symbol as well as a colour, and always the word: the status never depends on colour alone.
const SYMBOLS: Record<JobStatus, string> = {
  queued: "○",
  running: "◐",
  completed: "✓",
  completed_with_errors: "!",
  failed: "✕",
  cancelled: "–",
};

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className="badge" data-status={status}>
      <span aria-hidden="true">{SYMBOLS[status]}</span> {STATUS_LABELS[status]}
    </span>
  );
}
