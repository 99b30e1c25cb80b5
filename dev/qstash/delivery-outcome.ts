import { callbackMessage } from "./callback-message";
import { moveToDlq } from "./dead-letter-queue";
import { parseRetryAfterMs } from "./duration";
import type { AttemptResult } from "./http-delivery";
import type { MessageIntake } from "./message-intake";
import type { StoredMessage } from "./model";
import { logFieldsOf } from "./model";
import { evaluateRetryDelay } from "./retry-delay-expression";
import type { StateStore } from "./state-store";

/** QStash's backoff cap: one day. */
const MAX_BACKOFF_S = 86_400;

export interface OutcomeContext {
  store: StateStore;
  intake: MessageIntake;
  timeScale: number;
}

function firstHeader(result: AttemptResult, name: string): string | undefined {
  return result.header[name]?.[0];
}

/**
 * Nominal wait before the next attempt: the destination's `Retry-After` if it sent one, else the
 * message's `Upstash-Retry-Delay` expression, else QStash's `min(86400, e^(2.5·n))` seconds
 * where n is the number of the retry about to be made (1 for the first).
 */
export function retryDelayMs(message: StoredMessage, result: AttemptResult, nowMs: number): number {
  const retryAfter = parseRetryAfterMs(firstHeader(result, "Retry-After"), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  if (message.retryDelayExpression) {
    try {
      return evaluateRetryDelay(message.retryDelayExpression, message.retried);
    } catch {
      // validated at publish time; fall through to the default backoff if it still fails
    }
  }
  return Math.min(MAX_BACKOFF_S, Math.exp(2.5 * (message.retried + 1))) * 1000;
}

function isSuccess(result: AttemptResult): boolean {
  return result.status !== null && result.status >= 200 && result.status < 300;
}

function isNonRetryable(result: AttemptResult): boolean {
  return result.status === 489 && firstHeader(result, "Upstash-Nonretryable-Error")?.toLowerCase() === "true";
}

function recordScheduleState(store: StateStore, message: StoredMessage, state: "SUCCESS" | "FAIL"): void {
  if (!message.scheduleId || message.kind !== "message") return;
  const schedule = store.schedules.get(message.scheduleId);
  if (schedule && message.messageId in schedule.lastScheduleStates) {
    schedule.lastScheduleStates[message.messageId] = state;
  }
}

/**
 * Applies the result of one attempt: delivered, retried later, or dead-lettered, with the
 * callback after every attempt and the failure callback once retries are exhausted (QStash docs).
 */
export function settleAttempt(ctx: OutcomeContext, message: StoredMessage, result: AttemptResult): void {
  const { store, intake } = ctx;
  const now = Date.now();
  const base = {
    time: now,
    ...logFieldsOf(message),
    responseStatus: result.status ?? undefined,
  };
  store.markDirty();

  if (message.cancelRequested) {
    store.messages.delete(message.messageId);
    return;
  }

  const sendCallback = (target: StoredMessage["callback"], dlqId?: string) => {
    if (!target || message.kind !== "message") return;
    const { template, delayMs } = callbackMessage(message, target, result, dlqId);
    intake.accept(template, {
      kind: dlqId ? "failure-callback" : "callback",
      sourceMessageId: message.messageId,
      delayMs,
    });
  };

  if (isSuccess(result)) {
    store.messages.delete(message.messageId);
    store.appendLog({ ...base, state: "DELIVERED" });
    recordScheduleState(store, message, "SUCCESS");
    sendCallback(message.callback);
    return;
  }

  store.appendLog({
    ...base,
    state: "ERROR",
    error: result.error ?? `destination answered ${result.status}`,
  });
  sendCallback(message.callback);

  if (isNonRetryable(result) || message.retried >= message.maxRetries) {
    store.messages.delete(message.messageId);
    const entry = moveToDlq(store, message, result);
    store.appendLog({ ...base, state: "FAILED", error: result.error });
    recordScheduleState(store, message, "FAIL");
    sendCallback(message.failureCallback, entry.dlqId);
    return;
  }

  message.dueAt = now + retryDelayMs(message, result, now) * ctx.timeScale;
  message.retried += 1;
  message.phase = "retry";
  store.appendLog({ ...base, state: "RETRY", nextDeliveryTime: Math.round(message.dueAt) });
}
