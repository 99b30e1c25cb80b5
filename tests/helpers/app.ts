import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { startNotionEmulator, type NotionEmulator, type NotionEmulatorOptions } from "../../dev/notion";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import type { JobRecord } from "@/lib/jobs/types";
import { listJobs } from "@/lib/store/jobs";
import { createStore, type Store } from "@/lib/store/redis";
import { dropKeys, TEST_REDIS_URL } from "./cloud";
import { freePort } from "./ports";

export { freePort };

/**
 * A private copy of the build (without its compiler cache) for one test app: pages cached by one app
 * (Next writes rendered pages into its build folder) must not leak into another. Inside the project,
 * because Next resolves `distDir` relative to it.
 */
function privateDistDir(distDir: string, name: string): string {
  const copy = join(`${distDir}-apps`, name);
  cpSync(distDir, copy, { recursive: true, filter: (path) => path !== join(distDir, "cache") });
  mkdirSync(join(copy, "cache"), { recursive: true });
  return copy;
}

export interface TestApp {
  url: string;
  secret: string;
  env: Record<string, string>;
  notion: NotionEmulator;
  qstash: QStashEmulator;
  kv: KvEmulator;
  store: Store;
  /** Every line the app printed (stdout and stderr), for log assertions. */
  logs: string[];
  /** Kill the app process (SIGKILL) and start it again on the same port. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  notion?: NotionEmulatorOptions;
  env?: Record<string, string>;
  /** QStash retry backoff compression (default 0.002: 12 s → 24 ms). */
  timeScale?: number;
}

/** `next start` could not bind its port: something else listens there. */
class PortTaken extends Error {}

/** The built app (`next start`) wired to the three emulators on free loopback ports. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const builtDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(`${builtDir}/BUILD_ID`))
    throw new Error("Build the app first: npm run build (npm test does it).");
  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;
  const notion = await startNotionEmulator({ port: 0, rateLimit: false, ...options.notion });
  const kv = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  const qstash = await startQStashEmulator({
    port: 0,
    timeScale: options.timeScale ?? 0.002,
    // Schedules fire when a test ticks, never because the real clock crossed a cron boundary.
    cronClock: "manual",
    dataDir: mkdtempSync(join(tmpdir(), "qstash-")),
  });
  const prefix = `e${randomBytes(4).toString("hex")}`;
  const distDir = privateDistDir(builtDir, prefix);
  const secret = `test-secret-${randomBytes(12).toString("hex")}`;
  const env: Record<string, string> = {
    NOTION_TOKEN: DEV_DEFAULTS.notionToken,
    NOTION_API_URL: notion.url,
    NOTION_ROOT_PAGE_ID: notion.rootPageId,
    NOTION_RATE_LIMIT: "200",
    NOTION_RATE_BURST: "50",
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: DEV_DEFAULTS.qstashToken,
    QSTASH_CURRENT_SIGNING_KEY: DEV_DEFAULTS.qstashCurrentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: DEV_DEFAULTS.qstashNextSigningKey,
    KV_REST_API_URL: kv.url,
    KV_REST_API_TOKEN: DEV_DEFAULTS.kvToken,
    KV_PREFIX: prefix,
    SYNC_SECRET: secret,
    APP_URL: url,
    SYNC_STEP_BUDGET_MS: "5000",
    ...options.env,
  };
  const store = createStore({ url: kv.url, token: DEV_DEFAULTS.kvToken, prefix, retries: 0 });
  const logs: string[] = [];
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        env: {
          PATH: process.env.PATH ?? "",
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          NEXT_DIST_DIR: distDir,
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child = proc;
    // Next says Ready once it holds the port. Until then whatever answers on it is not this app: the
    // port was free when picked, and another test's server may have taken it since (then this one
    // exits with EADDRINUSE).
    let ready = false;
    for (const stream of [proc.stdout, proc.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = chunk.split("\n").filter(Boolean);
        if (lines.some((line) => /\bReady in\b/.test(line))) ready = true;
        logs.push(...lines);
      });
    }
    const closed = new Promise<void>((r) => proc.once("close", () => r()));
    const deadline = Date.now() + 90_000; // generous: Next starts slowly on a loaded machine
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) {
        await closed; // its output is all read by then
        const lastLines = logs.slice(-20).join("\n");
        if (lastLines.includes("EADDRINUSE")) throw new PortTaken(lastLines);
        throw new Error(`next start exited: ${lastLines}`);
      }
      if (ready) {
        try {
          const response = await fetch(`${url}/robots.txt`);
          if (response.status < 500) return;
        } catch {
          // not answering yet
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`next start did not answer on ${url}`);
  };

  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill(signal);
    await exited;
  };

  // The port was free when picked; if another test's server took it before Next bound it, pick again.
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5 || options.env?.APP_URL) throw error;
      port = await freePort();
      url = `http://127.0.0.1:${port}`;
      env.APP_URL = url;
    }
  }
  return {
    url,
    secret,
    env,
    notion,
    qstash,
    kv,
    store,
    logs,
    start,
    kill,
    async restart(signal) {
      await kill(signal);
      await start();
    },
    async close() {
      await kill("SIGTERM");
      await qstash.close();
      await dropKeys(store);
      await notion.close();
      await kv.close();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

/** The job as the status API answers it with the app's secret (undefined when it has none). */
export async function readJob(app: TestApp, jobId: string): Promise<JobRecord | undefined> {
  const response = await fetch(`${app.url}/api/sync/jobs/${jobId}`, {
    headers: { authorization: `Bearer ${app.secret}` },
  });
  return ((await response.json()) as { job?: JobRecord }).job;
}

/** Poll the status API until the job ends (or `timeoutMs`). */
export async function waitForJob(
  app: TestApp,
  jobId: string,
  timeoutMs = 240_000, // only a broken run reaches it: a loaded machine can take minutes over a sync
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await readJob(app, jobId)) as Record<string, unknown> | undefined;
    const status = job?.status as string;
    if (job && status && status !== "queued" && status !== "running") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Trigger a sync with the app's secret (it must be accepted: 202) and wait until it ends; the job. */
export async function syncThroughApp(app: TestApp): Promise<Record<string, unknown> & { id: string }> {
  const response = await fetch(`${app.url}/api/sync/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.secret}` },
  });
  if (response.status !== 202)
    throw new Error(`trigger answered ${response.status}: ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  const job = await waitForJob(app, jobId);
  await waitForQuiet(app);
  return { ...job, id: jobId };
}

/**
 * Wait until QStash has nothing left to deliver and every job has ended: a publish starts the search
 * index job, so a test that snapshots Redis or counts requests after a sync waits for it too.
 */
export async function waitForQuiet(app: TestApp, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await app.qstash.waitForIdle({ timeoutMs: Math.max(1, deadline - Date.now()) });
    const { jobs } = await listJobs(app.store, { limit: 100 });
    const live = jobs.filter((j) => j.status === "queued" || j.status === "running");
    if (live.length === 0) return;
    if (Date.now() > deadline) throw new Error(`jobs still live: ${live.map((j) => j.id).join(", ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
