/**
 * One full sync in a process of its own, so its peak RSS is the engine's alone (the emulators live in
 * the parent). Env: NOTION_URL, ROOT_ID, KV_URL, KV_PREFIX, and SYNC_MODE=force for a reconciliation. Prints one JSON line. Started with
 * `--expose-gc`, it also forces a GC every 0.5 s to find the peak *live* heap (which lowers the RSS).
 */
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { runInline } from "@/lib/jobs/step-runner";
import { readManifest } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { emulatorRuntime } from "../tests/helpers/emulator-engine";
import { ENGINE_CONCURRENCY } from "./config";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`memory-child needs ${name}`);
  return value;
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
/**
 * This process's own peak RSS. On Linux, getrusage's maxRSS is carried across fork and exec: a child
 * starts with its parent's RSS as its peak (the bench parent holds the emulated workspace). The
 * kernel's high-water mark of this process's own memory (VmHWM) starts afresh at exec.
 */
function maxRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: getrusage's figure
  }
  return process.resourceUsage().maxRSS * 1024;
}

// The emulator has no rate limit for this run, so the throttle is opened up too.
const { runtime: rt, api } = emulatorRuntime({
  kvUrl: env("KV_URL"),
  prefix: env("KV_PREFIX"),
  notionUrl: env("NOTION_URL"),
  rootId: env("ROOT_ID"),
  stepBudgetMs: 30 * 60_000,
  api: { ratePerSecond: 100_000, burst: 100, concurrency: ENGINE_CONCURRENCY, timeoutMs: 20_000 },
  // The app's retries, as the bench cloud has them: a run of half an hour must not end on one keep-alive
  // connection the KV emulator closed as the client reused it.
  storeRetries: 2,
});
const { store } = rt;

const baselineRss = maxRss();
// Where the peak happens: the API calls made by then (all of them = after the walk, in publish).
let peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, callsAtPeak: 0 };
let peakLive = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const timers = [
  setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = { ...m, callsAtPeak: api.counters.apiCalls };
  }, 50),
  ...(gc
    ? [
        setInterval(() => {
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        }, 500),
      ]
    : []),
];
const started = performance.now();
// SYNC_MODE=force: a reconciliation (a full walk over the published generation), else what a trigger runs.
const mode = process.env.SYNC_MODE === "force" ? "force" : "incremental";
const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode }, source: "cli" });
// A deadline for a broken run only: a 100,000-page sync on a loaded 2-core machine takes over 30 minutes.
const done = await runInline(rt, job.id, { maxMs: 4 * 3600_000 });
const wallMs = performance.now() - started;
for (const timer of timers) clearInterval(timer);
// Read before the check below, which loads the whole published manifest: that is the bench's, not the sync's.
const peakRss = maxRss();
const manifest = await readManifest(store);
process.stdout.write(
  `${JSON.stringify({
    status: done.job.status,
    wallMs: Math.round(wallMs),
    apiCalls: api.counters.apiCalls,
    entries: Object.keys(manifest?.entries ?? {}).length,
    baselineRssMB: mb(baselineRss),
    peakRssMB: mb(peakRss),
    atPeak: {
      heapTotalMB: mb(peak.heapTotal),
      heapUsedMB: mb(peak.heapUsed),
      externalMB: mb(peak.external),
      calls: peak.callsAtPeak,
    },
    peakLiveHeapMB: gc ? mb(peakLive) : null,
    // What V8 sized the heap to: from the machine's memory, a cgroup's limit or --max-old-space-size.
    heapLimitMB: mb(getHeapStatistics().heap_size_limit),
  })}\n`,
);
process.exit(0);
