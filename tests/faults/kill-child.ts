/**
 * A worker process for the kill scenario. It loads everything, prints "ready", and waits for one line
 * on stdin: the job to run, as JSON {kvUrl, prefix, notionUrl, rootId, jobId, stepBudgetMs,
 * lockMarginMs}. Ready workers can so be started ahead of time and put to work at a precise moment.
 * It runs the job's steps until the job ends, waiting out a lock left by a killed predecessor. SIGKILL
 * gives it no chance to clean up.
 */
import { createInterface } from "node:readline";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { silentLogger } from "@/lib/log";
import { NotionApi } from "@/lib/notion/api";
import { createStore } from "@/lib/store/redis";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import { finishInline } from "./fault-kit";

export interface WorkOrder {
  kvUrl: string;
  prefix: string;
  notionUrl: string;
  rootId: string;
  jobId: string;
  stepBudgetMs: number;
  lockMarginMs: number;
}

async function work(order: WorkOrder): Promise<string> {
  const store = createStore({
    url: order.kvUrl,
    token: DEV_DEFAULTS.kvToken,
    prefix: order.prefix,
    retries: 0,
  });
  const api = new NotionApi({
    token: DEV_DEFAULTS.notionToken,
    apiUrl: order.notionUrl,
    ratePerSecond: 1000,
    burst: 1000,
    concurrency: 8,
    timeoutMs: 5_000,
  });
  const runtime = {
    store,
    types: { [SYNC_JOB]: createSyncJobType({ store, api, rootPageId: order.rootId }) },
    stepBudgetMs: order.stepBudgetMs,
    lockMarginMs: order.lockMarginMs,
    log: silentLogger,
  };
  const job = await finishInline(runtime, order.jobId);
  return job.status;
}

process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  process.stdout.write(`done ${await work(JSON.parse(line) as WorkOrder)}\n`);
  break;
}
process.exit(0);
