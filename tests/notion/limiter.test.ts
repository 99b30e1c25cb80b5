/**
 * The client's limiter against the emulator's two server models, the workspace limit and overload.
 * Limits are compressed (windows of a second, not a minute) or driven by the emulator's clock, so
 * nothing here waits real minutes; wall-clock figures live in `npm run bench`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DeadlineReachedError } from "@/lib/jobs/errors";
import { notionPauseStore } from "@/lib/store/notion-pause";
import { startTestCloud, type TestCloud } from "../helpers/cloud";

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ rateLimit: true, retryAfterPrecision: 3 });
});
afterAll(() => cloud.close());
afterEach(() => {
  cloud.notion.reset();
  cloud.notion.setRate({ model: "bucket", workspace: null, retryAfterPrecision: 3 });
});

/** `n` page reads fired at once: the caller is as bursty as a sync's walk can be. */
async function burstOfReads(api: ReturnType<TestCloud["api"]>, n: number) {
  cloud.notion.requests.reset();
  const pages = await Promise.all(Array.from({ length: n }, () => api.retrievePage(cloud.notion.rootPageId)));
  return { pages, counts: cloud.notion.requests.counts() };
}

describe("token-bucket server", () => {
  it("a bursty run at the server's rate and burst is almost never refused", async () => {
    cloud.notion.setRate({ model: "bucket", rate: 40, burst: 10 });
    const api = cloud.api({ ratePerSecond: 40, burst: 10, concurrency: 6 });
    const { pages, counts } = await burstOfReads(api, 400);
    expect(pages).toHaveLength(400);
    expect(counts.ok).toBe(400);
    expect(counts.rateLimited / counts.total).toBeLessThanOrEqual(0.01);
  });

  it("learns a smaller burst than it was told, after one volley of refusals", async () => {
    cloud.notion.setRate({ model: "bucket", rate: 30, burst: 3 });
    const api = cloud.api({ ratePerSecond: 30, burst: 20, concurrency: 6 });
    const { counts } = await burstOfReads(api, 150);
    expect(counts.ok).toBe(150);
    // One volley (at most the calls in flight), not a refusal every time the bucket runs dry.
    expect(counts.rateLimited).toBeGreaterThan(0);
    expect(counts.rateLimited).toBeLessThanOrEqual(12);
  });
});

describe("60-s window server (compressed to 1 s)", () => {
  it("spends each window's budget at once and waits for the next: refused only as a window runs out", async () => {
    cloud.notion.setRate({ model: "window", windowBudget: 180, windowMs: 1_000 });
    // The configured rate is only where it starts: the window's average, 180 per second here.
    const api = cloud.api({ ratePerSecond: 180, burst: 10, concurrency: 6 });
    const { pages, counts } = await burstOfReads(api, 720);
    expect(pages).toHaveLength(720);
    expect(counts.ok).toBe(720);
    // At most four windows run out: the first one's end is found by the calls in flight (six), each
    // later one's by a single call. How often that is in a run (≤ 1 %) is the bench's figure: on a
    // loaded machine a compressed 1-s window ends at other points of the run.
    expect(counts.rateLimited).toBeLessThanOrEqual(6 + 3);
  });

  it("sends one call past a spent budget, not every call in flight: one refusal a window", async () => {
    // Calls take 30 ms and six may be out: a client that let them all go past the budget would have
    // six refused at each window's end.
    cloud.notion.setRate({ model: "window", windowBudget: 100, windowMs: 1_000 });
    cloud.notion.setLatency({ min: 30, max: 30 });
    try {
      const api = cloud.api({ ratePerSecond: 1_000, burst: 10, concurrency: 6 });
      const { counts } = await burstOfReads(api, 400);
      expect(counts.ok).toBe(400);
      // Four windows: the first one's end is found by the calls in flight (at most six, before the
      // client knows the server has windows), each later one's by a single call.
      expect(counts.rateLimited).toBeGreaterThan(0);
      expect(counts.rateLimited).toBeLessThanOrEqual(6 + 3);
    } finally {
      cloud.notion.setLatency(0);
    }
  });
});

describe("workspace limit", () => {
  it("a Retry-After over a minute stops this step and the next one, which sends nothing until it ends", async () => {
    const now = () => cloud.notion.clock.now();
    const sharedPause = notionPauseStore(cloud.store, now);
    const options = { ratePerSecond: 3, burst: 10, concurrency: 6, now, sharedPause };
    cloud.notion.setRate({ retryAfterPrecision: 0 });
    cloud.notion.limitWorkspace(90_000);

    const step1 = cloud.api(options);
    step1.deadline = now() + 5_000;
    await expect(step1.retrievePage(cloud.notion.rootPageId)).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(step1.counters.rateLimited).toBe(1);
    // Longer than the step: the engine hands this wait to QStash as the next step's delay.
    expect(step1.pauseLeftMs()).toBeGreaterThan(60_000);
    expect(await sharedPause.read()).toBeGreaterThan(now() + 60_000);

    // The next step runs in another process: a fresh client, the same Redis.
    cloud.notion.requests.reset();
    const step2 = cloud.api(options);
    step2.deadline = now() + 5_000;
    await expect(step2.retrievePage(cloud.notion.rootPageId)).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(cloud.notion.requests.counts().total).toBe(0);
    expect(step2.pauseLeftMs()).toBeGreaterThan(60_000);

    cloud.notion.clock.advance(90_000);
    const step3 = cloud.api(options);
    step3.deadline = now() + 5_000;
    await expect(step3.retrievePage(cloud.notion.rootPageId)).resolves.toMatchObject({ object: "page" });
    expect(cloud.notion.requests.counts()).toMatchObject({ total: 1, ok: 1 });
  });
});

describe("overload", () => {
  it("survives a 529 storm: everyone backs off, and every call completes once it passes", async () => {
    cloud.notion.setRate({ enabled: false });
    const api = cloud.api({ ratePerSecond: 1000, burst: 1000, concurrency: 6, maxRetries: 2 });
    cloud.notion.faults.storm({ status: 529, durationMs: 1_500, retryAfterSec: 0 });
    const { pages, counts } = await burstOfReads(api, 30);
    expect(pages).toHaveLength(30);
    expect(counts.ok).toBe(30);
    // Backing off together: a handful of refused volleys, not every call hammering the whole storm.
    expect(counts.total - counts.ok).toBeGreaterThan(0);
    expect(counts.total - counts.ok).toBeLessThanOrEqual(6 * 6);
    expect(api.counters.retries).toBe(counts.total - counts.ok);
  });
});
