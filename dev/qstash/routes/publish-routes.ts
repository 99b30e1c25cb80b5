import type { EmulatorCore } from "../emulator-core";
import { badRequest } from "../errors";
import { lowerCaseKeys } from "../headers";
import { param, rawRest, type Route, type RouteContext } from "../http-kit";
import { parsePublishRequest } from "../publish-request";

interface BatchEntry {
  destination?: unknown;
  headers?: unknown;
  body?: unknown;
  queue?: unknown;
}

function parseBatch(body: Buffer): BatchEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("batch body must be a JSON array of {destination, headers, body, queue?}");
  }
  if (!Array.isArray(parsed)) throw badRequest("batch body must be a JSON array");
  return parsed as BatchEntry[];
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest("batch headers must be an object");
  return lowerCaseKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])));
}

/** `POST /v2/publish/{url}`, `POST /v2/enqueue/{queue}/{url}`, `POST /v2/batch`. */
export function publishRoutes(core: EmulatorCore): Route[] {
  const publish = (ctx: RouteContext, destination: string, queueName?: string) => {
    const spec = parsePublishRequest({
      destination,
      headers: ctx.headers,
      body: ctx.body,
      callerIp: ctx.callerIp,
      queueName,
    });
    const result = core.intake.publish(spec);
    return { status: result.deduplicated ? 202 : 201, json: result };
  };

  return [
    {
      methods: ["POST"],
      pattern: /^\/v2\/publish\/(.+)$/,
      handle: (ctx) => publish(ctx, rawRest(ctx, /^\/v2\/publish\//)),
    },
    {
      methods: ["POST"],
      pattern: /^\/v2\/enqueue\/([^/]+)\/(.+)$/,
      handle: (ctx) => publish(ctx, rawRest(ctx, /^\/v2\/enqueue\/[^/]+\//), param(ctx, 0)),
    },
    {
      methods: ["POST"],
      pattern: /^\/v2\/batch$/,
      handle: (ctx) => {
        const entries = parseBatch(ctx.body);
        // Parse all first so one bad entry rejects the batch before anything is stored.
        const specs = entries.map((entry) => {
          if (typeof entry.destination !== "string") throw badRequest("each batch entry needs a destination");
          const body = entry.body === undefined || entry.body === null ? "" : entry.body;
          return parsePublishRequest({
            destination: entry.destination,
            headers: stringRecord(entry.headers),
            body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
            callerIp: ctx.callerIp,
            queueName: typeof entry.queue === "string" ? entry.queue : undefined,
          });
        });
        return { status: 201, json: specs.map((spec) => core.intake.publish(spec)) };
      },
    },
  ];
}
