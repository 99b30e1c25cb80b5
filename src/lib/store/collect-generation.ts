import { deleteBundles } from "./bundle-values";
import { bundleKeyOf, generationIndexKeys } from "./generations";
import type { ManifestEntry } from "./manifest";
import {
  manifestHashKeys,
  manifestKeysOf,
  readManifestEntries,
  streamManifestEntries,
} from "./manifest-store";
import type { Store } from "./redis";
import { StageRunner, startPosition, type Stage } from "./stages";

const DELETE_CHUNK = 500;

/**
 * Delete what only an older generation used: the bundles `next` no longer references, then its routes,
 * indexes and manifest. The older manifest is scanned a page at a time from Redis, and each page's ids
 * are looked up in `next`'s (never a whole manifest in memory); the manifest goes last, so a collection
 * cut short by a step's end (or a crash) goes on from where it stopped. When `next` was published in
 * place over a copy of the older one, `only` names the entries it changed: no other can have lost its
 * bundle, so nothing else is read. True when finished.
 */
export async function collectGeneration(
  store: Store,
  previous: { generation: string },
  next: { generation: string },
  run: StageRunner = new StageRunner(startPosition()),
  { only }: { only?: readonly string[] } = {},
): Promise<boolean> {
  if (previous.generation === next.generation) return true;
  const gen = previous.generation;
  const collectPage = async (page: ManifestEntry[]) => {
    const kept = await readManifestEntries(
      store,
      next.generation,
      page.map((e) => e.id),
      { drafts: true },
    );
    const doomed = new Set<string>();
    for (const entry of page) {
      const key = bundleKeyOf(store, entry);
      const still = kept.get(entry.id);
      if (!still || bundleKeyOf(store, still) !== key) doomed.add(key);
    }
    const keys = [...doomed];
    for (let i = 0; i < keys.length; i += DELETE_CHUNK) {
      await deleteBundles(store, keys.slice(i, i + DELETE_CHUNK));
    }
  };
  const hashes = await manifestHashKeys(store, gen);
  const parse = (page: [string, string][]) => page.map(([, json]) => JSON.parse(json) as ManifestEntry);
  const stages: Stage[] = only
    ? [
        // Published in place: only these entries' bundles can differ between the two generations.
        () =>
          run.list(only, DELETE_CHUNK, async (ids) => {
            const entries = await readManifestEntries(store, gen, ids, { drafts: true });
            await collectPage([...entries.values()]);
          }),
      ]
    : hashes
      ? hashes.map((key) => () => run.scan(store, key, (page) => collectPage(parse(page))))
      : [
          // A manifest of an older layout (one value): read whole, as it was written.
          async () => {
            for await (const page of streamManifestEntries(store, gen, { drafts: true }))
              await collectPage(page);
            return true;
          },
        ];
  stages.push(async () => {
    await store.redis.del(...generationIndexKeys(store, gen));
    await store.redis.del(...manifestKeysOf(store, gen));
    return true;
  });
  return run.run(stages);
}
