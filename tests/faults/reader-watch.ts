/**
 * A reader polling the cache the way the site does (manifest, then routes by slug) while a faulty sync
 * runs. Every generation it sees must be one whole site from `allowed` (the site before the sync, the
 * site after it): a route missing from the live generation, or content matching no allowed site, is a
 * half-written generation and is recorded as a violation.
 */
import { isDeepStrictEqual } from "node:util";
import type { Store } from "@/lib/store/redis";
import { readManifest, readRoute } from "@/lib/store/site-reader";

export interface ReaderReport {
  /** Route reads that landed in the generation of the manifest read just before. */
  reads: number;
  generations: string[];
  /** Reads that failed (the cache itself was down): not violations. */
  unavailable: number;
  violations: string[];
}

export interface ReaderWatch {
  stop(): Promise<ReaderReport>;
}

/** The form `normalizedSite` compares: no times, no signed URLs. */
export function normalizeBundle(bundle: unknown): unknown {
  return JSON.parse(
    JSON.stringify(bundle, (key, value: unknown) =>
      key === "syncedAt" || key === "url" || key === "expiresAt" ? undefined : value,
    ),
  );
}

/** `allowed`: whole sites keyed like `normalizedSite` (slug, "/" for the home page). */
export function watchReaders(store: Store, allowed: Record<string, unknown>[]): ReaderWatch {
  const report: ReaderReport = { reads: 0, generations: [], unavailable: 0, violations: [] };
  // Per generation: the allowed sites it is still consistent with.
  const candidates = new Map<string, number[]>();
  let stopped = false;
  let cursor = 0;

  const narrow = (gen: string, keep: (site: Record<string, unknown>) => boolean, what: string) => {
    const before = candidates.get(gen) ?? allowed.map((_, i) => i);
    const after = before.filter((i) => keep(allowed[i]!));
    candidates.set(gen, after);
    if (after.length === 0 && before.length > 0) report.violations.push(`generation ${gen}: ${what}`);
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const manifest = await readManifest(store);
        if (!manifest) {
          if (report.generations.length > 0) report.violations.push("the published site disappeared");
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        const gen = manifest.generation;
        if (!candidates.has(gen)) report.generations.push(gen);
        const slugs = Object.values(manifest.entries).map((e) => e.slug || "/");
        narrow(
          gen,
          (site) => isDeepStrictEqual(Object.keys(site).sort(), [...slugs].sort()),
          "its pages match no allowed site",
        );
        for (let i = 0; i < 4 && !stopped; i++) {
          const key = slugs[cursor++ % slugs.length]!;
          const read = await readRoute(store, key === "/" ? "" : key);
          if (read.state === "empty") {
            report.violations.push("the published site disappeared");
            break;
          }
          if (read.generation !== gen) break; // flipped between the two reads: read the new manifest
          report.reads++;
          if (read.state === "missing") {
            report.violations.push(`generation ${gen}: /${key} is in its manifest but has no bundle`);
            continue;
          }
          const bundle = normalizeBundle(read.bundle);
          narrow(gen, (site) => isDeepStrictEqual(site[key], bundle), `/${key} matches no allowed site`);
        }
      } catch {
        report.unavailable++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      return report;
    },
  };
}
