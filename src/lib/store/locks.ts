import type { Store } from "./redis";

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** A lock with a TTL: a holder that dies loses it when the TTL runs out. Only the holder's token frees it. */
export async function acquireLock(
  store: Store,
  name: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  const result = await store.redis.set(store.keys.lock(name), token, { nx: true, px: ttlMs });
  return result === "OK";
}

export async function renewLock(store: Store, name: string, token: string, ttlMs: number): Promise<boolean> {
  return Number(await store.redis.eval(RENEW, [store.keys.lock(name)], [token, String(ttlMs)])) === 1;
}

export async function releaseLock(store: Store, name: string, token: string): Promise<void> {
  await store.redis.eval(RELEASE, [store.keys.lock(name)], [token]);
}

/** Milliseconds until the lock frees itself (0 if free). */
export async function lockTtlMs(store: Store, name: string): Promise<number> {
  return Math.max(0, await store.redis.pttl(store.keys.lock(name)));
}
