import { logPayload } from "../api-shapes";
import type { EmulatorCore } from "../emulator-core";
import type { Route, RouteContext } from "../http-kit";
import { matchesFilters, pageSize, refuseUnknownFilters } from "../record-filters";

const LOG_FILTER_KEYS = [
  "messageId",
  "state",
  "url",
  "host",
  "path",
  "queueName",
  "scheduleId",
  "label",
  "topicName",
  "callerIp",
  "flowControlKey",
] as const;

/**
 * `GET /v2/events` (what SDK 2.12 calls, `{cursor, events}`) and `GET /v2/logs` (the OpenAPI
 * name, `{cursor, logs}`): newest first; the cursor is the position of the last event returned.
 */
export function logRoutes(core: EmulatorCore): Route[] {
  const list = (ctx: RouteContext) => {
    const { query } = ctx;
    refuseUnknownFilters(query, [...LOG_FILTER_KEYS, "messageIds"], "the logs");
    const ids = query.getAll("messageIds");
    const before = Number(query.get("cursor") ?? 0) || Infinity;
    const count = pageSize(query, 100, 1000);
    const matching: typeof core.store.logs = [];
    for (let index = core.store.logs.length - 1; index >= 0 && matching.length <= count; index--) {
      const event = core.store.logs[index]!;
      if (event.order >= before) continue;
      if (ids.length > 0 && !ids.includes(event.messageId)) continue;
      const destination = URL.parse(event.url);
      const values = {
        messageId: event.messageId,
        state: event.state,
        url: event.url,
        host: destination && [destination.host, destination.hostname],
        path: destination?.pathname,
        queueName: event.queueName,
        scheduleId: event.scheduleId,
        label: event.labels,
        callerIp: event.callerIp,
        flowControlKey: event.flowControlKey,
      };
      if (matchesFilters(values, event.time, query, LOG_FILTER_KEYS)) matching.push(event);
    }
    const page = matching.slice(0, count);
    const last = page[page.length - 1];
    return {
      items: page.map(logPayload),
      cursor: matching.length > count && last ? String(last.order) : undefined,
    };
  };

  return [
    {
      methods: ["GET"],
      pattern: /^\/v2\/events$/,
      handle: (ctx) => {
        const { items, cursor } = list(ctx);
        return { json: { cursor, events: items } };
      },
    },
    {
      methods: ["GET"],
      pattern: /^\/v2\/logs$/,
      handle: (ctx) => {
        const { items, cursor } = list(ctx);
        return { json: { cursor, logs: items } };
      },
    },
  ];
}
