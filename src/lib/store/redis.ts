import { Redis } from "@upstash/redis";
import { kvConfig, type KvConfig } from "../config";
import { keysFor, type Keys } from "./keys";

/** A Redis connection (Upstash REST) plus the key layout of one prefix. */
export interface Store {
  redis: Redis;
  keys: Keys;
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
  return { redis, keys: keysFor(options.prefix) };
}

let defaultStore: Store | undefined;

/** The store configured by the environment (KV_REST_API_* or UPSTASH_REDIS_REST_*), created once. */
export function getStore(): Store {
  defaultStore ??= createStore(kvConfig());
  return defaultStore;
}
