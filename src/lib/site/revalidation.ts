import { revalidateTag } from "next/cache";
import { readGenerationRecord, writeGenerationRecord } from "./generation-record";
import { siteBaseUrl } from "./site-url";

const MAX_PENDING = 5_000;

/**
 * Invalidate cached site reads after a publish: in a route handler (the worker, the legacy sync, the
 * revalidation route). `expire: 0` makes the next request wait for fresh content instead of being
 * served the old page once more. The tags are remembered until the next startup, which repeats them
 * (see generation-record.ts).
 */
export function revalidateSiteTags(tags: readonly string[], generation: string | null): void {
  for (const tag of new Set(tags)) revalidateTag(tag, { expire: 0 });
  const record = readGenerationRecord();
  const pending = [...new Set([...(record?.pending ?? []), ...tags])];
  writeGenerationRecord({
    generation,
    appUrl: siteBaseUrl(),
    // Past this many, the next startup invalidates everything anyway.
    pending: pending.length > MAX_PENDING ? ["site"] : pending,
  });
}
