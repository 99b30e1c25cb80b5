import { settleAttempt, type OutcomeContext } from "./delivery-outcome";
import { QStashEmulatorClosedError, QStashIdleTimeoutError } from "./errors";
import { toOutgoing } from "./headers";
import { sendHttp, type AttemptResult } from "./http-delivery";
import type { DeliveryRecord, StoredMessage } from "./model";
import { logFieldsOf } from "./model";
import { signDelivery } from "./signing";
import type { Logger } from "./state-store";

/** The plan's maximum response time (free tier: 15 minutes); `Upstash-Timeout` shortens it. */
const DEFAULT_ATTEMPT_TIMEOUT_MS = 15 * 60_000;
/** Bounds sockets under load; messages beyond it wait for a free slot. */
const MAX_CONCURRENT_ATTEMPTS = 100;
const MAX_DELIVERY_RECORDS = 10_000;
/** setTimeout's ceiling; longer waits are re-armed when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface InFlight {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The delivery loop: one timer armed for the next due message, never a busy loop. Messages
 * outside queues go out in parallel; a queue never has more than `parallelism` messages holding
 * a slot (in flight or waiting for a retry), taken in FIFO order.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private stopping = false;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly idleWaiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  private readonly records: DeliveryRecord[] = [];

  constructor(
    private readonly ctx: OutcomeContext,
    private readonly signingKey: string,
    private readonly logger: Logger,
  ) {}

  /** Re-examines the messages soon (after a publish, a cancel, a queue change...). */
  wake(): void {
    this.arm(Date.now());
  }

  deliveries(): DeliveryRecord[] {
    return [...this.records];
  }

  isIdle(): boolean {
    return this.ctx.store.messages.size === 0 && this.inFlight.size === 0;
  }

  /** Resolves once nothing is pending or in flight. */
  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(waiter);
        reject(new QStashIdleTimeoutError([...this.ctx.store.messages.keys()], timeoutMs));
      }, timeoutMs);
      this.idleWaiters.add(waiter);
    });
  }

  /** Stops the loop and aborts attempts under way; their messages stay pending for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { controller } of this.inFlight.values()) controller.abort();
    await Promise.allSettled([...this.inFlight.values()].map((flight) => flight.done));
    for (const waiter of this.idleWaiters) waiter.reject(new QStashEmulatorClosedError());
    this.idleWaiters.clear();
  }

  notifyIfIdle(): void {
    if (!this.isIdle()) return;
    for (const waiter of this.idleWaiters) waiter.resolve();
    this.idleWaiters.clear();
  }

  private arm(at: number): void {
    if (this.stopping || (this.timer && this.wakeAt <= at)) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = at;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Infinity;
      this.pump();
    }, wait);
  }

  /** Starts every due message that may go now, then arms the timer for the next one. */
  private pump(): void {
    if (this.stopping) return;
    const { store } = this.ctx;
    const now = Date.now();
    const slotsUsed = new Map<string, number>();
    for (const message of store.messages.values()) {
      if (message.queueName && message.phase !== "pending") {
        slotsUsed.set(message.queueName, (slotsUsed.get(message.queueName) ?? 0) + 1);
      }
    }
    const waiting = [...store.messages.values()]
      .filter((message) => message.phase !== "active")
      .sort((a, b) => a.seq - b.seq);
    let nextDue = Infinity;
    for (const message of waiting) {
      const queue = message.queueName ? store.queues.get(message.queueName) : undefined;
      if (queue?.paused) continue; // resumed queues call wake()
      const needsSlot = message.queueName !== undefined && message.phase === "pending";
      if (needsSlot) {
        const used = slotsUsed.get(message.queueName!) ?? 0;
        if (used >= (queue?.parallelism ?? 1)) continue; // a finishing attempt calls pump()
      }
      if (message.dueAt > now) {
        nextDue = Math.min(nextDue, message.dueAt);
        continue;
      }
      if (this.inFlight.size >= MAX_CONCURRENT_ATTEMPTS) break;
      if (needsSlot) slotsUsed.set(message.queueName!, (slotsUsed.get(message.queueName!) ?? 0) + 1);
      this.start(message);
    }
    if (nextDue < Infinity) this.arm(nextDue);
  }

  private start(message: StoredMessage): void {
    message.phase = "active";
    this.ctx.store.appendLog({
      time: Date.now(),
      state: "ACTIVE",
      ...logFieldsOf(message),
    });
    const controller = new AbortController();
    const done = this.attempt(message, controller.signal)
      .catch((error: unknown) => {
        // Never spin on a broken message: park it for a second before it is looked at again.
        this.logger.warn("qstash: delivery attempt crashed", {
          messageId: message.messageId,
          error: String(error),
        });
        message.phase = "retry";
        message.dueAt = Date.now() + 1000;
      })
      .finally(() => {
        this.inFlight.delete(message.messageId);
        this.pump();
        this.notifyIfIdle();
      });
    this.inFlight.set(message.messageId, { controller, done });
  }

  private async attempt(message: StoredMessage, signal: AbortSignal): Promise<void> {
    const hasBody = message.method !== "GET" && message.method !== "HEAD";
    const body = hasBody ? Buffer.from(message.bodyBase64, "base64") : Buffer.alloc(0);
    const signature = await signDelivery({ signingKey: this.signingKey, url: message.url, body });
    const headers: Record<string, string> = {
      ...toOutgoing(message.header),
      "Upstash-Signature": signature,
      "Upstash-Message-Id": message.messageId,
      "Upstash-Retried": String(message.retried),
      "User-Agent": "Upstash-QStash",
      ...(message.scheduleId ? { "Upstash-Schedule-Id": message.scheduleId } : {}),
    };
    const result = await sendHttp({
      url: message.url,
      method: message.method,
      headers,
      body,
      timeoutMs: message.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      signal,
    });
    if (this.stopping) {
      message.phase = "pending"; // interrupted by close(): made again after the next start
      return;
    }
    this.record(message, result);
    this.logger.info("qstash: delivery attempt", {
      messageId: message.messageId,
      url: message.url,
      status: result.status,
      retried: message.retried,
    });
    settleAttempt(this.ctx, message, result);
  }

  private record(message: StoredMessage, result: AttemptResult): void {
    this.records.push({
      messageId: message.messageId,
      kind: message.kind,
      url: message.url,
      method: message.method,
      status: result.status,
      retried: message.retried,
      at: Date.now(),
      scheduleId: message.scheduleId,
      error: result.error,
    });
    if (this.records.length > MAX_DELIVERY_RECORDS) this.records.shift();
  }
}
