import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { executeStep, runDelivery, runInline } from "@/lib/jobs/step-runner";
import { getJob } from "@/lib/store/jobs";
import { lockTtlMs } from "@/lib/store/locks";
import { readManifest } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { runSyncStep, startSync, STARVED_STEPS_LIMIT } from "@/lib/sync/engine";
import type { SyncState } from "@/lib/sync/types";
import { PermanentJobError } from "@/lib/jobs/errors";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { normalizedSite, syncNow } from "../helpers/sync";

const workspace = () =>
  generateWorkspace({ seed: 11, pages: 120, depth: 3, blocksPerPage: 10, databases: 1, rowsPerDatabase: 30 })
    .workspace;

const clouds: TestCloud[] = [];
async function cloudOf(options: Parameters<typeof startTestCloud>[0] = {}) {
  const c = await startTestCloud({ workspace: workspace(), ...options });
  clouds.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.close()));
});

describe("a sync in time-boxed steps", () => {
  it("gives the same bundles in many tiny steps as in one step", async () => {
    const one = await cloudOf();
    // A budget no machine reaches, so the whole sync is one step however slow it runs.
    const oneStep = await syncNow(one, { mode: "force" }, { stepBudgetMs: 600_000 });
    expect(oneStep.job.step).toBe(1);

    const many = await cloudOf({ latencyMs: 2 });
    const manySteps = await syncNow(many, { mode: "force" }, { stepBudgetMs: 40 });
    expect(manySteps.job.status).toBe("completed");
    expect(manySteps.job.step).toBeGreaterThan(5);
    expect(await normalizedSite(many)).toEqual(await normalizedSite(one));
  });

  it("finishes a page that needs more than one step's budget to fetch", async () => {
    const reference = await startTestCloud();
    clouds.push(reference);
    await syncNow(reference, { mode: "force" });
    // 30 ms per call, two calls in flight, 120 ms per step: the Block showcase's nested tree alone
    // takes several steps; its finished subtrees carry over from step to step.
    const slow = await startTestCloud({ latencyMs: 30 });
    clouds.push(slow);
    const api = slow.api({ concurrency: 2 });
    const { job } = await syncNow(slow, { mode: "force" }, { api, stepBudgetMs: 120 });
    expect(job.status).toBe("completed");
    expect(job.step).toBeGreaterThan(3);
    expect(await normalizedSite(slow)).toEqual(await normalizedSite(reference));
  });

  it("does nothing when a finished step number is replayed", async () => {
    const cloud = await cloudOf({ latencyMs: 2 });
    const rt = cloud.runtime({ stepBudgetMs: 50 });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    await executeStep(rt, job.id, 1);
    await executeStep(rt, job.id, 2);
    const after2 = await getJob(cloud.store, job.id);
    cloud.notion.requests.reset();
    expect(await executeStep(rt, job.id, 2)).toBeNull();
    expect(await executeStep(rt, job.id, 1)).toBeNull();
    const replay = await runDelivery(rt, { jobId: job.id, step: 2 });
    expect(replay.kind).toBe("ignored");
    expect(cloud.notion.requests.counts().total).toBe(0);
    expect(await getJob(cloud.store, job.id)).toEqual(after2);
  });

  it("resumes after the process is killed mid-step and ends with the same bundles", async () => {
    const reference = await cloudOf();
    await syncNow(reference, { mode: "force" });
    const expected = await normalizedSite(reference);

    const cloud = await cloudOf({ latencyMs: 10 });
    const rt = cloud.runtime({ stepBudgetMs: 400 });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/step-child.ts"], {
      env: {
        ...process.env,
        KV_URL: cloud.kv.url,
        KV_PREFIX: cloud.prefix,
        NOTION_URL: cloud.notion.url,
        ROOT_ID: cloud.notion.rootPageId,
        JOB_ID: job.id,
        STEP_BUDGET_MS: "400",
      },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Kill it once it is well into the walk: some pages written, more to go. (A generous deadline: a
    // loaded machine may take many seconds just to start the child.)
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && Date.now() < deadline) {
      const j = await getJob(cloud.store, job.id);
      if ((j?.step ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await exited;
    const killed = await getJob(cloud.store, job.id);
    expect(killed?.status).toBe("running");
    expect(await readManifest(cloud.store)).toBeNull();

    // The dead step's lock expires (Redis's own TTL, polled); the next run resumes from the last checkpoint.
    const lockDeadline = Date.now() + 30_000;
    while ((await lockTtlMs(cloud.store, "sync")) > 0 && Date.now() < lockDeadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await lockTtlMs(cloud.store, "sync")).toBe(0);
    const resumed = await runInline(rt, job.id, { maxMs: 60_000 });
    expect(resumed.job.status).toBe("completed");
    expect(resumed.job.step).toBeGreaterThan(killed!.step);
    expect(await normalizedSite(cloud)).toEqual(expected);
  });

  it("fails with a message naming the budget when steps keep spending it before any work", async () => {
    const cloud = await cloudOf();
    const deps = cloud.deps();
    // A deadline already past when the step reaches the listing: its setup spent the whole budget.
    const starved = (state: SyncState) =>
      runSyncStep(deps, "jstarved0001", state, { budgetMs: 50, deadline: Date.now() - 1 });
    let state = await startSync(deps, "jstarved0001", { mode: "force" });
    for (let i = 1; i < STARVED_STEPS_LIMIT; i++) {
      state = (await starved(state)).state;
      expect(state.starvedSteps).toBe(i);
      expect(state.phase).toBe("list");
    }
    expect(cloud.notion.requests.counts().total).toBe(0);
    const error = await starved(state).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toMatch(/each spent their whole budget \(50 ms\).*SYNC_STEP_BUDGET_MS/);

    // A step that gets to work clears the count: only steps in a row fail the job.
    const worked = await runSyncStep(deps, "jstarved0001", state, { budgetMs: 600_000 });
    expect(worked.done).toBe(true);
    expect(worked.state.starvedSteps).toBeUndefined();
  });
});
