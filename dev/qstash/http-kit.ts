import type { IncomingMessage, ServerResponse } from "node:http";
import { QStashApiError } from "./errors";

/** Requests larger than this are refused (QStash's paid plans allow up to 10 MB). */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface RouteContext {
  method: string;
  /** The request target exactly as sent, destination URL and its query included. */
  rawTarget: string;
  pathname: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Capture groups of the route's pattern. */
  params: string[];
  callerIp: string;
}

/** `json` undefined → an empty body. */
export interface RouteResult {
  status?: number;
  json?: unknown;
}

export interface Route {
  methods: readonly string[];
  pattern: RegExp;
  handle(ctx: RouteContext): RouteResult;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new QStashApiError(413, `request body is larger than ${MAX_REQUEST_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Path segment → decoded value; ids never contain slashes. */
export function param(ctx: RouteContext, index: number): string {
  return decodeURIComponent(ctx.params[index] ?? "");
}

/** The part of the raw target after `prefix` (e.g. the destination URL after `/v2/publish/`). */
export function rawRest(ctx: RouteContext, prefix: RegExp): string {
  return ctx.rawTarget.replace(prefix, "");
}
