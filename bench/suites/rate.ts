/**
 * Rate utilisation, call efficiency and incremental cost: full syncs of generated workspaces against the
 * emulator enforcing Notion's (scaled) limit in each of its two shapes — a token bucket (3 req/s, burst
 * 10) and a budget per 60-s window (180) — with the engine told only the average rate.
 */
import {
  ENGINE_BURST,
  ENGINE_CONCURRENCY,
  NOTION_BURST,
  NOTION_RATE,
  RATE_RUN_LATENCY,
  SCALED_RATE,
  TIME_SCALE,
  scaled,
} from "../config";
import { startBenchCloud, timedSync, type TimedSync } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import { benchWorkspace, editOnePage, minimalCalls, type MinimalCalls } from "../workspaces";

type ServerModel = "bucket" | "window";
/** Notion's per-connection budget per 60-s window (the issue's default plan), and the window scaled. */
const WINDOW_BUDGET = 180;
const WINDOW_MS = scaled(60_000);

export interface RateRun {
  model: ServerModel;
  pages: number;
  full: TimedSync;
  minimal: MinimalCalls;
  noChange?: TimedSync;
  oneChange?: TimedSync;
}

export interface RateSuiteResult {
  figures: Figure[];
  runs: Array<Omit<RateRun, "full" | "noChange" | "oneChange"> & Record<string, unknown>>;
}

const summary = (t: TimedSync | undefined) =>
  t && {
    wallMs: Math.round(t.wallMs),
    calls: t.counts.total,
    rateLimited: t.counts.rateLimited,
    byRoute: t.counts.byRoute,
    counters: t.job.progress.counters,
  };

async function runSize(
  model: ServerModel,
  pages: number,
  incremental: boolean,
  log: (s: string) => void,
): Promise<RateRun> {
  const generated = benchWorkspace(pages);
  const minimal = minimalCalls(generated.workspace, generated.rootPageId);
  const cloud = await startBenchCloud({
    workspace: generated.workspace,
    rateLimit: true,
    ...(model === "bucket"
      ? { rateModel: "bucket" as const, rate: SCALED_RATE, burst: NOTION_BURST }
      : { rateModel: "window" as const, windowBudget: WINDOW_BUDGET, windowMs: WINDOW_MS }),
    // Retry-After in bench time (ms precision), so the client waits what the scaled server means.
    retryAfterPrecision: 3,
    latencyMs: { min: scaled(RATE_RUN_LATENCY.min), max: scaled(RATE_RUN_LATENCY.max) },
  });
  // As shipped: told Notion's average rate and burst, and nothing about the server's model.
  const api = () =>
    cloud.api({
      ratePerSecond: SCALED_RATE,
      burst: ENGINE_BURST,
      concurrency: ENGINE_CONCURRENCY,
      timeoutMs: 20_000,
    });
  try {
    const allowance =
      model === "bucket"
        ? `${SCALED_RATE} req/s, burst ${NOTION_BURST}`
        : `${WINDOW_BUDGET} per ${WINDOW_MS / 1000}-s window`;
    log(`rate (${model}): full sync of ${minimal.pages} pages (≥ ${minimal.total} calls at ${allowance})…`);
    const full = await timedSync(cloud, api());
    const run: RateRun = { model, pages: minimal.pages, full, minimal };
    if (!incremental) return run;
    // Past the minute of the full sync, so the same-minute rule refetches nothing.
    cloud.notion.clock.advance(5 * 60_000);
    log("rate: no-change incremental sync…");
    run.noChange = await timedSync(cloud, api());
    cloud.notion.clock.advance(60_000);
    editOnePage(cloud, generated);
    cloud.notion.clock.advance(60_000);
    log("rate: one-page-change incremental sync…");
    run.oneChange = await timedSync(cloud, api());
    return run;
  } finally {
    await cloud.close();
  }
}

const routes = (t: TimedSync) =>
  Object.entries(t.counts.byRoute)
    .map(([route, count]) => `${route} ${count}`)
    .join(", ");

/** The shortest wall the server's allowance permits for `calls` calls (latency aside). */
function minimumMs(model: ServerModel, calls: number): number {
  if (model === "bucket") return (Math.max(0, calls - NOTION_BURST) / SCALED_RATE) * 1000;
  return Math.floor(Math.max(0, calls - 1) / WINDOW_BUDGET) * WINDOW_MS;
}

