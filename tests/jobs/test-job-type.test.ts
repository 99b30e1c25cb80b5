import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { PermanentJobError } from "@/lib/jobs/errors";
import { startJob } from "@/lib/jobs/start";
import { startJobHarness, type JobHarness } from "./job-harness";
import { describeJobType } from "./job-type-suite";

/**
 * A job type that exists only in this test: it counts up to `items`, one item every `itemMs`, stopping
 * at its step's deadline or signal. Running it through the platform suite with no change to
 * src/lib/jobs, the routes or the dashboard is what shows the job layer is generic.
 */
const Params = z.object({
  items: z.number().int().min(1).max(100_000),
  itemMs: z.number().int().min(0).max(1_000).default(5),
  /** Ask for a pause before the next step (like a Retry-After), once. */
  waitMs: z.number().int().min(0).max(600_000).default(0),
  label: z.string().max(20).default("a"),
});
type Params = z.infer<typeof Params>;
interface State {
  done: number;
  total: number;
  itemMs: number;
  waitMs: number;
}

const control = { broken: false };

const tally = defineJob<Params, State>({
  type: "tally",
  params: Params,
  start: (params) =>
    Promise.resolve({ done: 0, total: params.items, itemMs: params.itemMs, waitMs: params.waitMs }),
  step: async (input, ctx) => {
    if (control.broken) throw new Error("the tally service is down");
    const state = { ...input };
    ctx.progress(() => ({ phase: "counting", done: state.done, total: state.total, counters: {} }));
    while (state.done < state.total && !ctx.signal.aborted && Date.now() < ctx.deadline) {
      await new Promise((r) => setTimeout(r, state.itemMs));
      state.done++;
      ctx.counters.items = (ctx.counters.items ?? 0) + 1;
    }
    const waitMs = state.waitMs;
    state.waitMs = 0;
    return { state, done: state.done >= state.total, ...(waitMs > 0 ? { waitMs } : {}) };
  },
  describe: (state) => ({ phase: "counting", done: state.done, total: state.total, counters: {} }),
});

describeJobType("tally (defined only in this test)", {
  types: () => [tally],
  type: "tally",
  params: { items: 60, itemMs: 10 },
  otherParams: { items: 30, itemMs: 5, label: "b" },
  thirdParams: { items: 20, itemMs: 5, label: "c" },
  longParams: { items: 100_000, itemMs: 5 },
  waitingParams: { items: 1_000, itemMs: 5, waitMs: 300_000 },
  breakSteps: () => void (control.broken = true),
  healSteps: () => void (control.broken = false),
  stepBudgetMs: 300,
});

describe("a step that fails for good after some work", () => {
  const half = defineJob({
    type: "half",
    params: z.object({}),
    start: () => Promise.resolve({ done: 0 }),
    step: async (input: { done: number }, ctx) => {
      const state = { ...input };
      ctx.progress(() => ({
        phase: "counting",
        done: state.done,
        total: 10,
        counters: { counted: state.done },
      }));
      for (; state.done < 3; state.done++) await new Promise((r) => setTimeout(r, 5));
      throw new PermanentJobError("the source refused the rest");
    },
    describe: (state) => ({
      phase: "counting",
      done: state.done,
      total: 10,
      counters: { counted: state.done },
    }),
  });
  let h: JobHarness;
  beforeAll(async () => {
    h = await startJobHarness({ types: [half] });
  });
  afterAll(() => h.close());

  it("ends failed at once with the work it did counted, a real duration, and its reason", async () => {
    const { job } = await startJob(h.rt, "half", {}, "manual");
    const failed = await h.settled(job.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toBe("the source refused the rest");
    expect(failed.attempts).toBe(1);
    expect(failed.progress).toMatchObject({ done: 3, counters: { counted: 3 } });
    expect(failed.durationMs).toBeGreaterThanOrEqual(15);
  });
});

describe("a cancel requested as a step ends", () => {
  /**
   * Its one step asks for the cancel itself, after its last progress save (there is none: the step is
   * far shorter than the save interval) and before the worker lets go of the lock, then asks to wait a
   * day before the next step, as a long Retry-After would. The request finds the lock held, so it can
   * only be recorded; nothing later in the step reads it.
   */
  const answers: (string | undefined)[] = [];
  let h: JobHarness;
  const late = defineJob({
    type: "late",
    params: z.object({}),
    start: () => Promise.resolve({ steps: 0 }),
    step: async (input: { steps: number }, ctx) => {
      answers.push((await h.cancel(ctx.jobId)).body.outcome);
      return { state: { steps: input.steps + 1 }, done: false, waitMs: 24 * 3600_000 };
    },
    describe: (state) => ({ phase: "waiting", done: state.steps, total: 2, counters: {} }),
  });
  beforeAll(async () => {
    h = await startJobHarness({ types: [late], progressEveryMs: 60_000 });
  });
  afterAll(() => h.close());

  it("ends the job when the step lets go, not after the wait it asked for", async () => {
    const { job } = await startJob(h.rt, "late", {}, "manual");
    // The harness's QStash runs 500× fast: a day's delay is still 173 s, past `settled`'s 60 s.
    const ended = await h.settled(job.id);
    expect(answers).toEqual(["requested"]);
    expect(ended.status).toBe("cancelled");
    expect(ended.lastError).toBe("Cancelled as its step ended.");
    expect(ended.step).toBe(1);
  });
});
