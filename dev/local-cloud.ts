import { mkdirSync } from "node:fs";
import { DEV_DEFAULTS } from "./defaults";
import { startKvEmulator } from "./kv";
import { DEMO_ROOT_PAGE_ID, startNotionEmulator } from "./notion";
import { startQStashEmulator } from "./qstash";

type Env = Record<string, string | undefined>;

export interface LocalService {
  name: "QStash" | "KV" | "Notion";
  /** "local" when this process started an emulator for it, else the user's real service. */
  kind: "local" | "real";
  url: string;
  close(): Promise<void>;
}

export interface LocalCloud {
  services: LocalService[];
  /** The environment the app runs with: the user's own values win, emulators fill the gaps. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const isLocal = (url: string | undefined) =>
  !url || /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);

/**
 * Start an emulator for every service the environment does not point at a real one, and return the
 * wired environment. Real services are used as soon as their credentials are set (e.g. NOTION_TOKEN).
 */
export async function startLocalCloud(userEnv: Env, options: { dataDir?: string; quiet?: boolean } = {}) {
  const dataDir = options.dataDir ?? DEV_DEFAULTS.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const host = DEV_DEFAULTS.host;
  const services: LocalService[] = [];
  const env: Record<string, string> = {};
  const quiet = { info() {}, warn: (msg: string, data?: object) => console.warn(`  ${msg}`, data ?? "") };

  if (userEnv.QSTASH_TOKEN && !isLocal(userEnv.QSTASH_URL)) {
    services.push({
      name: "QStash",
      kind: "real",
      url: userEnv.QSTASH_URL ?? "https://qstash.upstash.io",
      close: async () => {},
    });
  } else {
    const q = await startQStashEmulator({
      port: Number(userEnv.QSTASH_PORT ?? DEV_DEFAULTS.qstashPort),
      host,
      dataDir,
      logger: quiet,
    });
    services.push({ name: "QStash", kind: "local", url: q.url, close: () => q.close() });
    Object.assign(env, {
      QSTASH_URL: q.url,
      QSTASH_TOKEN: q.token,
      QSTASH_CURRENT_SIGNING_KEY: q.currentSigningKey,
      QSTASH_NEXT_SIGNING_KEY: q.nextSigningKey,
    });
  }

  const kvUrl = userEnv.KV_REST_API_URL ?? userEnv.UPSTASH_REDIS_REST_URL;
  if (kvUrl && !isLocal(kvUrl)) {
    services.push({ name: "KV", kind: "real", url: kvUrl, close: async () => {} });
  } else {
    const kv = await startKvEmulator({
      port: Number(userEnv.KV_PORT ?? DEV_DEFAULTS.kvPort),
      host,
      dataDir,
      ...(userEnv.REDIS_URL ? { redisUrl: userEnv.REDIS_URL } : {}),
      logger: quiet,
    });
    services.push({ name: "KV", kind: "local", url: `${kv.url} (${kv.backend})`, close: () => kv.close() });
    Object.assign(env, { KV_REST_API_URL: kv.url, KV_REST_API_TOKEN: kv.token });
  }

  if (userEnv.NOTION_TOKEN && !isLocal(userEnv.NOTION_API_URL ?? "https://api.notion.com")) {
    services.push({
      name: "Notion",
      kind: "real",
      url: userEnv.NOTION_API_URL ?? "https://api.notion.com",
      close: async () => {},
    });
  } else {
    const notion = await startNotionEmulator({
      port: Number(userEnv.NOTION_PORT ?? DEV_DEFAULTS.notionPort),
      host,
    });
    services.push({ name: "Notion", kind: "local", url: notion.url, close: () => notion.close() });
    Object.assign(env, {
      NOTION_API_URL: notion.url,
      NOTION_TOKEN: DEV_DEFAULTS.notionToken,
      NOTION_ROOT_PAGE_ID: DEMO_ROOT_PAGE_ID,
    });
  }

  const appPort = Number(userEnv.PORT ?? DEV_DEFAULTS.appPort);
  const defaults: Record<string, string> = {
    SYNC_SECRET: DEV_DEFAULTS.syncSecret,
    APP_URL: `http://${host}:${appPort}`,
    NOTION_WEBHOOK_SECRET: DEV_DEFAULTS.notionWebhookSecret,
  };
  for (const [key, value] of Object.entries({ ...defaults, ...env })) {
    // The user's own settings win over the local defaults.
    if (!userEnv[key]) env[key] = value;
    else delete env[key];
  }
  return {
    services,
    env,
    async close() {
      await Promise.allSettled(services.map((s) => s.close()));
    },
  } satisfies LocalCloud;
}
