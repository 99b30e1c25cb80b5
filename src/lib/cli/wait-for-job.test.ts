import { describe, expect, it } from "vitest";
import { CliError } from "./exit-codes";
import type { JobView } from "./job-view";
import { waitForJob } from "./wait-for-job";

function view(status: JobView["status"], done = 0): JobView {
  return { id: "j1", status, progress: { phase: "walk", done, total: 10, counters: {} }, errors: [] };
}

/** A poll that answers each item in turn (an Error is thrown), and a clock that sleeping advances. */
function script(items: (JobView | Error)[]) {
  let t = 0;
  let calls = 0;
  return {
    poll: () => {
      const item = items[Math.min(calls++, items.length - 1)]!;
      return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
    },
    now: () => t,
    sleep: (ms: number) => Promise.resolve(void (t += ms)),
    calls: () => calls,
  };
}

describe("waiting for a job", () => {
  it("polls until the job ends and reports every answer", async () => {
    const s = script([view("queued"), view("running", 3), view("completed", 10)]);
    const seen: string[] = [];
    const job = await waitForJob(s.poll, { ...s, onUpdate: (j) => seen.push(j.status) });
    expect(job.status).toBe("completed");
    expect(seen).toEqual(["queued", "running", "completed"]);
  });

  it("rides out a few failed polls (the app restarting)", async () => {
    const down = new CliError("unreachable", "cannot reach the app");
    const s = script([view("running"), down, down, view("completed_with_errors")]);
    expect((await waitForJob(s.poll, s)).status).toBe("completed_with_errors");
  });

  it("gives up when the app stays unreachable", async () => {
    const s = script([view("running"), new CliError("unreachable", "cannot reach the app")]);
    await expect(waitForJob(s.poll, { ...s, maxPollFailures: 3 })).rejects.toMatchObject({
      code: "unreachable",
    });
    expect(s.calls()).toBe(5);
  });

  it("stops at once when the secret is refused", async () => {
    const s = script([new CliError("auth", "the secret was refused")]);
    await expect(waitForJob(s.poll, s)).rejects.toMatchObject({ code: "auth" });
    expect(s.calls()).toBe(1);
  });

  it("is bounded: a job that never ends is given up on after maxWaitMs", async () => {
    const s = script([view("running")]);
    await expect(waitForJob(s.poll, { ...s, intervalMs: 1_000, maxWaitMs: 10_000 })).rejects.toThrow(
      /still running; it goes on in the background/,
    );
    expect(s.calls()).toBeLessThanOrEqual(11);
  });
});
