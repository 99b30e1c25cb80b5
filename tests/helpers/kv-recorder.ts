import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One HTTP request to the Upstash REST API: one round trip, carrying one command or a pipeline of them. */
export interface RecordedKvRequest {
  /** `/`, `/pipeline`, `/multi-exec` or a path-form command such as `/get/key`. */
  path: string;
  /** Upper-cased command names, in order. */
  commands: string[];
}

export interface KvRecorder {
  /** Point `@upstash/redis` here instead of at the emulator. */
  url: string;
  requests: RecordedKvRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function commandNames(path: string, body: Buffer): string[] {
  const name = (argv: unknown) => (Array.isArray(argv) ? String(argv[0]).toUpperCase() : "?");
  if (path !== "/" && path !== "/pipeline" && path !== "/multi-exec") {
    return [decodeURIComponent(path.split("/")[1] ?? "").toUpperCase()];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return ["?"];
  }
  return path === "/" ? [name(parsed)] : Array.isArray(parsed) ? parsed.map(name) : ["?"];
}

/**
 * A pass-through HTTP proxy in front of the KV emulator that records every REST request, so a test can
 * assert how many round trips a read takes and which commands each carried. It only forwards: the
 * emulator (and the Redis behind it) still answers every command.
 */
export async function startKvRecorder(targetUrl: string): Promise<KvRecorder> {
  const requests: RecordedKvRequest[] = [];
  const server = createServer((req, res) => {
    const forward = async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://recorder.local");
      requests.push({ path: url.pathname, commands: commandNames(url.pathname, body) });
      const headers = new Headers();
      for (const name of ["authorization", "content-type", "upstash-encoding"]) {
        const value = req.headers[name];
        if (typeof value === "string") headers.set(name, value);
      }
      const answer = await fetch(`${targetUrl}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body),
      });
      res.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "application/json",
      });
      res.end(Buffer.from(await answer.arrayBuffer()));
    };
    forward().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
