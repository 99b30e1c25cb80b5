import type { Store } from "./redis";

/** The published generation's id (the job that produced it), or null before the first publish. */
export async function readCurrentGeneration(store: Store): Promise<string | null> {
  return store.redis.get<string>(store.keys.current);
}
