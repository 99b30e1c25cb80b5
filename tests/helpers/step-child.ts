/**
 * Runs a job's steps in a child process so a test can kill it mid-step (SIGKILL: no cleanup at all).
 * Env: KV_URL, KV_PREFIX, NOTION_URL, ROOT_ID, JOB_ID, STEP_BUDGET_MS.
 */
import { DEV_DEFAULTS } from "../../dev/defaults";
import { runInline } from "@/lib/jobs/step-runner";
import { silentLogger } from "@/lib/log";
import { NotionApi } from "@/lib/notion/api";
import { createStore } from "@/lib/store/redis";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`step-child needs ${name}`);
  return value;
};

const store = createStore({
  url: env("KV_URL"),
  token: DEV_DEFAULTS.kvToken,
  prefix: env("KV_PREFIX"),
  retries: 0,
});
const api = new NotionApi({
  token: DEV_DEFAULTS.notionToken,
  apiUrl: env("NOTION_URL"),
  ratePerSecond: 1000,
  burst: 1000,
  concurrency: 8,
  timeoutMs: 5_000,
});
await runInline(
  {
    store,
    types: { [SYNC_JOB]: createSyncJobType({ store, api, rootPageId: env("ROOT_ID") }) },
    stepBudgetMs: Number(env("STEP_BUDGET_MS")),
    lockMarginMs: 500,
    log: silentLogger,
  },
  env("JOB_ID"),
  { maxMs: 120_000 },
);
process.stdout.write("done\n");
