import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DEV_DEFAULTS } from "../defaults";
import type { KvBackend } from "./backend";
import { EmbeddedBackend } from "./embedded/embedded-backend";
import { createKvRequestHandler } from "./http-handler";
import type { UnavailableMode } from "./http-handler";
import { silentLogger } from "./logger";
import type { KvLogger } from "./logger";
import { RedisBackend } from "./redis-backend";

export interface KvEmulatorOptions {
  /** Default DEV_DEFAULTS.kvPort (8079); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token clients must send; default DEV_DEFAULTS.kvToken. */
  token?: string;
  /** Proxy to this real Redis (e.g. redis://127.0.0.1:6379) instead of the embedded store. */
  redisUrl?: string;
  /** Embedded store only: persist to `<dataDir>/kv.json` so a restart keeps the data. */
  dataDir?: string;
  logger?: KvLogger;
  /** Largest accepted request body; default 10 MB like Upstash. */
  maxRequestBytes?: number;
  /** Embedded store only: snapshot at most this often after writes (default 250 ms). */
  persistIntervalMs?: number;
  /** Embedded store only: stop a runaway EVAL after this long (default 5 s). */
  scriptTimeLimitMs?: number;
}

export interface KvEmulator {
  /** Base URL for `new Redis({ url, token })` / KV_REST_API_URL. */
  url: string;
  port: number;
  token: string;
  backend: "redis" | "embedded";
  close(): Promise<void>;
  /** Fault injection: while set, every request fails like an unreachable Upstash (503 or a dropped connection). */
  setUnavailable(mode: UnavailableMode): void;
  /** Commands handed to the backend so far (each pipeline item counts). */
  commandCount(): number;
  /** How often each command (lower case) was handed to the backend so far. */
  commandsSeen(): ReadonlyMap<string, number>;
  /** Embedded store: the commands it serves (every other one is refused); undefined for real Redis. */
  servedCommands(): string[] | undefined;
}

/** Starts the Upstash Redis REST emulator; resolves once it listens. */
export async function startKvEmulator(options: KvEmulatorOptions = {}): Promise<KvEmulator> {
  const logger = options.logger ?? silentLogger;
  const token = options.token ?? DEV_DEFAULTS.kvToken;
  const host = options.host ?? DEV_DEFAULTS.host;
  const backend: KvBackend = options.redisUrl
    ? await RedisBackend.connect(options.redisUrl)
    : await EmbeddedBackend.open({
        dataDir: options.dataDir,
        logger,
        persistIntervalMs: options.persistIntervalMs,
        scriptTimeLimitMs: options.scriptTimeLimitMs,
      });

  let unavailable: UnavailableMode = false;
  let commands = 0;
  const seen = new Map<string, number>();
  let syncToken = 0;
  const handler = createKvRequestHandler({
    backend,
    token,
    logger,
    maxRequestBytes: options.maxRequestBytes ?? 10 * 1024 * 1024,
    unavailable: () => unavailable,
    countCommands: (argvs) => {
      commands += argvs.length;
      for (const argv of argvs) {
        const name = (argv[0] ?? "").toLowerCase();
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    },
    nextSyncToken: () => String(++syncToken),
  });
  const server = createServer((req, res) => {
    handler(req, res).catch(() => res.destroy());
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEV_DEFAULTS.kvPort, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await backend.close();
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  logger.info("kv: listening", { url, backend: backend.kind });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    token,
    backend: backend.kind,
    setUnavailable: (mode) => {
      unavailable = mode;
    },
    commandCount: () => commands,
    commandsSeen: () => seen,
    servedCommands: () => (backend instanceof EmbeddedBackend ? backend.servedCommands() : undefined),
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await backend.close();
      })();
      return closing;
    },
  };
}
