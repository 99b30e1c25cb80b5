import { isConfigError, kvConfig } from "../config";
import { createStore } from "../store/redis";
import { readCurrentGeneration } from "../store/current-generation";
import { SITE_TAG } from "./cache-tags";
import { readGenerationRecord, writeGenerationRecord } from "./generation-record";
import { siteBaseUrl } from "./site-url";
import { expireTags } from "./tag-expiry";

const RETRY_MS = 30_000;

/** What to invalidate at startup, from the record and the published generation; [] when all is current. */
export function tagsToExpireAtStartup(
  record: ReturnType<typeof readGenerationRecord>,
  generation: string | null,
  appUrl: string,
): string[] {
  if (!record || record.generation !== generation || record.appUrl !== appUrl) return [SITE_TAG];
  return record.pending;
}

/**
 * Compare the published generation with the one the cache was rendered from, and invalidate what may be
 * stale. With Redis unreachable, cached pages keep being served and the check runs again later.
 */
export async function checkCacheGeneration(log: Pick<Console, "info" | "warn"> = console): Promise<void> {
  const appUrl = siteBaseUrl();
  let generation: string | null;
  try {
    generation = await readCurrentGeneration(createStore({ ...kvConfig(), retries: 0 }));
  } catch (error) {
    if (isConfigError(error)) return; // no cache configured: nothing was published, nothing to compare
    const detail = error instanceof Error ? error.message : String(error);
    log.warn(`[site] could not read the published generation (${detail}); checking again in 30 s`);
    setTimeout(() => void checkCacheGeneration(log), RETRY_MS).unref();
    return;
  }
  const tags = tagsToExpireAtStartup(readGenerationRecord(), generation, appUrl);
  if (tags.length > 0) {
    expireTags(tags);
    log.info(`[site] cache refreshed at startup: generation ${generation ?? "none"}, ${tags.length} tag(s)`);
  }
  writeGenerationRecord({ generation, appUrl, pending: [] });
}
