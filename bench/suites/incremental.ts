/**
 * Incremental cost (issue 14): Notion calls of a no-change sync and of a sync after one edited page, at
 * 1,000, 10,000 and 100,000 pages. Call counts do not depend on the rate, so the emulator runs without a
 * rate limit or latency; the full sync before them is what a deployment already has.
 */
import type { Workspace } from "../../dev/notion";
import { startBenchCloud, timedSync, type TimedSync } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import { benchWorkspace, editOnePage } from "../workspaces";

const MINUTE = 60_000;

/** Calls any client needs to read one page's content: its block listing and each nested listing. */
export function containerCalls(ws: Workspace, pageId: string): number {
  let calls = 0;
  const visit = (id: string, isPage: boolean) => {
    const node = ws.get(id);
    if (!node || (node.kind !== "page" && node.kind !== "block")) return;
    const visible = node.children.filter((c) => !ws.get(c)?.inTrash);
    calls += isPage ? Math.max(1, Math.ceil(visible.length / 100)) : Math.ceil(visible.length / 100);
    for (const childId of visible) {
      const child = ws.get(childId);
      if (child?.kind === "block" && child.children.length > 0) visit(childId, false);
    }
  };
  visit(pageId, true);
  return calls;
}

const made = (t: TimedSync) =>
  Object.entries(t.counts.byRoute)
    .map(([route, count]) => `${route} ${count}`)
    .join(", ");

interface IncrementalRun {
  pages: number;
  fullCalls: number;
  fullSeconds: number;
  noChange: { calls: number; seconds: number; kvCommands: number; byRoute: Record<string, number> };
  oneEdit: {
    calls: number;
    seconds: number;
    containers: number;
    pagesWritten: number;
    byRoute: Record<string, number>;
  };
}

async function runSize(
  pages: number,
  log: (s: string) => void,
): Promise<{ run: IncrementalRun; figures: Figure[] }> {
  const generated = benchWorkspace(pages);
  const cloud = await startBenchCloud({ workspace: generated.workspace, rateLimit: false });
  const api = () => cloud.api({ ratePerSecond: 100_000, burst: 100, concurrency: 6, timeoutMs: 60_000 });
  const n = pages.toLocaleString("en-US");
  try {
    cloud.notion.clock.set(Date.parse("2026-03-02T10:00:05.000Z"));
    log(`incremental: full sync of ${n} pages (no rate limit)…`);
    const full = await timedSync(cloud, api(), { mode: "force" });
    // Past the full sync's minute, so the minute-rounding overlap refetches nothing.
    cloud.notion.clock.advance(5 * MINUTE);
    log(`incremental: no-change sync of ${n} pages…`);
    const noChange = await timedSync(cloud, api());
    cloud.notion.clock.advance(MINUTE);
    const edited = editOnePage(cloud, generated);
    const containers = containerCalls(generated.workspace, edited);
    cloud.notion.clock.advance(MINUTE);
    log(`incremental: one-edit sync of ${n} pages…`);
    const oneEdit = await timedSync(cloud, api());
    const run: IncrementalRun = {
      pages,
      fullCalls: full.counts.total,
      fullSeconds: full.wallMs / 1000,
      noChange: {
        calls: noChange.counts.total,
        seconds: noChange.wallMs / 1000,
        kvCommands: noChange.job.progress.counters.kvCommands ?? 0,
        byRoute: noChange.counts.byRoute,
      },
      oneEdit: {
        calls: oneEdit.counts.total,
        seconds: oneEdit.wallMs / 1000,
        containers,
        pagesWritten: oneEdit.job.progress.counters.pagesWritten ?? 0,
        byRoute: oneEdit.counts.byRoute,
      },
    };
    const figures = [
      figure({
        id: `incremental.${pages}.noChange.calls`,
        label: `no-change sync calls, ${n} pages`,
        value: noChange.counts.total,
        check: { op: "<=", limit: 5 },
        note: `made: ${made(noChange)}; ${noChange.job.progress.counters.kvCommands} KV commands, ${(noChange.wallMs / 1000).toFixed(2)} s; the full sync made ${full.counts.total} calls in ${(full.wallMs / 1000).toFixed(1)} s`,
      }),
      figure({
        id: `incremental.${pages}.oneEdit.excess`,
        label: `one-edit sync calls beyond the page's containers, ${n} pages`,
        value: oneEdit.counts.total - containers,
        check: { op: "<=", limit: 5 },
        note: `${oneEdit.counts.total} calls for a page of ${containers} container listing(s); pages written ${run.oneEdit.pagesWritten}; made: ${made(oneEdit)}; ${(oneEdit.wallMs / 1000).toFixed(2)} s`,
      }),
    ];
    return { run, figures };
  } finally {
    await cloud.close();
  }
}

export async function incrementalSuite(
  sizes: number[],
  log: (s: string) => void,
): Promise<{ figures: Figure[]; runs: IncrementalRun[] }> {
  const figures: Figure[] = [];
  const runs: IncrementalRun[] = [];
  for (const pages of sizes) {
    const result = await runSize(pages, log);
    figures.push(...result.figures);
    runs.push(result.run);
  }
  return { figures, runs };
}
