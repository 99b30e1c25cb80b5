/**
 * Scenario 4: the worker process dies at random points of a step (SIGKILL: no cleanup, the lock is
 * left to expire), again and again, and a fresh process carries on. Every job must complete with the
 * same bundles as an undisturbed sync, with nothing leaked and no reader ever seeing a half-written
 * generation. `FAULTS_LONG=1` runs 50 seeded runs instead of 8.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { getJob } from "@/lib/store/jobs";
import { SYNC_JOB } from "@/lib/sync/job";
import type { SyncState } from "@/lib/sync/types";
import type { TestCloud } from "../helpers/cloud";
import { normalizedSite } from "../helpers/sync";
import { auditCache, editedCloud, finishInline, referenceSites, runs, seeded, sleep } from "./fault-kit";
import type { WorkOrder } from "./kill-child";
import { watchReaders } from "./reader-watch";

const RUNS = runs(8, 50);
const KILLS_PER_RUN = runs(2, 3);
const STEP_MS = 250;
const LOCK_MARGIN_MS = 250;
let before: Record<string, unknown>;
let after: Record<string, unknown>;
const figures = {
  runs: 0,
  kills: 0,
  finishedBeforeKill: 0,
  steps: 0,
  attempts: 0,
  notionRequests: 0,
  reads: 0,
};
const phasesHit = new Map<string, number>();

beforeAll(async () => {
  ({ before, after } = await referenceSites());
});
afterAll(async () => {
  await Promise.all(spare.splice(0).map(async (w) => kill(await w)));
  const phases = [...phasesHit].map(([p, n]) => `${p} ${n}`).join(", ");
  console.info(
    `[faults] worker kills: ${figures.runs} runs, ${figures.kills} kills mid-job (${phases}), ` +
      `${figures.finishedBeforeKill} workers finished before their kill time; ${figures.steps} steps, ` +
      `${figures.attempts} step attempts, ${figures.notionRequests} Notion requests, ${figures.reads} reader checks; all completed`,
  );
});

/** Workers that have loaded everything and wait for a work order: spawned ahead, so kills are followed at once. */
const spare: Promise<ChildProcess>[] = [];

function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/faults/kill-child.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (chunk.includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

async function readyWorker(): Promise<ChildProcess> {
  while (spare.length < 2) spare.push(spawnWorker());
  const worker = await spare.shift()!;
  spare.push(spawnWorker());
  return worker;
}

function order(cloud: TestCloud, jobId: string): WorkOrder {
  return {
    kvUrl: cloud.kv.url,
    prefix: cloud.prefix,
    notionUrl: cloud.notion.url,
    rootId: cloud.notion.rootPageId,
    jobId,
    stepBudgetMs: STEP_MS,
    lockMarginMs: LOCK_MARGIN_MS,
  };
}

async function kill(child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null) return false;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  return true;
}

async function killedRun(seed: number): Promise<void> {
  const random = seeded(seed);
  const cloud = await editedCloud({ latencyMs: 6 });
  try {
    const rt: JobRuntime = cloud.runtime({ stepBudgetMs: STEP_MS, lockMarginMs: LOCK_MARGIN_MS });
    const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
    const watch = watchReaders(cloud.store, [before, after]);
    for (let k = 0; k < KILLS_PER_RUN; k++) {
      const worker = await readyWorker();
      const exited = new Promise((r) => worker.once("exit", r));
      worker.stdin!.write(`${JSON.stringify(order(cloud, job.id))}\n`);
      await Promise.race([sleep(Math.floor(random() * 900)), exited]);
      if (await kill(worker)) {
        figures.kills++;
        const state = (await getJob(cloud.store, job.id))?.state as SyncState | null;
        const phase = state?.phase ?? "queued";
        phasesHit.set(phase, (phasesHit.get(phase) ?? 0) + 1);
      } else figures.finishedBeforeKill++;
    }
    // The last worker of the run: this process, waiting out the lock of the one killed last.
    const done = await finishInline(rt, job.id);
    const readers = await watch.stop();

    expect(done.status).toBe("completed");
    expect(readers.violations).toEqual([]);
    expect(await normalizedSite(cloud)).toEqual(after);
    expect(await auditCache(cloud.store)).toEqual({ missing: [], orphans: [], scratch: [] });
    // Each step number was completed exactly once, in order.
    const completed = done.steps.filter((s) => s.outcome !== "retry").map((s) => s.step);
    expect(completed).toEqual(completed.map((_, i) => i + 1));
    figures.runs++;
    figures.steps += done.step;
    figures.attempts += done.attempts;
    figures.notionRequests += cloud.notion.requests.counts().total;
    figures.reads += readers.reads;
  } finally {
    await cloud.close();
  }
}

