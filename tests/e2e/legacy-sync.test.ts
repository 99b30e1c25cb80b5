import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { isTerminal } from "@/lib/jobs/types";
import { SEARCH_INDEX_JOB } from "@/lib/search/index-job";
import { listJobs } from "@/lib/store/jobs";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import { startTestApp, type TestApp } from "../helpers/app";
import {
  AppProbe,
  expectError,
  itLeaksNoSecrets,
  TRIGGER_KEYS,
  workerMessageIds,
  type JobView,
} from "./app-probe";

/**
 * Issue 4, item 7: the seed's `GET /api/sync?secret=…` runs a small sync inside the request (200) and
 * hands a big one to QStash when its budget runs out (202). SYNC_LEGACY_BUDGET_MS (3 s) stands in for
 * the route's `maxDuration`-derived 50 s, so "big" is a first sync of 300 pages here.
 */

const generated = generateWorkspace({ seed: 707, pages: 300, depth: 3, blocksPerPage: 6 });

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  app = await startTestApp({
    notion: { workspace: generated.workspace },
    env: { SYNC_STEP_BUDGET_MS: "300", SYNC_LEGACY_BUDGET_MS: "3000" },
  });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

const legacy = (query = "") =>
  probe.call(`/api/sync?secret=${encodeURIComponent(app.secret)}${query ? `&${query}` : ""}`);

/** Message ids of the search-index jobs, once every one of them has ended (a generous deadline). */
async function settledIndexMessages(): Promise<Set<string>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { jobs } = await listJobs(app.store, { limit: 100 });
    const index = jobs.filter((j) => j.type === SEARCH_INDEX_JOB);
    if ((index.length > 0 && index.every((j) => isTerminal(j.status))) || Date.now() > deadline) {
      return new Set(index.flatMap((j) => j.messageIds));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("legacy GET /api/sync", () => {
  it("hands a sync that outlasts its budget to the background: 202 with the job, finished by QStash", async () => {
    // A full first sync against a slowish Notion (30 ms an answer) takes several times the budget.
    app.notion.setLatency(30);
    const reply = await legacy().finally(() => app.notion.setLatency(0));
    expect(reply.status, reply.text).toBe(202);
    expect(Object.keys(reply.body).sort()).toEqual(TRIGGER_KEYS);
    expect(reply.body).toMatchObject({ ok: true, status: "running", force: false, page: null });
    const job = await probe.finished(String(reply.body.jobId));
    expect(job).toMatchObject({ status: "completed", source: "manual" });
    // Every QStash message ran one step; the steps before the first message ran inside the request.
    expect(job.messageIds[0]).toBe(reply.body.messageId);
    const delivered = workerMessageIds(app);
    for (const id of job.messageIds) expect(delivered.has(id)).toBe(true);
    const inline = job.steps.length - job.messageIds.length;
    expect(inline).toBeGreaterThanOrEqual(1);
    expect(job.messageIds.length).toBeGreaterThanOrEqual(1);
    console.info(
      `[e2e legacy] 300 pages: ${inline} steps in the request, ${job.messageIds.length} via QStash`,
    );
    expect(Object.keys((await readManifest(app.store))?.entries ?? {})).toHaveLength(300);
  });

  it("completes a small sync inside the request: 200 with the finished job, no QStash delivery", async () => {
    // A one-page sync is small by nature: a few Notion calls, one step, far inside the budget.
    const edited = generated.pageIds[7]!;
    app.notion.workspace.setPageTitle(edited, "Renamed for the legacy sync");
    const deliveriesBefore = app.qstash.deliveries().length;

    const reply = await legacy(`page=${edited}`);
    expect(reply.status, reply.text).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(["job", "ok"]);
    const job = reply.body.job as JobView;
    expect(job).toMatchObject({
      status: "completed",
      source: "manual",
      params: { mode: "page", page: edited },
    });
    expect(job.messageIds).toEqual([]);
    expect(job.progress.counters.pagesWritten).toBe(1);
    // The sync sent nothing to QStash; its publish started the search index, a job of its own that runs
    // through QStash (docs/search.md): every new delivery is one of that job's messages.
    const indexMessages = await settledIndexMessages();
    for (const delivery of app.qstash.deliveries().slice(deliveriesBefore)) {
      expect(indexMessages.has(delivery.messageId)).toBe(true);
    }
    expect(job).toEqual(await probe.job(job.id));

    const entry = (await readManifest(app.store))?.entries[edited];
    expect(entry?.title).toBe("Renamed for the legacy sync");
    expect((await readRoute(app.store, entry!.slug)).state).toBe("found");
  });

  it("refuses a missing secret (401) and bad parameters (400)", async () => {
    expect((await probe.call("/api/sync")).status).toBe(401);
    expectError(await legacy("force=maybe"), 400, "force");
  });
});

itLeaksNoSecrets(() => probe);
