import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace, startNotionEmulator, type NotionEmulator } from "../../dev/notion";
import { startJob } from "@/lib/jobs/start";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import { emulatorApi } from "../helpers/emulator-engine";
import { startJobHarness, type JobHarness } from "./job-harness";

/**
 * Live progress of a long step, as a client of the status API sees it: the Notion emulator enforces
 * Notion's 3 requests/s, so one 32 s step of a force sync makes ~100 calls; the status API must show
 * the counters moving during that step, not 0 until it ends.
 */
const STEP_MS = 32_000;
let notion: NotionEmulator;
let h: JobHarness;

beforeAll(async () => {
  notion = await startNotionEmulator({
    port: 0,
    rate: 3,
    burst: 3,
    workspace: generateWorkspace({ seed: 31, pages: 200, depth: 3, blocksPerPage: 6 }).workspace,
  });
  const api = emulatorApi(notion.url, { ratePerSecond: 3, burst: 3, concurrency: 3 });
  h = await startJobHarness({
    types: (store) => [createSyncJobType({ store, api, rootPageId: notion.rootPageId })],
    stepBudgetMs: STEP_MS,
  });
  h.rt.progressEveryMs = 1_000;
  // The step log says how many progress samples (one Redis command each) a step made.
  h.rt.log = {
    ...h.rt.log,
    info: (event, data) => {
      if (event === "job_step") stepLogs.push(data ?? {});
    },
  };
});
const stepLogs: Record<string, unknown>[] = [];
afterAll(async () => {
  await h.close();
  await notion.close();
});

describe("live progress during a long step against a rate-limited Notion", () => {
  it("the status API shows the step's Notion calls and pages growing while the step runs", async () => {
    const { job } = await startJob(h.rt, SYNC_JOB, { mode: "force" }, "manual");
    const samples: { at: number; apiCalls: number; discovered: number }[] = [];
    // Sample the status API until step 1 has ended; every sample inside the step is kept.
    const stepped = await h.until(
      "step 1 to end",
      (j) => {
        if (j.step === 0 && j.status === "running") {
          samples.push({
            at: Date.now(),
            apiCalls: j.progress.counters.apiCalls ?? 0,
            discovered: j.progress.total,
          });
        }
        return j.step >= 1 && j;
      },
      job.id,
    );
    expect(stepped.steps[0]!.durationMs).toBeGreaterThanOrEqual(30_000);
    const changes = samples.filter((s, i) => i > 0 && s.apiCalls > samples[i - 1]!.apiCalls);
    // Counters seen to grow at least once per 2 s of the step, on average: a count of increases, not a
    // wall-clock gap, so a loaded machine's late timer cannot fail it (the largest gap is printed below).
    expect(changes.length).toBeGreaterThanOrEqual(Math.floor(stepped.steps[0]!.durationMs / 2_000));
    expect(samples.at(-1)!.apiCalls).toBeGreaterThan(samples[0]!.apiCalls);
    // The cost of live progress: one command per second of the step, not per call or per page.
    const saves = Number(stepLogs.find((l) => l.step === 1)?.progressSaves);
    expect(saves).toBeGreaterThanOrEqual(changes.length);
    expect(saves).toBeLessThanOrEqual(Math.ceil(stepped.steps[0]!.durationMs / 1_000) + 1);
    let gap = 0;
    for (let i = 1; i < changes.length; i++) gap = Math.max(gap, changes[i]!.at - changes[i - 1]!.at);
    console.info(
      `[jobs] live progress: step 1 ran ${stepped.steps[0]!.durationMs} ms; ${samples.length} status reads, ` +
        `${changes.length} showed more Notion calls (up to ${samples.at(-1)!.apiCalls}); largest gap between increases ${gap} ms; ${saves} progress samples (Redis commands) in the step`,
    );
    await h.cancel(job.id);
    expect((await h.settled(job.id)).status).toBe("cancelled");
  });
});
