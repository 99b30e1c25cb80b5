import { newId } from "./ids";
import type { MessageKind, MessageTemplate, StoredMessage } from "./model";
import { logFieldsOf } from "./model";
import type { PublishSpec } from "./publish-request";
import type { StateStore } from "./state-store";

export interface PublishResult {
  messageId: string;
  url: string;
  deduplicated?: boolean;
}

/**
 * Turns accepted requests into stored messages: deduplication, ids, due times. Delays are
 * nominal (what the publisher asked for) and compressed by `timeScale` for the real due time.
 */
export class MessageIntake {
  constructor(
    private readonly store: StateStore,
    private readonly timeScale: number,
    private readonly onAccepted: (message: StoredMessage) => void,
  ) {}

  publish(spec: PublishSpec): PublishResult {
    const dedupId = spec.deduplicationId;
    if (dedupId !== undefined) {
      const existing = this.store.dedup.get(dedupId);
      if (existing) return { messageId: existing.messageId, url: existing.url, deduplicated: true };
    }
    const message = this.accept(spec.template, {
      kind: "message",
      delayMs: spec.delayMs,
      notBeforeMs: spec.notBeforeMs,
    });
    if (dedupId !== undefined) {
      this.store.dedup.set(dedupId, {
        messageId: message.messageId,
        url: message.url,
        at: message.createdAt,
      });
      this.store.markDirty();
    }
    return { messageId: message.messageId, url: message.url };
  }

  /** Stores a new message (a publish, a schedule firing, a callback, a DLQ retry) and wakes delivery. */
  accept(
    template: MessageTemplate,
    opts: { kind: MessageKind; sourceMessageId?: string; delayMs?: number; notBeforeMs?: number },
  ): StoredMessage {
    const now = Date.now();
    const notBefore = opts.notBeforeMs ?? now + (opts.delayMs ?? 0);
    const message: StoredMessage = {
      ...template,
      messageId: newId("msg"),
      kind: opts.kind,
      sourceMessageId: opts.sourceMessageId,
      createdAt: now,
      notBefore,
      dueAt: now + Math.max(0, notBefore - now) * this.timeScale,
      retried: 0,
      seq: this.store.nextSeq(),
      phase: "pending",
    };
    if (message.queueName) this.ensureQueue(message.queueName, now);
    this.store.messages.set(message.messageId, message);
    this.store.appendLog({
      time: now,
      state: "CREATED",
      ...logFieldsOf(message),
      header: message.header,
    });
    this.store.markDirty();
    this.onAccepted(message);
    return message;
  }

  /** Enqueueing to an unknown queue creates it with parallelism 1, as QStash does. */
  private ensureQueue(name: string, now: number): void {
    if (this.store.queues.has(name)) return;
    this.store.queues.set(name, { name, parallelism: 1, paused: false, createdAt: now, updatedAt: now });
  }
}
