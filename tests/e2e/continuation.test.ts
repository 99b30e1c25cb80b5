import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, itLeaksNoSecrets, workerMessageIds } from "./app-probe";
import { referenceSite, siteIn } from "./reference-site";

/** Issue 4, item 2: a sync far longer than one step continues through QStash until it is done. */

const workspace = () =>
  generateWorkspace({ seed: 404, pages: 300, depth: 3, blocksPerPage: 6, databases: 1, rowsPerDatabase: 20 })
    .workspace;

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  app = await startTestApp({ notion: { workspace: workspace() }, env: { SYNC_STEP_BUDGET_MS: "300" } });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

describe("continuation through QStash", () => {
  it("completes a 300-page workspace in many delivered steps with the same site as one in-process sync", async () => {
    const reply = await probe.trigger();
    expect(reply.status, reply.text).toBe(202);
    const job = await probe.finished(String(reply.body.jobId));
    console.info(
      `[e2e continuation] 300 pages + 20 rows, SYNC_STEP_BUDGET_MS=300: ${job.steps.length} steps, ` +
        `${job.progress.counters.apiCalls} Notion calls, ${job.durationMs} ms`,
    );

    expect(job.status).toBe("completed");
    expect(job.steps.length).toBeGreaterThan(5);
    // Steps ran in order, once each, every one but the last handing over to the next.
    expect(job.steps.map((s) => s.step)).toEqual(job.steps.map((_, i) => i + 1));
    expect(job.steps.slice(0, -1).every((s) => s.outcome === "continued")).toBe(true);
    expect(job.steps.at(-1)?.outcome).toBe("finished");
    // One QStash message per step, each delivered to the worker.
    expect(job.messageIds).toHaveLength(job.steps.length);
    expect(new Set(job.messageIds).size).toBe(job.steps.length);
    const delivered = workerMessageIds(app);
    for (const id of job.messageIds) expect(delivered.has(id)).toBe(true);
    expect(job.progress.counters.pagesDiscovered).toBe(320);
    expect(job.progress.counters.pagesWritten).toBe(320);

    expect(await siteIn(app.store)).toEqual(await referenceSite(workspace()));
  });
});

itLeaksNoSecrets(() => probe);
