import type { Manifest } from "./manifest";
import { bundleKeyOf } from "./generations";
import type { Store } from "./redis";

const CHUNK = 500;

/**
 * Bytes of the published bundles (STRLEN of each bundle the manifest points at), so the figure is the
 * site's content only: not job records, work keys or Redis overhead (that would be DBSIZE / MEMORY).
 */
export async function publishedBundleBytes(
  store: Store,
  manifest: Manifest,
): Promise<{ bytes: number; bundles: number }> {
  const keys = Object.values(manifest.entries).map((e) => bundleKeyOf(store, e));
  let bytes = 0;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const pipeline = store.redis.pipeline();
    for (const key of keys.slice(i, i + CHUNK)) pipeline.strlen(key);
    const lengths = await pipeline.exec<number[]>();
    for (const n of lengths) bytes += Number(n) || 0;
  }
  return { bytes, bundles: keys.length };
}
