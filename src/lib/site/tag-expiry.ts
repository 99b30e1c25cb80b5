import { tagsManifest } from "next/dist/server/lib/incremental-cache/tags-manifest.external";
import { pathOf } from "./site-paths";

/**
 * Mark tags invalid the way `revalidateTag(tag, { expire: 0 })` does, where that function cannot run
 * (it needs a request: at startup, or inside a cached read). This writes the process's tag manifest,
 * which Next's page cache and its "use cache" handler both consult; entries older than now are
 * re-rendered on their next request.
 */
export function expireTags(tags: readonly string[], now = Date.now()): void {
  for (const tag of tags) tagsManifest.set(tag, { ...tagsManifest.get(tag), stale: now, expired: now });
}

/** The implicit tag Next gives the cached page of a URL path (what `revalidatePath` invalidates). */
export function pathTag(slug: string): string {
  return `_N_T_${pathOf(slug)}`;
}
