import { z } from "zod";

/**
 * The one validated view of the environment. Each section is read on demand, so a page that only reads
 * the cache does not fail because QStash is not configured; a missing or malformed variable is a
 * `ConfigError` that names the variable and how to fix it. Secret values are never put in messages.
 */

type Env = Record<string, string | undefined>;

export type ConfigErrorCode = "config_missing" | "config_invalid";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly code: ConfigErrorCode,
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

const LOCAL_HINT = {
  notion: "or run `npm run dev` to use the local Notion emulator",
  qstash: "or run `npm run dev` to use the local QStash",
  kv: "or run `npm run dev` to use the local KV emulator",
  secret: "or run `npm run dev`, which sets a documented dev secret",
  app: "or run `npm run dev`, which sets it to http://127.0.0.1:3000",
} as const;

/** The first non-empty value among the accepted names, with the name it came from. */
function pick(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function required(env: Env, names: readonly string[], hint: string): { name: string; value: string } {
  const found = pick(env, names);
  if (found) return found;
  const [first, ...rest] = names;
  const also = rest.length ? ` (${rest.join(" or ")} is accepted too)` : "";
  throw new ConfigError("config_missing", first!, `Missing ${first}${also}: set it in .env.local, ${hint}.`);
}

function parse<T>(schema: z.ZodType<T>, found: { name: string; value: string }, expected: string): T {
  const result = schema.safeParse(found.value);
  if (result.success) return result.data;
  throw new ConfigError("config_invalid", found.name, `Invalid ${found.name}: expected ${expected}.`);
}

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u))
  .transform((u) => u.replace(/\/+$/, ""));

const notionId = z
  .string()
  .transform((s) => s.replace(/-/g, "").toLowerCase())
  .refine((s) => /^[0-9a-f]{32}$/.test(s))
  .transform(
    (s) => `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`,
  );

function optionalNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const found = pick(env, [name]);
  if (!found) return fallback;
  const schema = z.coerce.number().min(min).max(max);
  return parse(schema, found, `a number between ${min} and ${max}`);
}

export interface NotionConfig {
  token: string;
  apiUrl: string;
  rootPageId: string;
  /** Average requests per second allowed by Notion (3 for a real integration). */
  ratePerSecond: number;
  /** Requests that may be sent at once after an idle period. */
  burst: number;
  /** Requests in flight at once. */
  concurrency: number;
  timeoutMs: number;
  /** The `Notion-Version` every request sends (unset: the first of NOTION_API_VERSIONS). */
  apiVersion?: NotionApiVersion;
}

/** API versions the engine reads (the SDK's default first). */
export const NOTION_API_VERSIONS = ["2025-09-03", "2026-03-11"] as const;
export type NotionApiVersion = (typeof NOTION_API_VERSIONS)[number];

export function notionConfig(env: Env = process.env): NotionConfig {
  const token = required(env, ["NOTION_TOKEN"], LOCAL_HINT.notion).value;
  const apiUrlFound = pick(env, ["NOTION_API_URL"]);
  const apiUrl = apiUrlFound ? parse(httpUrl, apiUrlFound, "an http(s) URL") : "https://api.notion.com";
  const root = required(env, ["NOTION_ROOT_PAGE_ID"], LOCAL_HINT.notion);
  const rootPageId = parse(notionId, root, "a Notion page id (32 hex digits, dashes optional)");
  return {
    token,
    apiUrl,
    rootPageId,
    ratePerSecond: optionalNumber(env, "NOTION_RATE_LIMIT", 3, 0.1, 1000),
    // Notion's documented burst; the throttle learns the real allowance from the server's answers.
    burst: optionalNumber(env, "NOTION_RATE_BURST", 10, 1, 1000),
    concurrency: optionalNumber(env, "NOTION_CONCURRENCY", 6, 1, 64),
    timeoutMs: optionalNumber(env, "NOTION_TIMEOUT_MS", 10_000, 100, 120_000),
    apiVersion: notionApiVersion(env),
  };
}

/** How many Notion calls readers may cause (/api/files lookups), so they never starve a sync. */
export interface ReaderBudget {
  /** Calls per window for all readers together, across every instance (counted in Redis). */
  calls: number;
  windowMs: number;
}

/**
 * FILES_NOTION_SHARE (default 0.1, at most 0.5) of NOTION_RATE_LIMIT, counted over 10-second windows:
 * 3 calls per 10 s at Notion's 3 req/s.
 */
