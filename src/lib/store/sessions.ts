import type { Store } from "./redis";

/**
 * The admin session version. Every session token carries the version it was made under; signing out
 * bumps it, so every token made before (a copied cookie included) stops working at once. A missing key
 * is version 0.
 */
export async function readSessionVersion(store: Store): Promise<number> {
  const raw = await store.redis.get<string | number>(store.keys.sessionVersion);
  const version = Number(raw ?? 0);
  return Number.isSafeInteger(version) && version >= 0 ? version : 0;
}

/** Revoke every session made so far; returns the new version. */
export async function bumpSessionVersion(store: Store): Promise<number> {
  return Number(await store.redis.incr(store.keys.sessionVersion));
}
