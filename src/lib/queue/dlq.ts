import type { Queue } from "./qstash";

/**
 * The QStash dead-letter queue as the dashboard shows it: messages whose every attempt failed (or that
 * the worker marked non-retryable with 489). Raw SDK shapes stop here; callers see `DeadLetter`.
 */
export interface DeadLetter {
  dlqId: string;
  messageId: string;
  url: string;
  method: string;
  /** HTTP status of the last failed attempt (0 or absent when no response arrived). */
  responseStatus: number | null;
  /** When the message was first published (ms since epoch). */
  createdAt: number;
  /** The start of the last response body, for a quick look at why it failed. */
  responseSnippet: string;
  /** The step message's job, when the body is one of ours. */
  jobId: string | null;
  step: number | null;
}

export type DeadLetterErrorCode = "dlq_unreachable" | "dlq_not_found";

export class DeadLetterError extends Error {
  override readonly name = "DeadLetterError";
  constructor(
    readonly code: DeadLetterErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDeadLetterError(error: unknown): error is DeadLetterError {
  return error instanceof DeadLetterError;
}

const SNIPPET_CHARS = 200;
const JOB_ID = /^j[0-9a-z]{6,30}$/;

/** The SDK's DLQ message, reduced to the fields read here (so a shape change fails in one place). */
interface RawDeadLetter {
  dlqId: string;
  messageId: string;
  url: string;
  method?: string;
  body?: string;
  bodyBase64?: string;
  createdAt: number;
  responseStatus?: number;
  responseBody?: string;
  responseBodyBase64?: string;
}

function textOf(plain: string | undefined, base64: string | undefined): string {
  if (plain !== undefined) return plain;
  return base64 ? Buffer.from(base64, "base64").toString("utf8") : "";
}

/** `{jobId, step}` when the body is a worker step message; nulls for anything else. */
export function stepOfBody(body: string): { jobId: string | null; step: number | null } {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown; step?: unknown };
    const jobId = typeof parsed.jobId === "string" && JOB_ID.test(parsed.jobId) ? parsed.jobId : null;
    const step = typeof parsed.step === "number" && Number.isInteger(parsed.step) ? parsed.step : null;
    return { jobId, step: jobId ? step : null };
  } catch {
    return { jobId: null, step: null };
  }
}

export function toDeadLetter(raw: RawDeadLetter): DeadLetter {
  const response = textOf(raw.responseBody, raw.responseBodyBase64).replace(/\s+/g, " ").trim();
  return {
    dlqId: raw.dlqId,
    messageId: raw.messageId,
    url: raw.url,
    method: raw.method ?? "POST",
    responseStatus: typeof raw.responseStatus === "number" ? raw.responseStatus : null,
    createdAt: raw.createdAt,
    responseSnippet: response.length > SNIPPET_CHARS ? `${response.slice(0, SNIPPET_CHARS)}…` : response,
    ...stepOfBody(textOf(raw.body, raw.bodyBase64)),
  };
}

function unreachable(error: unknown): DeadLetterError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DeadLetterError("dlq_unreachable", `QStash's dead-letter queue could not be read: ${reason}`);
}

/** One page of dead letters, newest first as QStash returns them; pass `cursor` for the next page. */
export async function listDeadLetters(
  queue: Queue,
  { cursor, count = 50 }: { cursor?: string; count?: number } = {},
): Promise<{ items: DeadLetter[]; cursor: string | null }> {
  try {
    const page = await queue.client.dlq.listMessages({ count, ...(cursor ? { cursor } : {}) });
    return { items: page.messages.map(toDeadLetter), cursor: page.cursor || null };
  } catch (error) {
    throw unreachable(error);
  }
}

/** One dead letter by id, or null when QStash has no such entry. */
export async function getDeadLetter(queue: Queue, dlqId: string): Promise<DeadLetter | null> {
  try {
    const page = await queue.client.dlq.listMessages({ dlqIds: [dlqId] });
    const found = page.messages.find((m) => m.dlqId === dlqId);
    return found ? toDeadLetter(found) : null;
  } catch (error) {
    throw notFoundOr(error, dlqId);
  }
}

/** Publish a dead letter again (QStash gives it a new message id) and drop it from the DLQ. */
export async function retryDeadLetter(queue: Queue, dlqId: string): Promise<string> {
  let result: { responses: { messageId: string }[] };
  try {
    result = await queue.client.dlq.retry(dlqId);
  } catch (error) {
    throw notFoundOr(error, dlqId);
  }
  const messageId = result.responses[0]?.messageId;
  if (!messageId) throw new DeadLetterError("dlq_not_found", `No dead letter ${dlqId} to retry.`);
  return messageId;
}

export async function deleteDeadLetter(queue: Queue, dlqId: string): Promise<void> {
  try {
    // The single-id form is DELETE /v2/dlq/{id}: an unknown id is a 404, not a count of 0.
    await queue.client.dlq.delete(dlqId);
  } catch (error) {
    throw notFoundOr(error, dlqId);
  }
}

function notFoundOr(error: unknown, dlqId: string): DeadLetterError {
  const status = (error as { status?: unknown }).status;
  if (status === 404) return new DeadLetterError("dlq_not_found", `No dead letter ${dlqId}.`);
  return unreachable(error);
}
