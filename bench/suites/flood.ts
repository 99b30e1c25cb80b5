/**
 * Issue #11, files under attack: a force sync alone, then during a flood of requests for random
 * `/api/files` ids, then alone again, on the built app (`next start`) against a rate-limited Notion
 * emulator (Notion's 3 req/s ×TIME_SCALE). Random ids are answered from the published-file index
 * without a Notion call, so the flood must neither slow the sync nor add 429s.
 */
import { spawn } from "node:child_process";
import { startTestApp, waitForJob, waitForQuiet, type TestApp } from "../../tests/helpers/app";
import { BENCH_DIST_DIR, ensureAppBuild } from "../app-build";
import { ENGINE_BURST, NOTION_BURST, RATE_RUN_LATENCY, SCALED_RATE, scaled } from "../config";
import { figure, type Figure } from "../figures";
import { benchWorkspace } from "../workspaces";

const MAX_RATIO = 1.1;
const FLOOD_CONNECTIONS = 10;

interface SyncRun {
  ms: number;
  notionCalls: number;
  rateLimited: number;
}

interface Flood {
  requests: number;
  ms: number;
  statuses: Record<number, number>;
}

function notionCounts(app: TestApp) {
  const entries = app.notion.requests.entries().filter((e) => e.path.startsWith("/v1/"));
  return { calls: entries.length, rateLimited: entries.filter((e) => e.status === 429).length };
}

