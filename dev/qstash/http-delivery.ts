import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { headerMapFromNode } from "./headers";
import type { HeaderMap } from "./model";

/** Response bodies are kept up to this size (for callbacks and the DLQ); the rest is drained. */
const MAX_KEPT_RESPONSE_BYTES = 1024 * 1024;

export interface AttemptResult {
  /** Null when no response arrived (refused, reset, timed out, aborted). */
  status: number | null;
  header: HeaderMap;
  body: Buffer;
  error?: string;
}

/**
 * One HTTP call to a destination. Uses node:http rather than fetch so any forwarded header and
 * any method/body combination goes out exactly as QStash would send it.
 */
export function sendHttp(opts: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: string) => finish({ status: null, header: {}, body: Buffer.alloc(0), error });

    const withBody = opts.method !== "GET" && opts.method !== "HEAD";
    const headers = { ...opts.headers, ...(withBody ? { "Content-Length": String(opts.body.length) } : {}) };
    const send = opts.url.startsWith("https:") ? httpsRequest : httpRequest;
    let req: ReturnType<typeof httpRequest> | undefined;
    const timer = setTimeout(
      () => {
        req?.destroy();
        fail(`request timed out after ${opts.timeoutMs} ms`);
      },
      Math.min(opts.timeoutMs, 2 ** 31 - 1),
    );
    try {
      req = send(opts.url, { method: opts.method, headers, signal: opts.signal });
    } catch (error) {
      fail(`request failed: ${String(error)}`);
      return;
    }

    req.on("error", (error) => fail(opts.signal.aborted ? "aborted" : `request failed: ${error.message}`));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on("data", (chunk: Buffer) => {
        if (kept >= MAX_KEPT_RESPONSE_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      res.on("error", (error) => fail(`response failed: ${error.message}`));
      res.on("end", () =>
        finish({
          status: res.statusCode ?? null,
          header: headerMapFromNode(res.headers),
          body: Buffer.concat(chunks).subarray(0, MAX_KEPT_RESPONSE_BYTES),
        }),
      );
    });
    req.end(withBody ? opts.body : undefined);
  });
}
