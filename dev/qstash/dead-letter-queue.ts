import type { AttemptResult } from "./http-delivery";
import type { DlqEntry, StoredMessage } from "./model";
import { matchesFilters, pageSize, refuseUnknownFilters } from "./record-filters";
import type { StateStore } from "./state-store";

const DLQ_FILTER_KEYS = [
  "messageId",
  "url",
  "topicName",
  "scheduleId",
  "queueName",
  "responseStatus",
  "callerIp",
  "label",
  "flowControlKey",
] as const;

/** A page of DLQ entries; `cursor` is set when more match after it. */
export interface DlqPage {
  entries: DlqEntry[];
  cursor?: string;
}

export function moveToDlq(store: StateStore, message: StoredMessage, result: AttemptResult): DlqEntry {
  const order = store.nextSeq();
  const now = Date.now();
  const entry: DlqEntry = {
    dlqId: `${now}-${order}`,
    order,
    failedAt: now,
    message: { ...message, phase: "pending" },
    responseStatus: result.status ?? undefined,
    responseHeader: result.status === null ? undefined : result.header,
    responseBodyBase64: result.status === null ? undefined : result.body.toString("base64"),
    error: result.error,
  };
  store.dlq.push(entry);
  store.markDirty();
  return entry;
}

/**
 * Entries selected the way the SDK asks: explicit `dlqIds`, or filters + `count` + `cursor`
 * (the cursor is the position of the last entry returned, so deletions never skip entries).
 */
export function selectDlq(store: StateStore, query: URLSearchParams, maxCount = 100): DlqPage {
  // QStash's DLQ has no host/path filters: they are refused like any unknown filter.
  refuseUnknownFilters(query, [...DLQ_FILTER_KEYS, "dlqIds"], "the DLQ");
  const ids = query.getAll("dlqIds");
  if (ids.length > 0) return { entries: store.dlq.filter((entry) => ids.includes(entry.dlqId)) };
  const after = Number(query.get("cursor") ?? 0) || 0;
  const count = pageSize(query, maxCount, maxCount);
  const matching = store.dlq.filter(
    (entry) =>
      entry.order > after &&
      matchesFilters(
        {
          messageId: entry.message.messageId,
          url: entry.message.url,
          scheduleId: entry.message.scheduleId,
          queueName: entry.message.queueName,
          responseStatus: entry.responseStatus,
          callerIp: entry.message.callerIp,
          label: entry.message.labels,
          flowControlKey: entry.message.flowControlKey,
        },
        entry.failedAt,
        query,
        DLQ_FILTER_KEYS,
      ),
  );
  const entries = matching.slice(0, count);
  const last = entries[entries.length - 1];
  return { entries, cursor: matching.length > count && last ? String(last.order) : undefined };
}

export function findDlq(store: StateStore, dlqId: string): DlqEntry | undefined {
  return store.dlq.find((entry) => entry.dlqId === dlqId);
}

export function removeDlq(store: StateStore, dlqIds: readonly string[]): number {
  const before = store.dlq.length;
  store.dlq = store.dlq.filter((entry) => !dlqIds.includes(entry.dlqId));
  if (store.dlq.length !== before) store.markDirty();
  return before - store.dlq.length;
}
