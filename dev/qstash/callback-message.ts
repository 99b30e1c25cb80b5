import type { AttemptResult } from "./http-delivery";
import type { CallbackTarget, MessageTemplate, StoredMessage } from "./model";

/**
 * The message QStash publishes to a callback (or failure callback) URL after an attempt: a JSON
 * report of the response and of the source message. `dlqId` is set for failure callbacks only.
 */
export function callbackMessage(
  source: StoredMessage,
  target: CallbackTarget,
  result: AttemptResult,
  dlqId?: string,
): { template: MessageTemplate; delayMs?: number } {
  const report = {
    status: result.status ?? 0,
    header: result.header,
    body: result.body.toString("base64"),
    retried: source.retried,
    maxRetries: source.maxRetries,
    sourceMessageId: source.messageId,
    topicName: "",
    endpointName: "",
    url: source.url,
    method: source.method,
    sourceHeader: source.header,
    sourceBody: source.bodyBase64,
    notBefore: source.notBefore,
    createdAt: source.createdAt,
    scheduleId: source.scheduleId ?? "",
    callerIP: source.callerIp,
    ...(result.error ? { error: result.error } : {}),
    ...(dlqId ? { dlqId } : {}),
  };
  return {
    template: {
      url: target.url,
      method: target.method,
      header: { ...target.header, "Content-Type": ["application/json"] },
      bodyBase64: Buffer.from(JSON.stringify(report)).toString("base64"),
      // Callbacks use the source message's retry setting unless told otherwise.
      maxRetries: target.retries ?? source.maxRetries,
      timeoutMs: target.timeoutMs,
      callerIp: source.callerIp,
    },
    delayMs: target.delayMs,
  };
}
