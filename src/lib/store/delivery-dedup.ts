import type { Store } from "./redis";

/**
 * A message's deliveries are remembered this long: QStash's default retries (3, backing off e^(2.5·n) s)
 * end within an hour; a day also covers a schedule given more.
 */
export const DELIVERY_TTL_SECONDS = 24 * 3600;

/** Marks a delivery taken whose job is not recorded yet (its first attempt is still starting it). */
const STARTING = "";

/**
 * Take a QStash message for a trigger: `taken` for its first delivery; for a later one (a retry of a
 * delivery that failed or timed out, or a rare second delivery) the job the first one started, or a null
 * `jobId` while that first delivery has not finished starting it.
 */
export async function takeDelivery(
  store: Store,
  messageId: string,
): Promise<{ taken: true } | { taken: false; jobId: string | null }> {
  const key = store.keys.delivery(messageId);
  if ((await store.redis.set(key, STARTING, { nx: true, ex: DELIVERY_TTL_SECONDS })) === "OK") {
    return { taken: true };
  }
  const jobId = await store.redis.get<string>(key);
  return { taken: false, jobId: jobId ? String(jobId) : null };
}

/** The job a taken delivery started: later deliveries of the message answer with it. */
export async function recordDelivery(store: Store, messageId: string, jobId: string): Promise<void> {
  await store.redis.set(store.keys.delivery(messageId), jobId, { ex: DELIVERY_TTL_SECONDS });
}

/** Give a delivery back: nothing was started, so QStash's retry of the message must get through. */
export async function releaseDelivery(store: Store, messageId: string): Promise<void> {
  await store.redis.del(store.keys.delivery(messageId));
}
