/** Starts the Notion API emulator: composes the workspace, clock, limiter, faults, log and file host. */
import { randomBytes } from "node:crypto";
import { type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DEV_DEFAULTS } from "../defaults";
import { type EmulatorLogger, type EmulatorState, type Latency, handleApiRequest } from "./api-pipeline";
import { EmulatorClock } from "./clock";
import { handleControlRequest } from "./control-routes";
import { createDemoWorkspace } from "./demo-workspace";
import { EmulatorInputError } from "./errors";
import { FaultInjector, type RateFaults } from "./faults";
import { ASSETS_PATH, FILES_PATH, FileHost, assetUrl } from "./files";
import { sendBytes } from "./http-io";
import type { Workspace } from "./model";
import { SeededRandom } from "./random";
import { type RateLimitOptions, type RateModel, RateLimiter, type WorkspaceLimitOptions } from "./rate-limit";
import { RequestLog } from "./request-log";
import { SearchIndex } from "./search";
import { WorkspaceMutations } from "./mutations";

export interface NotionEmulatorOptions {
  /** Default DEV_DEFAULTS.notionPort (8090); 0 picks a free port. */
  port?: number;
  host?: string;
  /** The integration token accepted as `Authorization: Bearer …` (default DEV_DEFAULTS.notionToken). */
  token?: string;
  /** Default: a fresh demo workspace. */
  workspace?: Workspace;
  /** The connection limit's shape: `bucket` (default: `rate`/`burst`) or `window` (`windowBudget` per `windowMs`). */
  rateModel?: RateModel;
  /** Average requests per second (default 3). */
  rate?: number;
  /** Token-bucket size (default 10). */
  burst?: number;
  /** Window model: requests per window (default 180). */
  windowBudget?: number;
  /** Window model: window length in emulator-clock ms (default 60,000). */
  windowMs?: number;
  /** A per-workspace limit on top of the connection limit (default none). */
  workspaceLimit?: WorkspaceLimitOptions;
  /** false turns rate limiting off. */
  rateLimit?: boolean;
  /** Decimals in Retry-After (default 0: whole seconds, rounded up, like Notion). */
  retryAfterPrecision?: number;
  /** Added before every API answer: fixed ms, or uniform in [min, max] from the seeded RNG. */
  latencyMs?: Latency;
  /** Lifetime of Notion-hosted file URLs (default 1 h). */
  fileTtlMs?: number;
  /** How long a change stays invisible to search (default 0: search is immediate). */
  searchLagMs?: number;
  /** Base clock (default Date.now); `emulator.clock` offsets it. */
  now?: () => number;
  /** Seeds latency jitter, rate-based faults and ids of objects created through mutations. */
  seed?: number;
  /** Random faults from the start. */
  faults?: RateFaults;
  /** Rows per data-source query before `request_status: incomplete` (Notion: 10,000). */
  queryResultLimit?: number;
  logger?: EmulatorLogger;
}

export interface NotionEmulator {
  url: string;
  port: number;
  rootPageId: string;
  workspace: WorkspaceMutations;
  faults: FaultInjector;
  requests: RequestLog;
  clock: EmulatorClock;
  setLatency(latency: Latency): void;
  setRate(options: RateLimitOptions): void;
  /** The workspace limit refuses every call for `durationMs` (emulator clock), with that Retry-After. */
  limitWorkspace(durationMs: number): void;
  setSearchLag(ms: number): void;
  setFileTtl(ms: number): void;
  /** Back to the starting workspace and token; clears faults, the request log and the rate bucket. */
  reset(): void;
  close(): Promise<void>;
}

