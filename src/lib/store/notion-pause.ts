import type { Store } from "./redis";

/**
 * Notion's workspace limit, shared by every step and process: when one step is told to wait (a 429
 * with `rate_limit_reason` naming the workspace), the time it may resume is kept here, so the next step
 * waits too instead of spending its start on more refusals. The key expires with the pause.
 */
export interface NotionPauseStore {
  /** Epoch ms when the pause ends; 0 when there is none. */
  read(): Promise<number>;
  /** Pause until `until` (epoch ms), unless a longer pause is already recorded. */
  extend(until: number): Promise<void>;
}

// Keeps the later of the two ends, atomically: two steps refused at once never shorten each other's pause.
const EXTEND = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
`;

export function notionPauseStore(store: Store, now: () => number = Date.now): NotionPauseStore {
  const key = `${store.keys.prefix}:notion:pause`;
  return {
    async read() {
      const raw = await store.redis.get<string>(key);
      const until = Number(raw ?? 0);
      return Number.isFinite(until) ? until : 0;
    },
    async extend(until) {
      const ttl = Math.ceil(until - now());
      if (ttl <= 0) return;
      await store.redis.eval(EXTEND, [key], [String(Math.ceil(until)), String(ttl)]);
    },
  };
}
