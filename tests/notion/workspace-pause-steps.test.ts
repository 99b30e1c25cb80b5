/**
 * The workspace limit through the job layer: a step refused with a Retry-After longer than a minute
 * ends with that wait as the job's `notBefore` (QStash's delay for the next step), and a next step
 * delivered anyway — in another process, with a fresh Notion client — sends Notion nothing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { executeStep } from "@/lib/jobs/step-runner";
import { notionPauseStore } from "@/lib/store/notion-pause";
import { SYNC_JOB } from "@/lib/sync/job";
import { startTestCloud, type TestCloud } from "../helpers/cloud";

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ rateLimit: true });
});
afterAll(() => cloud.close());

/** One process's runtime: its own Notion client (and throttle), the shared Redis. */
function processRuntime() {
  const api = cloud.api({ sharedPause: notionPauseStore(cloud.store) });
  return cloud.runtime({ api, stepBudgetMs: 5_000 });
}

it("hands a workspace pause over a minute to the next step, which waits instead of calling Notion", async () => {
  const first = processRuntime();
  const { job } = await enqueueJob(first, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
  // Ten minutes: each step's check that over a minute is left holds however slowly the steps run.
  cloud.notion.limitWorkspace(600_000);

  const afterStep1 = await executeStep(first, job.id, 1);
  expect(afterStep1?.status).toBe("running");
  expect(cloud.notion.requests.counts()).toMatchObject({ total: 1, rateLimited: 1 });
  const delay1 = Date.parse(afterStep1!.notBefore!) - Date.now();
  expect(delay1).toBeGreaterThan(60_000);

  cloud.notion.requests.reset();
  const afterStep2 = await executeStep(processRuntime(), job.id, 2);
  expect(cloud.notion.requests.counts().total).toBe(0);
  expect(Date.parse(afterStep2!.notBefore!) - Date.now()).toBeGreaterThan(60_000);
  expect(afterStep2?.status).toBe("running");
});
