import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runLocalSync } from "@/lib/cli/local-sync";
import { getJob } from "@/lib/store/jobs";
import { startTestCloud, type TestCloud } from "../helpers/cloud";

let cloud: TestCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
});
afterEach(() => cloud.close());

const noSleep = () => Promise.resolve();

describe("the in-process run behind --local", () => {
  it("retries a failed step from its checkpoint, as QStash would, and completes", async () => {
    // The Notion layer gives up after one retry; the next two search calls fail, so the first step fails.
    cloud.notion.faults.failFor(/\/v1\/search/, 500, { times: 2 });
    const retries: number[] = [];
    const { job } = await runLocalSync({
      params: { mode: "force" },
      runtime: cloud.runtime({ api: cloud.api({ maxRetries: 1 }) }),
      sleep: noSleep,
      onRetry: (attempt) => retries.push(attempt),
    });
    expect(retries).toEqual([1]);
    expect(job.status).toBe("completed");
    expect(job.steps.some((s) => s.outcome === "retry")).toBe(true);
  });

  it("fails the job once its step has failed past the retries", async () => {
    cloud.notion.faults.failFor(/\/v1\/search/, 503);
    const updates: string[] = [];
    const { job } = await runLocalSync({
      params: { mode: "incremental" },
      runtime: cloud.runtime({ api: cloud.api({ maxRetries: 0 }) }),
      sleep: noSleep,
      stepRetries: 2,
      onUpdate: (j) => updates.push(j.status),
    });
    expect(job.status).toBe("failed");
    expect(job.lastError).toMatch(/^Step 1 kept failing: Notion kept failing for search/);
    expect(updates.at(-1)).toBe("failed");
    expect((await getJob(cloud.store, job.id))?.status).toBe("failed");
  });
});
