import type { CronRunner } from "./cron-runner";
import type { Dispatcher } from "./dispatcher";
import type { MessageIntake } from "./message-intake";
import type { MessageTemplate, StoredMessage } from "./model";
import { logFieldsOf } from "./model";
import type { StateStore } from "./state-store";

/** The parts every route works with. */
export interface EmulatorCore {
  store: StateStore;
  intake: MessageIntake;
  dispatcher: Dispatcher;
  cron: CronRunner;
}

/**
 * Cancels a message: a waiting one is dropped at once; one in flight finishes its attempt but is
 * then neither retried, dead-lettered nor reported to callbacks.
 */
export function cancelMessage(core: EmulatorCore, message: StoredMessage): void {
  if (message.phase === "active") message.cancelRequested = true;
  else core.store.messages.delete(message.messageId);
  core.store.appendLog({
    time: Date.now(),
    state: "CANCELED",
    ...logFieldsOf(message),
  });
  core.store.markDirty();
  core.dispatcher.wake(); // a queue slot may have been freed
  core.dispatcher.notifyIfIdle();
}

/** What a message was published with, without its delivery state (for DLQ retries). */
export function templateOf(message: StoredMessage): MessageTemplate {
  return {
    url: message.url,
    method: message.method,
    header: message.header,
    bodyBase64: message.bodyBase64,
    maxRetries: message.maxRetries,
    retryDelayExpression: message.retryDelayExpression,
    timeoutMs: message.timeoutMs,
    callback: message.callback,
    failureCallback: message.failureCallback,
    queueName: message.queueName,
    scheduleId: message.scheduleId,
    labels: message.labels,
    flowControlKey: message.flowControlKey,
    callerIp: message.callerIp,
  };
}
