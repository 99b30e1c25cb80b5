import { dlqPayload } from "../api-shapes";
import { findDlq, removeDlq, selectDlq } from "../dead-letter-queue";
import { templateOf, type EmulatorCore } from "../emulator-core";
import { notFound } from "../errors";
import { param, type Route } from "../http-kit";
import type { DlqEntry } from "../model";

/** DLQ: list (cursor pages), get, delete (one or bulk), retry (one or bulk). */
export function dlqRoutes(core: EmulatorCore): Route[] {
  const { store } = core;

  /** A retried DLQ message is published again as a new message, with its retries reset. */
  const retry = (entry: DlqEntry) => {
    removeDlq(store, [entry.dlqId]);
    const message = core.intake.accept(templateOf(entry.message), {
      kind: entry.message.kind,
      sourceMessageId: entry.message.sourceMessageId,
    });
    return { messageId: message.messageId };
  };

  const mustFind = (dlqId: string) => {
    const entry = findDlq(store, dlqId);
    if (!entry) throw notFound(`dlq message ${dlqId} not found`);
    return entry;
  };

  return [
    {
      methods: ["GET"],
      pattern: /^\/v2\/dlq$/,
      handle: (ctx) => {
        const page = selectDlq(store, ctx.query);
        return { json: { messages: page.entries.map(dlqPayload), cursor: page.cursor } };
      },
    },
    {
      methods: ["POST"],
      pattern: /^\/v2\/dlq\/retry$/,
      handle: (ctx) => {
        const page = selectDlq(store, ctx.query);
        return { json: { cursor: page.cursor, responses: page.entries.map(retry) } };
      },
    },
    {
      methods: ["POST"],
      pattern: /^\/v2\/dlq\/retry\/([^/]+)$/,
      handle: (ctx) => ({ json: retry(mustFind(param(ctx, 0))) }),
    },
    {
      methods: ["GET"],
      pattern: /^\/v2\/dlq\/([^/]+)$/,
      handle: (ctx) => ({ json: dlqPayload(mustFind(param(ctx, 0))) }),
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/dlq\/([^/]+)$/,
      handle: (ctx) => {
        removeDlq(store, [mustFind(param(ctx, 0)).dlqId]);
        return { json: { deleted: 1 } };
      },
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/dlq$/,
      handle: (ctx) => {
        const page = selectDlq(store, ctx.query);
        const deleted = removeDlq(
          store,
          page.entries.map((entry) => entry.dlqId),
        );
        return { json: { deleted, cursor: page.cursor } };
      },
    },
  ];
}
