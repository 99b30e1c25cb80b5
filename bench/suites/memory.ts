/**
 * Peak RSS of a full in-process sync (10,000 and 100,000 pages in the full run), each in a child process
 * of its own, and the largest Redis request and reply it made (measured by a proxy in front of the KV).
 * Then the sync every later run is: one page edited, an incremental sync against the generation the full
 * sync published, in a child of its own too.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { build } from "esbuild";
import { startBenchCloud } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import { startKvSizeProxy, type KvSizes } from "../../tests/helpers/kv-size-proxy";
import { createMemoryCgroup, inCgroup, type MemoryCgroup } from "../memory-cgroup";
import { benchWorkspace, editOnePage } from "../workspaces";

interface ChildResult {
  status: string;
  wallMs: number;
  apiCalls: number;
  entries: number;
  baselineRssMB: number;
  peakRssMB: number;
  atPeak: { heapTotalMB: number; heapUsedMB: number; externalMB: number; calls: number };
  peakLiveHeapMB: number | null;
  heapLimitMB: number;
}

/** Issue 14: ≤ 200 MB at 10,000 pages, ≤ 250 MB at 100,000 (and at any smaller size, 250). */
const limitMb = (pages: number) => (pages === 10_000 ? 200 : 250);
/** "Flat": 10× the pages may cost at most 1.3× the peak RSS. */
const MAX_GROWTH = 1.3;
/** Upstash refuses requests over 10 MB, 1 MB on older plans: the target is the smaller one. */
const MAX_REQUEST_BYTES = 1024 * 1024;

const CHILD_BUNDLE = "bench/results/.build/memory-child.mjs";
const MINUTE = 60_000;

/**
 * The child runs as plain JavaScript, bundled by esbuild (it comes with tsx): under tsx's loader every
 * process carries ~35 MB of TypeScript tooling that is no part of the engine.
 */
async function bundleChild(): Promise<void> {
  await build({
    entryPoints: ["bench/memory-child.ts"],
    outfile: CHILD_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
}

/** The heap budget a memory-constrained deployment would set (NODE_OPTIONS); V8 otherwise sizes it from the machine. */
const CAPPED_HEAP_FLAG = "--max-old-space-size=128";

function runChild(env: Record<string, string>, flags: string[], cgroup?: MemoryCgroup): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [...flags, CHILD_BUNDLE];
    const [command, argv] = cgroup ? inCgroup(cgroup, process.execPath, args) : [process.execPath, args];
    const child = spawn(command, argv, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as ChildResult);
      else {
        // The whole stderr goes to a file: its last lines are often only the tail of a printed error object.
        const log = `bench/results/memory-child-${Date.now()}.log`;
        writeFileSync(log, err);
        const said =
          err
            .split("\n")
            .find((l) => /Error|error:/.test(l))
            ?.trim() ?? err.trim().split("\n").at(-1);
        reject(new Error(`memory child exited ${code}: ${said} (its stderr: ${log})`));
      }
    });
  });
}

function oneEditNote(r: ChildResult | string): string {
  if (typeof r === "string") return `incremental, after the full sync: did not complete: ${r}`;
  const live = r.peakLiveHeapMB !== null ? `, live ${r.peakLiveHeapMB} MB` : "";
  return `incremental, after the full sync: at the peak (${where(r)}) V8 heap ${r.atPeak.heapTotalMB} MB of which ${r.atPeak.heapUsedMB} MB used${live}; ${r.apiCalls} calls in ${(r.wallMs / 1000).toFixed(1)} s`;
}

function where(r: ChildResult): string {
  return r.atPeak.calls >= r.apiCalls
    ? "after the last API call (publish)"
    : `at call ${r.atPeak.calls} of ${r.apiCalls} (walk)`;
}

export async function memorySuite(
  sizes: number[],
  log: (s: string) => void,
  {
    liveHeap = false,
    cappedHeap = false,
    functionMemoryMB,
  }: { liveHeap?: boolean; cappedHeap?: boolean; functionMemoryMB?: number } = {},
): Promise<{ figures: Figure[]; runs: unknown[] }> {
  const flags = [...(liveHeap ? ["--expose-gc"] : []), ...(cappedHeap ? [CAPPED_HEAP_FLAG] : [])];
  const cgroup = functionMemoryMB ? createMemoryCgroup(functionMemoryMB) : undefined;
  const how = [
    liveHeap ? "forced GCs" : "",
    cappedHeap ? CAPPED_HEAP_FLAG : "",
    cgroup ? `in ${cgroup.limitMB.toLocaleString("en-US")} MB, as a function of that size` : "",
  ]
    .filter(Boolean)
    .join(", ");
  try {
    return await memoryRuns(sizes, log, flags, how, cgroup);
  } finally {
    cgroup?.remove();
  }
}

