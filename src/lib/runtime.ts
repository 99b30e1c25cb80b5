import { notionConfig, syncClock, syncTuning } from "./config";
import type { JobRuntime } from "./jobs/runtime";
import { createLogger, type Logger } from "./log";
import type { OnPublished } from "./sync/publish-hook";
import { NotionApi } from "./notion/api";
import { getQueue } from "./queue/qstash";
import { siteBaseUrl } from "./site/site-url";
import { notionPauseStore } from "./store/notion-pause";
import { SEARCH_INDEX_JOB } from "./search/index-job";
import { createSearchIndexJobType, startSearchIndexing } from "./search/index-job-type";
import { getStore, type Store } from "./store/redis";
import { createSyncJobType, SYNC_JOB } from "./sync/job";

/**
 * The runtime the app runs jobs with, built from the environment: the cache, QStash, Notion and the
 * sync job type. `local: true` leaves QStash out (in-process runs: the CLI's --local, benchmarks).
 */
export function createRuntimeFromEnv({
  local = false,
  log = createLogger(),
  onPublished = local ? revalidateRunningApp : revalidateInProcess,
}: { local?: boolean; log?: Logger; onPublished?: OnPublished } = {}) {
  const notion = notionConfig();
  const tuning = syncTuning();
  const store = getStore();
  // The app shares one client (one throttle) between its steps and readers' file lookups.
  const api = local ? notionApiFromEnv(store) : getNotionApi();
  const runtime: JobRuntime = {
    store,
    ...(local ? {} : { queue: getQueue() }),
    types: {
      [SYNC_JOB]: createSyncJobType({
        store,
        api,
        rootPageId: notion.rootPageId,
        // Judges publish dates (and stamps the watermark); tests shift it with SYNC_CLOCK_OFFSET_MS.
        now: syncClock(),
        onPublished: async (tags, generation) => {
          try {
            await onPublished(tags, generation);
          } finally {
            await indexAfterPublish(runtime, log);
          }
        },
      }),
      [SEARCH_INDEX_JOB]: createSearchIndexJobType({ store }),
    },
    stepBudgetMs: tuning.stepBudgetMs,
    lockMarginMs: tuning.lockMarginMs,
    notifyUrl: tuning.notifyUrl,
    log,
  };
  return runtime;
}

/** Each publish starts the search index job (docs/search.md); a failure to start it never fails the sync. */
async function indexAfterPublish(runtime: JobRuntime, log: Logger): Promise<void> {
  try {
    await startSearchIndexing(runtime, "publish");
  } catch (error) {
    log.warn("search_index_not_started", { error: error instanceof Error ? error.message : String(error) });
  }
}

/** In the app (worker, legacy sync): invalidate the changed pages in this process's cache. */
const revalidateInProcess: OnPublished = async (tags, generation) => {
  const { revalidateSiteTags } = await import("./site/revalidation");
  revalidateSiteTags(tags, generation);
};

/** Outside the app (`npm run sync -- --local`): ask the running app to; if it is not running, say so. */
const revalidateRunningApp: OnPublished = async (tags, generation) => {
  const { revalidateRemotely } = await import("./site/remote-revalidation");
  const secret = process.env.SYNC_SECRET ?? process.env.CRON_SECRET ?? "";
  const result = await revalidateRemotely({ appUrl: siteBaseUrl(), secret, tags, generation });
  if (!result.ok) {
    console.warn(
      `Published, but the site's cache was not refreshed: ${result.reason}. The app refreshes it when it starts.`,
    );
  }
};

/** A Notion client from the environment: one throttle, one rate budget, shared pauses in Redis. */
function notionApiFromEnv(store: Store): NotionApi {
  const notion = notionConfig();
  return new NotionApi({
    token: notion.token,
    apiUrl: notion.apiUrl,
    ratePerSecond: notion.ratePerSecond,
    burst: notion.burst,
    concurrency: notion.concurrency,
    timeoutMs: notion.timeoutMs,
    notionVersion: notion.apiVersion,
    sharedPause: notionPauseStore(store),
  });
}

let processApi: NotionApi | undefined;

/** The app process's Notion client: the sync's steps and /api/files lookups share its rate budget. */
export function getNotionApi(): NotionApi {
  processApi ??= notionApiFromEnv(getStore());
  return processApi;
}

let shared: JobRuntime | undefined;

/** One runtime per server process, so the Notion throttle is shared by every request it serves. */
export function getRuntime(): JobRuntime {
  shared ??= createRuntimeFromEnv();
  return shared;
}
