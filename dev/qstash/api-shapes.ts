import { bodyFields } from "./headers";
import type {
  DlqEntry,
  LogEvent,
  MessageTemplate,
  QueueRecord,
  ScheduleRecord,
  StoredMessage,
} from "./model";

/** Converters from emulator records to the JSON QStash's API answers with (undefined fields drop out). */

export function messagePayload(message: StoredMessage): Record<string, unknown> {
  return {
    messageId: message.messageId,
    url: message.url,
    method: message.method,
    header: message.header,
    ...bodyFields(message.bodyBase64),
    maxRetries: message.maxRetries,
    retryDelayExpression: message.retryDelayExpression,
    notBefore: message.notBefore,
    createdAt: message.createdAt,
    callback: message.callback?.url,
    failureCallback: message.failureCallback?.url,
    queueName: message.queueName,
    scheduleId: message.scheduleId,
    callerIp: message.callerIp,
    label: message.labels?.[0],
    labels: message.labels,
    ...flowControlFields(message),
  };
}

/** Flow-control key and limits as messages, DLQ entries and schedules report them. */
function flowControlFields(template: MessageTemplate): Record<string, unknown> {
  return {
    flowControlKey: template.flowControlKey,
    parallelism: template.flowControl?.parallelism,
    rate: template.flowControl?.rate,
    period: template.flowControl?.periodS,
  };
}

export function dlqPayload(entry: DlqEntry): Record<string, unknown> {
  return {
    ...messagePayload(entry.message),
    dlqId: entry.dlqId,
    responseStatus: entry.responseStatus,
    responseHeader: entry.responseHeader,
    ...bodyFields(entry.responseBodyBase64 ?? "", { text: "responseBody", base64: "responseBodyBase64" }),
  };
}

export function schedulePayload(schedule: ScheduleRecord): Record<string, unknown> {
  const { template } = schedule;
  return {
    scheduleId: schedule.scheduleId,
    cron: schedule.cron,
    createdAt: schedule.createdAt,
    destination: template.url,
    method: template.method,
    header: template.header,
    ...bodyFields(template.bodyBase64),
    retries: template.maxRetries,
    retryDelayExpression: template.retryDelayExpression,
    delay: schedule.delayMs === undefined ? undefined : Math.round(schedule.delayMs / 1000),
    callback: template.callback?.url,
    failureCallback: template.failureCallback?.url,
    callerIp: template.callerIp,
    callerIP: template.callerIp,
    isPaused: schedule.isPaused,
    queueName: template.queueName,
    label: template.labels?.[0],
    labels: template.labels,
    ...flowControlFields(template),
    lastScheduleTime: schedule.lastScheduleTime,
    nextScheduleTime: schedule.isPaused ? undefined : schedule.nextScheduleTime,
    lastScheduleStates: schedule.lastScheduleStates,
  };
}

export function queuePayload(queue: QueueRecord, lag: number): Record<string, unknown> {
  return {
    createdAt: queue.createdAt,
    updatedAt: queue.updatedAt,
    name: queue.name,
    parallelism: queue.parallelism,
    lag,
    paused: queue.paused,
  };
}

export function logPayload(event: LogEvent): Record<string, unknown> {
  return {
    time: event.time,
    state: event.state,
    messageId: event.messageId,
    url: event.url,
    nextDeliveryTime: event.nextDeliveryTime,
    error: event.error,
    responseStatus: event.responseStatus,
    queueName: event.queueName,
    scheduleId: event.scheduleId,
    header: event.header,
    body: event.body,
    label: event.labels?.[0],
    labels: event.labels,
  };
}
