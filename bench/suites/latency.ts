/** Trigger latency and cached-page TTFB / throughput on the built app (`next start`) after a sync. */
import autocannon, { type Result as LoadResult } from "autocannon";
import { readFileSync } from "node:fs";
import { Agent, get } from "node:http";
import type { BlockInput } from "../../dev/notion";
import { readManifest } from "@/lib/store/site-reader";
import { MATH_POST } from "../../tests/cms/math-post";
import { startTestApp, waitForJob, type TestApp } from "../../tests/helpers/app";
import { BENCH_DIST_DIR, ensureAppBuild } from "../app-build";
import { figure, type Figure } from "../figures";
import { descendantsCpuMs } from "../process-cpu";

const TRIGGER_P99_MS = 250;
const TTFB_P99_MS = 100;
const MIN_REQUESTS_PER_S = 100;
/** The pages the suite adds: code in five languages and equations, and the same texts as paragraphs. */
const CODE_AND_MATH_PAGE = "/code-and-math";
const PLAIN_PAGE = "/plain-twin";
const SAME_SIZE_PAGE = "/block-showcase";

/** The same page with every code block and equation written out as a plain paragraph. */
function plainTwin(blocks: BlockInput[]): BlockInput[] {
  return blocks.map((block) => {
    const b = block as { type: string; code?: { rich_text: unknown[] }; equation?: { expression: string } };
    if (b.type === "code") return { type: "paragraph", paragraph: { rich_text: b.code!.rich_text } };
    if (b.type === "equation") {
      const text = [{ type: "text", text: { content: b.equation!.expression } }];
      return { type: "paragraph", paragraph: { rich_text: text } };
    }
    return JSON.parse(
      JSON.stringify(block).replace(
        /"type":"equation","equation":\{"expression":("[^"]*")\}/g,
        '"type":"text","text":{"content":$1}',
      ),
    ) as BlockInput;
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function triggerLatencies(app: TestApp, count: number) {
  const latencies: number[] = [];
  let created = 0;
  let lastJobId = "";
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${app.url}/api/sync/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.secret}` },
    });
    const body = (await response.json()) as { jobId?: string; coalesced?: boolean };
    latencies.push(performance.now() - started);
    if (response.status !== 202)
      throw new Error(`trigger answered ${response.status}: ${JSON.stringify(body)}`);
    if (!body.coalesced) created++;
    lastJobId = body.jobId ?? lastJobId;
  }
  return { latencies, created, lastJobId };
}

/** Time to the response headers of a GET (keep-alive, one request at a time). */
function ttfb(
  url: string,
  agent: Agent,
  headers: Record<string, string> = {},
): Promise<{ ms: number; status: number; cache?: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    get(url, { agent, headers }, (res) => {
      const ms = performance.now() - started;
      res.resume();
      const cache = res.headers["x-nextjs-cache"];
      res.once("end", () =>
        resolve({ ms, status: res.statusCode ?? 0, cache: typeof cache === "string" ? cache : undefined }),
      );
    }).once("error", reject);
  });
}

/** Next's draft-mode cookie value for this build (`__prerender_bypass`), from its prerender manifest. */
function previewModeId(): string {
  const manifest = JSON.parse(readFileSync(`${BENCH_DIST_DIR}/prerender-manifest.json`, "utf8")) as {
    preview: { previewModeId: string };
  };
  return manifest.preview.previewModeId;
}

/** Autocannon rounds as one: requests/s over their whole time, total requests, the slower p50. */
function combine(rounds: LoadResult[]) {
  const total = rounds.reduce((n, r) => n + r.requests.total, 0);
  const seconds = rounds.reduce((n, r) => n + r.duration, 0);
  return {
    requests: { total, average: total / Math.max(0.001, seconds) },
    latency: {
      p50: Math.max(...rounds.map((r) => r.latency.p50)),
      p99: Math.max(...rounds.map((r) => r.latency.p99)),
    },
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    timeouts: rounds.reduce((n, r) => n + r.timeouts, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
  };
}

export async function latencySuite(
  sizes: { triggers: number; ttfbRequests: number; autocannonSeconds: number },
  log: (s: string) => void,
  { rebuild = false } = {},
): Promise<{ figures: Figure[]; run: unknown }> {
  await ensureAppBuild(log, rebuild);
  process.env.NEXT_DIST_DIR = BENCH_DIST_DIR;
  const app = await startTestApp();
  try {
    // A page with highlighted code and math, and its plain twin: the same texts as paragraphs (what
    // the page would be without highlighting and KaTeX), to compare their views side by side.
    app.notion.workspace.addPage(app.notion.rootPageId, { title: "Code and math", blocks: MATH_POST });
    app.notion.workspace.addPage(app.notion.rootPageId, {
      title: "Plain twin",
      blocks: plainTwin(MATH_POST),
    });
    log(`latency: ${sizes.triggers} triggers on next start…`);
    const triggers = await triggerLatencies(app, sizes.triggers);
    const lastJob = await waitForJob(app, triggers.lastJobId, 120_000);
    if (lastJob.status !== "completed")
      throw new Error(`the sync behind the triggers ended ${String(lastJob.status)}`);
    const manifest = await readManifest(app.store);
    const slugs = Object.values(manifest?.entries ?? {})
      .map((e) => e.slug)
      .filter((slug) => `/${slug}` !== CODE_AND_MATH_PAGE && `/${slug}` !== PLAIN_PAGE)
      .sort()
      .slice(0, 8);
    const paths = ["/", ...slugs.filter(Boolean).map((s) => `/${s}`)];
    log(
      `latency: TTFB over ${sizes.ttfbRequests} requests, then autocannon ${sizes.autocannonSeconds} s on ${paths.length} pages…`,
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Warm-up: `next start` loads a route's code on its first request; "cached" means a warm server.
    for (const path of [...paths, ...paths]) await ttfb(`${app.url}${path}`, agent);
    /** `count` sequential GETs over the pages: their TTFBs, the KV commands they caused, and renders. */
    const views = async (count: number, headers: Record<string, string> = {}, on = paths) => {
      const ms: number[] = [];
      const kvBefore = app.kv.commandCount();
      let renders = 0;
      for (let i = 0; i < count; i++) {
        const path = on[i % on.length]!;
        const view = await ttfb(`${app.url}${path}`, agent, headers);
        if (view.status !== 200) throw new Error(`GET ${path} answered ${view.status}`);
        ms.push(view.ms);
        if (view.cache !== "HIT") renders++;
      }
      return { ms, kvCommands: app.kv.commandCount() - kvBefore, renders };
    };
    const ttfbs = (await views(sizes.ttfbRequests)).ms;
    // 1,000 cached views: Redis commands counted at the KV emulator, renders by Next's cache header.
    const { kvCommands, renders } = await views(1000);
    const perThousand = { kvCommands, renders };
    // Before, side by side: the same pages rendered per request, as every view was before the cache
    // (force-dynamic). Next's draft mode bypasses the page cache and every "use cache" read, so a view
    // with its cookie is a render and its Redis reads. (Next still labels it x-nextjs-cache: HIT.)
    const uncached = { cookie: `__prerender_bypass=${previewModeId()}` };
    const before = await views(sizes.ttfbRequests, uncached);
    const uncachedTtfbs = before.ms;
    const uncachedKvPerThousand = (before.kvCommands / sizes.ttfbRequests) * 1000;
    if (uncachedKvPerThousand === 0)
      throw new Error("draft-mode views read nothing: not a per-request render");
    // Code and math per view: a page with highlighted code and KaTeX against a plain one, cached and
    // rendered per request (highlighting and math run at sync time, so neither should cost more).
    const perPage = async (path: string) => {
      const n = Math.max(50, Math.round(sizes.ttfbRequests / 2));
      const cached = (await views(n, {}, [path])).ms;
      const rendered = (await views(n, uncached, [path])).ms;
      const bytes = Buffer.byteLength(await (await fetch(`${app.url}${path}`)).text());
      return { path, bytes, cachedP50: percentile(cached, 50), renderedP50: percentile(rendered, 50) };
    };
    const codeMath = await perPage(CODE_AND_MATH_PAGE);
    const plain = await perPage(PLAIN_PAGE);
    // A page of about the same HTML size (the demo's block showcase: every block type, 3 code blocks).
    const sameSize = await perPage(SAME_SIZE_PAGE);
    agent.destroy();
    // The same server's static file (a CSS chunk the pages link to): the ceiling a cached page can reach.
    // Static file and pages take turns (two rounds each), so a change in the machine's load hits both.
    const home = await (await fetch(app.url)).text();
    const staticPath = /href="(\/_next\/static\/[^"]+\.css)"/.exec(home)?.[1];
    if (!staticPath) throw new Error("no static CSS file linked from /");
    const half = Math.max(1, Math.round(sizes.autocannonSeconds / 2));
    const pageRequests = paths.map((path) => ({ method: "GET" as const, path }));
    const staticRounds: LoadResult[] = [];
    const pageRounds: LoadResult[] = [];
    // What bounds throughput: CPU per request of the Next server and of this process (autocannon + KV emulator).
    let nextCpuMs: number | null = 0;
    let selfCpuMs = 0;
    for (let round = 0; round < 2; round++) {
      staticRounds.push(
        await autocannon({
          url: app.url,
          connections: 10,
          duration: half,
          requests: [{ method: "GET", path: staticPath }],
        }),
      );
      const cpuBefore = { next: descendantsCpuMs(), self: process.cpuUsage() };
      pageRounds.push(
        await autocannon({ url: app.url, connections: 10, duration: half, requests: pageRequests }),
      );
      const nextCpu = descendantsCpuMs();
      const selfCpu = process.cpuUsage(cpuBefore.self);
      nextCpuMs =
        nextCpuMs !== null && nextCpu !== null && cpuBefore.next !== null
          ? nextCpuMs + nextCpu - cpuBefore.next
          : null;
      selfCpuMs += (selfCpu.user + selfCpu.system) / 1000;
    }
    // Next's own prerendered route with no page code (a static route handler): what Next's request
    // pipeline allows any route that is not a file, for comparison with the static file.
    const nextStatic = await autocannon({
      url: app.url,
      connections: 10,
      duration: half,
      requests: [{ method: "GET", path: "/robots.txt" }],
    });
    const uncachedLoad = await autocannon({
      url: app.url,
      connections: 10,
      duration: half,
      requests: paths.map((path) => ({ method: "GET" as const, path, headers: uncached })),
    });
    const staticLoad = combine(staticRounds);
    const load = combine(pageRounds);
    const served = Math.max(1, load.requests.total);
    const cpuPerRequest = {
      nextMs: nextCpuMs === null ? null : nextCpuMs / served,
      benchMs: selfCpuMs / served,
    };
    const run = {
      triggers: sizes.triggers,
      jobsCreated: triggers.created,
      trigger: {
        p50: percentile(triggers.latencies, 50),
        p99: percentile(triggers.latencies, 99),
        max: Math.max(...triggers.latencies),
      },
      ttfb: {
        p50: percentile(ttfbs, 50),
        p99: percentile(ttfbs, 99),
        slowest: [...ttfbs].sort((a, b) => b - a).slice(0, 5),
        paths,
      },
      autocannon: {
        requestsPerS: load.requests.average,
        latencyP50: load.latency.p50,
        latencyP99: load.latency.p99,
        errors: load.errors,
        timeouts: load.timeouts,
        non2xx: load.non2xx,
        total: load.requests.total,
      },
      nextPrerenderedRoute: { path: "/robots.txt", requestsPerS: nextStatic.requests.average },
      staticFile: {
        path: staticPath,
        requestsPerS: staticLoad.requests.average,
        p50: staticLoad.latency.p50,
      },
      perThousandViews: perThousand,
      codeAndMath: { page: codeMath, plain, sameSize },
      uncached: {
        ttfbP50: percentile(uncachedTtfbs, 50),
        ttfbP99: percentile(uncachedTtfbs, 99),
        requestsPerS: uncachedLoad.requests.average,
        non2xx: uncachedLoad.non2xx,
        kvCommandsPerThousand: uncachedKvPerThousand,
      },
    };
    const tNote = `${sizes.triggers} sequential POSTs; ${triggers.created} created a job, the rest joined the running one (coalesced); a sync ran in the background meanwhile`;
    return {
      run,
      figures: [
        figure({
          id: "latency.trigger.p50",
          label: "trigger latency p50",
          value: run.trigger.p50,
          unit: "ms",
          digits: 1,
          note: tNote,
        }),
        figure({
          id: "latency.trigger.p99",
          label: "trigger latency p99",
          value: run.trigger.p99,
          unit: "ms",
          check: { op: "<=", limit: TRIGGER_P99_MS },
          digits: 1,
        }),
        figure({
          id: "latency.ttfb.p50",
          label: "cached page TTFB p50",
          value: run.ttfb.p50,
          unit: "ms",
          digits: 1,
          note: `${sizes.ttfbRequests} sequential GETs (after a warm-up round) over ${paths.length} pages (${paths.join(", ")})`,
        }),
        figure({
          id: "latency.ttfb.p99",
          label: "cached page TTFB p99",
          value: run.ttfb.p99,
          unit: "ms",
          check: { op: "<=", limit: TTFB_P99_MS },
          digits: 1,
        }),
        figure({
          id: "latency.throughput",
          label: "cached pages throughput, 10 connections",
          value: run.autocannon.requestsPerS,
          unit: "req/s",
          check: { op: ">=", limit: MIN_REQUESTS_PER_S },
          digits: 0,
          note: `autocannon ${sizes.autocannonSeconds} s: latency p50 ${run.autocannon.latencyP50} ms, p99 ${run.autocannon.latencyP99} ms; ${run.autocannon.errors} errors, ${run.autocannon.non2xx} non-2xx; CPU per request: next start ${cpuPerRequest.nextMs?.toFixed(1) ?? "?"} ms, autocannon + KV emulator ${cpuPerRequest.benchMs.toFixed(1)} ms`,
        }),
        figure({
          id: "latency.static.ratio",
          label: "cached pages vs a static file of the same server (throughput)",
          value: run.autocannon.requestsPerS / Math.max(1, run.staticFile.requestsPerS),
          unit: "×",
          check: { op: ">=", limit: 0.7 },
          digits: 2,
          note: `static file ${staticPath}: ${run.staticFile.requestsPerS.toFixed(0)} req/s, p50 ${run.staticFile.p50} ms (autocannon, 10 connections, ${sizes.autocannonSeconds} s)`,
        }),
        figure({
          id: "latency.next-route.ratio",
          label: "cached pages vs Next's own prerendered /robots.txt (throughput)",
          value: run.autocannon.requestsPerS / Math.max(1, run.nextPrerenderedRoute.requestsPerS),
          unit: "×",
          digits: 2,
          note: `/robots.txt (prerendered at build, ${nextStatic.requests.average.toFixed(0)} req/s) runs Next's route pipeline with no code of ours: the ceiling of a page on next start, where the static file takes a shortcut`,
        }),
        figure({
          id: "latency.before.ttfb.p50",
          label: "before: per-request rendered page TTFB p50",
          value: run.uncached.ttfbP50,
          unit: "ms",
          digits: 1,
          note: `the same ${sizes.ttfbRequests} GETs with Next's draft-mode cookie, which bypasses the page cache and every "use cache" read: a render and its Redis reads per view, as before the cache-first site; p99 ${run.uncached.ttfbP99.toFixed(1)} ms`,
        }),
        figure({
          id: "latency.before.throughput",
          label: "before: per-request rendered pages throughput, 10 connections",
          value: run.uncached.requestsPerS,
          unit: "req/s",
          digits: 0,
          note: `autocannon ${half} s, same pages (cached now: ${run.autocannon.requestsPerS.toFixed(0)} req/s, ${(run.autocannon.requestsPerS / Math.max(1, run.uncached.requestsPerS)).toFixed(1)}×); ${run.uncached.non2xx} non-2xx`,
        }),
        figure({
          id: "latency.before.views.kv",
          label: "before: Redis commands per 1,000 per-request rendered views",
          value: run.uncached.kvCommandsPerThousand,
          digits: 0,
          note: "counted at the KV emulator over the draft-mode views; the old pages made 2 per view, draft mode adds the owner-session checks of the draft preview",
        }),
        figure({
          id: "latency.code-math.cached",
          label: "cached TTFB p50, page with code and math ÷ plain page",
          value: codeMath.cachedP50 / Math.max(0.001, plain.cachedP50),
          unit: "×",
          digits: 2,
          note: `${CODE_AND_MATH_PAGE} (code in 5 languages and one unknown, 2 block equations, an inline one, an invalid one) ${codeMath.cachedP50.toFixed(1)} ms against ${PLAIN_PAGE} (the same texts as paragraphs) ${plain.cachedP50.toFixed(1)} ms and ${SAME_SIZE_PAGE} (every block type, about the same HTML size) ${sameSize.cachedP50.toFixed(1)} ms; rendered per request (draft mode): ${codeMath.renderedP50.toFixed(1)}, ${plain.renderedP50.toFixed(1)} and ${sameSize.renderedP50.toFixed(1)} ms; sizes: ${codeMath.bytes}, ${plain.bytes} and ${sameSize.bytes} bytes of HTML`,
        }),
        figure({
          id: "latency.code-math.rendered",
          label: "per-request render TTFB p50, page with code and math ÷ plain page",
          value: codeMath.renderedP50 / Math.max(0.001, plain.renderedP50),
          unit: "×",
          digits: 2,
          note: "Shiki runs at sync time (tokens stored in the bundle) and KaTeX's HTML is made when the page is rendered into the cache, so a view never runs either",
        }),
        figure({
          id: "latency.views.kv",
          label: "Redis commands per 1,000 cached views",
          value: perThousand.kvCommands,
          check: { op: "<=", limit: 0 },
          note: "counted at the KV emulator; before the cache-first site (force-dynamic pages): 2 per view, 2,000 per 1,000 (issue #11: 276 for a 138-page crawl)",
        }),
        figure({
          id: "latency.views.renders",
          label: "page renders per 1,000 cached views",
          value: perThousand.renders,
          check: { op: "<=", limit: 0 },
          note: "responses without x-nextjs-cache: HIT; before: every view was a render (1,000)",
        }),
      ],
    };
  } finally {
    await app.close();
  }
}
