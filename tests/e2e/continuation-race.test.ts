import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { generateWorkspace } from "../../dev/notion";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";
import { handleCallback } from "@/lib/http/callback";
import { handleWorker } from "@/lib/http/worker";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { isTerminal, type JobRecord } from "@/lib/jobs/types";
import { Queue, type StepMessage } from "@/lib/queue/qstash";
import { getJob } from "@/lib/store/jobs";
import { SYNC_JOB } from "@/lib/sync/job";
import { startTestCloud, type TestCloud } from "../helpers/cloud";

/**
 * The continuation race, made certain: QStash delivers a published step at once, while the answer to
 * the publish call can take a while to come back (a slow network path, a paused function). Whatever
 * the publisher saves after the publish returns must not roll back what the next step saved already.
 * The request handlers are framework-free, so they run here behind a plain HTTP server, in-process.
 */

/** A queue whose publish calls return late: QStash already has (and delivers) the message. */
class SlowAckQueue extends Queue {
  override async publishStep(message: StepMessage, delaySeconds = 0): Promise<string> {
    const id = await super.publishStep(message, delaySeconds);
    await new Promise((r) => setTimeout(r, 400));
    return id;
  }
}

let cloud: TestCloud;
let qstash: QStashEmulator;
let server: RecordingDestination;
let rt: JobRuntime;

beforeAll(async () => {
  cloud = await startTestCloud({
    workspace: generateWorkspace({ seed: 808, pages: 60, depth: 2, blocksPerPage: 4 }).workspace,
    latencyMs: 2,
  });
  qstash = await startQStashEmulator({
    port: 0,
    timeScale: 0.002,
    dataDir: mkdtempSync(join(tmpdir(), "qstash-race-")),
  });
  server = await startRecordingDestination(async (recorded) => {
    const request = new Request(recorded.url, {
      method: recorded.method,
      headers: Object.entries(recorded.headers).flatMap(([k, v]) =>
        typeof v === "string" ? [[k, v] as [string, string]] : [],
      ),
      body: recorded.method === "POST" ? recorded.body.toString("utf8") : undefined,
    });
    const handler = recorded.path.startsWith("/api/sync/callback") ? handleCallback : handleWorker;
    const response = await handler(request, rt);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  });
  const queue = new SlowAckQueue({
    url: qstash.url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: 3,
    appUrl: server.url,
  });
  // Steps of ~100 ms: each finishes well before the previous publish call has returned.
  rt = cloud.runtime({ queue, stepBudgetMs: 100, lockMarginMs: 500 });
});
afterAll(async () => {
  await qstash.close();
  await server.close();
  await cloud.close();
});

async function settled(jobId: string, timeoutMs = 25_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(cloud.store, jobId);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline) {
      throw new Error(`job ${jobId} still ${job?.status} at step ${job?.step} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("continuation when publish acknowledgements are slow", () => {
  it("a job completes even when each next step finishes before its publish call returns", async () => {
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "manual" });
    const done = await settled(job.id);
    expect(done.status).toBe("completed");
    expect(done.step).toBeGreaterThan(3);
    expect(done.steps.map((s) => s.step)).toEqual(done.steps.map((_, i) => i + 1));
    expect(done.progress.counters.pagesWritten).toBe(60);
  });
});