export async function startNotionEmulator(options: NotionEmulatorOptions = {}): Promise<NotionEmulator> {
  const seed = options.seed ?? 1;
  const initialToken = options.token ?? DEV_DEFAULTS.notionToken;
  const startWs = options.workspace ?? createDemoWorkspace();
  // Without a recipe to rebuild it, keep a pristine copy for reset().
  const pristine = startWs.rebuild ? null : startWs.clone();
  const clock = new EmulatorClock(options.now);
  const idRandom = new SeededRandom(seed ^ 0x51ed270b);
  const files = new FileHost({
    secret: randomBytes(16).toString("hex"),
    ttlMs: options.fileTtlMs ?? 3_600_000,
    now: () => clock.now(),
  });
  const faults = new FaultInjector(seed, () => clock.now());
  if (options.faults) faults.setRates(options.faults);

  const state: EmulatorState = {
    ws: startWs,
    token: initialToken,
    baseUrl: "",
    clock,
    limiter: new RateLimiter({
      model: options.rateModel,
      rate: options.rate,
      burst: options.burst,
      windowBudget: options.windowBudget,
      windowMs: options.windowMs,
      workspace: options.workspaceLimit,
      enabled: options.rateLimit ?? true,
      retryAfterPrecision: options.retryAfterPrecision,
    }),
    faults,
    log: new RequestLog(),
    files,
    search: new SearchIndex(),
    render: {
      get ws() {
        return state.ws;
      },
      signFile: (fileId) => {
        const file = state.ws.files.get(fileId);
        if (!file) throw new EmulatorInputError(`hosted file ${fileId} is not registered`);
        return files.sign(state.baseUrl, file);
      },
      assetUrl: (url) => assetUrl(state.baseUrl, url),
    },
    latency: options.latencyMs ?? 0,
    latencyRandom: new SeededRandom(seed ^ 0x2545f491),
    queryResultLimit: options.queryResultLimit ?? 10_000,
    logger: options.logger,
    held: new Set(),
  };

  if (options.searchLagMs) state.search.setLag(options.searchLagMs);

  const workspace = new WorkspaceMutations({
    get ws() {
      return state.ws;
    },
    now: () => clock.now(),
    newId: () => {
      for (let i = 0; i < 100; i++) {
        const id = idRandom.uuid();
        if (!state.ws.nodes.has(id) && !state.ws.files.has(id)) return id;
      }
      throw new EmulatorInputError("could not find an unused id");
    },
    setToken: (token) => {
      state.token = token;
    },
  });

  const emulator: NotionEmulator = {
    url: "",
    port: 0,
    get rootPageId() {
      return state.ws.rootPageId;
    },
    workspace,
    faults,
    requests: state.log,
    clock,
    setLatency: (latency) => {
      state.latency = latency;
    },
    setRate: (rate) => state.limiter.configure(rate),
    limitWorkspace: (ms) => state.limiter.limitWorkspace(clock.now(), ms),
    setSearchLag: (ms) => state.search.setLag(ms),
    setFileTtl: (ms) => {
      files.ttlMs = ms;
    },
    reset: () => {
      state.ws = startWs.rebuild ? startWs.rebuild() : (pristine as Workspace).clone();
      state.token = initialToken;
      faults.clearFaults();
      state.log.reset();
      state.limiter.reset();
    },
    close: () => closeServer(server, state),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname;
    if (path.startsWith("/__emulator/") || path === "/__emulator") {
      void handleControlRequest(emulator, state, req, res, url);
    } else if (path.startsWith(FILES_PATH) || path.startsWith(ASSETS_PATH)) {
      serveFile(state, url, req.method ?? "GET", res);
    } else {
      void handleApiRequest(state, req, res, url);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEV_DEFAULTS.notionPort, options.host ?? DEV_DEFAULTS.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  state.baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  emulator.url = state.baseUrl;
  emulator.port = port;
  options.logger?.info(`Notion emulator listening on ${state.baseUrl} (root page ${state.ws.rootPageId})`);
  return emulator;
}

function serveFile(state: EmulatorState, url: URL, method: string, res: ServerResponse): void {
  const started = performance.now();
  const answer = url.pathname.startsWith(FILES_PATH)
    ? state.files.serveHosted(state.ws, url)
    : state.files.serveAsset(url);
  sendBytes(res, answer.status, answer.body, answer.headers);
  state.log.record({
    at: new Date(state.clock.now()).toISOString(),
    method,
    route: url.pathname.startsWith(FILES_PATH)
      ? `${method} ${FILES_PATH}:id`
      : `${method} ${ASSETS_PATH}:name`,
    path: url.pathname,
    objectId: answer.fileId ?? null,
    status: answer.status,
    ms: Math.round((performance.now() - started) * 100) / 100,
    requestId: "",
    outcome: answer.status < 400 ? "ok" : "error",
  });
}

function closeServer(server: Server, state: EmulatorState): Promise<void> {
  return new Promise((resolve) => {
    for (const release of [...state.held]) release();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
