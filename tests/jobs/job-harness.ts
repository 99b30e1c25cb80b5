import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { handleCallback } from "@/lib/http/callback";
import { handleCancelJob, handleGetJob } from "@/lib/http/jobs";
import { handleWorker } from "@/lib/http/worker";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { isTerminal, type JobDefinition, type JobRecord } from "@/lib/jobs/types";
import { silentLogger } from "@/lib/log";
import { Queue } from "@/lib/queue/qstash";
import { getJob } from "@/lib/store/jobs";
import { createStore, type Store } from "@/lib/store/redis";
import { dropKeys, TEST_REDIS_URL } from "../helpers/cloud";
import { serveHandler, type ServedHandler } from "../helpers/serve-handler";

/**
 * The app's framework-free handlers (worker, failure callback, job status and cancel) behind a plain
 * HTTP server, with the real QStash and KV emulators: the path a job takes in production, minus Next.
 * Any job type can be registered; nothing here knows what it does.
 */
export interface JobHarness {
  rt: JobRuntime;
  store: Store;
  qstash: QStashEmulator;
  secret: string;
  /** GET /api/sync/jobs/{id} as a client would call it. */
  status(jobId: string): Promise<JobRecord>;
  /** POST /api/sync/jobs/{id}/cancel with the secret. */
  cancel(jobId: string): Promise<{ status: number; body: { ok: boolean; outcome?: string; error?: string } }>;
  /** Poll the status until `check` returns a value (generous deadline; no timing windows). */
  until<T>(what: string, check: (job: JobRecord) => T | null | undefined | false, jobId: string): Promise<T>;
  settled(jobId: string): Promise<JobRecord>;
  /**
   * Hold every delivery to the worker until the returned function is called (a worker that is slow
   * to answer): jobs started meanwhile keep their slots, so a test can act "while a job runs" without
   * racing the job's own speed.
   */
  holdWorker(): () => void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The job types to register; a function gets the harness's store (a type that writes to Redis). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  types: JobDefinition<any, any>[] | ((store: Store) => JobDefinition<any, any>[]);
  stepBudgetMs?: number;
  /** QStash retries per message (default 2: three attempts, then the DLQ). */
  retries?: number;
  notifyUrl?: string;
  /** How often a running step saves its progress and looks for a cancel (default 100 ms). */
  progressEveryMs?: number;
}

export async function startJobHarness(options: HarnessOptions): Promise<JobHarness> {
  const secret = `s-${randomBytes(12).toString("hex")}`;
  process.env.SYNC_SECRET = secret;
  const kv: KvEmulator = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  const store = createStore({
    url: kv.url,
    token: DEV_DEFAULTS.kvToken,
    prefix: `tj${randomBytes(4).toString("hex")}`,
  });
  const qstash = await startQStashEmulator({
    port: 0,
    timeScale: 0.002,
    // Schedules fire when a test ticks, never because the real clock crossed a cron boundary.
    cronClock: "manual",
    dataDir: mkdtempSync(join(tmpdir(), "qstash-jobs-")),
  });
  const ref: { rt?: JobRuntime } = {};
  let held: Promise<void> = Promise.resolve();
  const server: ServedHandler = await serveHandler(async (request) => {
    const path = new URL(request.url).pathname;
    const runtime = ref.rt!;
    if (path === "/api/sync/worker") {
      await held;
      return handleWorker(request, runtime);
    }
    if (path === "/api/sync/callback") return handleCallback(request, runtime);
    const cancel = path.match(/^\/api\/sync\/jobs\/([^/]+)\/cancel$/);
    if (cancel) return handleCancelJob(request, cancel[1]!, runtime);
    const one = path.match(/^\/api\/sync\/jobs\/([^/]+)$/);
    if (one) return handleGetJob(request, one[1]!, store);
    return new Response("not found", { status: 404 });
  });
  const queue = new Queue({
    url: qstash.url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: options.retries ?? 2,
    appUrl: server.url,
  });
  const rt: JobRuntime = {
    store,
    queue,
    types: Object.fromEntries(
      (typeof options.types === "function" ? options.types(store) : options.types).map((t) => [t.type, t]),
    ),
    stepBudgetMs: options.stepBudgetMs ?? 300,
    lockMarginMs: 500,
    progressEveryMs: options.progressEveryMs ?? 100,
    ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}),
    log: silentLogger,
  };
  ref.rt = rt;
  const auth = { authorization: `Bearer ${secret}` };
  const status = async (jobId: string) => {
    const response = await fetch(`${server.url}/api/sync/jobs/${jobId}`, { headers: auth });
    const body = (await response.json()) as { job?: JobRecord; error?: string };
    if (!body.job) throw new Error(`status of ${jobId}: ${response.status} ${body.error ?? ""}`);
    return body.job;
  };
  const until = async <T>(
    what: string,
    check: (job: JobRecord) => T | null | undefined | false,
    jobId: string,
  ): Promise<T> => {
    const deadline = Date.now() + 60_000;
    let last: JobRecord | undefined;
    while (Date.now() < deadline) {
      last = await status(jobId);
      const value = check(last);
      if (value !== null && value !== undefined && value !== false) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `${what}: still ${last?.status} at step ${last?.step} (${JSON.stringify(last?.progress)})`,
    );
  };
  return {
    rt,
    store,
    qstash,
    secret,
    status,
    async cancel(jobId) {
      const response = await fetch(`${server.url}/api/sync/jobs/${jobId}/cancel`, {
        method: "POST",
        headers: auth,
      });
      return { status: response.status, body: (await response.json()) as { ok: boolean; outcome?: string } };
    },
    until,
    settled: (jobId) => until("a terminal state", (job) => isTerminal(job.status) && job, jobId),
    holdWorker() {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return release;
    },
    async close() {
      await qstash.close();
      await server.close();
      await dropKeys(store);
      await kv.close();
    },
  };
}

/** The stored record, for assertions that need what readers do not see. */
export function recordOf(h: JobHarness, jobId: string) {
  return getJob(h.store, jobId);
}
