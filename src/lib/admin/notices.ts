/**
 * Messages shown after an action redirects. Pages get a short code in the query string, never free text,
 * so a crafted link cannot make the dashboard display arbitrary words.
 */
export const NOTICES = {
  coalesced: "A sync was already queued or running, so no new job was started: this is that job.",
  started: "Sync started.",
  queued: "A sync is running that does not cover this request: this job runs right after it.",
  cancelled: "Job cancelled. Everything it had published stays published.",
  "cancel-requested": "Cancel requested: the running step stops at its next checkpoint, within seconds.",
  "signed-out": "You are signed out.",
  retried: "The message was sent to QStash again: a failed job resumes from the step that failed.",
  deleted: "The message was deleted from the dead-letter queue.",
} as const;

export const ERRORS = {
  "wrong-secret": "That is not the sync secret. Check SYNC_SECRET (or CRON_SECRET) and try again.",
  "no-page": "Choose a page to sync.",
  "unknown-page": "That page is not in the published site any more: run a full sync.",
  "needs-site": "A page sync needs a published site: run a full sync first.",
  config: "The app is missing configuration (see the health list below).",
  queue: "QStash did not accept the job. Is it reachable? See the server log.",
  "dlq-missing": "That message is no longer in the dead-letter queue.",
  "dlq-unreachable": "QStash's dead-letter queue could not be reached.",
  "bad-input": "The sync request was refused: check the page and options.",
  "no-job": "There is no such job (jobs are kept for 30 days or the last 500).",
  "cancel-ended": "That job has already ended: there is nothing to cancel.",
  "cancel-failed": "The job could not be cancelled. See the server log.",
  "retry-busy": "Another sync is running: retry this message once it has ended.",
  "retry-ended":
    "That message's job is not failed (it completed, was cancelled, or runs again): retrying would do nothing. Delete the message.",
  "retry-gone": "That message's job no longer exists (jobs are kept 30 days): delete the message.",
  "retry-stale": "That message is an older step than where its job stopped: delete it.",
  failed: "The action failed. See the server log.",
} as const;

export type NoticeCode = keyof typeof NOTICES;
export type ErrorCode = keyof typeof ERRORS;

function pick<T extends Record<string, string>>(table: T, code: unknown): string | null {
  return typeof code === "string" && Object.hasOwn(table, code) ? table[code as keyof T]! : null;
}

export function noticeText(code: unknown): string | null {
  return pick(NOTICES, code);
}

export function errorText(code: unknown): string | null {
  return pick(ERRORS, code);
}