export function readerBudget(env: Env = process.env): ReaderBudget {
  const share = optionalNumber(env, "FILES_NOTION_SHARE", 0.1, 0, 0.5);
  const rate = optionalNumber(env, "NOTION_RATE_LIMIT", 3, 0.1, 1000);
  const windowMs = 10_000;
  return { calls: Math.floor(share * rate * (windowMs / 1000)), windowMs };
}

function notionApiVersion(env: Env): NotionApiVersion {
  const found = pick(env, ["NOTION_API_VERSION"]);
  if (!found) return NOTION_API_VERSIONS[0];
  return parse(
    z.enum(NOTION_API_VERSIONS),
    found,
    `one of ${NOTION_API_VERSIONS.join(", ")} (or leave it unset)`,
  );
}

export interface KvConfig {
  url: string;
  token: string;
  /** Prefix of every key the app writes, so one database can hold several sites or test runs. */
  prefix: string;
}

export function kvConfig(env: Env = process.env): KvConfig {
  const url = parse(
    httpUrl,
    required(env, ["KV_REST_API_URL", "UPSTASH_REDIS_REST_URL"], LOCAL_HINT.kv),
    "an http(s) URL",
  );
  const token = required(env, ["KV_REST_API_TOKEN", "UPSTASH_REDIS_REST_TOKEN"], LOCAL_HINT.kv).value;
  const prefixFound = pick(env, ["KV_PREFIX"]);
  const prefix = prefixFound
    ? parse(z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/), prefixFound, "letters, digits, ':', '_' or '-'")
    : "ns";
  return { url, token, prefix };
}

export interface QStashConfig {
  url: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Retries QStash makes for a failed step before the message goes to the DLQ. */
  retries: number;
}

export function qstashConfig(env: Env = process.env): QStashConfig {
  const urlFound = pick(env, ["QSTASH_URL"]);
  return {
    url: urlFound ? parse(httpUrl, urlFound, "an http(s) URL") : "https://qstash.upstash.io",
    token: required(env, ["QSTASH_TOKEN"], LOCAL_HINT.qstash).value,
    currentSigningKey: required(env, ["QSTASH_CURRENT_SIGNING_KEY"], LOCAL_HINT.qstash).value,
    nextSigningKey: required(env, ["QSTASH_NEXT_SIGNING_KEY"], LOCAL_HINT.qstash).value,
    retries: optionalNumber(env, "SYNC_STEP_RETRIES", 3, 0, 10),
  };
}

/** Every secret accepted for the trigger, status and dashboard (SYNC_SECRET and CRON_SECRET both work). */
export function syncSecrets(env: Env = process.env): string[] {
  const secrets = ["SYNC_SECRET", "CRON_SECRET"]
    .map((name) => ({ name, value: env[name]?.trim() }))
    .filter((s): s is { name: string; value: string } => Boolean(s.value));
  if (secrets.length === 0) {
    required(env, ["SYNC_SECRET", "CRON_SECRET"], LOCAL_HINT.secret);
  }
  for (const s of secrets) {
    if (s.value.length < 16) {
      throw new ConfigError(
        "config_invalid",
        s.name,
        `Invalid ${s.name}: use at least 16 characters (e.g. \`openssl rand -hex 32\`).`,
      );
    }
  }
  return secrets.map((s) => s.value);
}

/** Public base URL of the app, used to build worker and callback URLs. */
export function appUrl(env: Env = process.env): string {
  const found = pick(env, ["APP_URL", "NEXT_PUBLIC_SITE_URL", "VERCEL_PROJECT_PRODUCTION_URL"]);
  if (!found) return parse(httpUrl, required(env, ["APP_URL", "NEXT_PUBLIC_SITE_URL"], LOCAL_HINT.app), "");
  const value = /^https?:\/\//.test(found.value) ? found.value : `https://${found.value}`;
  return parse(httpUrl, { name: found.name, value }, "an http(s) URL such as https://example.com");
}

export interface SyncTuning {
  /** Time one worker step may use: the route's maxDuration minus a safety margin. */
  stepBudgetMs: number;
  /** How long the step lock outlives the budget, so a worker killed mid-step frees the lock soon after. */
  lockMarginMs: number;
  /** Time `GET /api/sync` runs in-process before handing the rest to QStash; unset: the route's own. */
  legacyBudgetMs: number | undefined;
  notifyUrl: string | undefined;
  webhookSecret: string | undefined;
}

/**
 * The worker route's `maxDuration` in seconds. Next needs the route's export to be a literal, so it is
 * written there too (src/app/api/sync/worker/route.ts) and in vercel.json; a test keeps the three equal.
 * 300 s is Vercel Hobby's ceiling; on Pro (800 s) raise all three and SYNC_STEP_BUDGET_MS.
 */
