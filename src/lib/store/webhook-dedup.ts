import type { Store } from "./redis";

/**
 * Claim the deduplication window of one webhook subject (a page id, or "workspace"): true for the first
 * event in `seconds`, false for the ones that follow.
 */
export async function claimWebhookWindow(
  store: Store,
  subject: string,
  eventType: string,
  seconds: number,
): Promise<boolean> {
  return (
    (await store.redis.set(store.keys.webhookDedup(subject), eventType, { nx: true, ex: seconds })) === "OK"
  );
}

/** Give the window back: the event could not be acted on, so Notion's retry of it must get through. */
export async function releaseWebhookWindow(store: Store, subject: string): Promise<void> {
  await store.redis.del(store.keys.webhookDedup(subject));
}
