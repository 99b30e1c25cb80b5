import type { Bundle } from "../bundle-types";
import { readBundleValues } from "./bundle-values";
import { cmsKeys } from "./cms-keys";
import { bundleKeyOf, readManifestOf, writeBundle } from "./generations";
import type { ManifestEntry, PlannedEntry } from "./manifest";
import type { Store } from "./redis";
import { READ_ROUTE, type RouteRead } from "./site-reader";

/**
 * Move an entry's bundle between the public and the private key space (a scheduled row going public, a
 * page becoming a draft without an edit): it is written under `generation` like a freshly fetched one,
 * so it is published (or expires) with that generation. Returns the bytes written, or null when the
 * old bundle is gone (the caller then leaves the entry as it was).
 */
export async function moveBundle(
  store: Store,
  entry: PlannedEntry,
  toPrivate: boolean,
  generation: string,
): Promise<number | null> {
  const [value] = await readBundleValues(store, [bundleKeyOf(store, entry)]);
  if (!value) return null;
  const bytes = await writeBundle(store, JSON.parse(value) as Bundle, generation, { private: toPrivate });
  movedBundle(entry, toPrivate, generation);
  return bytes;
}

/** Record on an entry that its bundle was moved (by this step, or by an earlier step of the same sync). */
export function movedBundle(entry: PlannedEntry, toPrivate: boolean, generation: string): void {
  entry.bundleGen = generation;
  if (toPrivate) entry.privateBundle = true;
  else delete entry.privateBundle;
}

/** A draft of the published generation by slug. Only for an owner's draft-mode preview. */
export async function readDraftRoute(store: Store, slug: string): Promise<RouteRead> {
  const [generation, value] = await store.redis.eval<string[], string[]>(
    // The public route read's script, on the private routes of the published generation.
    READ_ROUTE,
    [store.keys.current],
    [cmsKeys(store).privateRoutesPrefix, slug],
  );
  if (generation === undefined) return { state: "empty" };
  if (value === undefined) return { state: "missing", generation };
  return { state: "found", generation, bundle: JSON.parse(value) as Bundle };
}

export interface DraftListing {
  id: string;
  slug: string;
  title: string;
  reason: NonNullable<ManifestEntry["draft"]>["reason"];
  publishAt?: string;
}

/** The drafts of the published generation (dashboard: scheduled rows and previews). */
export async function readDrafts(store: Store): Promise<DraftListing[]> {
  const generation = await store.redis.get<string>(store.keys.current);
  if (!generation) return [];
  // Through the generation reader, whatever layout the private manifest is stored in.
  const entries = (await readManifestOf(store, generation))?.drafts ?? {};
  return Object.values(entries)
    .map((e) => ({
      id: e.id,
      slug: e.slug,
      title: e.title,
      reason: e.draft?.reason ?? "unpublished",
      ...(e.draft?.publishAt ? { publishAt: e.draft.publishAt } : {}),
    }))
    .sort((a, b) => (a.publishAt ?? "~").localeCompare(b.publishAt ?? "~") || a.title.localeCompare(b.title));
}
