import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { EmulatorCore } from "./emulator-core";
import { isQStashApiError, QStashApiError } from "./errors";
import { flattenIncoming } from "./headers";
import { readBody, sendJson, type Route, type RouteContext } from "./http-kit";
import { dlqRoutes } from "./routes/dlq-routes";
import { logRoutes } from "./routes/log-routes";
import { messageRoutes } from "./routes/message-routes";
import { publishRoutes } from "./routes/publish-routes";
import { queueRoutes } from "./routes/queue-routes";
import { scheduleRoutes } from "./routes/schedule-routes";
import type { Logger } from "./state-store";

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function findRoute(routes: Route[], method: string, pathname: string): { route: Route; params: string[] } {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    pathKnown = true;
    if (route.methods.includes(method)) return { route, params: match.slice(1) };
  }
  if (pathKnown) throw new QStashApiError(405, `method ${method} not allowed on ${pathname}`);
  throw new QStashApiError(404, `no such endpoint: ${method} ${pathname} (not emulated)`);
}

/** The HTTP face of the emulator: Bearer auth, then the QStash v2 routes. */
export function createQStashServer(core: EmulatorCore, token: string, logger: Logger): Server {
  const routes = [
    ...publishRoutes(core),
    ...messageRoutes(core),
    ...dlqRoutes(core),
    ...scheduleRoutes(core),
    ...queueRoutes(core),
    ...logRoutes(core),
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const rawTarget = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    try {
      const headers = flattenIncoming(req.headers);
      if (!tokenMatches(headers["authorization"], token)) {
        throw new QStashApiError(
          401,
          "unauthorized: missing or invalid Authorization: Bearer <QSTASH_TOKEN>",
        );
      }
      const queryStart = rawTarget.indexOf("?");
      const pathname = queryStart === -1 ? rawTarget : rawTarget.slice(0, queryStart);
      const { route, params } = findRoute(routes, method, pathname);
      const ctx: RouteContext = {
        method,
        rawTarget,
        pathname,
        query: new URLSearchParams(queryStart === -1 ? "" : rawTarget.slice(queryStart + 1)),
        headers,
        body: await readBody(req),
        params,
        callerIp: req.socket.remoteAddress ?? "127.0.0.1",
      };
      const result = route.handle(ctx);
      sendJson(res, result.status ?? 200, result.json);
    } catch (error) {
      if (isQStashApiError(error)) {
        sendJson(res, error.status, { error: error.message });
        return;
      }
      logger.warn("qstash: request failed", { method, rawTarget, error: String(error) });
      sendJson(res, 500, { error: "internal emulator error" });
    }
  };

  return createServer((req, res) => void handle(req, res));
}
