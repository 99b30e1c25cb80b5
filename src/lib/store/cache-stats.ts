import { partKey, partsOf } from "./bundle-values";
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
    const slice = keys.slice(i, i + CHUNK);
    const pipeline = store.redis.pipeline();
    for (const key of slice) pipeline.strlen(key).getrange(key, 0, 31);
    const replies = await pipeline.exec<(number | string)[]>();
    // A bundle stored in parts (bundle-values.ts) counts the bytes of its parts, not of its head.
    const parts = store.redis.pipeline();
    let partCount = 0;
    slice.forEach((key, j) => {
      const n = partsOf(String(replies[2 * j + 1] ?? ""));
      if (n === 0) bytes += Number(replies[2 * j]) || 0;
      for (let p = 1; p <= n; p++, partCount++) parts.strlen(partKey(key, p));
    });
    if (partCount > 0) for (const n of await parts.exec<number[]>()) bytes += Number(n) || 0;
  }
  return { bytes, bundles: keys.length };
}
