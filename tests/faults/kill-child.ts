/**
 * A worker process for the kill scenario. It loads everything, prints "ready", and waits for one line
 * on stdin: the job to run, as JSON {kvUrl, prefix, notionUrl, rootId, jobId, stepBudgetMs,
 * lockMarginMs}. Ready workers can so be started ahead of time and put to work at a precise moment.
 * It runs the job's steps until the job ends, waiting out a lock left by a killed predecessor. SIGKILL
 * gives it no chance to clean up.
 */
import { createInterface } from "node:readline";
import { emulatorRuntime } from "../helpers/emulator-engine";
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
  const { runtime } = emulatorRuntime({
    kvUrl: order.kvUrl,
    prefix: order.prefix,
    notionUrl: order.notionUrl,
    rootId: order.rootId,
    stepBudgetMs: order.stepBudgetMs,
    lockMarginMs: order.lockMarginMs,
  });
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
