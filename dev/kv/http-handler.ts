import type { IncomingMessage, ServerResponse } from "node:http";
import type { Argv, CommandOutcome, KvBackend } from "./backend";
import { isKvBackendUnavailableError, isKvRequestError } from "./errors";
import type { KvLogger } from "./logger";
import { encodeReply } from "./reply-encoding";
import { pathArgv, parseJson, readBody, toArgv, toArgvList } from "./request-parsing";

export type UnavailableMode = false | "503" | "drop";

export interface KvHandlerDeps {
  backend: KvBackend;
  token: string;
  maxRequestBytes: number;
  logger: KvLogger;
  unavailable(): UnavailableMode;
  /** Called with the commands handed to the backend, for `commandCount()` and `commandsSeen()`. */
  countCommands(commands: readonly Argv[]): void;
  /**
   * The read-your-writes token for the response (`upstash-sync-token`), taken after the commands
   * ran. A single node has applied every write before it answers, so any token is already satisfied.
   */
  nextSyncToken(): string;
}

type Route = { kind: "single"; argv: Argv } | { kind: "pipeline" | "multi-exec"; commands: Argv[] };

/** The Upstash Redis REST API: `/`, `/pipeline`, `/multi-exec` and the `/cmd/arg/…` path form. */
export function createKvRequestHandler(deps: KvHandlerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const mode = deps.unavailable();
    if (mode === "drop") {
      req.socket.destroy();
      return;
    }
    if (mode === "503") {
      sendJson(res, 503, { error: "Service Unavailable" }, true);
      return;
    }
    try {
      await handle(deps, req, res);
    } catch (error) {
      if (isKvRequestError(error)) {
        sendJson(res, error.status, { error: error.message }, error.status === 413);
      } else if (isKvBackendUnavailableError(error)) {
        sendJson(res, 503, { error: error.message });
      } else {
        deps.logger.warn("kv: request failed", { url: req.url, error: String(error) });
        sendJson(res, 500, { error: `ERR internal emulator error: ${String(error)}` });
      }
    }
  };
}

async function handle(deps: KvHandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://kv.local");
  if (!isAuthorized(req, url, deps.token)) {
    sendJson(res, 401, { error: "Unauthorized" });
    return;
  }
  if (req.method !== "POST" && req.method !== "GET" && req.method !== "PUT") {
    sendJson(res, 405, { error: `ERR method ${req.method ?? ""} not allowed` });
    return;
  }
  const body = await readBody(req, deps.maxRequestBytes);
  const route = routeOf(url, body);
  const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";

  const commands = route.kind === "single" ? [route.argv] : route.commands;
  deps.countCommands(commands);
  if (route.kind === "single") {
    const [outcome] = await deps.backend.run(commands);
    const sync = { "upstash-sync-token": deps.nextSyncToken() };
    if (outcome?.ok) sendJson(res, 200, { result: encodeReply(outcome.value, base64) }, false, sync);
    else sendJson(res, 400, { error: outcome?.error ?? "ERR no reply" }, false, sync);
    return;
  }
  const outcomes =
    route.kind === "pipeline" ? await deps.backend.run(commands) : await deps.backend.runAtomic(commands);
  const sync = { "upstash-sync-token": deps.nextSyncToken() };
  if ("discarded" in outcomes) sendJson(res, 400, { error: outcomes.discarded }, false, sync);
  else sendJson(res, 200, outcomesToJson(outcomes, base64), false, sync);
}

function routeOf(url: URL, body: Buffer): Route {
  switch (url.pathname) {
    case "/":
      return { kind: "single", argv: toArgv(body.length === 0 ? [] : parseJson(body)) };
    case "/pipeline":
    case "/multi-exec":
      return {
        kind: url.pathname.slice(1) as "pipeline" | "multi-exec",
        commands: toArgvList(parseJson(body)),
      };
    default:
      return { kind: "single", argv: pathArgv(url, body) };
  }
}

function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const given = match?.[1]?.trim() ?? url.searchParams.get("_token");
  return given === token;
}

function outcomesToJson(outcomes: readonly CommandOutcome[], base64: boolean) {
  return outcomes.map((outcome) =>
    outcome.ok ? { result: encodeReply(outcome.value, base64) } : { error: outcome.error },
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  closeConnection = false,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    ...(closeConnection ? { Connection: "close" } : {}),
    ...headers,
  });
  res.end(payload);
}
