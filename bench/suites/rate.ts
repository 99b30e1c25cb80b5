/**
 * Rate utilisation, call efficiency and incremental cost: full syncs of generated workspaces against the
 * emulator enforcing Notion's (scaled) limit, with the engine set to the same average rate.
 */
import { NOTION_BURST, NOTION_RATE, RATE_RUN_LATENCY, SCALED_RATE, TIME_SCALE, scaled } from "../config";
import { engineApi, startBenchCloud, timedSync, type BenchCloud, type TimedSync } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import type { GeneratedWorkspace } from "../../dev/notion";
import { benchWorkspace, minimalCalls, type MinimalCalls } from "../workspaces";

export interface RateRun {
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

/** Edit the text of one paragraph on a page in the middle of the tree. */
function editOnePage(cloud: BenchCloud, generated: GeneratedWorkspace): string {
  const model = generated.workspace;
  for (const pageId of generated.pageIds.slice(Math.floor(generated.pageIds.length / 2))) {
    const page = model.get(pageId);
    for (const childId of page?.kind === "page" ? page.children : []) {
      const child = model.get(childId);
      if (child?.kind === "block" && child.type === "paragraph") {
        cloud.notion.workspace.editBlockText(childId, "Edited for the incremental benchmark.");
        return pageId;
      }
    }
  }
  throw new Error("no paragraph to edit");
}

async function runSize(pages: number, incremental: boolean, log: (s: string) => void): Promise<RateRun> {
  const generated = benchWorkspace(pages);
  const minimal = minimalCalls(generated.workspace, generated.rootPageId);
  const cloud = await startBenchCloud({
    workspace: generated.workspace,
    rateLimit: true,
    rate: SCALED_RATE,
    burst: NOTION_BURST,
    latencyMs: { min: scaled(RATE_RUN_LATENCY.min), max: scaled(RATE_RUN_LATENCY.max) },
  });
  try {
    log(`rate: full sync of ${minimal.pages} pages (≥ ${minimal.total} calls at ${SCALED_RATE} req/s)…`);
    const full = await timedSync(cloud, engineApi(cloud));
    const run: RateRun = { pages: minimal.pages, full, minimal };
    if (!incremental) return run;
    // Past the minute of the full sync, so the same-minute rule refetches nothing.
    cloud.notion.clock.advance(5 * 60_000);
    log("rate: no-change incremental sync…");
    run.noChange = await timedSync(cloud, engineApi(cloud));
    cloud.notion.clock.advance(60_000);
    editOnePage(cloud, generated);
    cloud.notion.clock.advance(60_000);
    log("rate: one-page-change incremental sync…");
    run.oneChange = await timedSync(cloud, engineApi(cloud));
    return run;
  } finally {
    await cloud.close();
  }
}

const routes = (t: TimedSync) =>
  Object.entries(t.counts.byRoute)
    .map(([route, count]) => `${route} ${count}`)
    .join(", ");

function figuresOf(run: RateRun): Figure[] {
  const n = run.pages.toLocaleString("en-US");
  const { full, minimal } = run;
  const calls = full.counts.total;
  const ideal = (calls / SCALED_RATE) * 1000;
  const made = routes(full);
  const out = [
    figure({
      id: `rate.utilisation.${run.pages}`,
      label: `rate utilisation, ${n} pages (wall ÷ calls/rate)`,
      value: full.wallMs / ideal,
      check: { op: "<=", limit: 1.05 },
      digits: 2,
      note: `${calls} calls in ${(full.wallMs / 1000).toFixed(1)} s; ideal ${(ideal / 1000).toFixed(1)} s at ${SCALED_RATE} req/s`,
    }),
    figure({
      id: `rate.requestRate.${run.pages}`,
      label: `measured request rate, ${n} pages`,
      value: calls / (full.wallMs / 1000),
      unit: "req/s",
      digits: 1,
      note: `allowed ${SCALED_RATE} req/s (Notion's ${NOTION_RATE} req/s ×${TIME_SCALE})`,
    }),
    figure({
      id: `rate.429.${run.pages}`,
      label: `429s provoked, ${n} pages`,
      value: full.counts.rateLimited,
      check: { op: "<=", limit: 0 },
    }),
    figure({
      id: `calls.efficiency.${run.pages}`,
      label: `call efficiency, ${n} pages (calls ÷ minimum)`,
      value: calls / minimal.total,
      check: { op: "<=", limit: 1 },
      digits: 2,
      note: `${calls} calls vs minimum ${minimal.total} (search ${minimal.search}, queries ${minimal.queries}, root 1, databases ${minimal.databases}, children ${minimal.children}); made: ${made}`,
    }),
  ];
  if (run.noChange && run.oneChange) {
    const fullS = full.wallMs / 1000;
    out.push(
      figure({
        id: "incremental.noChange.calls",
        label: `no-change sync calls, ${n} pages`,
        value: run.noChange.counts.total,
        check: { op: "<=", limit: 15 },
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
    const run = await runSize(pages, i === sizes.length - 1, log);
    figures.push(...figuresOf(run));
    runs.push({
      pages: run.pages,
      minimal: run.minimal,
      full: summary(run.full),
      noChange: summary(run.noChange),
      oneChange: summary(run.oneChange),
    });
  }
  return { figures, runs };
}
