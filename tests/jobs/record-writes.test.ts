import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { startJob } from "@/lib/jobs/start";
import type { Store } from "@/lib/store/redis";
import { startJobHarness, type JobHarness } from "./job-harness";

/**
 * How often one delivery writes the job record (issue 13: it was up to 4 times). The record is written
 * once per delivery — at the end of the step, or when the job ends — and once when the job is created;
 * the step's start, its progress and the next message id go beside it. Counted at the Redis client.
 */
const steps = defineJob({
  type: "five-steps",
  params: z.object({}),
  start: () => Promise.resolve({ step: 0 }),
  step: (state: { step: number }, ctx) => {
    ctx.progress(() => ({ phase: "stepping", done: state.step, total: 5, counters: {} }));
    return Promise.resolve({ state: { step: state.step + 1 }, done: state.step + 1 >= 5 });
  },
  describe: (state) => ({ phase: "stepping", done: state.step, total: 5, counters: {} }),
});

/** A view of `store` that records the keys of SET and compare-and-set EVAL writes (direct or pipelined). */
function recordingWrites(store: Store, written: string[]): Store {
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function") return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (prop === "pipeline" || prop === "multi")
          return (...args: unknown[]) => wrap(fn.apply(obj, args) as object);
        if (prop === "set") {
          return (...args: unknown[]) => {
            written.push(String(args[0]));
            return fn.apply(obj, args);
          };
        }
        if (prop === "eval") {
          return (...args: unknown[]) => {
            if (String(args[0]).includes("'SET', KEYS[1]")) written.push(...(args[1] as string[]));
            return fn.apply(obj, args);
          };
        }
        return fn.bind(obj);
      },
    });
  return { ...store, redis: wrap(store.redis) };
}

let h: JobHarness;
beforeAll(async () => {
  h = await startJobHarness({ types: [steps] });
});
afterAll(() => h.close());

describe("job record writes", () => {
  it("one write of the record per delivery (plus one when the job is created)", async () => {
    const written: string[] = [];
    h.rt.store = recordingWrites(h.store, written);
    const { job } = await startJob(h.rt, "five-steps", {}, "manual");
    const done = await h.settled(job.id);
    expect(done.status).toBe("completed");
    expect(done.attempts).toBe(5);
    const recordWrites = written.filter((key) => key === h.store.keys.job(job.id)).length;
    console.info(
      `[jobs] record writes: ${recordWrites} for ${done.attempts} deliveries (1 at creation + ${recordWrites - 1})`,
    );
    expect(recordWrites).toBe(1 + done.attempts);
  });
});
