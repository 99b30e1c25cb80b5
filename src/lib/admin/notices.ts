/**
 * Messages shown after an action redirects. Pages get a short code in the query string, never free text,
 * so a crafted link cannot make the dashboard display arbitrary words.
 */
export const NOTICES = {
  coalesced: "A sync was already queued or running, so no new job was started: this is that job.",
  started: "Sync started.",
  "signed-out": "You are signed out.",
  retried: "The message was sent to QStash again.",
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
