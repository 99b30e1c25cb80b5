import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";

/**
 * Test support: a minimal Upstash Redis REST endpoint (POST / and /pipeline, Bearer auth, base64
 * replies) in front of a real Redis, so the unchanged @upstash/redis SDK runs against it. Tests use a
 * unique key prefix and call `dropPrefix` when done.
 */
export interface UpstashRestFake {
  url: string;
  token: string;
  /** Every command received, in order (command name upper-cased). */
  commands: string[][];
  dropPrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
}

type Reply = string | number | null | Reply[];

function encode(reply: unknown, base64: boolean): Reply {
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  if (typeof reply === "string")
    return base64 && reply !== "OK" ? Buffer.from(reply).toString("base64") : reply;
  if (typeof reply === "number" || reply === null) return reply;
  return Buffer.isBuffer(reply) ? reply.toString("utf8") : JSON.stringify(reply);
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}

export async function startUpstashRestFake(
  options: { redisUrl?: string; token?: string } = {},
): Promise<UpstashRestFake> {
  const redis = new IORedis(options.redisUrl ?? "redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  const token = options.token ?? "test-kv-token";
  const commands: string[][] = [];

  const run = async (argv: unknown): Promise<{ result?: unknown; error?: string }> => {
    const [name, ...args] = (argv as unknown[]).map(String);
    commands.push([String(name).toUpperCase(), ...args]);
    try {
      return { result: await redis.call(String(name), ...args) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  const server = createServer((req, res) => {
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: "Unauthorized" });
    const base64 = req.headers["upstash-encoding"] === "base64";
    const handle = async () => {
      const payload = await body(req);
      if (req.url === "/pipeline" || req.url === "/multi-exec") {
        const results = [];
        for (const argv of payload as unknown[]) {
          const r = await run(argv);
          results.push(r.error ? { error: r.error } : { result: encode(r.result, base64) });
        }
        return reply(200, results);
      }
      const r = await run(payload);
      return r.error ? reply(400, { error: r.error }) : reply(200, { result: encode(r.result, base64) });
    };
    handle().catch((error: unknown) => reply(500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    async dropPrefix(prefix) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
