import { queuePayload } from "../api-shapes";
import { cancelMessage, type EmulatorCore } from "../emulator-core";
import { badRequest, notFound } from "../errors";
import { param, type Route } from "../http-kit";
import type { QueueRecord } from "../model";

interface UpsertBody {
  queueName?: unknown;
  parallelism?: unknown;
  paused?: unknown;
}

/** Queues: upsert, list, get, delete, pause, resume. */
export function queueRoutes(core: EmulatorCore): Route[] {
  const { store } = core;

  const lag = (name: string) =>
    [...store.messages.values()].filter((message) => message.queueName === name && message.phase !== "active")
      .length;

  const mustFind = (name: string) => {
    const queue = store.queues.get(name);
    if (!queue) throw notFound(`queue ${name} not found`);
    return queue;
  };

  const changed = (queue: QueueRecord) => {
    queue.updatedAt = Date.now();
    store.markDirty();
    core.dispatcher.wake(); // more parallelism or a resume may let messages go
    return {};
  };

  return [
    {
      methods: ["POST"],
      pattern: /^\/v2\/queues$/,
      handle: (ctx) => {
        let body: UpsertBody;
        try {
          body = JSON.parse(ctx.body.toString("utf8")) as UpsertBody;
        } catch {
          throw badRequest("queue upsert body must be JSON {queueName, parallelism, paused}");
        }
        if (typeof body.queueName !== "string" || !body.queueName) throw badRequest("queueName is required");
        const parallelism = body.parallelism === undefined ? 1 : Number(body.parallelism);
        if (!Number.isInteger(parallelism) || parallelism < 1) {
          throw badRequest("parallelism must be a positive integer");
        }
        const now = Date.now();
        const queue = store.queues.get(body.queueName) ?? {
          name: body.queueName,
          parallelism,
          paused: false,
          createdAt: now,
          updatedAt: now,
        };
        queue.parallelism = parallelism;
        queue.paused = body.paused === true;
        store.queues.set(queue.name, queue);
        return changed(queue);
      },
    },
    {
      methods: ["GET"],
      pattern: /^\/v2\/queues$/,
      handle: () => ({
        json: [...store.queues.values()].map((queue) => queuePayload(queue, lag(queue.name))),
      }),
    },
    {
      methods: ["GET"],
      pattern: /^\/v2\/queues\/([^/]+)$/,
      handle: (ctx) => {
        const queue = mustFind(param(ctx, 0));
        return { json: queuePayload(queue, lag(queue.name)) };
      },
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/queues\/([^/]+)$/,
      handle: (ctx) => {
        const queue = mustFind(param(ctx, 0));
        store.queues.delete(queue.name);
        for (const message of [...store.messages.values()]) {
          if (message.queueName === queue.name) cancelMessage(core, message);
        }
        store.markDirty();
        return {};
      },
    },
    {
      methods: ["POST"],
      pattern: /^\/v2\/queues\/([^/]+)\/(pause|resume)$/,
      handle: (ctx) => {
        const queue = mustFind(param(ctx, 0));
        queue.paused = param(ctx, 1) === "pause";
        return changed(queue);
      },
    },
  ];
}
