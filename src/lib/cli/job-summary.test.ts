import { describe, expect, it } from "vitest";
import type { JobView } from "./job-view";
import { summarizeJob } from "./job-summary";

const counters = { pagesWritten: 2, pagesUnchanged: 30, pagesDeleted: 1, pagesFailed: 1, apiCalls: 57 };

function view(overrides: Partial<JobView>): JobView {
  return {
    id: "jabc123456",
    status: "completed",
    durationMs: 12_345,
    progress: { phase: "done", done: 34, total: 34, counters },
    errors: [],
    ...overrides,
  };
}

describe("the summary printed when a job ends", () => {
  it("counts what a completed job did", () => {
    expect(summarizeJob(view({}))).toEqual([
      "completed in 12.3 s: 2 written, 30 unchanged, 1 deleted, 1 failed; 57 Notion calls",
    ]);
  });

  it("lists each failed page and says the site kept its last good version", () => {
    const lines = summarizeJob(
      view({
        status: "completed_with_errors",
        errors: [{ id: "p1", title: "Docs", code: "unavailable", message: "Notion kept failing" }],
      }),
    );
    expect(lines[0]).toMatch(/^completed with errors in 12.3 s/);
    expect(lines[1]).toBe("  - Docs (p1): Notion kept failing [unavailable]");
    expect(lines[2]).toMatch(/keep their last good version/);
  });

  it("gives a failed job's last error and DLQ id", () => {
    const lines = summarizeJob(
      view({ status: "failed", lastError: "Notion refused the token", dlqId: "dlq_1" }),
    );
    expect(lines).toEqual([
      "failed in 12.3 s: Notion refused the token",
      "QStash DLQ id: dlq_1 (inspect or retry it in the QStash console)",
    ]);
  });
});
