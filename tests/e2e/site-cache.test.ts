import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion/demo-ids";
import { startJob } from "@/lib/jobs/start";
import { runInline } from "@/lib/jobs/step-runner";
import { readManifest } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { emulatorRuntime } from "../helpers/emulator-engine";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { AppProbe, itLeaksNoSecrets } from "./app-probe";

/**
 * Issue 11: the site is served from Next's cache. A cached view sends no command to the KV emulator
 * (counted at the emulator), survives a KV outage, and a publish shows its changes on the next request
 * without re-rendering what did not change.
 */

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  app = await startTestApp();
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string) => probe.call(path);

/**
 * Sync, then wait until no job runs (each publish also starts the search index job, whose KV commands
 * would be counted with the site's).
 */
async function syncAndSettle(): Promise<void> {
  await syncThroughApp(app);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const list = await probe.call("/api/sync/jobs?limit=50", {
      headers: { authorization: `Bearer ${app.secret}` },
    });
    const jobs = (list.body.jobs ?? []) as { status: string }[];
    if (!jobs.some((j) => j.status === "queued" || j.status === "running")) return;
    if (Date.now() > deadline) throw new Error("jobs still running after the sync");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The page's own content: the HTML without Next's per-response scripts. */
const mainOf = (html: string) => html.match(/<main[\s\S]*?<\/main>/)?.[0] ?? "";

let paths: string[] = [];
let neverVisited = "";
const firstCrawl = new Map<string, string>();

async function crawl(list: string[]): Promise<number> {
  const before = app.kv.commandCount();
  for (const path of list) {
    const page = await get(path);
    expect(page.status, path).toBe(200);
    firstCrawl.set(path, firstCrawl.get(path) ?? mainOf(page.text));
  }
  return app.kv.commandCount() - before;
}

describe("a cache-first site", () => {
  it("serves a second crawl with 0 commands at the KV emulator", async () => {
    await syncAndSettle();
    const manifest = await readManifest(app.store);
    const all = Object.values(manifest!.entries).map((e) => `/${e.slug}`);
    neverVisited = all.find((p) => p === `/${manifest!.entries[DEMO_IDS.contact]!.slug}`)!;
    paths = all.filter((p) => p !== neverVisited);
    const first = await crawl(paths);
    const second = await crawl(paths);
    console.info(
      `[e2e site-cache] ${paths.length} pages: crawl 1 → ${first} KV commands, crawl 2 → ${second}`,
    );
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(0);
    for (const path of ["/sitemap.xml", "/robots.txt"]) expect((await get(path)).status).toBe(200);
  });

  it("keeps serving cached pages and cached 404s while KV is down; an uncached page says it is temporarily unavailable", async () => {
    const unknown = `/no-such-page-${Date.now()}`;
    expect((await get(unknown)).status).toBe(404);
    app.kv.setUnavailable("503");
    try {
      for (const path of paths) {
        const page = await get(path);
        expect(page.status, path).toBe(200);
        expect(mainOf(page.text), path).toBe(firstCrawl.get(path));
      }
      // A page that was never cached cannot be read: the site's own page says so (never a raw error),
      // and it is not stored in place of the page.
      for (let i = 0; i < 2; i++) {
        const uncached = await get(neverVisited);
        expect(uncached.text).toContain("This page is temporarily unavailable");
        expect(uncached.text).not.toMatch(/Internal Server Error|Application error/);
        expect(uncached.headers.get("cache-control")).toContain("no-store");
        console.info(`[e2e site-cache] uncached page during the outage → ${uncached.status}`);
      }
      // The unknown slug's 404 was cached before the outage: no Redis needed to answer it.
      const before = app.kv.commandCount();
      expect((await get(unknown)).status).toBe(404);
      expect(app.kv.commandCount()).toBe(before);
      // The APIs that need Redis say which service is down, with a time to retry, and record nothing.
      const auth = { authorization: `Bearer ${app.secret}` };
      for (const [path, method] of [
        ["/api/sync/trigger", "POST"],
        ["/api/sync/jobs", "GET"],
        ["/api/admin/overview", "GET"],
      ] as const) {
        const answer = await probe.call(path, { method, headers: auth });
        expect(answer.status, path).toBe(503);
        expect(answer.headers.get("retry-after"), path).toBe("30");
        expect(String(answer.body.error), path).toMatch(/^Redis .* is unreachable/);
      }
    } finally {
      app.kv.setUnavailable(false);
    }
    // Back without a restart: the page is read again, then stored whole and served with no Redis command.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const before = app.kv.commandCount();
      const page = await get(neverVisited);
      const whole = page.status === 200 && !page.text.includes("temporarily unavailable");
      if (whole && app.kv.commandCount() === before && page.headers.get("x-nextjs-cache") === "HIT") break;
      if (Date.now() > deadline)
        throw new Error(`${neverVisited} not served from the cache again: ${page.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it("shows a publish's changes on the next request, and re-renders nothing else", async () => {
    const manifest = (await readManifest(app.store))!;
    const slugOf = (id: string) => `/${manifest.entries[id]!.slug}`;
    app.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Edited for the cache test");
    app.notion.workspace.setPageTitle(DEMO_IDS.about, "About the cache");
    await syncAndSettle();
    const before = app.kv.commandCount();
    // Unchanged, and linking to no changed page: served from the cache, no read at all.
    const unchanged = await get(slugOf(DEMO_IDS.deepDive));
    expect(unchanged.status).toBe(200);
    expect(app.kv.commandCount()).toBe(before);
    expect((await get("/")).text).toContain("Edited for the cache test");
    const showcase = await get(slugOf(DEMO_IDS.showcase));
    expect(showcase.text).toContain("About the cache");
  });

  it("shows a publish made while the app was down after it starts again", async () => {
    expect((await get("/")).text).toContain("Edited for the cache test");
    await app.kill();
    // A publish the app cannot hear of (the CLI's --local with no app running): only the startup check
    // comparing the published generation with the cache's can make the restarted app show it.
    app.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Published while the app was down");
    const { runtime } = emulatorRuntime({
      kvUrl: app.kv.url,
      prefix: app.env.KV_PREFIX!,
      notionUrl: app.notion.url,
      rootId: app.notion.rootPageId,
      stepBudgetMs: 60_000,
    });
    const { job } = await startJob(runtime, SYNC_JOB, { mode: "incremental" }, "cli");
    expect((await runInline(runtime, job.id, { maxMs: 600_000 })).job.status).toBe("completed");
    await app.start();
    const home = await get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("Published while the app was down");
    expect(home.text).not.toContain("Edited for the cache test");
  });

  itLeaksNoSecrets(() => probe);
});
