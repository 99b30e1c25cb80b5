/**
 * The worker and callback routes served in-process over real HTTP, with a real QStash emulator
 * delivering to them: the QStash half of the app without `next start`, so a scenario can set the lock
 * margin, the retries and the time scale, and wrap each delivery (duplicate it, replay old ones, drop
 * the callback endpoint). The handlers are the very ones the route files call.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { handleCallback } from "@/lib/http/callback";
import { handleWorker } from "@/lib/http/worker";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import type { JobRuntime } from "@/lib/jobs/runtime";
import type { JobRecord } from "@/lib/jobs/types";
import type { NotionApi } from "@/lib/notion/api";
import { Queue } from "@/lib/queue/qstash";
import { SYNC_JOB } from "@/lib/sync/job";
import type { SyncParams } from "@/lib/sync/types";
import type { TestCloud } from "../helpers/cloud";
import { serveHandler } from "../helpers/serve-handler";

export type Deliver = (request: Request, run: (request: Request) => Promise<Response>) => Promise<Response>;

export interface HarnessOptions {
  /** QStash backoff compression (default 0.002). */
  timeScale?: number;
  /** QStash retries per step (SYNC_STEP_RETRIES; default 3). */
  retries?: number;
  stepBudgetMs?: number;
  lockMarginMs?: number;
  staleAfterMs?: number;
  api?: NotionApi;
  notifyUrl?: string;
  /** Answer the failure callback with 500, as a callback endpoint that is down. */
  callbackDown?: boolean;
  /** Wraps each worker delivery (default: run it once). */
  deliver?: Deliver;
}

export interface Answered {
  path: string;
  status: number;
  retried: number;
  body: string;
}

export interface WorkerHarness {
  url: string;
  qstash: QStashEmulator;
  queue: Queue;
  rt: JobRuntime;
  /** Every answer the routes gave, in order. */
  answered: Answered[];
  enqueue(params?: SyncParams): Promise<JobRecord>;
  /** Close the QStash emulator, wait, and start it again on the same port and data folder. */
  restartQStash(downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWorkerHarness(
  cloud: TestCloud,
  options: HarnessOptions = {},
): Promise<WorkerHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), "qstash-faults-"));
  const timeScale = options.timeScale ?? 0.002;
  let qstash = await startQStashEmulator({ port: 0, timeScale, dataDir });
  const port = qstash.port;
  const answered: Answered[] = [];
  // Built once the server listens (its URL is the queue's app URL); requests come only after that.
  const ready: { rt?: JobRuntime } = {};
  const served = await serveHandler(async (request) => {
    const path = new URL(request.url).pathname;
    let response: Response;
    if (path === "/api/sync/worker") {
      const run = (r: Request) => handleWorker(r, ready.rt);
      response = options.deliver ? await options.deliver(request, run) : await run(request);
    } else if (path === "/api/sync/callback") {
      response = options.callbackDown
        ? Response.json({ error: "callback endpoint down" }, { status: 500 })
        : await handleCallback(request, ready.rt);
    } else response = new Response("not found", { status: 404 });
    const body = await response.text();
    answered.push({
      path,
      status: response.status,
      retried: Number(request.headers.get("upstash-retried") ?? 0),
      body,
    });
    return new Response(body, { status: response.status, headers: response.headers });
  });
  const base = served.url;

  const queue = new Queue({
    url: qstash.url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: options.retries ?? 3,
    appUrl: base,
  });
  const runtime: JobRuntime = {
    ...cloud.runtime({
      api: options.api,
      queue,
      stepBudgetMs: options.stepBudgetMs ?? 300,
      lockMarginMs: options.lockMarginMs ?? 300,
      notifyUrl: options.notifyUrl,
    }),
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
  };
  ready.rt = runtime;

  return {
    url: base,
    get qstash() {
      return qstash;
    },
    queue,
    rt: runtime,
    answered,
    async enqueue(params = { mode: "force" }) {
      return (await enqueueJob(runtime, { type: SYNC_JOB, params, source: "cli" })).job;
    },
    async restartQStash(downMs) {
      await qstash.close();
      await new Promise((r) => setTimeout(r, downMs));
      qstash = await startQStashEmulator({ port, timeScale, dataDir });
    },
    async close() {
      await qstash.close();
      await served.close();
    },
  };
}

/** Worker answers as {outcome, reason, status} (non-JSON answers become {status}). */
export function outcomes(answered: Answered[]): { httpStatus: number; outcome?: string; reason?: string }[] {
  return answered
    .filter((a) => a.path === "/api/sync/worker")
    .map((a) => {
      try {
        return { httpStatus: a.status, ...(JSON.parse(a.body) as { outcome?: string; reason?: string }) };
      } catch {
        return { httpStatus: a.status };
      }
    });
}
