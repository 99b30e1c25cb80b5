/** The engine in-process on the emulators (as tests/helpers/cloud.ts builds it), plus timed syncs. */
import { enqueueJob } from "@/lib/jobs/lifecycle";
import { runInline } from "@/lib/jobs/step-runner";
import type { JobRecord } from "@/lib/jobs/types";
import type { NotionApi } from "@/lib/notion/api";
import { SYNC_JOB } from "@/lib/sync/job";
import type { SyncParams } from "@/lib/sync/types";
import type { RequestCounts } from "../dev/notion";
import { ENGINE_BURST, ENGINE_CONCURRENCY, SCALED_RATE, TIME_SCALE } from "./config";
import { startTestCloud, type TestCloud } from "../tests/helpers/cloud";

export type { TestCloud as BenchCloud } from "../tests/helpers/cloud";

/**
 * The test cloud, with the app's Redis retries: a run of half an hour must not end on one keep-alive
 * connection the KV emulator closed as the client reused it (the 100,000-page incremental run did).
 */
export function startBenchCloud(
  notionOptions: Parameters<typeof startTestCloud>[0] = {},
  client: Parameters<typeof startTestCloud>[1] = {},
): Promise<TestCloud> {
  return startTestCloud(notionOptions, client, { storeRetries: 2 });
}

/**
 * A fetch whose `Retry-After` is divided by the time scale: Notion's "1" (second) becomes "0.1", the
 * same wait in bench time. Our client reads fractional seconds; the SDK's own retry (peers) cannot, so
 * peers get the same scaling through `maxRetryDelayMs` instead (see peers/).
 */
export function scaledRetryAfterFetch(scale = TIME_SCALE): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const raw = response.headers.get("retry-after");
    if (raw === null || !Number.isFinite(Number(raw))) return response;
    const headers = new Headers(response.headers);
    headers.set("retry-after", String(Number(raw) / scale));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** Our client as shipped (burst, concurrency), at the scaled Notion rate unless told otherwise. */
export function engineApi(cloud: TestCloud, ratePerSecond = SCALED_RATE): NotionApi {
  return cloud.api({
    ratePerSecond,
    burst: ENGINE_BURST,
    concurrency: ENGINE_CONCURRENCY,
    timeoutMs: 20_000,
    fetch: scaledRetryAfterFetch(),
  });
}

export interface TimedSync {
  job: JobRecord;
  wallMs: number;
  counts: RequestCounts;
}

/** One whole sync in this process (enqueue + inline steps), timed from enqueue to the end of the job. */
export async function timedSync(
  cloud: TestCloud,
  api: NotionApi,
  params: SyncParams = { mode: "incremental" },
): Promise<TimedSync> {
  cloud.notion.requests.reset();
  const rt = cloud.runtime({ api, stepBudgetMs: 30 * 60_000 });
  const started = performance.now();
  const { job } = await enqueueJob(rt, { type: SYNC_JOB, params, source: "cli" });
  // A deadline for a broken run only: a 100,000-page sync on a loaded 2-core machine takes over 30 minutes.
  const done = await runInline(rt, job.id, { maxMs: 4 * 3600_000 });
  const wallMs = performance.now() - started;
  if (done.job.status !== "completed") {
    throw new Error(
      `sync ended ${done.job.status}: ${done.job.lastError ?? JSON.stringify(done.job.errors)}`,
    );
  }
  return { job: done.job, wallMs, counts: cloud.notion.requests.counts() };
}
