import { notionConfig, syncTuning } from "./config";
import type { JobRuntime } from "./jobs/runtime";
import { createLogger, type Logger } from "./log";
import { NotionApi } from "./notion/api";
import { getQueue } from "./queue/qstash";
import { getStore } from "./store/redis";
import { createSyncJobType, SYNC_JOB } from "./sync/job";

/**
 * The runtime the app runs jobs with, built from the environment: the cache, QStash, Notion and the
 * sync job type. `local: true` leaves QStash out (in-process runs: the CLI's --local, benchmarks).
 */
export function createRuntimeFromEnv({
  local = false,
  log = createLogger(),
}: { local?: boolean; log?: Logger } = {}) {
  const notion = notionConfig();
  const tuning = syncTuning();
  const store = getStore();
  const api = new NotionApi({
    token: notion.token,
    apiUrl: notion.apiUrl,
    ratePerSecond: notion.ratePerSecond,
    burst: notion.burst,
    concurrency: notion.concurrency,
    timeoutMs: notion.timeoutMs,
  });
  const runtime: JobRuntime = {
    store,
    ...(local ? {} : { queue: getQueue() }),
    types: { [SYNC_JOB]: createSyncJobType({ store, api, rootPageId: notion.rootPageId }) },
    stepBudgetMs: tuning.stepBudgetMs,
    lockMarginMs: tuning.lockMarginMs,
    notifyUrl: tuning.notifyUrl,
    log,
  };
  return runtime;
}

let shared: JobRuntime | undefined;

/** One runtime per server process, so the Notion throttle is shared by every request it serves. */
export function getRuntime(): JobRuntime {
  shared ??= createRuntimeFromEnv();
  return shared;
}
