import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { freePort } from "../helpers/app";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { readManifest } from "@/lib/store/site-reader";
import { listJobs } from "@/lib/store/jobs";
import { runCli } from "./run-cli";

let cloud: TestCloud;
/** Where no app listens: --local publishes anyway and says the site's cache refreshes when the app starts. */
let noApp: string;
beforeEach(async () => {
  // A little latency and a short step budget make the sync take several steps, so progress shows.
  cloud = await startTestCloud({ latencyMs: 30 });
  noApp = `http://127.0.0.1:${await freePort()}`;
});
afterEach(() => cloud.close());

function localEnv(c: TestCloud): Record<string, string> {
  return {
    NOTION_TOKEN: DEV_DEFAULTS.notionToken,
    NOTION_API_URL: c.notion.url,
    NOTION_ROOT_PAGE_ID: c.notion.rootPageId,
    NOTION_RATE_LIMIT: "500",
    NOTION_RATE_BURST: "100",
    KV_REST_API_URL: c.kv.url,
    KV_REST_API_TOKEN: DEV_DEFAULTS.kvToken,
    KV_PREFIX: c.prefix,
    SYNC_STEP_BUDGET_MS: "1000",
    APP_URL: noApp,
  };
}

describe("npm run sync -- --local", () => {
  it("syncs the workspace in-process, with no app and no QStash, and exits 0", async () => {
    const run = await runCli("sync", ["--local"], { env: localEnv(cloud) });
    expect(run.code).toBe(0);
    // Nothing else on stderr than the note that no app was there to refresh its cache.
    const notes = run.stderr.split("\n").filter(Boolean);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      expect(note).toMatch(
        /^Published, but the site's cache was not refreshed: the app at http:\/\/127\.0\.0\.1:\d+ is not reachable .*The app refreshes it when it starts\.$/,
      );
    }
    expect(run.stdout).toMatch(/job j[0-9a-z]+: syncing in this process/);
    expect(run.stdout).toMatch(/^\[\d+s\] (running|completed) · [a-z ]+ · \d+\/\d+ pages/m);
    expect(run.stdout).toMatch(/completed in [\d.]+ s: \d+ written/);
    const manifest = await readManifest(cloud.store);
    expect(Object.keys(manifest?.entries ?? {}).length).toBeGreaterThan(20);
    const { jobs } = await listJobs(cloud.store, { limit: 5, offset: 0 });
    expect(jobs.find((j) => j.type === "notion-sync")).toMatchObject({ status: "completed", source: "cli" });
    // The publish indexed the site for search, in this process too.
    expect(jobs.find((j) => j.type === "search-index")).toMatchObject({
      status: "completed",
      source: "publish",
    });
  });

  it("prints the final job as JSON with --json", async () => {
    const run = await runCli("sync", ["--local", "--force", "--json"], { env: localEnv(cloud) });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; job: Record<string, unknown> };
    expect(out.ok).toBe(true);
    expect(out.job).toMatchObject({ status: "completed", params: { mode: "force" } });
    expect(out.job).not.toHaveProperty("state");
  });

  it("names the missing variable and exits 3 without NOTION_* / KV_*", async () => {
    const { NOTION_TOKEN: _token, ...withoutToken } = localEnv(cloud);
    const run = await runCli("sync", ["--local"], { env: withoutToken });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Missing NOTION_TOKEN: set it in \.env\.local/);
  });

  it("refuses an unknown page with exit 3", async () => {
    const run = await runCli("sync", ["--local", "--page", "no/such-page"], { env: localEnv(cloud) });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/run a full sync first|No synced page/);
  });
});
