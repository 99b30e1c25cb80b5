/**
 * The sync engine wired to the local emulators with their public dev credentials, and nothing else (no
 * QStash, no emulator code): light enough for the child processes that tests kill and benchmarks measure.
 */
import { DEV_DEFAULTS } from "../../dev/defaults";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { silentLogger } from "@/lib/log";
import { NotionApi, type NotionApiOptions } from "@/lib/notion/api";
import { createStore } from "@/lib/store/redis";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";

/** A Notion client on the emulator: throttle opened up (the emulator rate-limits only when asked). */
export function emulatorApi(apiUrl: string, options: Partial<NotionApiOptions> = {}): NotionApi {
  return new NotionApi({
    token: DEV_DEFAULTS.notionToken,
    apiUrl,
    ratePerSecond: 1000,
    burst: 1000,
    concurrency: 8,
    timeoutMs: 5_000,
    ...options,
  });
}

export interface EmulatorEngineTarget {
  kvUrl: string;
  prefix: string;
  notionUrl: string;
  rootId: string;
  stepBudgetMs: number;
  lockMarginMs?: number;
  api?: Partial<NotionApiOptions>;
  /** The store's retries of a failed request (0: a test sees every failure). */
  storeRetries?: number;
}

export function emulatorRuntime(target: EmulatorEngineTarget): { runtime: JobRuntime; api: NotionApi } {
  const store = createStore({
    url: target.kvUrl,
    token: DEV_DEFAULTS.kvToken,
    prefix: target.prefix,
    retries: target.storeRetries ?? 0,
  });
  const api = emulatorApi(target.notionUrl, target.api);
  const runtime: JobRuntime = {
    store,
    types: { [SYNC_JOB]: createSyncJobType({ store, api, rootPageId: target.rootId }) },
    stepBudgetMs: target.stepBudgetMs,
    ...(target.lockMarginMs !== undefined ? { lockMarginMs: target.lockMarginMs } : {}),
    log: silentLogger,
  };
  return { runtime, api };
}