export const WORKER_MAX_DURATION_S = 300;
/** What a step leaves of maxDuration for the call in flight (NOTION_TIMEOUT_MS), checkpoint and reply. */
export const STEP_MARGIN_MS = 60_000;
export const DEFAULT_STEP_BUDGET_MS = WORKER_MAX_DURATION_S * 1000 - STEP_MARGIN_MS;

export function syncTuning(env: Env = process.env): SyncTuning {
  const notify = pick(env, ["SYNC_NOTIFY_URL"]);
  return {
    stepBudgetMs: optionalNumber(env, "SYNC_STEP_BUDGET_MS", DEFAULT_STEP_BUDGET_MS, 200, 780_000),
    lockMarginMs: optionalNumber(env, "SYNC_LOCK_MARGIN_MS", 30_000, 100, 600_000),
    legacyBudgetMs: pick(env, ["SYNC_LEGACY_BUDGET_MS"])
      ? optionalNumber(env, "SYNC_LEGACY_BUDGET_MS", 0, 200, 780_000)
      : undefined,
    notifyUrl: notify ? parse(httpUrl, notify, "an http(s) URL") : undefined,
    webhookSecret: pick(env, ["NOTION_WEBHOOK_SECRET"])?.value,
  };
}

/**
 * When an incremental sync walks the whole workspace instead of only what search shows changed: search
 * misses trash, moves, unshares and some API edits, and a full walk finds them.
 */
export interface ReconcileTuning {
  /** Hours between full walks; 0: never by time. */
  everyHours: number;
  /** Change-only syncs between full walks; 0: never by count. */
  everySyncs: number;
}

export function reconcileTuning(env: Env = process.env): ReconcileTuning {
  return {
    everyHours: optionalNumber(env, "SYNC_RECONCILE_HOURS", 24, 0, 24 * 365),
    everySyncs: Math.floor(optionalNumber(env, "SYNC_RECONCILE_EVERY_SYNCS", 0, 0, 1_000_000)),
  };
}

/** Which row properties decide whether a database row is public (docs/site.md, "Publishing rules"). */
export interface PublishingRules {
  /** A checkbox: unchecked means draft. */
  publishedProperty: string;
  /** A status or select: a value outside `publishedStatuses` means draft. */
  statusProperty: string;
  publishedStatuses: string[];
  /** A date: a start in the future means scheduled (a draft until then). */
  publishDateProperty: string;
  /** A text property whose value, when set, is the row's URL segment instead of its title. */
  slugProperty: string;
}

const propertyName = z.string().min(1).max(100);

function optionalName(env: Env, name: string, fallback: string): string {
  const found = pick(env, [name]);
  return found ? parse(propertyName, found, "a Notion property name (1 to 100 characters)") : fallback;
}

export function publishingRules(env: Env = process.env): PublishingRules {
  const statuses = pick(env, ["PUBLISH_STATUS_VALUES"]);
  return {
    publishedProperty: optionalName(env, "PUBLISH_CHECKBOX_PROPERTY", "Published"),
    statusProperty: optionalName(env, "PUBLISH_STATUS_PROPERTY", "Status"),
    publishedStatuses: statuses
      ? parse(
          z
            .string()
            .transform((s) =>
              s
                .split(",")
                .map((v) => v.trim())
                .filter(Boolean),
            )
            .refine((list) => list.length > 0),
          statuses,
          'a comma-separated list of status values, e.g. "Published,Done,Live"',
        )
      : ["Published", "Done", "Live"],
    publishDateProperty: optionalName(env, "PUBLISH_DATE_PROPERTY", "Publish date"),
    slugProperty: optionalName(env, "SLUG_PROPERTY", "Slug"),
  };
}

/** Tests only (SYNC_CLOCK_OFFSET_MS): the sync's clock, shifted so scheduled rows can come due at once. */
export function syncClock(env: Env = process.env): () => number {
  const offset = optionalNumber(env, "SYNC_CLOCK_OFFSET_MS", 0, -1e13, 1e13);
  return offset === 0 ? Date.now : () => Date.now() + offset;
}

/** Site search (docs/search.md): how many searches one client may make per window. */
export interface SearchConfig {
  rateLimit: number;
  rateWindowSeconds: number;
}

export function searchConfig(env: Env = process.env): SearchConfig {
  return {
    rateLimit: optionalNumber(env, "SEARCH_RATE_LIMIT", 60, 1, 100_000),
    rateWindowSeconds: optionalNumber(env, "SEARCH_RATE_WINDOW_SECONDS", 60, 1, 3600),
  };
}