async function forceSync(app: TestApp, flooding?: { count: number; rate: number }) {
  const before = notionCounts(app);
  const started = performance.now();
  const response = await fetch(`${app.url}/api/sync/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ force: true }),
  });
  if (response.status !== 202)
    throw new Error(`trigger answered ${response.status}: ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  const flood = flooding && startFlood(app, flooding.count, flooding.rate);
  const job = await waitForJob(app, jobId);
  const ms = performance.now() - started;
  const floodResult = await flood?.finish();
  if (job.status !== "completed") throw new Error(`the force sync ended ${String(job.status)}`);
  const after = notionCounts(app);
  await waitForQuiet(app);
  const run: SyncRun = {
    ms,
    notionCalls: after.calls - before.calls,
    rateLimited: after.rateLimited - before.rateLimited,
  };
  return { run, flood: floodResult };
}

/*
 * The flood runs in a process of its own, as an attacker's client would: in this process it would
 * slow the Notion emulator's answers and measure the bench, not the app. It sends `count` requests
 * for random file ids (block, cover, icon), paced at `rate` per second over FLOOD_CONNECTIONS
 * connections, then prints one JSON line.
 */
const FLOOD_CLIENT = `
import { randomBytes } from "node:crypto";
const [url, count, rate, connections] = process.argv.slice(1).map((v, i) => (i ? Number(v) : v));
const fields = ["", "?field=cover", "?field=icon"];
const statuses = {};
let sent = 0;
const started = performance.now();
const worker = async () => {
  while (sent < count) {
    const due = started + (sent / rate) * 1000;
    const path = "/api/files/" + randomBytes(16).toString("hex") + fields[sent % 3];
    sent++;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const response = await fetch(url + path, { redirect: "manual" });
    await response.arrayBuffer();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
};
await Promise.all(Array.from({ length: connections }, worker));
console.log(JSON.stringify({ requests: sent, ms: performance.now() - started, statuses }));
`;

/** Starts the flood (`rate` requests/s); `finish()` waits until it has sent `count` and returns its counts. */
function startFlood(app: TestApp, count: number, rate: number): { finish(): Promise<Flood> } {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      FLOOD_CLIENT,
      app.url,
      String(count),
      String(rate),
      String(FLOOD_CONNECTIONS),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return {
    async finish() {
      const code = await exited;
      if (code !== 0) throw new Error(`the flood client exited ${String(code)}`);
      return JSON.parse(output) as Flood;
    },
  };
}

export async function floodSuite(
  sizes: { floodPages: number; floodRequests: number },
  log: (s: string) => void,
  { rebuild = false } = {},
): Promise<{ figures: Figure[]; run: unknown }> {
  await ensureAppBuild(log, rebuild);
  process.env.NEXT_DIST_DIR = BENCH_DIST_DIR;
  const generated = benchWorkspace(sizes.floodPages);
  const app = await startTestApp({
    notion: {
      workspace: generated.workspace,
      rateLimit: true,
      rateModel: "bucket",
      rate: SCALED_RATE,
      burst: NOTION_BURST,
      retryAfterPrecision: 3,
      latencyMs: { min: scaled(RATE_RUN_LATENCY.min), max: scaled(RATE_RUN_LATENCY.max) },
    },
    env: { NOTION_RATE_LIMIT: String(SCALED_RATE), NOTION_RATE_BURST: String(ENGINE_BURST) },
  });
  try {
    log(`flood: first sync of ${sizes.floodPages} pages on next start…`);
    const first = await forceSync(app);
    log(`flood: first sync ${(first.run.ms / 1000).toFixed(1)} s; a force sync alone…`);
    const soloA = await forceSync(app);

    log(`flood: a force sync during ${sizes.floodRequests} requests for random file ids…`);
    // The flood is spread over the time the sync took alone, so it lasts as long as the sync.
    const rate = sizes.floodRequests / (soloA.run.ms / 1000);
    const flooded = await forceSync(app, { count: sizes.floodRequests, rate });
    log("flood: force sync alone again…");
    const soloB = await forceSync(app);
    // Notion calls the flood made on its own: none may happen while no sync runs either.
    const idleBefore = notionCounts(app).calls;
    const idleFlood = await startFlood(app, 200, 10_000).finish();
    const idleNotionCalls = notionCounts(app).calls - idleBefore;
    const flood = flooded.flood!;
    const soloMs = (soloA.run.ms + soloB.run.ms) / 2;
    const soloRateLimited = Math.max(soloA.run.rateLimited, soloB.run.rateLimited);
    const run = {
      pages: sizes.floodPages,
      solo: [soloA.run, soloB.run],
      flooded: flooded.run,
      flood,
      idle: { ...idleFlood, notionCalls: idleNotionCalls },
    };
    const statusText = Object.entries(flood.statuses)
      .map(([status, n]) => `${n}× ${status}`)
      .join(", ");
    return {
      run,
      figures: [
        figure({
          id: "flood.sync.ratio",
          label: "force sync during a random-file-id flood vs alone",
          value: flooded.run.ms / soloMs,
          unit: "×",
          check: { op: "<=", limit: MAX_RATIO },
          digits: 2,
          note: `${sizes.floodPages} pages, Notion ${SCALED_RATE} req/s (×${SCALED_RATE / 3} time scale): alone ${(soloA.run.ms / 1000).toFixed(1)} s and ${(soloB.run.ms / 1000).toFixed(1)} s (${soloA.run.notionCalls} Notion calls), during the flood ${(flooded.run.ms / 1000).toFixed(1)} s (${flooded.run.notionCalls} calls); flood (its own process): ${flood.requests} requests over ${(flood.ms / 1000).toFixed(1)} s, ${FLOOD_CONNECTIONS} connections, paced at ${rate.toFixed(0)} req/s (${statusText})`,
        }),
        figure({
          id: "flood.sync.extra429",
          label: "extra 429s of the force sync during the flood",
          value: Math.max(0, flooded.run.rateLimited - soloRateLimited),
          check: { op: "<=", limit: 0 },
          note: `429s: alone ${soloA.run.rateLimited} and ${soloB.run.rateLimited}, during the flood ${flooded.run.rateLimited}`,
        }),
        figure({
          id: "flood.requests.notion",
          label: "Notion calls caused by random file ids (no sync running)",
          value: idleNotionCalls,
          check: { op: "<=", limit: 0 },
          note: `${idleFlood.requests} requests after the syncs: ${JSON.stringify(idleFlood.statuses)}`,
        }),
      ],
    };
  } finally {
    await app.close();
  }
}
