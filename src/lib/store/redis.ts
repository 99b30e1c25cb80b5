import { Redis } from "@upstash/redis";
import { isConfigError, kvConfig, type KvConfig } from "../config";
import { keysFor, type Keys } from "./keys";
import { guardStoreErrors } from "./unreachable";

/** A Redis connection (Upstash REST) plus the key layout of one prefix. */
export interface Store {
  /**
   * Private to src/lib/store (ESLint refuses `.redis` anywhere else in src/): other modules call the
   * named operations this folder exports (`saveJob`, `readCurrentGeneration`, `claimWebhookWindow`, …).
   */
  readonly redis: Redis;
  keys: Keys;
  /** Size of the batches large indexes are written in (manifest-chunks.ts); tests set a small one. */
  limits?: { batchBytes?: number };
}

export interface StoreOptions extends KvConfig {
  /** SDK retries on network errors; the worker relies on QStash retries instead, so keep this small. */
  retries?: number;
}

export function createStore(options: StoreOptions): Store {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    retry: { retries: options.retries ?? 2, backoff: (n) => Math.min(1000, 50 * 2 ** n) },
    enableTelemetry: false,
    // Large JSON bundles are stored as strings and parsed by us, so values keep their exact shape.
    automaticDeserialization: false,
  });
  return { redis: guardStoreErrors(redis), keys: keysFor(options.prefix) };
}

let defaultStore: Store | undefined;

/** The store configured by the environment (KV_REST_API_* or UPSTASH_REDIS_REST_*), created once. */
export function getStore(): Store {
  defaultStore ??= createStore(kvConfig());
  return defaultStore;
}

/** The configured store, or null when KV is not configured at all (a build without KV_REST_API_*). */
export function configuredStore(): Store | null {
  try {
    return getStore();
  } catch (error) {
    if (isConfigError(error)) return null;
    throw error;
  }
}

/**
 * HGETALL as an object. With automatic deserialisation off (so JSON values stay strings), the SDK
 * returns Redis's flat [field, value, …] array.
 */
export async function hgetallRaw(store: Store, key: string): Promise<Record<string, string>> {
  const raw = (await store.redis.hgetall(key)) as unknown;
  if (!raw) return {};
  if (!Array.isArray(raw)) return raw as Record<string, string>;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = String(raw[i + 1]);
  return out;
}

/** HMGET as an array of values (null where a field is absent), whatever the SDK's deserialisation. */
export async function hmgetRaw(store: Store, key: string, fields: string[]): Promise<(string | null)[]> {
  const raw = (await store.redis.hmget(key, ...fields)) as unknown;
  if (Array.isArray(raw)) return raw as (string | null)[];
  const record = (raw ?? {}) as Record<string, string | null>;
  return fields.map((f) => record[f] ?? null);
}

/**
 * A view of `store` that counts the Redis commands sent through it (pipelined ones included), for the
 * job's `kvCommands` counter. The connection and keys are shared; only the counting is separate.
 */
export function countingStore(store: Store): { store: Store; commands: () => number } {
  let commands = 0;
  const count = <T extends object>(target: T, nested: boolean): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (prop === "pipeline" || prop === "multi") return count(result as object, true);
          if (prop !== "exec") commands++;
          return nested && result === obj ? (receiver as unknown) : result;
        };
      },
    });
  return { store: { ...store, redis: count(store.redis, false) }, commands: () => commands };
}
