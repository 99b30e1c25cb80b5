import { randomBytes } from "node:crypto";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { startNotionEmulator, type NotionEmulator, type NotionEmulatorOptions } from "../../dev/notion";
import { DEV_DEFAULTS } from "../../dev/defaults";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { silentLogger, type Logger } from "@/lib/log";
import type { NotionApi, NotionApiOptions } from "@/lib/notion/api";
import type { Queue } from "@/lib/queue/qstash";
import { createStore, type Store } from "@/lib/store/redis";
import type { SyncDeps } from "@/lib/sync/engine";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import { emulatorApi } from "./emulator-engine";

/** Every key under the store's prefix (a test's own), sorted. */
export async function keysOf(store: Store, pattern = "*"): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await store.redis.scan(cursor, {
      match: `${store.keys.prefix}:${pattern}`,
      count: 1000,
    });
    out.push(...keys);
    cursor = String(next);
  } while (cursor !== "0");
  return out.sort();
}

/** Delete every key under the store's prefix: a test cleaning up after itself. */
export async function dropKeys(store: Store): Promise<void> {
  const keys = await keysOf(store);
  for (let i = 0; i < keys.length; i += 500) await store.redis.del(...keys.slice(i, i + 500));
}

/** Redis behind the KV emulator in tests: the machine's real Redis (CI starts one). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface RuntimeOptions {
  api?: NotionApi;
  queue?: Queue;
  stepBudgetMs?: number;
  lockMarginMs?: number;
  log?: Logger;
  notifyUrl?: string;
}

export interface TestCloud {
  notion: NotionEmulator;
  kv: KvEmulator;
  store: Store;
  prefix: string;
  /** A Notion API client on the emulator (fresh throttle each call). */
  api(options?: Partial<NotionApiOptions>): NotionApi;
  deps(api?: NotionApi): SyncDeps;
  runtime(options?: RuntimeOptions): JobRuntime;
  close(): Promise<void>;
}

/**
 * Notion + KV emulators on port 0, a unique key prefix, and helpers to build the engine on them;
 * `client` sets defaults of every Notion client the cloud builds (the API version, say).
 */
export async function startTestCloud(
  notionOptions: NotionEmulatorOptions = {},
  client: Partial<NotionApiOptions> = {},
  /** SDK retries on a dropped connection: none in tests (outages fail fast), the app's 2 in benches. */
  { storeRetries = 0 }: { storeRetries?: number } = {},
): Promise<TestCloud> {
  const notion = await startNotionEmulator({ port: 0, rateLimit: false, ...notionOptions });
  const kv = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const store = createStore({ url: kv.url, token: DEV_DEFAULTS.kvToken, prefix, retries: storeRetries });
  const api = (options: Partial<NotionApiOptions> = {}) => emulatorApi(notion.url, { ...client, ...options });
  const deps = (a?: NotionApi): SyncDeps => ({
    store,
    api: a ?? api(),
    rootPageId: notion.rootPageId,
    now: () => notion.clock.now(),
  });
  return {
    notion,
    kv,
    store,
    prefix,
    api,
    deps,
    runtime: (o = {}) => ({
      store,
      ...(o.queue ? { queue: o.queue } : {}),
      types: { [SYNC_JOB]: createSyncJobType(deps(o.api)) },
      stepBudgetMs: o.stepBudgetMs ?? 30_000,
      lockMarginMs: o.lockMarginMs ?? 1_000,
      notifyUrl: o.notifyUrl,
      log: o.log ?? silentLogger,
    }),
    async close() {
      await dropKeys(store);
      await notion.close();
      await kv.close();
    },
  };
}
