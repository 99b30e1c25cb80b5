/**
 * A pass-through in front of the KV emulator that records the largest request body and the largest
 * reply, as Upstash would see them (its limit is on requests: 10 MB, 1 MB on older plans), and the bytes
 * of every reply (what a sync reads). Used by the memory bench and by tests that bound what one request
 * or reply carries; with `recordCommands`, also by tests that look at which keys were read.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface KvSizes {
  largestRequestBytes: number;
  /** The command of the largest request (the first one, for a pipeline). */
  largestRequestCommand: string;
  largestReplyBytes: number;
  /** The command whose reply was the largest (the first one, for a pipeline). */
  largestReplyCommand: string;
  requests: number;
  /** The bytes of every reply so far. */
  replyBytes: number;
}

export interface KvSizeProxy {
  url: string;
  sizes(): KvSizes;
  /** Forget what was measured so far (a test measures one call). */
  reset(): void;
  /** With `recordCommands`: every command sent so far (each pipeline item), as its arguments. */
  commands(): string[][];
  close(): Promise<void>;
}

/** The commands of a REST request body: one command, or a pipeline's list of them. */
function commandsOf(body: Buffer): string[][] {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    if (!Array.isArray(parsed)) return [];
    const list = Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed];
    return list.map((argv) => argv.map(String));
  } catch {
    return [];
  }
}

function commandOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed[0] as unknown[]) : parsed;
    return Array.isArray(first) ? String(first[0]).toUpperCase() : "?";
  } catch {
    return "?";
  }
}

export async function startKvSizeProxy(
  targetUrl: string,
  { recordCommands = false }: { recordCommands?: boolean } = {},
): Promise<KvSizeProxy> {
  const target = new URL(targetUrl);
  const zero = (): KvSizes => ({
    largestRequestBytes: 0,
    largestRequestCommand: "",
    largestReplyBytes: 0,
    largestReplyCommand: "",
    requests: 0,
    replyBytes: 0,
  });
  const sizes = zero();
  const commands: string[][] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      sizes.requests++;
      if (recordCommands) commands.push(...commandsOf(body));
      if (body.length > sizes.largestRequestBytes) {
        sizes.largestRequestBytes = body.length;
        sizes.largestRequestCommand = commandOf(body);
      }
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host, "content-length": String(body.length) },
        },
        (up) => {
          let replied = 0;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.on("data", (c: Buffer) => {
            replied += c.length;
            res.write(c);
          });
          up.on("end", () => {
            sizes.replyBytes += replied;
            if (replied > sizes.largestReplyBytes) {
              sizes.largestReplyBytes = replied;
              sizes.largestReplyCommand = commandOf(body);
            }
            res.end();
          });
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sizes: () => ({ ...sizes }),
    reset: () => {
      Object.assign(sizes, zero());
      commands.length = 0;
    },
    commands: () => [...commands],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