function figuresOf(run: RateRun): Figure[] {
  const n = run.pages.toLocaleString("en-US");
  const { full, minimal, model } = run;
  const calls = full.counts.total;
  const served = calls - full.counts.rateLimited;
  const ideal = minimumMs(model, served);
  const made = routes(full);
  const key = model === "bucket" ? "" : "window.";
  const server =
    model === "bucket"
      ? `token-bucket server, ${SCALED_RATE} req/s burst ${NOTION_BURST}`
      : `window server, ${WINDOW_BUDGET} per ${WINDOW_MS / 1000} s`;
  const out = [
    figure({
      id: `rate.${key}utilisation.${run.pages}`,
      label: `rate utilisation, ${server}, ${n} pages (wall ÷ minimum)`,
      value: full.wallMs / ideal,
      check: { op: "<=", limit: 1.03 },
      digits: 2,
      note: `${served} calls in ${(full.wallMs / 1000).toFixed(1)} s; the allowance permits ${(ideal / 1000).toFixed(1)} s (Notion's ${model === "bucket" ? `${NOTION_RATE} req/s` : "60-s window"} ×${TIME_SCALE})`,
    }),
    figure({
      id: `rate.${key}requestRate.${run.pages}`,
      label: `measured request rate, ${server}, ${n} pages`,
      value: served / (full.wallMs / 1000),
      unit: "req/s",
      digits: 1,
    }),
    figure({
      id: `rate.${key}refused.${run.pages}`,
      label: `requests refused (429), ${server}, ${n} pages`,
      value: (full.counts.rateLimited / calls) * 100,
      unit: "%",
      check: { op: "<=", limit: 1 },
      digits: 2,
      note: `${full.counts.rateLimited} of ${calls}`,
    }),
  ];
  if (model === "bucket") {
    out.push(
      figure({
        id: `calls.efficiency.${run.pages}`,
        label: `call efficiency, ${n} pages (calls ÷ minimum)`,
        value: served / minimal.total,
        check: { op: "<=", limit: 1 },
        digits: 2,
        note: `${served} calls vs minimum ${minimal.total} (search ${minimal.search}, queries ${minimal.queries}, root 1, databases ${minimal.databases}, children ${minimal.children}); made: ${made}`,
      }),
    );
  }
  if (run.noChange && run.oneChange) {
    const fullS = full.wallMs / 1000;
    out.push(
      figure({
        id: "incremental.noChange.calls",
        label: `no-change sync calls, ${n} pages`,
        value: run.noChange.counts.total,
        check: { op: "<=", limit: 5 },
        note: `full sync: ${calls} calls; made: ${routes(run.noChange)}`,
      }),
      figure({
        id: "incremental.noChange.seconds",
        label: `no-change sync time, ${n} pages`,
        value: run.noChange.wallMs / 1000,
        unit: "s",
        digits: 2,
        note: `${((run.noChange.wallMs / full.wallMs) * 100).toFixed(1)} % of the full sync's ${fullS.toFixed(1)} s`,
      }),
      figure({
        id: "incremental.oneChange.calls",
        label: `one-page-change sync calls, ${n} pages`,
        value: run.oneChange.counts.total,
        note: `pages written: ${run.oneChange.job.progress.counters.pagesWritten}; made: ${routes(run.oneChange)}`,
      }),
      figure({
        id: "incremental.oneChange.seconds",
        label: `one-page-change sync time, ${n} pages`,
        value: run.oneChange.wallMs / 1000,
        unit: "s",
        digits: 2,
        note: `${((run.oneChange.wallMs / full.wallMs) * 100).toFixed(1)} % of the full sync`,
      }),
    );
  }
  return out;
}

export async function rateSuite(sizes: number[], log: (s: string) => void): Promise<RateSuiteResult> {
  const figures: Figure[] = [];
  const runs: RateSuiteResult["runs"] = [];
  for (const [i, pages] of sizes.entries()) {
    for (const model of ["bucket", "window"] as const) {
      const run = await runSize(model, pages, model === "bucket" && i === sizes.length - 1, log);
      figures.push(...figuresOf(run));
      runs.push({
        model,
        pages: run.pages,
        minimal: run.minimal,
        full: summary(run.full),
        noChange: summary(run.noChange),
        oneChange: summary(run.oneChange),
      });
    }
  }
  return { figures, runs };
}