describe("4. the worker process is killed at random points of its steps", () => {
  for (let run = 0; run < RUNS; run++) {
    const seed = 4_000 + run;
    it(`run ${run + 1}/${RUNS} (seed ${seed}): ${KILLS_PER_RUN} kills, then completes with the right bundles`, () =>
      killedRun(seed));
  }
});

describe("4b. a step that dies after its writes but before its checkpoint", () => {
  /**
   * Runs a job whose step attempt `crashAt` — or its last step, if the job finishes sooner — does all its
   * work and then "dies" before the job record is saved. (How many steps a job takes depends on the
   * machine's speed under a time budget, so the last step is recognised by its result, not counted.)
   */
  async function crashAfterWrites(crashAt: number) {
    const cloud = await editedCloud({ latencyMs: 5 });
    try {
      const rt: JobRuntime = cloud.runtime({ stepBudgetMs: 80, lockMarginMs: 100 });
      const real = rt.types[SYNC_JOB]!;
      let calls = 0;
      let crashedAt = 0;
      let crashedOnLast = false;
      rt.types = {
        [SYNC_JOB]: {
          ...real,
          step: async (...args: Parameters<typeof real.step>) => {
            const result = await real.step(...args);
            calls++;
            if (!crashedAt && (calls === crashAt || result.done)) {
              crashedAt = calls;
              crashedOnLast = result.done;
              throw new Error(`simulated crash after the writes of step attempt ${calls}`);
            }
            return result;
          },
        },
      };
      const { job } = await enqueueJob(rt, { type: SYNC_JOB, params: { mode: "force" }, source: "cli" });
      const watch = watchReaders(cloud.store, [before, after]);
      // The crash surfaces as a failed attempt; running the step again is what QStash's retry does.
      const done = await finishInline(rt, job.id, { crashes: 1 });
      const readers = await watch.stop();
      expect(done.status).toBe("completed");
      expect(readers.violations).toEqual([]);
      expect(await normalizedSite(cloud)).toEqual(after);
      expect(await auditCache(cloud.store)).toEqual({ missing: [], orphans: [], scratch: [] });
      // The retry of the crashed step is the one that finished the job.
      if (crashedOnLast) expect(calls).toBe(crashedAt + 1);
      return { crashedAt, crashedOnLast, steps: done.step };
    } finally {
      await cloud.close();
    }
  }

  it("completes with the right bundles whichever step it was, the publishing one included", async () => {
    const outcomes = [];
    // Crash each step attempt in turn until the crash lands on the job's last (publishing) step.
    for (let crashAt = 1; crashAt <= 60; crashAt++) {
      const outcome = await crashAfterWrites(crashAt);
      outcomes.push(outcome);
      if (outcome.crashedOnLast) break;
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(3); // crashes in the listing, the walk and the publish
    expect(outcomes.at(-1)?.crashedOnLast).toBe(true);
    console.info(
      `[faults] crash after writes: ${outcomes.length} jobs, one crash each at step 1…${outcomes.length}`,
    );
  }, 300_000);
});
