import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { normalizedSite, pageAt, syncNow } from "../helpers/sync";

let reference: Record<string, unknown>;
let cloud: TestCloud;

beforeEach(async () => {
  if (!reference) {
    const clean = await startTestCloud();
    await syncNow(clean, { mode: "force" });
    reference = await normalizedSite(clean);
    await clean.close();
  }
  cloud = await startTestCloud();
});
afterEach(() => cloud.close());

describe("the sync under Notion faults", () => {
  it("waits out a 429 storm and produces the same site", async () => {
    cloud.notion.faults.storm({ status: 429, durationMs: 2_500, retryAfterSec: 1 });
    const { job } = await syncNow(cloud, { mode: "force" });
    expect(job.status).toBe("completed");
    expect(job.progress.counters.rateLimited).toBeGreaterThan(0);
    expect(await normalizedSite(cloud)).toEqual(reference);
  });

  it("retries 500/502/503/529 on 20 % of calls and produces the same site", async () => {
    cloud.notion.faults.setRates({ rate: 0.2, statuses: [500, 502, 503, 529] });
    const { job } = await syncNow(cloud, { mode: "force" });
    expect(job.status).toBe("completed");
    expect(job.progress.counters.retries).toBeGreaterThan(0);
    expect(cloud.notion.requests.counts().faults).toBeGreaterThan(0);
    expect(await normalizedSite(cloud)).toEqual(reference);
  });

  it("survives timeouts and dropped connections", async () => {
    cloud.notion.faults.setRates({ timeoutRate: 0.05, dropRate: 0.05, hangMs: 5_000 });
    const { job } = await syncNow(cloud, { mode: "force" }, { api: cloud.api({ timeoutMs: 300 }) });
    expect(job.status).toBe("completed");
    expect(job.progress.counters.retries).toBeGreaterThan(0);
    expect(await normalizedSite(cloud)).toEqual(reference);
  });

  it("keeps the last good bundle of a page that always fails, and says so", async () => {
    await syncNow(cloud, { mode: "force" });
    const docsBefore = await pageAt(cloud, "docs");
    cloud.notion.clock.advance(120_000);
    cloud.notion.workspace.setPageTitle(DEMO_IDS.docs, "Docs that cannot be fetched");
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About, renamed");
    cloud.notion.faults.failFor(DEMO_IDS.docs, 500);
    const { job, manifest } = await syncNow(
      cloud,
      { mode: "incremental" },
      { api: cloud.api({ maxRetries: 2 }) },
    );
    expect(job.status).toBe("completed_with_errors");
    expect(job.errors.map((e) => e.id)).toEqual([DEMO_IDS.docs]);
    expect(job.errors[0]?.message).toMatch(/kept failing/);
    expect(job.progress.counters.pagesFailed).toBe(1);
    const docs = await pageAt(cloud, "docs");
    expect(docs).toEqual(docsBefore);
    expect(manifest.entries[DEMO_IDS.docs]?.stale).toBe(true);
    // Its subtree is still published, and the other change went through.
    expect(manifest.entries[DEMO_IDS.deepDive]?.slug).toBe("docs/guides/deep-dive");
    expect(manifest.entries[DEMO_IDS.about]?.title).toBe("About, renamed");
    expect(Object.keys(manifest.entries)).toHaveLength(Object.keys(reference).length);
  });

  it("fails cleanly and leaves the cache alone when the token is revoked", async () => {
    await syncNow(cloud, { mode: "force" });
    const before = await normalizedSite(cloud);
    cloud.notion.workspace.revokeToken();
    await expect(syncNow(cloud)).rejects.toThrow(/token|unauthorized/i);
    expect(await normalizedSite(cloud)).toEqual(before);
  });

  it("fails cleanly when the root page is trashed, deleting nothing", async () => {
    await syncNow(cloud, { mode: "force" });
    const before = await normalizedSite(cloud);
    cloud.notion.workspace.trashPage(DEMO_IDS.home);
    await expect(syncNow(cloud)).rejects.toThrow(/root page/i);
    expect(await normalizedSite(cloud)).toEqual(before);
  });
});
