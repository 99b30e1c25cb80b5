/**
 * One API request, in the order a real request meets Notion's stack: latency, injected faults (the
 * infrastructure failing), route, version header, auth, rate limit, then the handler.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorClock } from "./clock";
import {
  NotionApiError,
  errorForStatus,
  invalidRequestUrl,
  missingVersion,
  rateLimited,
  unauthorized,
  unsupportedVersion,
  validationError,
} from "./errors";
import type { FaultDecision, FaultInjector } from "./faults";
import type { FileHost } from "./files";
import { BAD_GATEWAY_HTML, BodyTooLargeError, delay, readBody, sendJson } from "./http-io";
import type { JsonObject, Workspace } from "./model";
import type { SeededRandom } from "./random";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog, RequestOutcome } from "./request-log";
import { type ApiRequest, matchRoute } from "./routes";
import type { SearchIndex } from "./search";
import type { RenderContext } from "./shapes";
import { API_VERSIONS, isApiVersion, shapeForVersion } from "./versions";

export type Latency = number | { min: number; max: number };

export interface EmulatorLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Everything a request may read or change; owned by the server. */
export interface EmulatorState {
  ws: Workspace;
  token: string | null;
  baseUrl: string;
  clock: EmulatorClock;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  files: FileHost;
  search: SearchIndex;
  render: RenderContext;
  latency: Latency;
  latencyRandom: SeededRandom;
  queryResultLimit: number;
  logger: EmulatorLogger | undefined;
  /** Releases requests held by a timeout fault (on close). */
  held: Set<() => void>;
}

interface Answer {
  status: number;
  outcome: RequestOutcome;
  fault?: string;
}

function pickLatency(state: EmulatorState): number {
  const l = state.latency;
  if (typeof l === "number") return l;
  return l.min + state.latencyRandom.next() * Math.max(0, l.max - l.min);
}

function parseJsonBody(text: string): JsonObject {
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NotionApiError(400, "invalid_json", "Error parsing JSON body.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw validationError(
      "body failed validation: body should be an object, instead was `" + text.slice(0, 40) + "`.",
    );
  }
  return parsed as JsonObject;
}

function sendError(res: ServerResponse, error: NotionApiError, requestId: string): void {
  sendJson(res, error.status, error.body(requestId), { ...error.headers, "x-notion-request-id": requestId });
}

/** Holds the request until the client gives up or `hangMs` passes; true if the client left. */
function hold(state: EmulatorState, res: ServerResponse, hangMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const release = (left: boolean) => {
      clearTimeout(timer);
      state.held.delete(onClose);
      res.off("close", onClose);
      resolve(left);
    };
    const onClose = () => release(true);
    const timer = setTimeout(() => release(false), hangMs);
    res.on("close", onClose);
    state.held.add(onClose);
  });
}

async function applyFault(
  state: EmulatorState,
  res: ServerResponse,
  decision: FaultDecision,
  requestId: string,
): Promise<Answer> {
  const fault = `${decision.source}:${decision.kind === "status" ? decision.status : decision.kind}`;
  if (decision.kind === "drop") {
    res.socket?.destroy();
    return { status: 0, outcome: "fault", fault };
  }
  if (decision.kind === "timeout") {
    const left = await hold(state, res, decision.hangMs);
    if (left) return { status: 0, outcome: "fault", fault };
    sendError(res, errorForStatus(504), requestId);
    return { status: 504, outcome: "fault", fault };
  }
  if (decision.status === 502) {
    res.writeHead(502, {
      "content-type": "text/html",
      "content-length": Buffer.byteLength(BAD_GATEWAY_HTML),
    });
    res.end(BAD_GATEWAY_HTML);
  } else {
    sendError(res, errorForStatus(decision.status, decision.retryAfter), requestId);
  }
  return { status: decision.status, outcome: "fault", fault };
}

function checkAuth(state: EmulatorState, req: IncomingMessage): void {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match || state.token === null || match[1]?.trim() !== state.token) throw unauthorized();
}

export async function handleApiRequest(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const started = performance.now();
  const requestId = randomUUID();
  const at = new Date(state.clock.now()).toISOString();
  const method = req.method ?? "GET";
  const route = matchRoute(method, url.pathname);
  const template = route?.template ?? `${method} ${url.pathname}`;
  let answer: Answer;
  try {
    await delay(pickLatency(state));
    const text = method === "GET" || method === "HEAD" ? "" : await readBody(req);
    const decision = state.faults.decide({ path: url.pathname, objectId: route?.objectId ?? null });
    if (decision) {
      answer = await applyFault(state, res, decision, requestId);
    } else {
      answer = answerApi(state, req, route, url, text, requestId, res);
    }
  } catch (error) {
    const apiError = NotionApiError.is(error)
      ? error
      : error instanceof BodyTooLargeError
        ? validationError("Request body too large.")
        : errorForStatus(500);
    if (!NotionApiError.is(error) && !(error instanceof BodyTooLargeError)) {
      state.logger?.warn(`notion emulator: ${method} ${url.pathname} failed: ${String(error)}`);
    }
    sendError(res, apiError, requestId);
    answer = { status: apiError.status, outcome: apiError.status === 429 ? "rate_limited" : "error" };
  }
  const ms = Math.round((performance.now() - started) * 100) / 100;
  state.log.record({
    at,
    method,
    route: template,
    path: url.pathname,
    objectId: route?.objectId ?? null,
    status: answer.status,
    ms,
    requestId,
    outcome: answer.outcome,
    ...(answer.fault ? { fault: answer.fault } : {}),
  });
  state.logger?.info(`${method} ${url.pathname} → ${answer.status || "no answer"} (${ms} ms)`);
}

function answerApi(
  state: EmulatorState,
  req: IncomingMessage,
  route: ReturnType<typeof matchRoute>,
  url: URL,
  text: string,
  requestId: string,
  res: ServerResponse,
): Answer {
  if (!route) throw invalidRequestUrl();
  const version = req.headers["notion-version"];
  if (!version || Array.isArray(version)) throw missingVersion();
  if (!isApiVersion(version)) throw unsupportedVersion(version, API_VERSIONS);
  checkAuth(state, req);
  const now = state.clock.now();
  const taken = state.limiter.take(now);
  if (!taken.ok) throw rateLimited(state.limiter.formatRetryAfter(taken.retryAfterMs), taken.reason);
  const apiRequest: ApiRequest = { query: url.searchParams, body: parseJsonBody(text) };
  const body = route.run(
    {
      ws: state.ws,
      render: state.render,
      search: state.search,
      now,
      requestId,
      queryResultLimit: state.queryResultLimit,
    },
    apiRequest,
  );
  sendJson(res, 200, shapeForVersion(body, version), { "x-notion-request-id": requestId });
  return { status: 200, outcome: "ok" };
}
