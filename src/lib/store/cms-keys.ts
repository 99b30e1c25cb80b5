import type { Store } from "./redis";

/**
 * Keys of the publishing rules and stable URLs (documented in docs/kv-layout.md beside the others in
 * keys.ts), under the same prefix.
 */
export function cmsKeys(store: Store) {
  const k = (...parts: string[]) => [store.keys.prefix, ...parts].join(":");
  return {
    /**
     * Drafts' private key space: only an owner's draft-mode preview reads it. Per generation like the
     * public keys: the draft entries, their routes (slug → bundle key) and their bundles.
     */
    privateManifest: (gen: string) => k("private", "manifest", gen),
    privateRoutes: (gen: string) => k("private", "routes", gen),
    privateRoutesPrefix: k("private", "routes", ""),
    privateBundle: (id: string, gen: string) => k("private", "bundle", id, gen),
    /** Every slug a page ever had → its id, across syncs and force syncs (never collected). */
    slugHistory: k("slug-history"),
    /** Per generation: an old slug → "current slug\tid" of a public page, computed at publish. */
    redirects: (gen: string) => k("redirects", gen),
    redirectsPrefix: k("redirects", ""),
  };
}
