import { publishedTagsOf, type ScannedGeneration } from "../site/cache-tags";
import type { PlannedManifest } from "../store/manifest";

/**
 * Called after a step publishes a generation, with the site cache tags it changed (cache-tags.ts). The
 * app's runtime invalidates them in-process; the CLI's `--local` asks the running app to. The sync never
 * imports Next: it only computes the tags.
 */
export type OnPublished = (tags: string[], generation: string) => Promise<void> | void;

/**
 * Tell the hook what a publish changed. A failing hook (or a failed read of the generation before) never
 * fails the sync: the publish stands.
 */
export async function announcePublish(
  hook: OnPublished | undefined,
  previous: PlannedManifest | ScannedGeneration | null,
  published: PlannedManifest,
  log: Pick<Console, "warn"> = console,
): Promise<void> {
  if (!hook) return;
  try {
    await hook(await publishedTagsOf(previous, published), published.generation);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log.warn(`[sync] published ${published.generation}, but the site cache was not invalidated: ${detail}`);
  }
}
