import type { FileField, FreshFileUrl } from "../notion/file-url";
import type { Store } from "./redis";

/** A cached URL is handed out only while it stays valid for at least this long. */
export const FILE_URL_MARGIN_MS = 5 * 60_000;

/** The cached fresh URL of a file, or null when there is none that stays valid long enough. */
export async function readCachedFileUrl(
  store: Store,
  ownerId: string,
  field: FileField,
  now = Date.now(),
): Promise<FreshFileUrl | null> {
  const raw = await store.redis.get<string>(store.keys.fileUrl(ownerId, field));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as FreshFileUrl;
    return Date.parse(value.expiresAt) - now >= FILE_URL_MARGIN_MS ? value : null;
  } catch {
    return null;
  }
}

/**
 * Cache a URL until 5 minutes before it expires, so a redirect never hands out a URL about to die.
 * Returns false (and caches nothing) when it is already that close to expiry.
 */
export async function cacheFileUrl(
  store: Store,
  ownerId: string,
  field: FileField,
  value: FreshFileUrl,
  now = Date.now(),
): Promise<boolean> {
  const ttlSeconds = Math.floor((Date.parse(value.expiresAt) - now - FILE_URL_MARGIN_MS) / 1000);
  if (!(ttlSeconds > 0)) return false;
  const json = JSON.stringify({ url: value.url, expiresAt: value.expiresAt });
  await store.redis.set(store.keys.fileUrl(ownerId, field), json, { ex: ttlSeconds });
  return true;
}
