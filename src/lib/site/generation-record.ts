import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What the app's page cache was rendered from, kept beside it in the build folder (`next start` keeps
 * rendered pages on disk, but tag invalidations only in memory). On startup the app compares it with the
 * published generation: a publish made while the app was down, or invalidations that a restart forgot,
 * must not leave pages stale.
 */
export interface GenerationRecord {
  /** The published generation the cache was last brought up to date with. */
  generation: string | null;
  /** The public URL the cached pages were rendered with (their absolute links). */
  appUrl: string;
  /** Tags invalidated since the last startup: a restart forgets them, so the next startup repeats them. */
  pending: string[];
}

export function recordPath(env: Record<string, string | undefined> = process.env): string {
  return join(process.cwd(), env.NEXT_DIST_DIR ?? ".next", "cache", "notion-sync", "generation.json");
}

export function readGenerationRecord(path = recordPath()): GenerationRecord | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<GenerationRecord>;
    if (typeof value.appUrl !== "string" || !Array.isArray(value.pending)) return null;
    return { generation: value.generation ?? null, appUrl: value.appUrl, pending: value.pending };
  } catch {
    return null;
  }
}

/** Best effort: a read-only file system (a serverless function) keeps no record, and needs none. */
export function writeGenerationRecord(record: GenerationRecord, path = recordPath()): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, path);
    return true;
  } catch {
    return false;
  }
}
