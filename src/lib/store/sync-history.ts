import { hgetallRaw, type Store } from "./redis";

/**
 * When the last full walk of the workspace ran, and how many change-only syncs published since (one small
 * hash, `<prefix>:sync:reconcile`). Incremental syncs read it to decide whether this one reconciles.
 */
export interface ReconcileRecord {
  /** Notion time the last full walk started (a force, first or reconciliation sync); null: never. */
  at: string | null;
  /** Change-only syncs that ran since. */
  syncs: number;
}

function key(store: Store): string {
  return `${store.keys.prefix}:sync:reconcile`;
}

export async function readReconcileRecord(store: Store): Promise<ReconcileRecord> {
  const raw = await hgetallRaw(store, key(store));
  return { at: raw.at ?? null, syncs: Number(raw.syncs ?? 0) || 0 };
}

/** A sync ended: a full walk resets the count, a change-only sync adds one. */
export async function recordSyncRun(store: Store, fullWalk: boolean, startedAt: string): Promise<void> {
  if (fullWalk) await store.redis.hset(key(store), { at: startedAt, syncs: "0" });
  else await store.redis.hincrby(key(store), "syncs", 1);
}
