import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { syncNow } from "../helpers/sync";

// Notion's limit scaled ×10 (30 req/s, a 10-request bucket) so the run takes seconds, not minutes;
// the measured rate at the real 3 req/s is in `npm run bench`.
const RATE = 30;
let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ rateLimit: true, rate: RATE, burst: 10, latencyMs: { min: 5, max: 40 } });
});
afterAll(() => cloud.close());

it("never exceeds the rate budget: no 429 over a whole sync", async () => {
  // The engine's defaults: Notion's average rate and a smaller burst than Notion allows.
  const api = cloud.api({ ratePerSecond: RATE, burst: 3, concurrency: 6 });
  const { job } = await syncNow(cloud, { mode: "force" }, { api });
  expect(job.status).toBe("completed");
  expect(job.progress.counters.apiCalls).toBeGreaterThan(40);
  expect(cloud.notion.requests.counts().rateLimited).toBe(0);
  expect(job.progress.counters.rateLimited).toBe(0);
});
