import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A destination server for tests and local experiments: records every request QStash (or the
 * emulator) makes and answers as told. Listens on 127.0.0.1, port 0 unless given.
 */
export interface RecordedRequest {
  method: string;
  /** Path and query as requested. */
  path: string;
  /** The full URL the request was made to (what a signature's `sub` claim must equal). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long (real ms) before answering, e.g. to exceed `Upstash-Timeout`. */
  delayMs?: number;
}

export type Responder = (request: RecordedRequest, seen: RecordedRequest[]) => Reply | Promise<Reply>;

export interface RecordingDestination {
  url: string;
  requests: RecordedRequest[];
  urlFor(path: string): string;
  /** Requests whose path starts with `pathPrefix` (all when omitted). */
  received(pathPrefix?: string): RecordedRequest[];
  /** Resolves once at least `count` requests under `pathPrefix` arrived. */
  waitFor(count: number, opts?: { pathPrefix?: string; timeoutMs?: number }): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export class DestinationWaitTimeoutError extends Error {
  readonly code = "destination_wait_timeout" as const;
  constructor(wanted: number, got: number, pathPrefix: string) {
    super(`expected ${wanted} request(s) under "${pathPrefix}", got ${got}`);
    this.name = "DestinationWaitTimeoutError";
  }
}

export async function startRecordingDestination(
  respond: Responder = () => ({ status: 200, body: "ok" }),
  port = 0,
): Promise<RecordingDestination> {
  const requests: RecordedRequest[] = [];
  const listeners = new Set<() => void>();
  const pending = new Set<NodeJS.Timeout>();
  let base = "";

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        url: `${base}${req.url ?? "/"}`,
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      requests.push(request);
      for (const listener of listeners) listener();
      void Promise.resolve(respond(request, requests)).then((reply) => {
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status ?? 200, reply.headers).end(reply.body ?? "");
        };
        if (!reply.delayMs) return answer();
        const timer = setTimeout(() => {
          pending.delete(timer);
          answer();
        }, reply.delayMs);
        pending.add(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const received = (pathPrefix = "") => requests.filter((request) => request.path.startsWith(pathPrefix));

  return {
    url: base,
    requests,
    urlFor: (path) => `${base}${path.startsWith("/") ? path : `/${path}`}`,
    received,
    waitFor: (count, opts = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const matching = received(opts.pathPrefix);
          if (matching.length < count) return;
          cleanup();
          resolve(matching);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new DestinationWaitTimeoutError(count, received(opts.pathPrefix).length, opts.pathPrefix ?? ""),
          );
        }, opts.timeoutMs ?? 10_000);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
