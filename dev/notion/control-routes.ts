/**
 * `/__emulator/*`: the mutation, fault, clock, latency, rate and log controls over HTTP (no auth), for
 * tests that run the app in another process. Mirrors the in-process API on `NotionEmulator`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "./api-pipeline";
import type { BlockInput } from "./block-input";
import { EmulatorInputError } from "./errors";
import type { FaultTarget } from "./faults";
import { readBody, sendJson } from "./http-io";
import type { JsonObject } from "./model";
import type { NotionEmulator } from "./server";
import type { RowInput } from "./workspace-builder";

type ControlHandler = (emulator: NotionEmulator, state: EmulatorState, body: JsonObject, url: URL) => unknown;

function str(body: JsonObject, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "")
    throw new EmulatorInputError(`"${key}" (string) is required`);
  return value;
}

function num(body: JsonObject, key: string): number {
  const value = body[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new EmulatorInputError(`"${key}" (number) is required`);
  return value;
}

function target(body: JsonObject): FaultTarget {
  const status = body.status ?? 500;
  if (status === "drop" || status === "timeout" || typeof status === "number") return status;
  throw new EmulatorInputError('"status" must be a number, "drop" or "timeout"');
}

function clockState(emulator: NotionEmulator) {
  const now = emulator.clock.now();
  return { now, iso: new Date(now).toISOString() };
}

const ws = (e: NotionEmulator) => e.workspace;

const ROUTES: Record<string, ControlHandler> = {
  "GET /__emulator/state": (e, s) => ({
    url: e.url,
    rootPageId: e.rootPageId,
    ...clockState(e),
    tokenSet: s.token !== null,
    rateLimit: s.limiter.describe(),
    fileTtlMs: s.files.ttlMs,
    objects: s.ws.nodes.size,
  }),
  "GET /__emulator/requests": (e, _s, _b, url) => ({
    counts: e.requests.counts(),
    ...(url.searchParams.get("entries") === "0" ? {} : { entries: e.requests.entries() }),
  }),
  "POST /__emulator/requests/reset": (e) => e.requests.reset(),
  "DELETE /__emulator/requests": (e) => e.requests.reset(),
  "GET /__emulator/clock": (e) => clockState(e),
  "POST /__emulator/clock": (e, _s, b) => {
    if (typeof b.advanceMs === "number") e.clock.advance(b.advanceMs);
    else if (typeof b.setMs === "number") e.clock.set(b.setMs);
    else if (typeof b.set === "string") e.clock.set(Date.parse(b.set));
    else throw new EmulatorInputError('send {"advanceMs": n}, {"setMs": epochMs} or {"set": "ISO date"}');
    return clockState(e);
  },
  "POST /__emulator/faults": (e, _s, b) => e.faults.setRates(b),
  "POST /__emulator/faults/fail-next": (e, _s, b) =>
    e.faults.failNext(typeof b.n === "number" ? b.n : 1, target(b)),
  "POST /__emulator/faults/fail-for": (e, _s, b) => {
    const matcher = typeof b.pathRegex === "string" ? new RegExp(b.pathRegex) : str(b, "objectId");
    const times = typeof b.times === "number" ? b.times : undefined;
    return { ruleId: e.faults.failFor(matcher, target(b), { times }) };
  },
  "POST /__emulator/faults/remove-rule": (e, _s, b) => e.faults.removeRule(str(b, "ruleId")),
  "POST /__emulator/faults/storm": (e, _s, b) =>
    e.faults.storm({
      status: typeof b.status === "number" ? b.status : undefined,
      durationMs: num(b, "durationMs"),
      retryAfterSec: typeof b.retryAfterSec === "number" ? b.retryAfterSec : undefined,
    }),
  "POST /__emulator/faults/clear": (e) => e.faults.clearFaults(),
  "DELETE /__emulator/faults": (e) => e.faults.clearFaults(),
  "POST /__emulator/latency": (e, _s, b) =>
    e.setLatency(b.latencyMs as number | { min: number; max: number }),
  "POST /__emulator/rate": (e, _s, b) => e.setRate(b),
  "POST /__emulator/rate/limit-workspace": (e, _s, b) => e.limitWorkspace(num(b, "durationMs")),
  "POST /__emulator/search-lag": (e, _s, b) => e.setSearchLag(num(b, "lagMs")),
  "POST /__emulator/file-ttl": (e, _s, b) => e.setFileTtl(num(b, "ms")),
  "POST /__emulator/reset": (e) => e.reset(),
  "POST /__emulator/workspace/edit-block-text": (e, _s, b) =>
    ws(e).editBlockText(str(b, "blockId"), (b.text ?? "") as string | unknown[]),
  "POST /__emulator/workspace/set-page-title": (e, _s, b) =>
    ws(e).setPageTitle(str(b, "pageId"), str(b, "title")),
  "POST /__emulator/workspace/append-blocks": (e, _s, b) => ({
    ids: ws(e).appendBlocks(str(b, "parentId"), (b.blocks ?? []) as BlockInput[]),
  }),
  "POST /__emulator/workspace/trash-block": (e, _s, b) => ws(e).trashBlock(str(b, "blockId")),
  "POST /__emulator/workspace/add-page": (e, _s, b) => ({
    id: ws(e).addPage(str(b, "parentId"), {
      title: str(b, "title"),
      blocks: b.blocks as BlockInput[] | undefined,
      icon: b.icon,
      cover: b.cover,
    }),
  }),
  "POST /__emulator/workspace/trash-page": (e, _s, b) => ws(e).trashPage(str(b, "pageId")),
  "POST /__emulator/workspace/restore-page": (e, _s, b) => ws(e).restorePage(str(b, "pageId")),
  "POST /__emulator/workspace/move-page": (e, _s, b) =>
    ws(e).movePage(str(b, "pageId"), str(b, "newParentId")),
  "POST /__emulator/workspace/add-row": (e, _s, b) => ({
    id: ws(e).addRow(str(b, "dataSourceId"), {
      properties: (b.properties ?? {}) as RowInput["properties"],
      blocks: b.blocks as BlockInput[] | undefined,
    }),
  }),
  "POST /__emulator/workspace/update-row-properties": (e, _s, b) =>
    ws(e).updateRowProperties(str(b, "rowId"), (b.properties ?? {}) as Record<string, unknown>),
  "POST /__emulator/workspace/unshare-page": (e, _s, b) => ws(e).unsharePage(str(b, "id")),
  "POST /__emulator/workspace/share-page": (e, _s, b) => ws(e).sharePage(str(b, "id")),
  "POST /__emulator/workspace/add-hosted-file": (e, _s, b) => ({
    id: ws(e).addHostedFile({
      name: str(b, "name"),
      contentType: typeof b.contentType === "string" ? b.contentType : undefined,
    }),
  }),
  "POST /__emulator/workspace/set-token": (e, _s, b) => ws(e).setToken(str(b, "token")),
  "POST /__emulator/workspace/revoke-token": (e) => ws(e).revokeToken(),
};

export async function handleControlRequest(
  emulator: NotionEmulator,
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const key = `${req.method ?? "GET"} ${url.pathname.replace(/\/$/, "")}`;
  const handler = ROUTES[key];
  if (!handler) {
    sendJson(res, 404, { ok: false, error: `unknown control route: ${key}`, routes: Object.keys(ROUTES) });
    return;
  }
  try {
    const text = req.method === "GET" ? "" : await readBody(req);
    const body = text.trim() === "" ? {} : (JSON.parse(text) as unknown);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new EmulatorInputError("the body must be a JSON object");
    }
    const result = handler(emulator, state, body as JsonObject, url);
    sendJson(res, 200, { ok: true, ...(typeof result === "object" && result !== null ? result : {}) });
  } catch (error) {
    const known = EmulatorInputError.is(error) || error instanceof SyntaxError;
    sendJson(res, known ? 400 : 500, {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
