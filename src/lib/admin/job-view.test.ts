import { describe, expect, it } from "vitest";
import { countersOf, durationOf, modeOf, percentOf, type PublicJob } from "./job-view";
import { formatBytes, formatDuration, formatRelative, formatTime } from "./format";
import { errorText, noticeText } from "./notices";

function job(overrides: Partial<PublicJob> = {}): PublicJob {
  return {
    id: "jabc123",
    type: "notion-sync",
    status: "running",
    source: "dashboard",
    params: { mode: "incremental" },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:05.000Z",
    startedAt: "2025-01-01T00:00:01.000Z",
    step: 1,
    steps: [],
    attempts: 1,
    retries: 0,
    messageIds: [],
    progress: { phase: "walk", done: 5, total: 20, counters: { pagesFetched: 5, extra: 2 } },
    errors: [],
    ...overrides,
  };
}

describe("job view", () => {
  it("describes the mode from the sync params", () => {
    expect(modeOf(job())).toBe("Incremental");
    expect(modeOf(job({ params: { mode: "force" } }))).toBe("Force");
    expect(modeOf(job({ params: { mode: "page", page: "blog/post" } }))).toBe("Page: blog/post");
  });

  it("computes progress, and 100% once completed whatever the counters say", () => {
    expect(percentOf(job())).toBe(25);
    expect(percentOf(job({ progress: { phase: "list", done: 0, total: 0, counters: {} } }))).toBeNull();
    expect(percentOf(job({ status: "completed" }))).toBe(100);
    expect(percentOf(job({ status: "failed" }))).toBe(25);
  });

  it("measures a live job's duration so far and an ended job's final one", () => {
    expect(durationOf(job(), Date.parse("2025-01-01T00:00:04.000Z"))).toBe(3000);
    expect(durationOf(job({ status: "completed", durationMs: 1234 }), 0)).toBe(1234);
    expect(durationOf(job({ status: "failed" }), 0)).toBeNull();
  });

  it("lists known counters in order with zeros, then unknown ones", () => {
    const counters = countersOf(job());
    expect(counters[0]).toEqual({ name: "pagesDiscovered", label: "Pages discovered", value: 0 });
    expect(counters.find((c) => c.name === "pagesFetched")?.value).toBe(5);
    expect(counters.at(-1)).toEqual({ name: "extra", label: "extra", value: 2 });
  });
});

describe("formats and notices", () => {
  it("formats sizes, durations and times", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(85_000)).toBe("83 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatDuration(450)).toBe("450 ms");
    expect(formatDuration(2500)).toBe("2.5 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatTime("2025-01-02T03:04:05.678Z")).toBe("2025-01-02 03:04:05 UTC");
    expect(formatRelative("2025-01-01T00:00:00Z", Date.parse("2025-01-01T00:05:00Z"))).toBe("5 min ago");
    expect(formatRelative("2025-01-02T02:00:00Z", Date.parse("2025-01-01T06:00:00Z"))).toBe("in 20 h");
  });

  it("shows only known notice codes", () => {
    expect(noticeText("coalesced")).toContain("already");
    expect(errorText("wrong-secret")).toContain("not the sync secret");
    expect(noticeText("toString")).toBeNull();
    expect(errorText("<script>")).toBeNull();
    expect(errorText(["wrong-secret"])).toBeNull();
  });
});
