/**
 * The emulator's own records. They are plain JSON so the whole state can be written to
 * `<dataDir>/qstash.json` and read back. Bodies are kept as base64 so binary payloads survive.
 */

/** Header name (canonical case, e.g. `X-Trace-Id`) → values, the shape QStash uses in its API. */
export type HeaderMap = Record<string, string[]>;

/** Where and how a callback (or failure callback) is delivered. */
export interface CallbackTarget {
  url: string;
  method: string;
  header: HeaderMap;
  retries?: number;
  timeoutMs?: number;
  delayMs?: number;
}

/** Everything a publish (or a schedule) says about a message, before it gets an id. */
export interface MessageTemplate {
  url: string;
  method: string;
  header: HeaderMap;
  bodyBase64: string;
  maxRetries: number;
  retryDelayExpression?: string;
  timeoutMs?: number;
  callback?: CallbackTarget;
  failureCallback?: CallbackTarget;
  queueName?: string;
  scheduleId?: string;
  labels?: string[];
  flowControlKey?: string;
  /** The limits published with the flow-control key (`Upstash-Flow-Control-Value`). */
  flowControl?: FlowControlLimits;
  callerIp: string;
}

export interface FlowControlLimits {
  parallelism?: number;
  rate?: number;
  /** The window of `rate`, in seconds. */
  periodS?: number;
}

export type MessageKind = "message" | "callback" | "failure-callback";

/** A message accepted and not yet finished (delivered, dead-lettered or cancelled). */
export interface StoredMessage extends MessageTemplate {
  messageId: string;
  kind: MessageKind;
  /** For callback messages: the message whose attempt they report. */
  sourceMessageId?: string;
  createdAt: number;
  /** Nominal (uncompressed) earliest delivery time in ms, as the publisher asked for it. */
  notBefore: number;
  /** When the next attempt may start, in real (time-compressed) ms. */
  dueAt: number;
  retried: number;
  /** FIFO order inside a queue. */
  seq: number;
  /** "retry" keeps its queue slot while it waits; "active" is in flight. */
  phase: "pending" | "active" | "retry";
  cancelRequested?: boolean;
}

export interface DlqEntry {
  dlqId: string;
  /** Monotonic position: the pagination cursor. */
  order: number;
  failedAt: number;
  message: StoredMessage;
  responseStatus?: number;
  responseHeader?: HeaderMap;
  responseBodyBase64?: string;
  error?: string;
}

export interface ScheduleRecord {
  scheduleId: string;
  cron: string;
  createdAt: number;
  template: MessageTemplate;
  delayMs?: number;
  isPaused: boolean;
  lastScheduleTime?: number;
  nextScheduleTime?: number;
  lastScheduleStates: Record<string, "IN_PROGRESS" | "SUCCESS" | "FAIL">;
}

export interface QueueRecord {
  name: string;
  parallelism: number;
  paused: boolean;
  createdAt: number;
  updatedAt: number;
}

export type LogState =
  "CREATED" | "ACTIVE" | "DELIVERED" | "ERROR" | "RETRY" | "FAILED" | "CANCELED" | "IN_PROGRESS";

export interface LogEvent {
  order: number;
  time: number;
  state: LogState;
  messageId: string;
  url: string;
  nextDeliveryTime?: number;
  error?: string;
  responseStatus?: number;
  queueName?: string;
  scheduleId?: string;
  labels?: string[];
  callerIp?: string;
  flowControlKey?: string;
  header?: HeaderMap;
  body?: string;
}

/** The message fields every log event carries (and the logs endpoint filters on). */
export function logFieldsOf(message: StoredMessage) {
  return {
    messageId: message.messageId,
    url: message.url,
    queueName: message.queueName,
    scheduleId: message.scheduleId,
    labels: message.labels,
    callerIp: message.callerIp,
    flowControlKey: message.flowControlKey,
  };
}

export interface DedupRecord {
  messageId: string;
  url: string;
  at: number;
}

/** What the emulator delivered, for tests and the dev launcher. */
export interface DeliveryRecord {
  messageId: string;
  kind: MessageKind;
  url: string;
  method: string;
  /** Response status, or null when the attempt failed without one (timeout, refused). */
  status: number | null;
  retried: number;
  at: number;
  scheduleId?: string;
  error?: string;
}

export interface PersistedState {
  version: 1;
  seq: number;
  messages: StoredMessage[];
  dlq: DlqEntry[];
  schedules: ScheduleRecord[];
  queues: QueueRecord[];
  dedup: Record<string, DedupRecord>;
  logs: LogEvent[];
}
