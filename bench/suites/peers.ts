/**
 * Peers on the same emulator, rate limit and workspace: our engine, notion-to-md v3 and the seed's naive
 * sequential crawl, at three Notion latencies (50, 150, 600 ms). Peers use the SDK's own retry to survive 429s.
 */
import type { RequestCounts } from "../../dev/notion";
import { NOTION_BURST, PEER_LATENCIES, SCALED_RATE, scaled } from "../config";
import { engineApi, startBenchCloud, timedSync, type BenchCloud } from "../bench-cloud";
import { figure, type Figure } from "../figures";
import { naiveCrawl } from "../peers/naive-crawl";
import { notionToMdExport } from "../peers/notion-to-md-export";
import { peerClient } from "../peers/peer-client";
import { benchWorkspace, minimalCalls } from "../workspaces";

interface ToolRun {
  tool: string;
  wallMs: number;
  calls: number;
  rateLimited: number;
  pages: number;
  error?: string;
}

const TOOLS: Array<{ tool: string; run: (cloud: BenchCloud) => Promise<number> }> = [
  {
    tool: "notion-sync (ours)",
    run: async (cloud) =>
      (await timedSync(cloud, engineApi(cloud))).job.progress.counters.pagesDiscovered ?? 0,
  },
  {
    tool: "notion-to-md v3",
    run: async (cloud) =>
      (await notionToMdExport(peerClient(cloud.notion.url), cloud.notion.rootPageId)).pages,
  },
  {
    tool: "naive SDK crawl",
    run: async (cloud) => (await naiveCrawl(peerClient(cloud.notion.url), cloud.notion.rootPageId)).pages,
  },
];

async function measure(cloud: BenchCloud, tool: (typeof TOOLS)[number]): Promise<ToolRun> {
  // A quiet moment first, so every tool starts with a full bucket.
  await new Promise((r) => setTimeout(r, 500));
  cloud.notion.requests.reset();
  const started = performance.now();
  let pages = 0;
  let error: string | undefined;
  try {
    pages = await tool.run(cloud);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const wallMs = performance.now() - started;
  const counts: RequestCounts = cloud.notion.requests.counts();
  return {
    tool: tool.tool,
    wallMs,
    calls: counts.total,
    rateLimited: counts.rateLimited,
    pages,
    ...(error ? { error } : {}),
  };
}

export async function peersSuite(
  pages: number,
  log: (s: string) => void,
): Promise<{ figures: Figure[]; runs: unknown[] }> {
  // Peers read no databases, so neither does this workspace: all three do the same work.
  const generated = benchWorkspace(pages, { databases: false });
  const minimal = minimalCalls(generated.workspace, generated.rootPageId);
  const figures: Figure[] = [];
  const runs: unknown[] = [];
  for (const latency of PEER_LATENCIES) {
    const cloud = await startBenchCloud({
      workspace: generated.workspace,
      rateLimit: true,
      rate: SCALED_RATE,
      burst: NOTION_BURST,
      latencyMs: scaled(latency),
    });
    try {
      const results: ToolRun[] = [];
      for (const tool of TOOLS) {
        log(`peers: ${tool.tool} at ${latency} ms (${minimal.pages} pages, ≥ ${minimal.children} calls)…`);
        results.push(await measure(cloud, tool));
      }
      runs.push({ latencyMs: latency, scaledLatencyMs: scaled(latency), minimal, results });
      const ours = results[0]!;
      for (const r of results) {
        const key = r.tool.split(" ")[0]!;
        figures.push(
          figure({
            id: `peers.${latency}.${key}.seconds`,
            label: `${r.tool} @ ${latency} ms: wall`,
            value: r.error ? null : r.wallMs / 1000,
            unit: "s",
            digits: 1,
            note: `${r.calls} calls, ${r.pages} pages${r.error ? `; failed: ${r.error}` : ""}`,
          }),
          figure({
            id: `peers.${latency}.${key}.429`,
            label: `${r.tool} @ ${latency} ms: 429s provoked`,
            value: r.rateLimited,
            ...(r === ours ? { check: { op: "<=" as const, limit: 0 } } : {}),
          }),
        );
        if (r === ours) continue;
        figures.push(
          figure({
            id: `peers.${latency}.${key}.speedup`,
            label: `speed vs ${r.tool} @ ${latency} ms (their wall ÷ ours)`,
            value: r.error ? null : r.wallMs / ours.wallMs,
            unit: "×",
            // Never meaningfully slower (≥ 0.98×); at Notion's slow answers, well ahead (≥ 1.8×).
            check: { op: ">=", limit: latency >= 600 ? 1.8 : 0.98 },
            digits: 2,
          }),
        );
      }
    } finally {
      await cloud.close();
    }
  }
  return { figures, runs };
}