async function memoryRuns(
  sizes: number[],
  log: (s: string) => void,
  flags: string[],
  how: string,
  cgroup: MemoryCgroup | undefined,
): Promise<{ figures: Figure[]; runs: unknown[] }> {
  /**
   * `oneEdit`: the incremental sync's result, `reconcile`: the force sync's, or why it did not complete
   * (its figure is then a MISS).
   */
  const runs: Array<
    ChildResult & {
      pages: number;
      kv: KvSizes;
      oneEdit: ChildResult | string;
      reconcile: ChildResult | string;
      /** What the reconciliation read from Redis. */
      reconcileKv: KvSizes;
    }
  > = [];
  let capped: ChildResult | undefined;
  await bundleChild();
  for (const [i, pages] of sizes.entries()) {
    const generated = benchWorkspace(pages);
    // No rate limit here (a 10,000-page sync at the scaled 30 req/s would take 20 minutes).
    const cloud = await startBenchCloud({ workspace: generated.workspace, rateLimit: false });
    const proxy = await startKvSizeProxy(cloud.kv.url);
    try {
      log(`memory: full sync of ${pages} pages in a child process (no rate limit)…`);
      const env = {
        NOTION_URL: cloud.notion.url,
        ROOT_ID: cloud.notion.rootPageId,
        KV_URL: proxy.url,
        KV_PREFIX: cloud.prefix,
      };
      const result = await runChild(env, flags, cgroup);
      if (result.status !== "completed") throw new Error(`sync of ${pages} pages ended ${result.status}`);
      const kv = proxy.sizes();
      log(
        `memory: ${pages} pages: peak RSS ${result.peakRssMB} MB, largest KV request ${kv.largestRequestBytes} B`,
      );
      // Past the full sync's minute (the minute-rounding overlap would refetch its last pages), one edit.
      cloud.notion.clock.advance(5 * MINUTE);
      editOnePage(cloud, generated);
      cloud.notion.clock.advance(MINUTE);
      log(`memory: one-edit incremental sync of ${pages} pages…`);
      const oneEdit = await runChild(env, flags, cgroup).then(
        (r) => (r.status === "completed" ? r : `the sync ended ${r.status}`),
        (error: Error) => error.message,
      );
      log(
        `memory: one-edit sync of ${pages} pages: ${typeof oneEdit === "string" ? oneEdit : `peak RSS ${oneEdit.peakRssMB} MB`}`,
      );
      // The periodic reconciliation (docs/operations.md): a full walk over the published generation,
      // which it compares each page with and keeps the slugs of.
      cloud.notion.clock.advance(5 * MINUTE);
      log(`memory: reconciliation (force sync) of ${pages} pages…`);
      proxy.reset();
      const reconcile = await runChild({ ...env, SYNC_MODE: "force" }, flags, cgroup).then(
        (r) => (r.status === "completed" ? r : `the sync ended ${r.status}`),
        (error: Error) => error.message,
      );
      log(
        `memory: reconciliation of ${pages} pages: ${typeof reconcile === "string" ? reconcile : `peak RSS ${reconcile.peakRssMB} MB`}`,
      );
      runs.push({ pages, ...result, kv, oneEdit, reconcile, reconcileKv: proxy.sizes() });
      // The capped-heap rerun is another whole sync: skipped at 100,000 pages to keep the run in bounds.
      if (i === sizes.length - 1 && flags.length === 0 && !cgroup && pages <= 10_000) {
        log(`memory: again with ${CAPPED_HEAP_FLAG}…`);
        await cloud.store.redis.del(cloud.store.keys.current, cloud.store.keys.activeJob("sync"));
        capped = await runChild(env, [CAPPED_HEAP_FLAG]);
      }
    } finally {
      await proxy.close();
      await cloud.close();
    }
  }
  const figures = runs.flatMap((r) => [
    figure({
      id: `memory.peakRss.${r.pages}`,
      label: `peak RSS, full sync of ${r.pages.toLocaleString("en-US")} pages${how ? ` (${how})` : ""}`,
      value: r.peakRssMB,
      unit: "MB",
      check: { op: "<=", limit: limitMb(r.pages) },
      digits: 0,
      note: `process baseline ${r.baselineRssMB} MB; V8 heap limit ${r.heapLimitMB} MB; at the peak (${where(r)}) V8 heap ${r.atPeak.heapTotalMB} MB of which ${r.atPeak.heapUsedMB} MB used; ${r.apiCalls} calls in ${(r.wallMs / 1000).toFixed(1)} s; ${r.entries} manifest entries`,
    }),
    figure({
      id: `memory.largestKvRequest.${r.pages}`,
      label: `largest Redis request, full sync of ${r.pages.toLocaleString("en-US")} pages`,
      value: r.kv.largestRequestBytes / 1024,
      unit: "KB",
      check: { op: "<=", limit: MAX_REQUEST_BYTES / 1024 },
      digits: 0,
      note: `a ${r.kv.largestRequestCommand} (values are at most their request); ${r.kv.requests} REST requests, ${(r.kv.replyBytes / 2 ** 20).toFixed(1)} MB read; largest reply ${(r.kv.largestReplyBytes / 1024).toFixed(0)} KB (a ${r.kv.largestReplyCommand})`,
    }),
    figure({
      id: `memory.kvRead.${r.pages}`,
      label: `read from Redis, full sync of ${r.pages.toLocaleString("en-US")} pages`,
      value: r.kv.replyBytes / 2 ** 20,
      unit: "MB",
      digits: 1,
      note: `the bytes of every KV reply, over ${r.kv.requests} REST requests`,
    }),
    figure({
      id: `memory.peakRssOneEdit.${r.pages}`,
      label: `peak RSS, one-edit sync of ${r.pages.toLocaleString("en-US")} pages${how ? ` (${how})` : ""}`,
      value: typeof r.oneEdit === "string" ? null : r.oneEdit.peakRssMB,
      unit: "MB",
      check: { op: "<=", limit: limitMb(r.pages) },
      digits: 0,
      note: oneEditNote(r.oneEdit),
    }),
    figure({
      id: `memory.peakRssReconcile.${r.pages}`,
      label: `peak RSS, reconciliation of ${r.pages.toLocaleString("en-US")} pages${how ? ` (${how})` : ""}`,
      value: typeof r.reconcile === "string" ? null : r.reconcile.peakRssMB,
      unit: "MB",
      check: { op: "<=", limit: limitMb(r.pages) },
      digits: 0,
      note:
        typeof r.reconcile === "string"
          ? `did not complete: ${r.reconcile}`
          : `a force sync over the published generation: at the peak (${where(r.reconcile)}) V8 heap ${r.reconcile.atPeak.heapTotalMB} MB of which ${r.reconcile.atPeak.heapUsedMB} MB used; ${r.reconcile.apiCalls} calls in ${(r.reconcile.wallMs / 1000).toFixed(1)} s`,
    }),
    figure({
      id: `memory.kvReadReconcile.${r.pages}`,
      label: `read from Redis, reconciliation of ${r.pages.toLocaleString("en-US")} pages`,
      value: typeof r.reconcile === "string" ? null : r.reconcileKv.replyBytes / 2 ** 20,
      unit: "MB",
      digits: 1,
      note: `the bytes of every KV reply, over ${r.reconcileKv.requests} REST requests`,
    }),
    ...(r.peakLiveHeapMB !== null
      ? [
          figure({
            id: `memory.liveHeap.${r.pages}`,
            label: `peak live heap (after GC), ${r.pages.toLocaleString("en-US")} pages`,
            value: r.peakLiveHeapMB,
            unit: "MB",
            digits: 0,
          }),
        ]
      : []),
  ]);
  if (capped) {
    const last = runs.at(-1)!;
    figures.push(
      figure({
        id: `memory.peakRssCappedHeap.${last.pages}`,
        label: `peak RSS, ${last.pages.toLocaleString("en-US")} pages, ${CAPPED_HEAP_FLAG}`,
        value: capped.peakRssMB,
        unit: "MB",
        digits: 0,
        note: `${capped.status} in ${(capped.wallMs / 1000).toFixed(1)} s (uncapped: ${(last.wallMs / 1000).toFixed(1)} s); V8 heap at the peak ${capped.atPeak.heapTotalMB} MB`,
      }),
    );
  }
  const first = runs[0];
  const last = runs.at(-1);
  if (first && last && last !== first) {
    const oneEditGrowth =
      typeof first.oneEdit === "string" || typeof last.oneEdit === "string"
        ? null
        : { from: first.oneEdit.peakRssMB, to: last.oneEdit.peakRssMB };
    const own = (r: ChildResult) => Math.max(1, r.peakRssMB - r.baselineRssMB);
    figures.push(
      figure({
        id: "memory.growth",
        label: `peak RSS growth, ${first.pages.toLocaleString("en-US")} → ${last.pages.toLocaleString("en-US")} pages`,
        value: last.peakRssMB / first.peakRssMB,
        unit: "×",
        check: { op: "<=", limit: MAX_GROWTH },
        digits: 2,
        note: `${first.peakRssMB} MB → ${last.peakRssMB} MB for ${(last.pages / first.pages).toFixed(0)}× the pages; above the process baseline ${own(first).toFixed(0)} MB → ${own(last).toFixed(0)} MB`,
      }),
      figure({
        id: "memory.growthOneEdit",
        label: `peak RSS growth, one-edit sync, ${first.pages.toLocaleString("en-US")} → ${last.pages.toLocaleString("en-US")} pages`,
        value: oneEditGrowth && oneEditGrowth.to / oneEditGrowth.from,
        unit: "×",
        check: { op: "<=", limit: MAX_GROWTH },
        digits: 2,
        note: oneEditGrowth
          ? `${oneEditGrowth.from} MB → ${oneEditGrowth.to} MB`
          : "a one-edit sync did not complete",
      }),
    );
  }
  return { figures, runs };
}
