/**
 * `npm run bench [-- --quick] [-- --only rate,peers,memory,continuation,incremental,latency,flood,search]`: runs the benchmarks,
 * prints figure / value / target / PASS-MISS and writes the results to bench/results/ (git-ignored).
 * Method and the latest figures: docs/performance.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { FULL_SIZES, QUICK_SIZES, TIME_SCALE } from "./config";
import { failedFigure, formatNotes, formatTable, type Figure } from "./figures";
import { continuationSuite } from "./suites/continuation";
import { floodSuite } from "./suites/flood";
import { incrementalSuite } from "./suites/incremental";
import { latencySuite } from "./suites/latency";
import { memorySuite } from "./suites/memory";
import { peersSuite } from "./suites/peers";
import { rateSuite } from "./suites/rate";
import { searchSuite } from "./suites/search";

const SUITES = [
  "rate",
  "peers",
  "memory",
  "continuation",
  "incremental",
  "latency",
  "flood",
  "search",
] as const;
type SuiteName = (typeof SUITES)[number];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    rebuild: { type: "boolean", default: false },
    "live-heap": { type: "boolean", default: false },
    /** Run the memory suite's syncs with the heap capped (--max-old-space-size=128) at every size. */
    "capped-heap": { type: "boolean", default: false },
    /**
     * Run the memory suite's syncs in a memory cgroup of this many MB (Linux, root), as a function of that
     * size runs them: Node sizes V8's heap from it, e.g. `--function-memory 2048` (Vercel's default).
     */
    "function-memory": { type: "string" },
    /** Run the incremental suite at these sizes only, e.g. `--incremental-pages 100000`. */
    "incremental-pages": { type: "string" },
    /** Run the memory suite at these sizes only, e.g. `--memory-pages 10000`. */
    "memory-pages": { type: "string" },
    /** Run the continuation suite at this size, e.g. `--continuation-pages 10000`. */
    "continuation-pages": { type: "string" },
  },
});
const sizes = { ...(values.quick ? QUICK_SIZES : FULL_SIZES) };
function pageCounts(option: string, value: string): number[] {
  const counts = value.split(",").map((n) => Number(n.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 10))
    throw new Error(`--${option} takes whole numbers of pages (≥ 10), comma-separated`);
  return counts;
}
if (values["incremental-pages"])
  sizes.incrementalPages = pageCounts("incremental-pages", values["incremental-pages"]);
if (values["memory-pages"]) sizes.memoryPages = pageCounts("memory-pages", values["memory-pages"]);
if (values["continuation-pages"]) {
  const [pages, ...more] = pageCounts("continuation-pages", values["continuation-pages"]);
  if (more.length > 0) throw new Error("--continuation-pages takes one number of pages");
  sizes.continuationPages = pages!;
}
const only = new Set((values.only?.split(",") ?? SUITES).map((s) => s.trim()));
for (const name of only) {
  if (!SUITES.includes(name as SuiteName))
    throw new Error(`Unknown suite "${name}": use ${SUITES.join(", ")}`);
}

const started = Date.now();
// Other processes on a small machine skew wall times: the load is recorded with the results.
const loadAtStart = loadavg()[0];
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const figures: Figure[] = [];
const details: Record<string, unknown> = {};

async function run(name: SuiteName, body: () => Promise<{ figures: Figure[] }>) {
  if (!only.has(name)) return;
  const t0 = Date.now();
  try {
    const result = await body();
    figures.push(...result.figures);
    details[name] = { ...result, seconds: (Date.now() - t0) / 1000 };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`${name}: FAILED: ${reason}`);
    figures.push(failedFigure(`${name}.failed`, `${name} suite`, reason));
    details[name] = { error: reason, seconds: (Date.now() - t0) / 1000 };
  }
}

await run("rate", () => rateSuite(sizes.ratePages, log));
await run("peers", () => peersSuite(sizes.peerPages, log));
const functionMemoryMB = values["function-memory"] ? Number(values["function-memory"]) : undefined;
if (functionMemoryMB !== undefined && !(Number.isInteger(functionMemoryMB) && functionMemoryMB >= 256))
  throw new Error("--function-memory takes a whole number of MB (≥ 256), e.g. 2048");
await run("memory", () =>
  memorySuite(sizes.memoryPages, log, {
    liveHeap: values["live-heap"],
    cappedHeap: values["capped-heap"],
    functionMemoryMB,
  }),
);
await run("continuation", () => continuationSuite(sizes.continuationPages, log));
await run("incremental", () => incrementalSuite(sizes.incrementalPages, log));
await run("latency", () => latencySuite(sizes, log, { rebuild: values.rebuild }));
await run("flood", () => floodSuite(sizes, log, { rebuild: values.rebuild }));
await run("search", () => searchSuite(sizes.searchPages, log));

const totalSeconds = (Date.now() - started) / 1000;
const results = {
  mode: values.quick ? "quick" : "full",
  date: new Date().toISOString(),
  totalSeconds,
  timeScale: TIME_SCALE,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
  },
  sizes,
  figures,
  details,
};
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${results.date.replace(/[:.]/g, "-")}-${results.mode}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);

const misses = figures.filter((f) => f.pass === false).length;
process.stdout.write(`\n${formatTable(figures)}\n\n${formatNotes(figures)}\n\n`);
process.stdout.write(
  `${results.mode} run in ${totalSeconds.toFixed(0)} s (time scale ×${TIME_SCALE}, ${cpus().length} cores, load ${results.machine.loadAverage.start?.toFixed(1)} → ${results.machine.loadAverage.end?.toFixed(1)}); ${misses} miss(es); results: ${file}\n`,
);
// Exit explicitly: emulators and SDK keep-alive sockets must not keep the process up.
process.exit(0);
