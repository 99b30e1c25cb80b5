import { messagePayload } from "../api-shapes";
import { cancelMessage, type EmulatorCore } from "../emulator-core";
import { notFound } from "../errors";
import { param, type Route } from "../http-kit";
import { matchesFilters, pageSize, refuseUnknownFilters } from "../record-filters";

const CANCEL_FILTER_KEYS = [
  "messageId",
  "url",
  "host",
  "path",
  "queueName",
  "scheduleId",
  "label",
  "callerIp",
  "flowControlKey",
] as const;

/** `GET`/`DELETE /v2/messages/{id}` and the bulk `DELETE /v2/messages?…`. */
export function messageRoutes(core: EmulatorCore): Route[] {
  const find = (id: string) => {
    const message = core.store.messages.get(id);
    if (!message || message.cancelRequested) throw notFound(`message ${id} not found`);
    return message;
  };

  return [
    {
      methods: ["GET"],
      pattern: /^\/v2\/messages\/([^/]+)$/,
      handle: (ctx) => ({ json: messagePayload(find(param(ctx, 0))) }),
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/messages\/([^/]+)$/,
      handle: (ctx) => {
        cancelMessage(core, find(param(ctx, 0)));
        return { json: { cancelled: 1 } };
      },
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/messages$/,
      handle: (ctx) => {
        refuseUnknownFilters(ctx.query, [...CANCEL_FILTER_KEYS, "messageIds"], "DELETE /v2/messages");
        const ids = ctx.query.getAll("messageIds");
        const matching = [...core.store.messages.values()].filter((message) => {
          if (message.cancelRequested) return false;
          if (ids.length > 0) return ids.includes(message.messageId);
          const url = new URL(message.url);
          return matchesFilters(
            {
              messageId: message.messageId,
              url: message.url,
              host: [url.host, url.hostname],
              path: url.pathname,
              queueName: message.queueName,
              scheduleId: message.scheduleId,
              label: message.labels,
              callerIp: message.callerIp,
              flowControlKey: message.flowControlKey,
            },
            message.createdAt,
            ctx.query,
            CANCEL_FILTER_KEYS,
          );
        });
        // `count` caps a filter or `all` cancel (oldest first); explicit ids are all cancelled.
        const count = ids.length === 0 ? pageSize(ctx.query, Infinity, Infinity) : Infinity;
        const targets = matching.slice(0, count);
        for (const message of targets) cancelMessage(core, message);
        return { json: { cancelled: targets.length } };
      },
    },
  ];
}
