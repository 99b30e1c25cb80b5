/**
 * Continuation: a large sync through the QStash emulator and the worker handler, one time-boxed step per
 * delivery, each step publishing the next. Checks that no page is lost across steps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { isTerminal, type JobRecord } from "@/lib/jobs/types";
import { Queue } from "@/lib/queue/qstash";
import { getJob } from "@/lib/store/jobs";
import { readManifestOf } from "@/lib/store/generations";
import { readManifest } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { startQStashEmulator } from "../../dev/qstash";
import { DEFAULT_STEP_BUDGET_MS, WORKER_MAX_DURATION_S } from "@/lib/config";
import { CONTINUATION_BUDGET_MS, TIME_SCALE } from "../config";
import { startBenchCloud } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import { startWorkerServer } from "../worker-server";
import { benchWorkspace, minimalCalls } from "../workspaces";

async function waitForEnd(read: () => Promise<JobRecord | null>, timeoutMs: number): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  let failures = 0;
  for (;;) {
    // A poll that fails (a loaded machine drops a keep-alive connection now and then) is not the job
    // failing: poll again, and give up only on a run of failures.
    const job = await read().catch((error: unknown) => {
      if (++failures >= 20) throw error;
      return undefined;
    });
    if (job) failures = 0;
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job?.status ?? "missing"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function continuationSuite(
  pages: number,
  log: (s: string) => void,
): Promise<{ figures: Figure[]; run: unknown }> {
  const generated = benchWorkspace(pages);
  const minimal = minimalCalls(generated.workspace, generated.rootPageId);
  // No rate limit and no latency: at the scaled 30 req/s a 10,000-page sync would take 20 minutes.
  const cloud = await startBenchCloud({ workspace: generated.workspace, rateLimit: false });
  const dataDir = mkdtempSync(join(tmpdir(), "bench-qstash-"));
  const qstash = await startQStashEmulator({ port: 0, timeScale: 1 / TIME_SCALE, dataDir });
  const api = cloud.api({ ratePerSecond: 100_000, burst: 100, concurrency: 6, timeoutMs: 20_000 });
  // The trigger and the worker share one runtime, as one deployment's functions share their config.
  const runtime = (appUrl: string) =>
    cloud.runtime({
      api,
      stepBudgetMs: CONTINUATION_BUDGET_MS,
      lockMarginMs: 2_000,
      queue: new Queue({
        url: qstash.url,
        token: qstash.token,
        currentSigningKey: qstash.currentSigningKey,
        nextSigningKey: qstash.nextSigningKey,
        retries: 3,
        appUrl,
      }),
    });
  const worker = await startWorkerServer(runtime);
  try {
    const rt = runtime(worker.url);
    log(
      `continuation: ${minimal.pages} pages through QStash + worker, ${CONTINUATION_BUDGET_MS / 1000} s steps…`,
    );
    const started = performance.now();
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "incremental" }, source: "cli" });
    // A deadline for a broken run only: 100,000 pages on a loaded 2-core machine take about an hour.
    const done = await waitForEnd(() => getJob(cloud.store, job.id), 4 * 3600_000);
    const wallMs = performance.now() - started;
    // Public entries and drafts: the publishing rules keep draft rows (the generator gives rows a
    // Status of Todo/Doing/Done) out of the public manifest, so the public side alone looks short.
    const published = await readManifest(cloud.store);
    const manifest = published && (await readManifestOf(cloud.store, published.generation));
    const entries = [...Object.values(manifest?.entries ?? {}), ...Object.values(manifest?.drafts ?? {})];
    const pageEntries = entries.filter((e) => e.kind === "page").length;
    const draftEntries = Object.keys(manifest?.drafts ?? {}).length;
    // Timed at the worker, every delivery: the job record keeps only its last 100 steps.
    const durations = worker.deliveryMs;
    const longest = Math.max(...durations);
    const longestIndex = durations.indexOf(longest);
    const deliveries = qstash.deliveries();
    const run = {
      pages: minimal.pages,
      status: done.status,
      steps: done.step,
      wallMs: Math.round(wallMs),
      deliveryMs: durations.map(Math.round),
      deliveries: deliveries.length,
      workerStatuses: worker.statuses.reduce<Record<number, number>>(
        (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
        {},
      ),
      counters: done.progress.counters,
      manifestPages: pageEntries,
      manifestDatabases: entries.length - pageEntries,
    };
    const sum = durations.reduce((n, ms) => n + ms, 0);
    return {
      run,
      figures: [
        figure({
          id: "continuation.steps",
          label: `continuation, ${pages.toLocaleString("en-US")} pages: steps`,
          value: done.step,
          note: `${CONTINUATION_BUDGET_MS / 1000} s budget per step (${DEFAULT_STEP_BUDGET_MS / 1000} s ÷ ${TIME_SCALE}); job ${done.status}; ${deliveries.length} QStash deliveries; worker answers ${JSON.stringify(run.workerStatuses)}`,
        }),
        figure({
          id: "continuation.seconds",
          label: `continuation, ${pages.toLocaleString("en-US")} pages: total wall`,
          value: wallMs / 1000,
          unit: "s",
          digits: 1,
          note: `steps ran ${(sum / 1000).toFixed(1)} s; ${((wallMs - sum) / 1000).toFixed(1)} s between steps (QStash hand-offs); ${done.progress.counters.apiCalls} calls vs a minimum of ${minimal.total} (the excess is work cut by a step's deadline and redone in the next)`,
        }),
        figure({
          id: "continuation.longestStep",
          label: `continuation: longest step`,
          value: longest / 1000,
          unit: "s",
          digits: 2,
          // A step must end before the worker's maxDuration (scaled like the budget), or the platform
          // kills it and QStash starts it over: publish and collection stop at the deadline like the walk.
          check: { op: "<=", limit: WORKER_MAX_DURATION_S / TIME_SCALE },
          note: `budget ${CONTINUATION_BUDGET_MS / 1000} s, the worker's maxDuration ${WORKER_MAX_DURATION_S} s ÷ ${TIME_SCALE} = ${WORKER_MAX_DURATION_S / TIME_SCALE} s; each delivery timed at the worker; delivery ${longestIndex + 1} of ${durations.length}; the last ${Math.min(5, durations.length)} ${durations
            .slice(-5)
            .map((d) => (d / 1000).toFixed(1))
            .join(", ")} s`,
        }),
        figure({
          id: "continuation.messagesPer1000",
          label: `continuation: QStash messages per 1,000 pages`,
          value: (deliveries.length / minimal.pages) * 1000,
          digits: 2,
          note: `${deliveries.length} messages (the first step's and one per continuation) for a full sync of ${minimal.pages} pages at ${CONTINUATION_BUDGET_MS / 1000} s per step (the shipped ${DEFAULT_STEP_BUDGET_MS / 1000} s ÷ ${TIME_SCALE}); a change-only sync takes 1`,
        }),
        figure({
          id: "continuation.lostPages",
          label: `continuation: pages lost (workspace − manifest and drafts)`,
          value: minimal.pages - pageEntries,
          check: { op: "<=", limit: 0 },
          note: `${pageEntries} page entries (${draftEntries} of them drafts) for ${minimal.pages} workspace pages, ${run.manifestDatabases} databases`,
        }),
      ],
    };
  } finally {
    await worker.close();
    await qstash.close();
    rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  }
}
