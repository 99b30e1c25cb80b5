import { revalidateTag } from "next/cache";
import { readGenerationRecord, writeGenerationRecord } from "./generation-record";
import { siteBaseUrl } from "./site-url";
import { expireTags } from "./tag-expiry";

const MAX_PENDING = 5_000;

/**
 * Invalidate cached site reads after a publish: in a route handler (the worker, the legacy sync, the
 * revalidation route). `expire: 0` makes the next request wait for fresh content instead of being
 * served the old page once more. The tags are remembered until the next startup, which repeats them
 * (see generation-record.ts).
 *
 * A route handler's `revalidateTag` is applied only after its response is sent, so this process's tags
 * are expired at once as well: by the time the step records the job as completed, every request sees
 * the new content. `revalidateTag` still runs for the cache handlers beyond this process (Vercel's).
 */
export function revalidateSiteTags(tags: readonly string[], generation: string | null): void {
  const unique = [...new Set(tags)];
  expireTags(unique);
  for (const tag of unique) revalidateTag(tag, { expire: 0 });
  const record = readGenerationRecord();
  const pending = [...new Set([...(record?.pending ?? []), ...tags])];
  writeGenerationRecord({
    generation,
    appUrl: siteBaseUrl(),
    // Past this many, the next startup invalidates everything anyway.
    pending: pending.length > MAX_PENDING ? ["site"] : pending,
  });
}
