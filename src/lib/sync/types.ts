import type { ManifestEntry } from "../store/manifest";
import type { StagePosition } from "../store/stages";

/**
 * Entries of the previous generation read whole (public or draft), by id; ids it lacks are absent. The
 * sync holds that generation as planned entries only (no rows or edit times), and reads whole the few
 * it compares or keeps.
 */
export type WholeEntries = (ids: readonly string[]) => Promise<Map<string, ManifestEntry>>;

export type SyncMode = "incremental" | "force" | "page";

export interface SyncParams {
  mode: SyncMode;
  /** Page mode: the page's slug or Notion id. */
  page?: string;
  /**
   * Incremental mode: objects to re-read whatever search says (pages, databases or data sources a
   * webhook named as deleted, moved or restored, and their parents).
   */
  recheck?: string[];
}

export interface SyncCounters {
  pagesDiscovered: number;
  pagesFetched: number;
  pagesUnchanged: number;
  pagesWritten: number;
  pagesDeleted: number;
  pagesFailed: number;
  databases: number;
  apiCalls: number;
  rateLimited: number;
  retries: number;
  kvCommands: number;
  bytesWritten: number;
}

/**
 * Whether a sync walks the whole workspace (the first sync, a forced one, a reconciliation): it walks
 * everything it reaches and publishes what it walked. A change-only or page sync walks a few entries and
 * merges them into the previous generation.
 */
export function walksEverything(state: Pick<SyncState, "plan" | "mode">): boolean {
  return state.plan !== "changes" && state.mode !== "page";
}

export function emptyCounters(): SyncCounters {
  return {
    pagesDiscovered: 0,
    pagesFetched: 0,
    pagesUnchanged: 0,
    pagesWritten: 0,
    pagesDeleted: 0,
    pagesFailed: 0,
    databases: 0,
    apiCalls: 0,
    rateLimited: 0,
    retries: 0,
    kvCommands: 0,
    bytesWritten: 0,
  };
}

export interface SyncIssue {
  id: string;
  title?: string;
  code: string;
  message: string;
}

export type SyncPhase = "list" | "walk" | "publish" | "collect" | "done";

/** Everything a sync needs to continue in a later step. Small: the bulk lives in Redis work keys. */
export interface SyncState {
  version: 1;
  mode: SyncMode;
  /** Page mode: the resolved page id. */
  target?: string;
  /**
   * How the sync finds its work: "changes" walks only what search returned since the watermark (and
   * `recheck`), reusing every other entry of the previous generation; "walk" walks the whole tree from the
   * root (force, first and reconciliation syncs). Absent: "walk" (states saved before plans existed).
   */
  plan?: "changes" | "walk";
  /** An incremental sync that walks everything to find what search cannot show (trash, moves, unshares). */
  reconcile?: true;
  /** Ids to re-read on this sync (from webhooks). */
  recheck?: string[];
  generation: string;
  /** When the sync started (Notion's clock): the next incremental sync's watermark. */
  startedAt: string;
  previousGeneration: string | null;
  phase: SyncPhase;
  searchCursor: string | null;
  /** Walk position: items before it are done. */
  queueCursor: number;
  /** Items queued so far (grows as the walk discovers pages): progress is queueCursor / queueLength. */
  queueLength: number;
  counters: SyncCounters;
  errors: SyncIssue[];
  /** How far the publish got (it is written in stages bounded by each step's deadline). */
  publishAt?: StagePosition;
  /** The publish writes the changed entries over a copy of the live generation (publish-in-place.ts). */
  publishInPlace?: boolean;
  /** How far collecting the previous generation got. */
  collectAt?: StagePosition;
  /** The listing's failing call whose retries step budgets kept cutting short, and its failed attempts. */
  listCutShort?: { call: string; failures: number };
  /** Steps in a row whose budget was spent before the listing or walk could start (engine.ts). */
  starvedSteps?: number;
}

/** A unit of walk work: a page (or database row) or a database, reached from `parent`. */
export interface WalkItem {
  id: string;
  kind: "page" | "database";
  parent: string | null;
  /** The parent changed: re-read what an unchanged entry would reuse (a database's data sources). */
  refresh?: true;
  /** Re-read from Notion whatever the listing said (a webhook named it): deleted, moved or restored. */
  recheck?: true;
  title?: string;
}
