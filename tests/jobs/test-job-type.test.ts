import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
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
